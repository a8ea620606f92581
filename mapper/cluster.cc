// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's k-means clusterers (sklearn/cluster/_kmeans.py and
// _bisect_k_means.py): KMeans and MiniBatchKMeans predict the nearest of
// cluster_centers_; BisectingKMeans walks its _bisecting_tree. Each is a
// classifier whose classes are the cluster indices 0..k-1.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

// cluster_centers_ [k, n], float64 and finite.
Result<Elements<double>> Centers(const Value& est) {
  Value v = est.Get("cluster_centers_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> c, Float64Array(est, v));
  if (c.shape.size() != 2 || c.shape[0] < 1 || c.shape[1] < 1) {
    return v.Fail(ErrorCode::kStateShape, "expected [n_clusters, n_features]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(v, c.values));
  return c;
}

// Task Classification, classes 0..k-1 (int64).
Mapped ClusterMapping(Clustering c, uint64_t k) {
  std::vector<int64_t> labels(k);
  for (uint64_t i = 0; i < k; ++i) labels[i] = static_cast<int64_t>(i);
  ClassLabels classes;
  classes.int_labels = Tensor::FromVector(std::move(labels));
  classes.label_type = LabelType::kInt64;
  Mapped m;
  m.estimator.kind = std::move(c);
  m.output.task = Task::kClassification;
  m.output.n_outputs = 1;
  m.output.classes.push_back(std::move(classes));
  return m;
}

}  // namespace

// KMeans and MiniBatchKMeans: predict and transform read cluster_centers_
// only (_BaseKMeans.predict, _transform; the same in 1.4.2 and 1.9.1).
Status MapKMeans(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> c, Centers(est));
  const uint64_t k = c.shape[0], n = c.shape[1];
  Clustering k_means;
  k_means.centers = Tensor::FromVector(std::move(c.values), {k, n});
  *out = ClusterMapping(std::move(k_means), k);
  return Status();
}

// BisectingKMeans: the tree's nodes numbered as they are reached from the
// root (a child after its parent); each node's center plus _X_mean (added
// at predict time, in float64, when X was dense at fit).
Status MapBisectingKMeans(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> c, Centers(est));
  const uint64_t k = c.shape[0], n = c.shape[1];
  std::vector<double> mean(n, 0.0);
  const bool centered = est.Has("_X_mean");
  if (centered) {
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> m,
                               Float64Array(est, est.Get("_X_mean")));
    if (m.shape != std::vector<uint64_t>{n}) {
      return est.Get("_X_mean").Fail(ErrorCode::kStateShape,
                                     "expected [" + std::to_string(n) + "]");
    }
    MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(est.Get("_X_mean"), m.values));
    mean = std::move(m.values);
  }
  const uint64_t max_nodes = 2 * k - 1;
  std::vector<int32_t> children;
  std::vector<double> centers;
  std::vector<int32_t> labels;
  std::vector<std::pair<Value, uint64_t>> stack;
  stack.emplace_back(est.Get("_bisecting_tree"), 0);
  uint64_t nodes = 1;
  children.assign(2 * max_nodes, -1);
  centers.assign(max_nodes * n, 0.0);
  labels.assign(max_nodes, -1);
  while (!stack.empty()) {
    auto [node, i] = std::move(stack.back());
    stack.pop_back();
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> center,
                               Float64Array(est, node.Get("center")));
    // The root of a tree fitted on sparse X holds an np.matrix [1, n] (the
    // sparse mean); every other center is [n].
    if (center.shape != std::vector<uint64_t>{n} &&
        !(i == 0 && center.shape == std::vector<uint64_t>{1, n})) {
      return node.Get("center").Fail(ErrorCode::kStateShape,
                                     "expected [" + std::to_string(n) + "]");
    }
    MODELSEAL_RETURN_IF_ERROR(
        CheckFiniteValues(node.Get("center"), center.values));
    for (uint64_t j = 0; j < n; ++j) {
      // centers += self._X_mean, one IEEE addition.
      centers[i * n + j] =
          centered ? center.values[j] + mean[j] : center.values[j];
    }
    Value left = node.Get("left"), right = node.Get("right");
    if (!left.ok()) return left.status();
    if (!right.ok()) return right.status();
    if (left.is_none() != right.is_none()) {
      return node.Fail(ErrorCode::kStateValue,
                       "a tree node with one child (both or none expected)");
    }
    if (left.is_none()) {
      MODELSEAL_ASSIGN_OR_RETURN(int64_t label, node.Get("label").AsInt());
      if (label < 0 || static_cast<uint64_t>(label) >= k) {
        return node.Get("label").Fail(
            ErrorCode::kStateValue,
            std::to_string(label) + " not in [0, " + std::to_string(k) + ")");
      }
      labels[i] = static_cast<int32_t>(label);
      continue;
    }
    if (nodes + 2 > max_nodes) {
      return node.Fail(ErrorCode::kStateValue,
                       "the tree has more than 2 * n_clusters - 1 nodes");
    }
    children[2 * i] = static_cast<int32_t>(nodes);
    children[2 * i + 1] = static_cast<int32_t>(nodes + 1);
    stack.emplace_back(right, nodes + 1);
    stack.emplace_back(left, nodes);
    nodes += 2;
  }
  if (nodes != max_nodes) {
    return est.Get("_bisecting_tree")
        .Fail(ErrorCode::kStateValue,
              std::to_string(nodes) + " nodes for " + std::to_string(k) +
                  " clusters (2 * n_clusters - 1 expected)");
  }
  Clustering b;
  b.centers = Tensor::FromVector(std::move(c.values), {k, n});
  b.tree_children = Tensor::FromVector(std::move(children), {max_nodes, 2});
  b.tree_centers = Tensor::FromVector(std::move(centers), {max_nodes, n});
  b.tree_labels = Tensor::FromVector(std::move(labels));
  *out = ClusterMapping(std::move(b), k);
  return Status();
}

}  // namespace modelseal::mapper
