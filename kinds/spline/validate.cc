// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of the spline transformers (format/SPEC.md §7):
// SplineTransformer. Compiled into the format library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

// ---- SplineTransformer ----

Status ValidateSplineTransformer(const SplineTransformer& k,
                                 const std::string& ctx, uint64_t n_in,
                                 uint64_t* width_out) {
  if (!IsKnown(k.extrapolation)) {
    return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, "extrapolation"),
                  "SplineExtrapolation " +
                      std::to_string(static_cast<uint8_t>(k.extrapolation)));
  }
  if (!IsKnown(k.missing)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "missing"),
        "SplineMissing " + std::to_string(static_cast<uint8_t>(k.missing)));
  }
  if (!IsKnown(k.derivative)) {
    return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, "derivative"),
                  "SplineDerivative " +
                      std::to_string(static_cast<uint8_t>(k.derivative)));
  }
  const std::string t_ctx = JoinContext(ctx, "knots");
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(k.knots, t_ctx, DType::kFloat64, {kAny, kAny}, true));
  const uint64_t n = k.knots.shape()[0], m = k.knots.shape()[1];
  const uint64_t deg = k.degree;
  const bool periodic = k.extrapolation == SplineExtrapolation::kPeriodic;
  // m = n_knots + 2 degree with n_knots >= 2; periodic splines need
  // n_knots > degree.
  if (n != n_in || deg > limits::kMaxSplineDegree || m < 2 * deg + 2 ||
      (periodic && m - 2 * deg <= deg)) {
    return Status(ErrorCode::kSplineShape, t_ctx,
                  "shape " + ShapeString(k.knots.shape()) + " with degree " +
                      std::to_string(deg) + " for " + std::to_string(n_in) +
                      " input features, expected [n, m] with m >= 2 degree "
                      "+ 2" +
                      (periodic ? " and m > 3 degree" : "") + ", degree <= " +
                      std::to_string(limits::kMaxSplineDegree));
  }
  if (k.include_bias > 1) {
    return Status(ErrorCode::kSplineIncludeBias,
                  JoinContext(ctx, "include_bias"),
                  std::to_string(k.include_bias) + ", expected 0 or 1");
  }
  const uint64_t ns = periodic ? m - 2 * deg - 1 : m - deg - 1;
  const uint64_t per = ns - (k.include_bias == 0 ? 1 : 0);
  if (per == 0 || per > limits::kMaxFeatures / n) {
    return Status(ErrorCode::kSplineShape, t_ctx,
                  std::to_string(per) + " output columns per feature for " +
                      std::to_string(n) + " features, expected 1 to " +
                      std::to_string(limits::kMaxFeatures) + " in all");
  }
  auto t = k.knots.span<double>();
  for (uint64_t i = 0; i < n; ++i) {
    for (uint64_t j = 0; j < m; ++j) {
      const double v = t[i * m + j];
      if (!std::isfinite(v) || (j > 0 && v < t[i * m + j - 1])) {
        return Status(
            ErrorCode::kSplineKnots, IndexContext(t_ctx, i * m + j),
            "feature " + std::to_string(i) + ": knot " + std::to_string(v) +
                (std::isfinite(v) ? " below the one before" : " not finite"));
      }
    }
  }
  const std::string b_ctx = JoinContext(ctx, "bound");
  if (k.extrapolation != SplineExtrapolation::kLinear) {
    if (!k.bound.empty()) {
      return Status(ErrorCode::kSplineBound, b_ctx,
                    std::to_string(k.bound.size()) +
                        " entries, expected none (extrapolation not linear)");
    }
  } else {
    if (k.bound.size() != n) {
      return Status(ErrorCode::kSplineBound, b_ctx,
                    std::to_string(k.bound.size()) + " entries for " +
                        std::to_string(n) + " features");
    }
    for (uint64_t i = 0; i < n; ++i) {
      const uint64_t b = k.bound[i];
      const uint64_t count = b + (b <= 1 ? 1 : 0);
      if (b < deg || b > m - 1 - deg || count > ns) {
        return Status(ErrorCode::kSplineBound, IndexContext(b_ctx, i),
                      std::to_string(b) + ", expected " + std::to_string(deg) +
                          " to " + std::to_string(m - 1 - deg) +
                          " with b + (b <= 1) <= " + std::to_string(ns));
      }
    }
  }
  *width_out = n * per;
  return Status::Ok();
}

// ---- end SplineTransformer ----

}  // namespace modelseal::format_internal
