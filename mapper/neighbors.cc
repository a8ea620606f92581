// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's k-nearest-neighbours estimators (sklearn/neighbors/
// _classification.py, _regression.py, _base.py): KNeighborsClassifier and
// KNeighborsRegressor, saved with their training rows (_fit_X, _y) and, for
// a kd_tree or ball_tree fit, the fitted tree's arrays, so that the engine
// finds the same neighbours scikit-learn's query finds, ties included.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

// What classifier and regressor share: _fit_method, the metric, weights,
// n_neighbors, _fit_X and the tree.
Status MapCommon(const Value& est, Neighbors* nb, uint64_t* n) {
  Value fx = est.Get("_fit_X");
  if (fx.is_object()) {
    return Unsupported(est,
                       "fitted on sparse X (modelseal saves "
                       "neighbours fitted on dense float64 X)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> x, Float64Array(est, fx));
  if (x.shape.size() != 2 || x.shape[0] < 1 || x.shape[1] < 1) {
    return fx.Fail(ErrorCode::kStateShape, "expected [n_samples, n_features]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(fx, x.values));
  *n = x.shape[0];
  const uint64_t d = x.shape[1];
  Value w = est.Get("weights");
  if (!w.is_str() && !w.is_none()) {
    return Unsupported(est,
                       "callable weights (supported: 'uniform', "
                       "'distance')");
  }
  std::string weights = "uniform";
  if (w.is_str()) {
    MODELSEAL_ASSIGN_OR_RETURN(weights, w.AsStr());
  }
  if (weights == "uniform") {
    nb->weights = NeighborsWeights::kUniform;
  } else if (weights == "distance") {
    nb->weights = NeighborsWeights::kDistance;
  } else {
    return Unsupported(est, "weights '" + weights + "'");
  }
  MODELSEAL_RETURN_IF_ERROR(NeighborsMetricOf(est, &nb->metric, &nb->p));
  MODELSEAL_ASSIGN_OR_RETURN(int64_t k, est.Get("n_neighbors").AsInt());
  if (k < 1 || static_cast<uint64_t>(k) > *n) {
    return est.Get("n_neighbors")
        .Fail(ErrorCode::kStateValue,
              std::to_string(k) +
                  " not in [1, n_samples_fit_ = " + std::to_string(*n) + "]");
  }
  nb->n_neighbors = static_cast<uint64_t>(k);
  MODELSEAL_ASSIGN_OR_RETURN(std::string method, StrParam(est, "_fit_method"));
  if (method == "brute") {
    // Brute force computes 'euclidean' as |x|^2 - 2 x.y + |y|^2 (the
    // engine too) but its alias 'l2' as sum (x - y)^2.
    MODELSEAL_ASSIGN_OR_RETURN(std::string metric,
                               StrParam(est, "effective_metric_"));
    if (metric == "l2") {
      return Unsupported(est,
                         "metric 'l2' with brute force (use "
                         "'euclidean')");
    }
    nb->algorithm = NeighborsAlgorithm::kBrute;
  } else if (method == "kd_tree" || method == "ball_tree") {
    const bool kd = method == "kd_tree";
    nb->algorithm =
        kd ? NeighborsAlgorithm::kKdTree : NeighborsAlgorithm::kBallTree;
    MODELSEAL_RETURN_IF_ERROR(
        MapNeighborsTree(est, x.values, *n, d, kd, &nb->idx_array,
                         &nb->node_data, &nb->node_radius, &nb->node_bounds));
  } else {
    return Unsupported(est, "_fit_method '" + method + "'");
  }
  nb->fit_x = Tensor::FromVector(std::move(x.values), {*n, d});
  return Status();
}

}  // namespace

// predict (and predict_proba) read the neighbours' class indices _y, [n]
// or [n, n_outputs] (outputs_2d_), and classes_.
Status MapKNeighborsClassifier(const Value& est, const MapContext&,
                               Mapped* out) {
  Neighbors nb;
  uint64_t n = 0;
  MODELSEAL_RETURN_IF_ERROR(MapCommon(est, &nb, &n));
  MODELSEAL_ASSIGN_OR_RETURN(OutputSpec spec, ClassifierOutput(est));
  Value yv = est.Get("_y");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<int32_t> y, yv.Numeric<int32_t>());
  const uint64_t k = spec.n_outputs;
  if (!(y.shape == std::vector<uint64_t>{n} && k == 1) &&
      y.shape != std::vector<uint64_t>{n, k}) {
    return yv.Fail(ErrorCode::kStateShape, "expected [" + std::to_string(n) +
                                               "] or [" + std::to_string(n) +
                                               ", " + std::to_string(k) + "]");
  }
  nb.y = Tensor::FromVector(std::move(y.values), {n, k});
  Mapped m;
  m.estimator.kind = std::move(nb);
  m.output = std::move(spec);
  *out = std::move(m);
  return Status();
}

// predict averages _y, [n] or [n, n_outputs], in float64: a float64 or
// integer array (np.mean of integers accumulates in float64); float32
// targets are averaged in float32 by numpy and refused.
Status MapKNeighborsRegressor(const Value& est, const MapContext&,
                              Mapped* out) {
  Neighbors nb;
  uint64_t n = 0;
  MODELSEAL_RETURN_IF_ERROR(MapCommon(est, &nb, &n));
  Value yv = est.Get("_y");
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, yv.AsArray());
  const char kind = a->typestr.size() >= 2 ? a->typestr[1] : '?';
  const bool f8 = a->typestr == "<f8" || a->typestr == ">f8";
  if (!f8 && kind != 'i' && kind != 'u' && kind != 'b') {
    return Unsupported(est, yv.path() + " has dtype " +
                                NumpyDTypeName(a->typestr) +
                                " (float64 or integer targets are supported)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> y, yv.Numeric<double>());
  uint64_t k = 0;
  if (y.shape == std::vector<uint64_t>{n}) {
    k = 1;
  } else if (y.shape.size() == 2 && y.shape[0] == n && y.shape[1] >= 1) {
    k = y.shape[1];
  } else {
    return yv.Fail(ErrorCode::kStateShape,
                   "expected [n_samples] or [n_samples, n_outputs]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(yv, y.values));
  nb.y = Tensor::FromVector(std::move(y.values), {n, k});
  Mapped m;
  m.estimator.kind = std::move(nb);
  m.output = RegressionOutput(k);
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper
