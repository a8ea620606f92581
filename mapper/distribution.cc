// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Distribution transformers: QuantileTransformer, PowerTransformer.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "mapper/common.h"
#include "modelseal/limits.h"

namespace modelseal::mapper {

// ---- QuantileTransformer ----

// Dense transform (identical in scikit-learn 1.4.2 to 1.9.1; SPEC §7):
// quantiles_ [n_quantiles_, n] and references_ (np.linspace(0, 1,
// n_quantiles_)) with output_distribution. n_quantiles, subsample and
// random_state act at fit only; ignore_implicit_zeros on sparse input only
// (modelseal takes dense input). A feature that was all NaN at fit has NaN
// quantiles; 1.9 no longer applies np.maximum.accumulate, so quantiles
// that decrease (np.nanpercentile rounding) are refused too: np.interp on
// unsorted points is not a defined computation to reproduce.
Status MapQuantileTransformer(const Value& est, const MapContext&,
                              Mapped* out) {
  QuantileTransformer q;
  MODELSEAL_ASSIGN_OR_RETURN(std::string dist,
                             StrParam(est, "output_distribution"));
  if (dist == "uniform") {
    q.output = QuantileOutput::kUniform;
  } else if (dist == "normal") {
    q.output = QuantileOutput::kNormal;
  } else {
    return Unsupported(est, "output_distribution='" + dist +
                                "' is not supported ('uniform' or 'normal')");
  }
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n_in, est.Get("n_features_in_").AsInt());
  const Value qv = est.Get("quantiles_");
  const Value rv = est.Get("references_");
  MODELSEAL_ASSIGN_OR_RETURN(q.quantiles, F64Tensor(qv));
  MODELSEAL_ASSIGN_OR_RETURN(q.references, F64Tensor(rv));
  const auto& shape = q.quantiles.shape();
  if (shape.size() != 2 || shape[0] < 1 || n_in < 1 ||
      shape[1] != static_cast<uint64_t>(n_in) ||
      shape[1] > limits::kMaxFeatures) {
    return qv.Fail(ErrorCode::kStateShape,
                   "shape " + std::to_string(shape.size()) +
                       "-D, expected [n_quantiles_, n_features_in_ " +
                       std::to_string(n_in) + "]");
  }
  const uint64_t rows = shape[0], cols = shape[1];
  if (q.references.shape().size() != 1 || q.references.size() != rows) {
    return rv.Fail(ErrorCode::kStateShape,
                   std::to_string(q.references.size()) + " references for " +
                       std::to_string(rows) + " quantiles");
  }
  auto r = q.references.span<double>();
  for (uint64_t i = 0; i < rows; ++i) {
    if (!(r[i] >= 0.0 && r[i] <= 1.0) || (i > 0 && r[i] < r[i - 1])) {
      return rv.Fail(
          ErrorCode::kStateValue,
          "references_ not sorted in [0, 1] at " + std::to_string(i));
    }
  }
  auto v = q.quantiles.span<double>();
  for (uint64_t j = 0; j < cols; ++j) {
    for (uint64_t i = 0; i < rows; ++i) {
      const double x = v[i * cols + j];
      if (std::isnan(x)) {
        return Unsupported(est, "quantiles_ of feature " + std::to_string(j) +
                                    " are NaN (the feature was all NaN at "
                                    "fit)");
      }
      if (!std::isfinite(x) || (i > 0 && x < v[(i - 1) * cols + j])) {
        return Unsupported(est, "quantiles_ of feature " + std::to_string(j) +
                                    " are not finite and non-decreasing "
                                    "(row " +
                                    std::to_string(i) + ")");
      }
    }
  }
  *out = TransformerMapping(std::move(q), cols);
  return Status();
}

// ---- end QuantileTransformer ----

// ---- PowerTransformer ----

namespace {

// A 1-D f64 array of n finite values (and > 0 when `positive`), or E1121.
Result<Tensor> FiniteVector(const Value& est, const Value& v, uint64_t n,
                            const char* name, bool positive) {
  MODELSEAL_ASSIGN_OR_RETURN(Tensor t, F64Tensor(v));
  if (t.shape().size() != 1 || t.size() != n) {
    return v.Fail(ErrorCode::kStateShape,
                  std::to_string(t.size()) + " values, expected " +
                      std::to_string(n) + " (n_features_in_)");
  }
  auto s = t.span<double>();
  for (uint64_t j = 0; j < n; ++j) {
    if (!std::isfinite(s[j]) || (positive && !(s[j] > 0))) {
      return Unsupported(
          est, std::string(name) + " of feature " + std::to_string(j) + " is " +
                   std::to_string(s[j]) +
                   (positive ? " (not finite and > 0)" : " (not finite)"));
    }
  }
  return t;
}

}  // namespace

// transform (scikit-learn 1.4.2 to 1.9.1; SPEC §7): lambdas_ per feature
// with method; Yeo-Johnson is scikit-learn's own _yeo_johnson_transform
// (np.power) up to 1.8 and scipy.stats.yeojohnson (expm1) from 1.9, so
// the fitting release picks the formula. With standardize the fitted
// _scaler (StandardScaler(copy=False), with_mean and with_std) gives mean_
// and scale_ (zeros replaced by 1 at fit). A feature that was all NaN at
// fit has a NaN mean_ and is refused.
Status MapPowerTransformer(const Value& est, const MapContext& ctx,
                           Mapped* out) {
  PowerTransformer p;
  MODELSEAL_ASSIGN_OR_RETURN(std::string method, StrParam(est, "method"));
  if (method == "box-cox") {
    p.method = PowerMethod::kBoxCox;
  } else if (method == "yeo-johnson") {
    p.method = ctx.version() < SklearnVersion{1, 9, 0}
                   ? PowerMethod::kYeoJohnsonPower
                   : PowerMethod::kYeoJohnsonExpm1;
  } else {
    return Unsupported(est, "method='" + method +
                                "' is not supported ('box-cox' or "
                                "'yeo-johnson')");
  }
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n_in, est.Get("n_features_in_").AsInt());
  if (n_in < 1 || static_cast<uint64_t>(n_in) > limits::kMaxFeatures) {
    return est.Get("n_features_in_")
        .Fail(ErrorCode::kStateShape, std::to_string(n_in) +
                                          " features, expected 1 to " +
                                          std::to_string(limits::kMaxFeatures));
  }
  const uint64_t n = static_cast<uint64_t>(n_in);
  MODELSEAL_ASSIGN_OR_RETURN(
      p.lambdas, FiniteVector(est, est.Get("lambdas_"), n, "lambdas_", false));
  MODELSEAL_ASSIGN_OR_RETURN(bool standardize, est.Get("standardize").AsBool());
  if (standardize) {
    const Value scaler = est.Get("_scaler");
    if (!scaler.ok()) return scaler.status();
    for (const char* flag : {"with_mean", "with_std"}) {
      MODELSEAL_ASSIGN_OR_RETURN(bool on, scaler.Get(flag).AsBool());
      if (!on) {
        return Unsupported(est, std::string("_scaler has ") + flag + "=False");
      }
    }
    MODELSEAL_ASSIGN_OR_RETURN(p.mean, FiniteVector(est, scaler.Get("mean_"), n,
                                                    "_scaler.mean_", false));
    MODELSEAL_ASSIGN_OR_RETURN(
        p.scale,
        FiniteVector(est, scaler.Get("scale_"), n, "_scaler.scale_", true));
  }
  *out = TransformerMapping(std::move(p), n);
  return Status();
}

// ---- end PowerTransformer ----

}  // namespace modelseal::mapper
