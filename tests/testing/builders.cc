// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "tests/testing/builders.h"

#include <utility>

namespace modelseal::testing {

Tree MakeTree(std::vector<int32_t> left, std::vector<int32_t> right,
              std::vector<int32_t> feature, std::vector<double> threshold,
              std::vector<double> value, uint64_t outputs, uint64_t width,
              std::optional<std::vector<uint8_t>> missing) {
  Tree t;
  const uint64_t n = left.size();
  t.children_left = Tensor::FromVector(std::move(left));
  t.children_right = Tensor::FromVector(std::move(right));
  t.feature = Tensor::FromVector(std::move(feature));
  t.threshold = Tensor::FromVector(std::move(threshold));
  t.value = Tensor::FromVector(std::move(value), {n, outputs, width});
  if (missing) t.missing_go_to_left = Tensor::FromVector(std::move(*missing));
  return t;
}

Tree Stump(double thr, std::vector<double> lv, std::vector<double> rv,
           uint64_t outputs, uint64_t width,
           std::optional<std::vector<uint8_t>> missing) {
  std::vector<double> value(outputs * width, 0.0);
  value.insert(value.end(), lv.begin(), lv.end());
  value.insert(value.end(), rv.begin(), rv.end());
  return MakeTree({1, -1, -1}, {2, -1, -1}, {0, -2, -2}, {thr, -2, -2}, value,
                  outputs, width, std::move(missing));
}

ClassLabels IntClasses(std::vector<int64_t> labels) {
  ClassLabels c;
  c.int_labels = Tensor::FromVector(std::move(labels));
  return c;
}

ClassLabels StrClasses(std::vector<std::string> labels) {
  ClassLabels c;
  c.str_labels = std::move(labels);
  return c;
}

Tree FiveNodeTree(int32_t f0, double t0, int32_t f1, double t1,
                  std::vector<double> value, uint64_t n_outputs,
                  uint64_t width) {
  Tree t;
  t.children_left = Tensor::FromVector(std::vector<int32_t>{1, -1, 3, -1, -1});
  t.children_right = Tensor::FromVector(std::vector<int32_t>{2, -1, 4, -1, -1});
  t.feature = Tensor::FromVector(std::vector<int32_t>{f0, -2, f1, -2, -2});
  t.threshold = Tensor::FromVector(std::vector<double>{t0, -2, t1, -2, -2});
  t.value = Tensor::FromVector(std::move(value), {5, n_outputs, width});
  return t;
}

Tree RegressionStump(int32_t f, double t, double left, double right) {
  Tree tree;
  tree.children_left = Tensor::FromVector(std::vector<int32_t>{1, -1, -1});
  tree.children_right = Tensor::FromVector(std::vector<int32_t>{2, -1, -1});
  tree.feature = Tensor::FromVector(std::vector<int32_t>{f, -2, -2});
  tree.threshold = Tensor::FromVector(std::vector<double>{t, -2, -2});
  tree.value = Tensor::FromVector(
      std::vector<double>{(left + right) / 2, left, right}, {3, 1, 1});
  return tree;
}

HistTree HistStump(uint32_t f, double t, double left, double right,
                   bool categorical, std::vector<uint32_t> bitsets) {
  HistTree h;
  h.value = Tensor::FromVector(std::vector<double>{0, left, right});
  h.feature_idx = Tensor::FromVector(std::vector<uint32_t>{f, 0, 0});
  h.num_threshold =
      Tensor::FromVector(std::vector<double>{categorical ? 0.0 : t, 0, 0});
  h.missing_go_to_left = Tensor::FromVector(std::vector<uint8_t>{1, 0, 0});
  h.left = Tensor::FromVector(std::vector<uint32_t>{1, 0, 0});
  h.right = Tensor::FromVector(std::vector<uint32_t>{2, 0, 0});
  h.is_leaf = Tensor::FromVector(std::vector<uint8_t>{0, 1, 1});
  h.is_categorical = Tensor::FromVector(
      std::vector<uint8_t>{categorical ? uint8_t{1} : uint8_t{0}, 0, 0});
  h.bitset_idx = Tensor::FromVector(std::vector<uint32_t>{0, 0, 0});
  if (!bitsets.empty()) {
    uint64_t rows = bitsets.size() / 8;
    h.raw_left_cat_bitsets = Tensor::FromVector(std::move(bitsets), {rows, 8});
  }
  return h;
}

}  // namespace modelseal::testing
