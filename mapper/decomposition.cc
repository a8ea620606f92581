// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's linear projections: PCA, IncrementalPCA and TruncatedSVD
// (sklearn/decomposition/_base.py and _truncated_svd.py). Their transform
// changed in 1.5: 1.4 centres X before the product, 1.5 on subtract the
// projected mean after it and clip the whitening divisor at eps; the
// fitting release picks the formula.
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

// components_ [k, n], finite.
Result<Elements<double>> Components(const Value& est) {
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> c,
                             Float64Array(est, est.Get("components_")));
  if (c.shape.size() != 2 || c.shape[0] < 1 || c.shape[1] < 1) {
    return est.Get("components_")
        .Fail(ErrorCode::kStateShape, "expected [n_components, n_features]");
  }
  MODELSEAL_RETURN_IF_ERROR(
      CheckFiniteValues(est.Get("components_"), c.values));
  return c;
}

// PCA and IncrementalPCA: _BasePCA.transform.
Status MapBasePca(const Value& est, const MapContext& ctx, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> c, Components(est));
  const uint64_t k = c.shape[0], n = c.shape[1];
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> mean,
                             Float64Array(est, est.Get("mean_")));
  if (mean.shape != std::vector<uint64_t>{n}) {
    return est.Get("mean_").Fail(ErrorCode::kStateShape,
                                 "expected [" + std::to_string(n) + "]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(est.Get("mean_"), mean.values));
  const bool after = ctx.version() >= SklearnVersion{1, 5, 0};
  Projection p;
  p.centering =
      after ? ProjectionCentering::kAfter : ProjectionCentering::kBefore;
  MODELSEAL_ASSIGN_OR_RETURN(bool whiten, est.Get("whiten").AsBool());
  if (whiten) {
    MODELSEAL_ASSIGN_OR_RETURN(
        Elements<double> ev, Float64Array(est, est.Get("explained_variance_")));
    if (ev.shape != std::vector<uint64_t>{k}) {
      return est.Get("explained_variance_")
          .Fail(ErrorCode::kStateShape,
                "expected [" + std::to_string(k) + "], one per component");
    }
    std::vector<double> scale(k);
    for (size_t i = 0; i < k; ++i) {
      // np.sqrt is IEEE's correctly rounded square root, as std::sqrt.
      scale[i] = std::sqrt(ev.values[i]);
      // 1.5 on: scale[scale < eps] = eps.
      if (after && scale[i] < DBL_EPSILON) scale[i] = DBL_EPSILON;
      if (!(std::isfinite(scale[i]) && scale[i] > 0)) {
        return est.Get("explained_variance_")
            .Fail(ErrorCode::kStateValue,
                  "entry " + std::to_string(i) + " is " +
                      std::to_string(ev.values[i]) +
                      ": whiten divides by its square root (scikit-learn " +
                      "before 1.5 gives infinite or NaN components)");
      }
    }
    p.scale = Tensor::FromVector(std::move(scale));
  }
  p.components = Tensor::FromVector(std::move(c.values), {k, n});
  p.mean = Tensor::FromVector(std::move(mean.values));
  *out = TransformerMapping(std::move(p), k);
  return Status();
}

}  // namespace

Status MapPca(const Value& est, const MapContext& ctx, Mapped* out) {
  return MapBasePca(est, ctx, out);
}

Status MapIncrementalPca(const Value& est, const MapContext& ctx, Mapped* out) {
  return MapBasePca(est, ctx, out);
}

// TruncatedSVD: safe_sparse_dot(X, components_.T).
Status MapTruncatedSvd(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> c, Components(est));
  const uint64_t k = c.shape[0], n = c.shape[1];
  Projection p;
  p.centering = ProjectionCentering::kNone;
  p.components = Tensor::FromVector(std::move(c.values), {k, n});
  *out = TransformerMapping(std::move(p), k);
  return Status();
}

}  // namespace modelseal::mapper
