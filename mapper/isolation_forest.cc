// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's IsolationForest (sklearn/ensemble/_iforest.py; the same
// score_samples arithmetic in 1.4.2, 1.7.2 and 1.9.1). score_samples reads,
// per tree, the leaf of X[:, estimators_features_[i]] (or of X itself when
// _max_features equals the number of columns) and the fitted
// _decision_path_lengths and _average_path_length_per_tree at that leaf;
// both are stored at fit from 1.4 on. Here each tree's features are
// remapped to columns of X and each node's value becomes its path value
// (decision_path_lengths + average_path_length_per_tree) - 1.0, in
// scikit-learn's order; the denominator len(estimators_) *
// _average_path_length([max_samples_]) is computed with numpy's log
// (MapContext::NumpyLog).
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

// _average_path_length of one count n (sklearn/ensemble/_iforest.py):
// 0 for n <= 1, 1 for n == 2, else
//   2.0 * (np.log(n - 1.0) + np.euler_gamma) - 2.0 * (n - 1.0) / n.
double AveragePathLength(int64_t n, const MapContext& ctx) {
  if (n <= 1) return 0.0;
  if (n == 2) return 1.0;
  constexpr double kEulerGamma = 0.5772156649015329;  // np.euler_gamma
  const double m = static_cast<double>(n);
  std::vector<double> log{m - 1.0};
  ctx.NumpyLog(log);
  return 2.0 * (log[0] + kEulerGamma) - 2.0 * (m - 1.0) / m;
}

// A sequence (tuple or list) of `count` arrays, one per tree.
Status CheckPerTree(const Value& v, size_t count) {
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, v.Size());
  if (n != count) {
    return v.Fail(ErrorCode::kStateShape, "expected one entry per tree (" +
                                              std::to_string(count) +
                                              "), got " + std::to_string(n));
  }
  return Status();
}

}  // namespace

Status MapIsolationForest(const Value& est, const MapContext& ctx,
                          Mapped* out) {
  for (const char* name :
       {"_decision_path_lengths", "_average_path_length_per_tree"}) {
    if (!est.Has(name)) {
      return Unsupported(est, std::string("the fitted state has no ") + name +
                                  " (stored at fit from scikit-learn 1.4 on; "
                                  "refit with 1.4 or later)");
    }
  }
  Value trees = est.Get("estimators_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n_trees, trees.Size());
  if (n_trees == 0) {
    return trees.Fail(ErrorCode::kStateShape, "no trees");
  }
  Value features = est.Get("estimators_features_");
  Value depths = est.Get("_decision_path_lengths");
  Value averages = est.Get("_average_path_length_per_tree");
  MODELSEAL_RETURN_IF_ERROR(CheckPerTree(features, n_trees));
  MODELSEAL_RETURN_IF_ERROR(CheckPerTree(depths, n_trees));
  MODELSEAL_RETURN_IF_ERROR(CheckPerTree(averages, n_trees));
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n_in, est.Get("n_features_in_").AsInt());
  MODELSEAL_ASSIGN_OR_RETURN(int64_t max_features,
                             est.Get("_max_features").AsInt());
  MODELSEAL_ASSIGN_OR_RETURN(int64_t max_samples,
                             est.Get("max_samples_").AsInt());
  MODELSEAL_ASSIGN_OR_RETURN(double offset, est.Get("offset_").AsFloat());
  if (!std::isfinite(offset)) {
    return est.Get("offset_").Fail(ErrorCode::kStateValue, "not finite");
  }
  // _compute_chunked_score_samples: the columns are subsampled unless
  // _max_features is X's width (then every tree was fitted on X itself:
  // _bagging.py indexes the columns only when max_features is not X's
  // width, IsolationForest has no bootstrap_features).
  const bool subsample = max_features != n_in;
  IsolationForest k;
  k.trees.reserve(n_trees);
  for (size_t i = 0; i < n_trees; ++i) {
    MODELSEAL_ASSIGN_OR_RETURN(Tree t,
                               MapTree(trees.At(i).Get("tree_"), false, ctx));
    const uint64_t nodes = t.children_left.shape()[0];
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> d,
                               depths.At(i).Numeric<double>());
    Value av = averages.At(i);
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> a, Float64Array(est, av));
    if (d.shape != std::vector<uint64_t>{nodes}) {
      return depths.At(i).Fail(
          ErrorCode::kStateShape,
          "expected one depth per node (" + std::to_string(nodes) + ")");
    }
    if (a.shape != std::vector<uint64_t>{nodes}) {
      return av.Fail(ErrorCode::kStateShape,
                     "expected one average path length per node (" +
                         std::to_string(nodes) + ")");
    }
    // depths += (decision_path_lengths[leaves] +
    //            average_path_length_per_tree[leaves] - 1.0)
    std::vector<double> v(nodes);
    for (uint64_t j = 0; j < nodes; ++j)
      v[j] = (d.values[j] + a.values[j]) - 1.0;
    MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(av, v));
    t.value = Tensor::FromVector(std::move(v), {nodes, 1, 1});
    if (subsample) {
      MODELSEAL_ASSIGN_OR_RETURN(Elements<int64_t> cols,
                                 features.At(i).Numeric<int64_t>());
      const auto fs = t.feature.span<int32_t>();
      std::vector<int32_t> f(fs.begin(), fs.end());
      const auto left = t.children_left.span<int32_t>();
      for (uint64_t j = 0; j < nodes; ++j) {
        if (left[j] == -1) continue;  // a leaf's feature is never read
        if (f[j] < 0 || static_cast<uint64_t>(f[j]) >= cols.values.size() ||
            cols.values[f[j]] < 0 || cols.values[f[j]] >= n_in) {
          return features.At(i).Fail(
              ErrorCode::kStateValue,
              "tree " + std::to_string(i) + " node " + std::to_string(j) +
                  " reads feature " + std::to_string(f[j]) +
                  ", outside estimators_features_ or X's columns");
        }
        f[j] = static_cast<int32_t>(cols.values[f[j]]);
      }
      t.feature = Tensor::FromVector(std::move(f));
    }
    k.trees.push_back(std::move(t));
  }
  k.denominator =
      static_cast<double>(n_trees) * AveragePathLength(max_samples, ctx);
  k.offset = offset;
  // score_samples' validation: force_all_finite by default (1.4.2, 1.5.2)
  // or ensure_all_finite=False (1.6.1, 1.7.2, 1.9.1).
  k.input = ctx.version() >= SklearnVersion{1, 6, 0} ? IsolationInput::kAny
                                                     : IsolationInput::kFinite;
  Mapped m;
  m.estimator.kind = std::move(k);
  m.output.task = Task::kClassification;
  m.output.n_outputs = 1;
  ClassLabels labels;
  labels.int_labels = Tensor::FromVector(std::vector<int64_t>{-1, 1});
  m.output.classes.push_back(std::move(labels));
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper
