// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "inference/synthetic.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace modelseal::synthetic {
namespace {

struct TreeArrays {
  std::vector<int32_t> left, right, feature;
  std::vector<double> threshold, value;
  std::vector<uint8_t> missing;
};

// Appends a subtree of `depth` levels in depth-first order; returns its root.
int32_t Grow(std::mt19937_64& rng, uint32_t depth, uint32_t n_features,
             uint32_t width, TreeArrays* t) {
  const int32_t id = static_cast<int32_t>(t->left.size());
  t->left.push_back(-1);
  t->right.push_back(-1);
  t->feature.push_back(-2);
  t->threshold.push_back(-2.0);
  t->missing.push_back(0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  if (depth == 0) {
    double sum = 0;
    std::vector<double> v(width);
    for (double& x : v) sum += (x = u(rng) + 1e-3);
    for (double x : v) t->value.push_back(x / sum);
    return id;
  }
  for (uint32_t i = 0; i < width; ++i) t->value.push_back(1.0 / width);
  t->feature[id] = static_cast<int32_t>(rng() % n_features);
  t->threshold[id] = u(rng) * 2 - 1;
  t->missing[id] = rng() & 1;
  const int32_t l = Grow(rng, depth - 1, n_features, width, t);
  const int32_t r = Grow(rng, depth - 1, n_features, width, t);
  t->left[id] = l;
  t->right[id] = r;
  return id;
}

}  // namespace

Model RandomForestClassifier(uint32_t n_trees, uint32_t depth,
                             uint32_t n_features, uint32_t n_classes,
                             uint64_t seed) {
  std::mt19937_64 rng(seed);
  Model m;
  m.metadata.name = "synthetic-forest";
  m.input.n_features = n_features;
  m.output.task = Task::kClassification;
  m.output.n_outputs = 1;
  std::vector<int64_t> labels;
  for (uint32_t c = 0; c < n_classes; ++c) labels.push_back(c);
  ClassLabels cl;
  cl.int_labels = Tensor::FromVector(labels);
  m.output.classes.push_back(cl);
  Forest f;
  for (uint32_t i = 0; i < n_trees; ++i) {
    TreeArrays a;
    Grow(rng, depth, n_features, n_classes, &a);
    const uint64_t n = a.left.size();
    Tree t;
    t.children_left = Tensor::FromVector(a.left);
    t.children_right = Tensor::FromVector(a.right);
    t.feature = Tensor::FromVector(a.feature);
    t.threshold = Tensor::FromVector(a.threshold);
    t.value = Tensor::FromVector(a.value, {n, 1, n_classes});
    t.missing_go_to_left = Tensor::FromVector(a.missing);
    f.trees.push_back(t);
  }
  m.estimator.kind = f;
  return m;
}

Model RandomHistGradientBoostingClassifier(uint32_t n_iter, uint32_t depth,
                                           uint32_t n_features, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-0.1, 0.1);
  Model m;
  m.metadata.name = "synthetic-hgb";
  m.input.n_features = n_features;
  m.output.task = Task::kClassification;
  m.output.n_outputs = 1;
  ClassLabels cl;
  cl.int_labels = Tensor::FromVector(std::vector<int64_t>{0, 1});
  m.output.classes.push_back(cl);
  HistGradientBoosting h;
  h.n_iter = n_iter;
  h.loss = HgbLoss::kLogLossBinary;
  h.baseline = Tensor::FromVector(std::vector<double>{0.1});
  for (uint32_t i = 0; i < n_iter; ++i) {
    TreeArrays a;
    Grow(rng, depth, n_features, 1, &a);
    const size_t n = a.left.size();
    std::vector<double> value(n);
    std::vector<uint32_t> feature(n), left(n), right(n), bitset(n, 0);
    std::vector<uint8_t> leaf(n), cat(n, 0);
    for (size_t j = 0; j < n; ++j) {
      leaf[j] = a.left[j] == -1;
      value[j] = leaf[j] ? u(rng) : 0.0;
      feature[j] = leaf[j] ? 0 : static_cast<uint32_t>(a.feature[j]);
      left[j] = leaf[j] ? 0 : static_cast<uint32_t>(a.left[j]);
      right[j] = leaf[j] ? 0 : static_cast<uint32_t>(a.right[j]);
    }
    HistTree t;
    t.value = Tensor::FromVector(value);
    t.feature_idx = Tensor::FromVector(feature);
    t.num_threshold = Tensor::FromVector(a.threshold);
    t.missing_go_to_left = Tensor::FromVector(a.missing);
    t.left = Tensor::FromVector(left);
    t.right = Tensor::FromVector(right);
    t.is_leaf = Tensor::FromVector(leaf);
    t.is_categorical = Tensor::FromVector(cat);
    t.bitset_idx = Tensor::FromVector(bitset);
    h.trees.push_back(t);
  }
  m.estimator.kind = h;
  return m;
}

std::vector<double> RandomMatrix(uint64_t rows, uint32_t n_features,
                                 double nan_fraction, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> x(rows * n_features);
  for (double& v : x) {
    v = u(rng) < nan_fraction ? std::numeric_limits<double>::quiet_NaN()
                              : u(rng) * 3 - 1.5;
  }
  return x;
}

}  // namespace modelseal::synthetic
