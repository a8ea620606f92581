// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of the distribution transformers (format/SPEC.md §7):
// QuantileTransformer, PowerTransformer. Compiled into the format library.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

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

// ---- PowerTransformer ----

Status ValidatePowerTransformer(const PowerTransformer& k,
                                const std::string& ctx, uint64_t n_in,
                                uint64_t* width_out) {
  if (!IsKnown(k.method)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "method"),
        "PowerMethod " + std::to_string(static_cast<uint8_t>(k.method)));
  }
  const std::string l_ctx = JoinContext(ctx, "lambdas");
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(k.lambdas, l_ctx, DType::kFloat64, {kAny}, true));
  if (k.lambdas.shape()[0] != n_in) {
    return Status(ErrorCode::kPowerLambdas, l_ctx,
                  std::to_string(k.lambdas.shape()[0]) + " lambdas for " +
                      std::to_string(n_in) + " input features");
  }
  auto lambdas = k.lambdas.span<double>();
  for (uint64_t j = 0; j < n_in; ++j) {
    if (!std::isfinite(lambdas[j])) {
      return Status(ErrorCode::kPowerLambdas, IndexContext(l_ctx, j),
                    "lambda not finite");
    }
  }
  const std::string m_ctx = JoinContext(ctx, "mean");
  const std::string s_ctx = JoinContext(ctx, "scale");
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(k.mean, m_ctx, DType::kFloat64, {kAny}, false));
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(k.scale, s_ctx, DType::kFloat64, {kAny}, false));
  // standardize: both (the fitted _scaler's mean_ and scale_) or neither.
  if (k.mean.present() != k.scale.present()) {
    return Status(ErrorCode::kPowerStandardize,
                  k.mean.present() ? s_ctx : m_ctx,
                  "mean and scale must both be present or both absent");
  }
  if (k.mean.present()) {
    for (const auto& [t, t_ctx] :
         {std::pair<const Tensor&, const std::string&>(k.mean, m_ctx),
          std::pair<const Tensor&, const std::string&>(k.scale, s_ctx)}) {
      if (t.shape()[0] != n_in) {
        return Status(ErrorCode::kPowerStandardize, t_ctx,
                      std::to_string(t.shape()[0]) + " values for " +
                          std::to_string(n_in) + " input features");
      }
    }
    auto mean = k.mean.span<double>();
    auto scale = k.scale.span<double>();
    for (uint64_t j = 0; j < n_in; ++j) {
      if (!std::isfinite(mean[j])) {
        return Status(ErrorCode::kPowerScale, IndexContext(m_ctx, j),
                      "mean not finite");
      }
      if (!(std::isfinite(scale[j]) && scale[j] > 0)) {
        return Status(ErrorCode::kPowerScale, IndexContext(s_ctx, j),
                      "scale not finite and > 0");
      }
    }
  }
  *width_out = n_in;
  return Status::Ok();
}

// ---- end PowerTransformer ----

}  // namespace modelseal::format_internal
