// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of the distribution transformers (format/SPEC.md §7):
// QuantileTransformer. Compiled into the format library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

// ---- QuantileTransformer ----

Status ValidateQuantileTransformer(const QuantileTransformer& k,
                                   const std::string& ctx, uint64_t n_in,
                                   uint64_t* width_out) {
  if (!IsKnown(k.output)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "output"),
        "QuantileOutput " + std::to_string(static_cast<uint8_t>(k.output)));
  }
  const std::string q_ctx = JoinContext(ctx, "quantiles");
  const std::string r_ctx = JoinContext(ctx, "references");
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(k.quantiles, q_ctx, DType::kFloat64, {kAny, kAny}, true));
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(k.references, r_ctx, DType::kFloat64, {kAny}, true));
  const uint64_t rows = k.quantiles.shape()[0];
  const uint64_t cols = k.quantiles.shape()[1];
  if (rows < 1 || cols != n_in) {
    return Status(ErrorCode::kQuantileShape, q_ctx,
                  "shape " + ShapeString(k.quantiles.shape()) + " for " +
                      std::to_string(n_in) +
                      " input features, expected [n_quantiles >= 1, " +
                      std::to_string(n_in) + "]");
  }
  if (k.references.shape()[0] != rows) {
    return Status(ErrorCode::kQuantileShape, r_ctx,
                  std::to_string(k.references.shape()[0]) + " references for " +
                      std::to_string(rows) + " quantiles");
  }
  // np.interp needs each feature's quantiles sorted (scikit-learn's fit
  // makes them so with np.maximum.accumulate); fit refuses infinity.
  auto q = k.quantiles.span<double>();
  for (uint64_t j = 0; j < cols; ++j) {
    for (uint64_t i = 0; i < rows; ++i) {
      const double v = q[i * cols + j];
      if (!std::isfinite(v) || (i > 0 && v < q[(i - 1) * cols + j])) {
        return Status(
            ErrorCode::kQuantileOrder, IndexContext(q_ctx, i * cols + j),
            "feature " + std::to_string(j) + ": quantile " + std::to_string(v) +
                (std::isfinite(v) ? " below the one before" : " not finite"));
      }
    }
  }
  // references_ is np.linspace(0, 1, n_quantiles).
  auto r = k.references.span<double>();
  for (uint64_t i = 0; i < rows; ++i) {
    if (!(r[i] >= 0.0 && r[i] <= 1.0) || (i > 0 && r[i] < r[i - 1])) {
      return Status(ErrorCode::kQuantileReferences, IndexContext(r_ctx, i),
                    "reference " + std::to_string(r[i]) +
                        " outside [0, 1] or below the one before");
    }
  }
  *width_out = n_in;
  return Status::Ok();
}

// ---- end QuantileTransformer ----

}  // namespace modelseal::format_internal
