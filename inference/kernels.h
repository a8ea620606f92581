// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The numeric kernels of inference: compact node layouts, tree traversal and
// the link functions (sigmoid, softmax, argmax) with scikit-learn's exact
// semantics. Internal to inference/; predictor.cc builds and checks the
// arrays these functions read.
#ifndef MODELSEAL_INFERENCE_KERNELS_H_
#define MODELSEAL_INFERENCE_KERNELS_H_

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace modelseal::inference {

// One node of a scikit-learn tree (DecisionTree, Forest, GradientBoosting).
// Leaves have left == -1. Invariant checked at construction: child indices
// are in [0, n) and no node is reachable twice from node 0, so traversal
// ends within n steps.
struct TreeNode {
  uint32_t feature;  // low 31 bits: feature; kMissingLeft: nan goes left
  float threshold;   // RoundDownToFloat(threshold) (see there)
  int32_t left;
  int32_t right;
};
static_assert(sizeof(TreeNode) == 16);
inline constexpr uint32_t kMissingLeft = 1u << 31;
inline constexpr uint32_t kFeatureMask = kMissingLeft - 1;

// The largest float f with (double)f <= t (nan for nan). For every float x,
// (double)x <= t exactly when x <= RoundDownToFloat(t): scikit-learn's
// comparison of a float32 input with a float64 threshold, done in float.
float RoundDownToFloat(double t);

// The leaf a float32 row reaches (scikit-learn's _tree.pyx apply_dense):
// nan follows the node's missing flag, otherwise x <= threshold goes left.
inline int32_t FindLeaf(const TreeNode* nodes, const float* x) {
  int32_t i = 0;
  while (nodes[i].left >= 0) {
    const TreeNode& n = nodes[i];
    const float v = x[n.feature & kFeatureMask];
    const bool left =
        v <= n.threshold || (std::isnan(v) && (n.feature & kMissingLeft));
    i = left ? n.left : n.right;
  }
  return i;
}

// One node of a HistGradientBoosting predictor. Same child invariant as
// TreeNode (indices in [0, n), no node reachable twice); for categorical nodes
// bitset < number of raw left bitsets and known_row < number of known-category
// rows.
struct HistNode {
  double threshold;
  double value;
  uint32_t feature;
  uint32_t left;
  uint32_t right;
  uint32_t bitset;     // row of the tree's raw_left_cat_bitsets
  uint32_t known_row;  // row of known_cat_bitsets (f_idx_map[feature])
  uint8_t flags;       // kHistLeaf | kHistCategorical | kHistMissingLeft
};
inline constexpr uint8_t kHistLeaf = 1;
inline constexpr uint8_t kHistCategorical = 2;
inline constexpr uint8_t kHistMissingLeft = 4;

// Bit `c` (0..255) of row `row` of a [rows, 8] uint32 bitset array.
inline bool InBitset(const uint32_t* bitsets, uint32_t row, uint32_t c) {
  return (bitsets[row * 8 + (c >> 5)] >> (c & 31)) & 1u;
}

// The value of the leaf a float64 row reaches (scikit-learn's
// _predictor.pyx _predict_one_from_raw_data). Categorical values outside
// [0, 256) are unknown categories (scikit-learn casts to uint8; it never
// feeds such values after its own encoding).
inline double HistLeafValue(const HistNode* nodes, const uint32_t* raw_bitsets,
                            const uint32_t* known_bitsets, const double* x) {
  uint32_t i = 0;
  while (!(nodes[i].flags & kHistLeaf)) {
    const HistNode& n = nodes[i];
    const double v = x[n.feature];
    const bool missing_left = n.flags & kHistMissingLeft;
    bool left;
    if (std::isnan(v)) {
      left = missing_left;
    } else if (n.flags & kHistCategorical) {
      if (v < 0 || !(v < 256)) {
        left = missing_left;
      } else {
        const uint32_t c = static_cast<uint32_t>(v);
        if (InBitset(raw_bitsets, n.bitset, c)) {
          left = true;
        } else if (InBitset(known_bitsets, n.known_row, c)) {
          left = false;
        } else {
          left = missing_left;
        }
      }
    } else {
      left = v <= n.threshold;
    }
    i = left ? n.left : n.right;
  }
  return nodes[i].value;
}

// scipy.special.expit: 1 / (1 + exp(-x)).
inline double Expit(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// numpy.argmax over v[0..n): the first maximum; the first nan if any. n > 0.
size_t ArgMax(const double* v, size_t n);

// sklearn.utils.extmath.softmax of one row, in place: subtract the max,
// exp, divide by the sum (summed left to right). n > 0.
void SoftmaxInPlace(double* v, size_t n);

}  // namespace modelseal::inference

#endif  // MODELSEAL_INFERENCE_KERNELS_H_
