// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of the meta-estimators (format/SPEC.md §7): ThresholdClassifier.
// Compiled into the format library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

Status ValidateThresholdClassifier(const ThresholdClassifier& k,
                                   const std::string& ctx, uint64_t n_in,
                                   uint64_t depth, Role role, const Out& out,
                                   uint64_t* width_out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  if (role == Role::kStep) {
    return Status(ErrorCode::kPipelineShape, ctx,
                  "ThresholdClassifier is not a transformer and must be the "
                  "last step");
  }
  if (out.task != Task::kClassification) {
    return TaskMismatch(ctx, "ThresholdClassifier", out);
  }
  const std::string estimator_ctx = JoinContext(ctx, "estimator");
  if (k.estimator.size() != 1) {
    return Status(
        ErrorCode::kThresholdEstimator, estimator_ctx,
        std::to_string(k.estimator.size()) + " estimators, expected exactly 1");
  }
  if (out.n_outputs != 1 || out.n_classes[0] != 2) {
    return Status(ErrorCode::kThresholdEstimator, "output",
                  "a ThresholdClassifier needs one output of two classes; " +
                      std::to_string(out.n_outputs) + " outputs, " +
                      std::to_string(out.n_classes[0]) +
                      " classes in the first");
  }
  const std::string entry_ctx = IndexContext(estimator_ctx, 0);
  if (IsTransformer(k.estimator[0])) {
    return Status(ErrorCode::kThresholdEstimator, entry_ctx,
                  std::string(k.estimator[0].kind_name()) +
                      " is a transformer, not a classifier");
  }
  uint64_t width = 0;
  MODELSEAL_RETURN_IF_ERROR(ValidateEstimator(
      k.estimator[0], entry_ctx, n_in, depth + 1, Role::kFinal, out, &width));
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(k.response, JoinContext(ctx, "response"), "ThresholdResponse"));
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(k.source, JoinContext(ctx, "source"), "ThresholdSource"));
  if (k.source == ThresholdSource::kValue && std::isnan(k.threshold)) {
    return Status(ErrorCode::kThresholdValue, JoinContext(ctx, "threshold"),
                  "NaN (no score is >= it)");
  }
  if (k.positive > 1) {
    return Status(ErrorCode::kThresholdPositive, JoinContext(ctx, "positive"),
                  std::to_string(k.positive) + " is not a class index of 2");
  }
  *width_out = 0;
  return Status::Ok();
}

}  // namespace modelseal::format_internal
