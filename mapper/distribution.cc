// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Distribution transformers: QuantileTransformer.
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

}  // namespace modelseal::mapper
