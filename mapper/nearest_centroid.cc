// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's NearestCentroid (sklearn/neighbors/_nearest_centroid.py).
// 1.4.2 and 1.5.2 predict with pairwise_distances_argmin(X, centroids_);
// 1.6.1 to 1.9.1 store class_prior_ and within_class_std_dev_ and predict
// that way only while np.isclose(class_prior_, 1 / k).all(), otherwise by
// the discriminant of DiscriminantAnalysisPredictionMixin (CentroidRule).
// shrink_threshold only moves centroids_ at fit.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

Status MapNearestCentroid(const Value& est, const MapContext& ctx,
                          Mapped* out) {
  Mapped m;
  MODELSEAL_ASSIGN_OR_RETURN(m.output, ClassifierOutput(est));
  if (m.output.classes.size() != 1) {
    return Unsupported(est,
                       "multi-output y (scikit-learn's NearestCentroid "
                       "takes one output)");
  }
  const size_t k = m.output.classes[0].count();
  MODELSEAL_ASSIGN_OR_RETURN(std::string metric, StrParam(est, "metric"));
  NearestCentroid c;
  if (metric == "euclidean") {
    c.metric = CentroidMetric::kEuclidean;
  } else if (metric == "manhattan") {
    c.metric = CentroidMetric::kManhattan;
  } else {
    return Unsupported(est, "metric '" + metric +
                                "' (supported: euclidean, manhattan; "
                                "scikit-learn 1.5 allows only these)");
  }
  const Value centroids = est.Get("centroids_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> mu, Float64Array(est, centroids));
  if (mu.shape.size() != 2 || mu.shape[0] != k || mu.shape[1] < 1) {
    return centroids.Fail(ErrorCode::kStateShape,
                          "expected [" + std::to_string(k) + ", n_features]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(centroids, mu.values));
  const uint64_t n = mu.shape[1];
  c.centroids = Tensor::FromVector(std::move(mu.values), {k, n});
  const bool has_priors = est.Has("class_prior_");
  if (!has_priors) {
    if (ctx.version() >= SklearnVersion{1, 6, 0}) {
      return Unsupported(est,
                         "no class_prior_: fitted before scikit-learn "
                         "1.6, whose predict this release would fail; "
                         "refit with it");
    }
    m.estimator.kind = std::move(c);
    *out = std::move(m);
    return Status();
  }
  const Value sd = est.Get("within_class_std_dev_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> s, Float64Array(est, sd));
  if (s.shape != std::vector<uint64_t>{n}) {
    return sd.Fail(ErrorCode::kStateShape,
                   "expected [" + std::to_string(n) + "] (one per feature)");
  }
  for (size_t j = 0; j < n; ++j) {
    if (!std::isfinite(s.values[j])) {
      return Unsupported(
          est, "within_class_std_dev_ entry " + std::to_string(j) + " is " +
                   std::to_string(s.values[j]) + " (at " + sd.path() +
                   "; fitted with one sample per class?); "
                   "scikit-learn's probabilities are NaN");
    }
  }
  const Value priors = est.Get("class_prior_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> p, Float64Array(est, priors));
  if (p.shape != std::vector<uint64_t>{k}) {
    return priors.Fail(ErrorCode::kStateShape,
                       "expected [" + std::to_string(k) + "]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(priors, p.values));
  MODELSEAL_RETURN_IF_ERROR(
      CheckPositiveValues(est, priors, p.values,
                          "class_prior_ (a class prior of 0 is never "
                          "predicted; scikit-learn takes log(0))"));
  // predict's test, np.isclose(class_prior_, 1 / len(classes_)).all():
  // |p - 1/k| <= atol + rtol * |1/k| with numpy's defaults.
  const double uniform = 1.0 / static_cast<double>(k);
  bool close = true;
  for (double v : p.values) {
    close = close && std::fabs(v - uniform) <= 1e-08 + 1e-05 * uniform;
  }
  c.rule = close ? CentroidRule::kNearest : CentroidRule::kDiscriminant;
  c.std_dev = Tensor::FromVector(std::move(s.values));
  c.priors = Tensor::FromVector(std::move(p.values));
  m.estimator.kind = std::move(c);
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper
