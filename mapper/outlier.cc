// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's LocalOutlierFactor (sklearn/neighbors/_lof.py) fitted with
// novelty=True, saved with its training rows (_fit_X), the fitted tree's
// arrays (kd_tree, ball_tree), each training row's local reachability
// density (_lrd) and k-distance (_distances_fit_X_[:, n_neighbors_ - 1])
// and offset_: what score_samples, decision_function and predict read.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

// novelty=False has no predict, decision_function or score_samples for new
// rows (only fit_predict on the training set): refused.
Status MapLocalOutlierFactor(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(bool novelty, est.Get("novelty").AsBool());
  if (!novelty) {
    return Unsupported(est,
                       "novelty=False (it has no predict, decision_function "
                       "or score_samples for new data; fit with novelty=True)");
  }
  LocalOutlierFactor lof;
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
  const uint64_t n = x.shape[0], d = x.shape[1];
  MODELSEAL_RETURN_IF_ERROR(NeighborsMetricOf(est, &lof.metric, &lof.p));
  Value kv = est.Get("n_neighbors_");
  MODELSEAL_ASSIGN_OR_RETURN(int64_t k, kv.AsInt());
  if (k < 1 || static_cast<uint64_t>(k) > n) {
    return kv.Fail(ErrorCode::kStateValue, std::to_string(k) +
                                               " not in [1, n_samples_fit_ = " +
                                               std::to_string(n) + "]");
  }
  lof.n_neighbors = static_cast<uint64_t>(k);
  MODELSEAL_ASSIGN_OR_RETURN(std::string method, StrParam(est, "_fit_method"));
  if (method == "brute") {
    // Brute force computes 'euclidean' as |x|^2 - 2 x.y + |y|^2 (the
    // engine too) but its alias 'l2' as sum (x - y)^2.
    MODELSEAL_ASSIGN_OR_RETURN(std::string metric,
                               StrParam(est, "effective_metric_"));
    if (metric == "l2") {
      return Unsupported(est, "metric 'l2' with brute force (use 'euclidean')");
    }
    lof.algorithm = NeighborsAlgorithm::kBrute;
  } else if (method == "kd_tree" || method == "ball_tree") {
    const bool kd = method == "kd_tree";
    lof.algorithm =
        kd ? NeighborsAlgorithm::kKdTree : NeighborsAlgorithm::kBallTree;
    MODELSEAL_RETURN_IF_ERROR(
        MapNeighborsTree(est, x.values, n, d, kd, &lof.idx_array,
                         &lof.node_data, &lof.node_radius, &lof.node_bounds));
  } else {
    return Unsupported(est, "_fit_method '" + method + "'");
  }
  lof.fit_x = Tensor::FromVector(std::move(x.values), {n, d});
  Value lv = est.Get("_lrd");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> lrd, Float64Array(est, lv));
  if (lrd.shape != std::vector<uint64_t>{n}) {
    return lv.Fail(ErrorCode::kStateShape, "expected [" + std::to_string(n) +
                                               "] (one per training row)");
  }
  for (size_t i = 0; i < lrd.values.size(); ++i) {
    if (!std::isfinite(lrd.values[i]) || !(lrd.values[i] > 0)) {
      return lv.Fail(ErrorCode::kStateValue,
                     "entry " + std::to_string(i) + " is not finite and > 0");
    }
  }
  lof.lrd = Tensor::FromVector(std::move(lrd.values));
  Value dv = est.Get("_distances_fit_X_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> dist, Float64Array(est, dv));
  const auto ku = static_cast<uint64_t>(k);
  if (dist.shape != std::vector<uint64_t>{n, ku}) {
    return dv.Fail(ErrorCode::kStateShape,
                   "expected [" + std::to_string(n) + ", " +
                       std::to_string(ku) + "] (n_samples_fit_, n_neighbors_)");
  }
  std::vector<double> k_distance(n);
  for (uint64_t i = 0; i < n; ++i) k_distance[i] = dist.values[i * ku + ku - 1];
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(dv, k_distance));
  lof.k_distance = Tensor::FromVector(std::move(k_distance));
  Value ov = est.Get("offset_");
  MODELSEAL_ASSIGN_OR_RETURN(lof.offset, ov.AsFloat());
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(ov, {lof.offset}));
  Mapped m;
  m.estimator.kind = std::move(lof);
  // predict is -1 or 1 (numpy int).
  m.output.task = Task::kClassification;
  m.output.n_outputs = 1;
  ClassLabels labels;
  labels.int_labels = Tensor::FromVector(std::vector<int64_t>{-1, 1});
  m.output.classes.push_back(std::move(labels));
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper
