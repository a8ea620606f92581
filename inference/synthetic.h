// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Synthetic random models for tests and benchmarks (not for production
// use): full binary trees of a given depth with random splits, numbered
// depth-first like scikit-learn's (children after their parent).
#ifndef MODELSEAL_INFERENCE_SYNTHETIC_H_
#define MODELSEAL_INFERENCE_SYNTHETIC_H_

#include <cstdint>

#include "modelseal/model.h"

namespace modelseal::synthetic {

// A random-forest classifier: `n_trees` trees of depth `depth` over
// `n_features` features (thresholds in [-1, 1]), `n_classes` classes with
// leaf fractions summing to 1, missing_go_to_left set at random.
Model RandomForestClassifier(uint32_t n_trees, uint32_t depth,
                             uint32_t n_features, uint32_t n_classes,
                             uint64_t seed);

// A binary HistGradientBoosting classifier: `n_iter` predictors of depth
// `depth`, numeric splits only (thresholds in [-1, 1]).
Model RandomHistGradientBoostingClassifier(uint32_t n_iter, uint32_t depth,
                                           uint32_t n_features, uint64_t seed);

// Row-major [rows, n_features] values uniform in [-1.5, 1.5], with a
// fraction `nan_fraction` of nan.
std::vector<double> RandomMatrix(uint64_t rows, uint32_t n_features,
                                 double nan_fraction, uint64_t seed);

}  // namespace modelseal::synthetic

#endif  // MODELSEAL_INFERENCE_SYNTHETIC_H_
