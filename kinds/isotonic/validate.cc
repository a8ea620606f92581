// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of Isotonic (format/SPEC.md §7); compiled into the format
// library.
#include <cstdint>
#include <string>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

Status ValidateIsotonic(const Isotonic& k, const std::string& ctx,
                        uint64_t n_in, const Out& out) {
  const std::string xctx = JoinContext(ctx, "x_thresholds");
  const std::string yctx = JoinContext(ctx, "y_thresholds");
  if (out.task != Task::kRegression) {
    return TaskMismatch(xctx, "Isotonic", out);
  }
  if (out.n_outputs != 1) {
    return Status(ErrorCode::kOutputCount, "output.n_outputs",
                  "an isotonic regression has 1 output, not " +
                      std::to_string(out.n_outputs));
  }
  if (!IsKnown(k.out_of_bounds)) {
    return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, "out_of_bounds"),
                  "IsotonicBounds " +
                      std::to_string(static_cast<uint8_t>(k.out_of_bounds)));
  }
  if (!IsKnown(k.direction)) {
    return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, "direction"),
                  "IsotonicDirection " +
                      std::to_string(static_cast<uint8_t>(k.direction)));
  }
  if (n_in != 1) {
    return Status(ErrorCode::kIsotonicShape, xctx,
                  "an isotonic regression reads one input column, not " +
                      std::to_string(n_in));
  }
  const Tensor& x = k.x_thresholds;
  const bool x_ok = x.present() && x.dtype() == DType::kFloat64 &&
                    x.rank() == 1 && x.shape()[0] >= 1;
  if (!x_ok) {
    return Status(ErrorCode::kIsotonicShape, xctx,
                  (x.present() ? std::string(DTypeName(x.dtype())) + " " +
                                     ShapeString(x.shape())
                               : std::string("absent")) +
                      ", expected f64 [k] with k >= 1");
  }
  const uint64_t n = x.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
      k.y_thresholds, yctx, DType::kFloat64, {n}, ErrorCode::kIsotonicShape,
      "(one value per x threshold)"));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(x, xctx, DType::kFloat64, {n}, true));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(x, xctx));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(k.y_thresholds, yctx));
  MODELSEAL_RETURN_IF_ERROR(CheckStrictlyIncreasing(
      x.span<double>(), ErrorCode::kIsotonicOrder, xctx));
  const auto y = k.y_thresholds.span<double>();
  const bool up = k.direction == IsotonicDirection::kIncreasing;
  for (size_t i = 1; i < y.size(); ++i) {
    if (up ? y[i] < y[i - 1] : y[i] > y[i - 1]) {
      return Status(ErrorCode::kIsotonicOrder, IndexContext(yctx, i),
                    std::to_string(y[i]) + " after " +
                        std::to_string(y[i - 1]) + " (direction " +
                        EnumName(k.direction) + ")");
    }
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal
