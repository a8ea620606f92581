// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Test support: small building blocks of models (trees in scikit-learn's
// array layout, class label lists), shared by the example models and the
// component tests. Every tensor owns its bytes (Tensor::FromVector).
#ifndef MODELSEAL_TESTS_TESTING_BUILDERS_H_
#define MODELSEAL_TESTS_TESTING_BUILDERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/model.h"

namespace modelseal::testing {

// A tree from scikit-learn-style arrays; `value` has shape
// [nodes, outputs, width]; `missing` becomes missing_go_to_left.
Tree MakeTree(std::vector<int32_t> left, std::vector<int32_t> right,
              std::vector<int32_t> feature, std::vector<double> threshold,
              std::vector<double> value, uint64_t outputs, uint64_t width,
              std::optional<std::vector<uint8_t>> missing = std::nullopt);

// A stump on feature 0 at `thr`: left leaf `lv`, right leaf `rv` (each
// outputs * width values; the root's value is zeros).
Tree Stump(double thr, std::vector<double> lv, std::vector<double> rv,
           uint64_t outputs, uint64_t width,
           std::optional<std::vector<uint8_t>> missing = std::nullopt);

// A 3-node regression stump for boosting: x[f] <= t ? left : right (the
// root holds their mean, as scikit-learn's trees do).
Tree RegressionStump(int32_t f, double t, double left, double right);

// The 5-node shape:
//   0: x[f0] <= t0 ? 1 : 2;  1: leaf;  2: x[f1] <= t1 ? 3 : 4;  3, 4: leaves.
// Leaves carry feature -2 and threshold -2 as scikit-learn stores them.
Tree FiveNodeTree(int32_t f0, double t0, int32_t f1, double t1,
                  std::vector<double> value, uint64_t n_outputs,
                  uint64_t width);

// A 3-node HistGradientBoosting predictor splitting node 0 on feature `f`:
// numeric (threshold `t`) or categorical (`bitsets`, rows of 8 words, which
// become raw_left_cat_bitsets; the split uses row 0).
HistTree HistStump(uint32_t f, double t, double left, double right,
                   bool categorical, std::vector<uint32_t> bitsets);

ClassLabels IntClasses(std::vector<int64_t> labels);
ClassLabels StrClasses(std::vector<std::string> labels);

}  // namespace modelseal::testing

#endif  // MODELSEAL_TESTS_TESTING_BUILDERS_H_
