// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of LinearModel (format/SPEC.md §8.2); compiled into the format
// library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

Status ValidateLinearModel(const LinearModel& l, const std::string& ctx,
                           uint64_t n_in, const Out& out) {
  if (!IsKnown(l.output)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "output"),
        "LinearOutput " + std::to_string(static_cast<uint8_t>(l.output)));
  }
  const bool regression =
      l.output == LinearOutput::kRegression || l.output == LinearOutput::kExp;
  if (out.task == Task::kTransform ||
      regression != (out.task == Task::kRegression)) {
    return TaskMismatch(JoinContext(ctx, "output"), "LinearModel", out);
  }
  const double p = l.deviance_power;
  if (!std::isnan(p) &&
      (!regression || !std::isfinite(p) || (p > 0 && p < 1))) {
    return Status(ErrorCode::kLinearDeviancePower,
                  JoinContext(ctx, "deviance_power"),
                  !regression ? "set on a classifier"
                              : std::to_string(p) +
                                    " is not a Tweedie power (finite, <= 0 "
                                    "or >= 1)");
  }
  uint64_t k;
  if (regression) {
    k = out.n_outputs;
  } else {
    if (out.n_outputs != 1) {
      return Status(ErrorCode::kOutputCount, "output.n_outputs",
                    "a linear classifier has 1 output, not " +
                        std::to_string(out.n_outputs));
    }
    if (out.n_classes[0] < 2) {
      return Status(ErrorCode::kSingleClass, "output.classes[0]",
                    "a linear classifier needs at least 2 classes");
    }
    k = out.n_classes[0] == 2 ? 1 : out.n_classes[0];
  }
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(l.coef, JoinContext(ctx, "coef"),
                                         DType::kFloat64, {k, kAny}, true));
  if (l.coef.shape()[1] != n_in) {
    return Status(ErrorCode::kEstimatorFeatures, JoinContext(ctx, "coef"),
                  std::to_string(l.coef.shape()[1]) + " columns for " +
                      std::to_string(n_in) + " input features");
  }
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(
      l.intercept, JoinContext(ctx, "intercept"), DType::kFloat64, {k}, true));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(l.coef, JoinContext(ctx, "coef")));
  return CheckAllFinite(l.intercept, JoinContext(ctx, "intercept"));
}

}  // namespace modelseal::format_internal
