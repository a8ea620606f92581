// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The numeric kernels of inference: compact node layouts, tree traversal and
// the link functions (sigmoid, softmax, argmax) with scikit-learn's exact
// semantics. Internal to inference/; predictor.cc builds and checks the
// arrays these functions read.
#ifndef MODELSEAL_INFERENCE_KERNELS_H_
#define MODELSEAL_INFERENCE_KERNELS_H_

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "modelseal/limits.h"

namespace modelseal::inference {

// One node of a scikit-learn tree (DecisionTree, Forest, GradientBoosting).
// Invariant checked at construction: child indices are in [0, n) and no node
// is reachable twice from node 0, so traversal ends within n steps. A leaf
// has kLeaf set and both children pointing at itself (a step stays put), so
// rows can be walked in lockstep.
struct TreeNode {
  uint32_t feature;  // low 30 bits: feature; plus kMissingLeft, kLeaf
  float threshold;   // RoundDownToFloat(threshold) (see there)
  int32_t child[2];  // left, right
};
static_assert(sizeof(TreeNode) == 16);
inline constexpr uint32_t kMissingLeft = 1u << 31;
inline constexpr uint32_t kLeaf = 1u << 30;
inline constexpr uint32_t kFeatureMask = kLeaf - 1;

// The largest float f with (double)f <= t (nan for nan). For every float x,
// (double)x <= t exactly when x <= RoundDownToFloat(t): scikit-learn's
// comparison of a float32 input with a float64 threshold, done in float.
// Inline, with the step to the next float below done on the bits (this
// runs for every node of every tree at load).
inline float RoundDownToFloat(double t) {
  float f = static_cast<float>(t);   // nearest; may overflow to inf; nan stays
  if (static_cast<double>(f) > t) {  // so f is neither nan nor -inf
    uint32_t bits = std::bit_cast<uint32_t>(f);
    if (f > 0) {
      bits -= 1;  // smaller magnitude (+inf becomes the largest float)
    } else if (f < 0) {
      bits += 1;  // larger magnitude (-max becomes -inf)
    } else {
      bits = 0x80000001u;  // below +-0: the negative smallest subnormal
    }
    f = std::bit_cast<float>(bits);
  }
  return f;
}

// One step of scikit-learn's _tree.pyx apply_dense from node i: nan follows
// the node's missing flag, otherwise x <= threshold goes left. Branch-free.
inline int32_t TreeStep(const TreeNode* nodes, int32_t i, const float* x) {
  const TreeNode& n = nodes[i];
  const float v = x[n.feature & kFeatureMask];
  const bool missing_left = (n.feature & kMissingLeft) != 0;
  const bool right = !(v <= n.threshold) & !(std::isnan(v) & missing_left);
  return n.child[right];
}

// The leaf a float32 row reaches.
inline int32_t FindLeaf(const TreeNode* nodes, const float* x) {
  int32_t i = 0;
  while (!(nodes[i].feature & kLeaf)) i = TreeStep(nodes, i, x);
  return i;
}

// Walks (rows down one tree, or one row down several trees) advanced
// together: their independent loads overlap. For one row across the trees
// of a 100-tree depth-10 forest, 4 walks took 3.2 us, 8 took 2.4 us and 16
// took 2.9 us.
inline constexpr size_t kLockstep = 8;

// FindLeaf for `rows` rows (row r at x + r * stride) into leaves[r], walking
// kLockstep rows at a time.
inline void FindLeaves(const TreeNode* nodes, const float* x, size_t stride,
                       size_t rows, int32_t* leaves) {
  size_t r0 = 0;
  for (; r0 + kLockstep <= rows; r0 += kLockstep) {
    int32_t idx[kLockstep] = {};
    for (;;) {
      uint32_t inner = 0;
      for (size_t k = 0; k < kLockstep; ++k) {
        inner |= ~nodes[idx[k]].feature & kLeaf;
        idx[k] = TreeStep(nodes, idx[k], x + (r0 + k) * stride);
      }
      if (!inner) break;
    }
    for (size_t k = 0; k < kLockstep; ++k) leaves[r0 + k] = idx[k];
  }
  for (; r0 < rows; ++r0) leaves[r0] = FindLeaf(nodes, x + r0 * stride);
}

// The leaves of one float32 row x in `count` trees (leaves[t] in the tree
// whose nodes start at trees[t]), walking kLockstep trees at a time: one
// row's walks down different trees are independent, so their loads overlap
// (the single-row case).
inline void FindLeavesAcrossTrees(const TreeNode* const* trees, size_t count,
                                  const float* x, int32_t* leaves) {
  size_t t0 = 0;
  for (; t0 + kLockstep <= count; t0 += kLockstep) {
    int32_t idx[kLockstep] = {};
    for (;;) {
      uint32_t inner = 0;
      for (size_t k = 0; k < kLockstep; ++k) {
        const TreeNode* nodes = trees[t0 + k];
        inner |= ~nodes[idx[k]].feature & kLeaf;
        idx[k] = TreeStep(nodes, idx[k], x);
      }
      if (!inner) break;
    }
    for (size_t k = 0; k < kLockstep; ++k) leaves[t0 + k] = idx[k];
  }
  for (; t0 < count; ++t0) leaves[t0] = FindLeaf(trees[t0], x);
}

// One node of a HistGradientBoosting predictor (24 bytes, so that more of a
// tree shares each cache line). Same child invariant as TreeNode (a leaf
// points at itself). A leaf keeps its value in `threshold`: its step
// compares against it harmlessly and stays put. For categorical nodes
// cat.bitset < number of raw left bitsets and cat.known_row < number of
// known-category rows.
struct HistNode {
  struct CatSplit {
    uint32_t bitset;     // row of the tree's raw_left_cat_bitsets
    uint32_t known_row;  // row of known_cat_bitsets (f_idx_map[feature])
  };
  union {
    double
        threshold;  // numeric split: go left when x <= threshold; leaf: value
    CatSplit cat;   // categorical split
  };
  uint32_t child[2];  // left, right
  uint32_t feature;   // low 24 bits: feature; plus kHist* flags
};
static_assert(sizeof(HistNode) == 24);
inline constexpr uint32_t kHistLeaf = 1u << 31;
inline constexpr uint32_t kHistCategorical = 1u << 30;
inline constexpr uint32_t kHistMissingLeft = 1u << 29;
inline constexpr uint32_t kHistFeatureMask = (1u << 24) - 1;
static_assert(limits::kMaxFeatures <= kHistFeatureMask + 1ull);

// Bit `c` (0..255) of row `row` of a [rows, 8] uint32 bitset array.
inline bool InBitset(const uint32_t* bitsets, uint32_t row, uint32_t c) {
  return (bitsets[row * 8 + (c >> 5)] >> (c & 31)) & 1u;
}

// One step of scikit-learn's _predictor.pyx _predict_one_from_raw_data from
// node i (float64 compare, no cast). Categorical values outside [0, 256)
// are unknown categories (scikit-learn casts to uint8; it never feeds such
// values after its own encoding).
inline uint32_t HistStep(const HistNode* nodes, uint32_t i,
                         const uint32_t* raw_bitsets,
                         const uint32_t* known_bitsets, const double* x) {
  const HistNode& n = nodes[i];
  const double v = x[n.feature & kHistFeatureMask];
  const bool missing_left = (n.feature & kHistMissingLeft) != 0;
  if (!(n.feature & kHistCategorical)) [[likely]] {
    const bool right = !(v <= n.threshold) & !(std::isnan(v) & missing_left);
    return n.child[right];
  }
  bool left;
  if (std::isnan(v) || v < 0 || !(v < 256)) {
    left = missing_left;
  } else {
    const uint32_t c = static_cast<uint32_t>(v);
    if (InBitset(raw_bitsets, n.cat.bitset, c)) {
      left = true;
    } else if (InBitset(known_bitsets, n.cat.known_row, c)) {
      left = false;
    } else {
      left = missing_left;
    }
  }
  return n.child[left ? 0 : 1];
}

// The leaf a float64 row reaches.
inline uint32_t FindHistLeaf(const HistNode* nodes, const uint32_t* raw_bitsets,
                             const uint32_t* known_bitsets, const double* x) {
  uint32_t i = 0;
  while (!(nodes[i].feature & kHistLeaf)) {
    i = HistStep(nodes, i, raw_bitsets, known_bitsets, x);
  }
  return i;
}

// The value of the leaf a float64 row reaches.
inline double HistLeafValue(const HistNode* nodes, const uint32_t* raw_bitsets,
                            const uint32_t* known_bitsets, const double* x) {
  return nodes[FindHistLeaf(nodes, raw_bitsets, known_bitsets, x)].threshold;
}

// out[r * out_stride] += HistLeafValue(row r) for `rows` rows (row r at
// x + r * stride), kLockstep rows at a time.
inline void AddHistLeafValues(const HistNode* nodes,
                              const uint32_t* raw_bitsets,
                              const uint32_t* known_bitsets, const double* x,
                              size_t stride, size_t rows, double* out,
                              size_t out_stride) {
  size_t r0 = 0;
  for (; r0 + kLockstep <= rows; r0 += kLockstep) {
    uint32_t idx[kLockstep] = {};
    for (;;) {
      uint32_t inner = 0;
      for (size_t k = 0; k < kLockstep; ++k) {
        inner |= ~nodes[idx[k]].feature & kHistLeaf;
        idx[k] = HistStep(nodes, idx[k], raw_bitsets, known_bitsets,
                          x + (r0 + k) * stride);
      }
      if (!inner) break;
    }
    for (size_t k = 0; k < kLockstep; ++k) {
      out[(r0 + k) * out_stride] += nodes[idx[k]].threshold;
    }
  }
  for (; r0 < rows; ++r0) {
    out[r0 * out_stride] +=
        HistLeafValue(nodes, raw_bitsets, known_bitsets, x + r0 * stride);
  }
}

// One HistGradientBoosting tree as the across-trees walk sees it.
struct HistTreeRef {
  const HistNode* nodes;
  const uint32_t* raw_bitsets;  // null when the tree has no categorical split
};

// The leaves of one float64 row x in `count` trees (leaves[t] for trees[t]),
// walking kLockstep trees at a time: one row's walks down different trees
// are independent, so their loads overlap (the single-row case).
inline void FindHistLeavesAcrossTrees(const HistTreeRef* trees, size_t count,
                                      const uint32_t* known_bitsets,
                                      const double* x, uint32_t* leaves) {
  size_t t0 = 0;
  for (; t0 + kLockstep <= count; t0 += kLockstep) {
    uint32_t idx[kLockstep] = {};
    for (;;) {
      uint32_t inner = 0;
      for (size_t k = 0; k < kLockstep; ++k) {
        const HistTreeRef& t = trees[t0 + k];
        inner |= ~t.nodes[idx[k]].feature & kHistLeaf;
        idx[k] = HistStep(t.nodes, idx[k], t.raw_bitsets, known_bitsets, x);
      }
      if (!inner) break;
    }
    for (size_t k = 0; k < kLockstep; ++k) leaves[t0 + k] = idx[k];
  }
  for (; t0 < count; ++t0) {
    leaves[t0] =
        FindHistLeaf(trees[t0].nodes, trees[t0].raw_bitsets, known_bitsets, x);
  }
}

// Lanes of Dot's partial sums.
inline constexpr size_t kDotLanes = 8;

// sum(a[i] * b[i]) over i < n, in kDotLanes interleaved partial sums (lane
// j sums the i with i % kDotLanes == j) added pairwise, then the tail. The
// lanes break the dependency chain of one running sum (the compiler can keep
// them in vector registers); the result differs from a left-to-right sum
// by rounding only, as BLAS's own (blocked, FMA) result does.
inline double Dot(const double* a, const double* b, size_t n) {
  double lane[kDotLanes] = {};
  size_t i = 0;
  for (; i + kDotLanes <= n; i += kDotLanes) {
    for (size_t j = 0; j < kDotLanes; ++j) lane[j] += a[i + j] * b[i + j];
  }
  for (size_t w = kDotLanes / 2; w > 0; w /= 2) {
    for (size_t j = 0; j < w; ++j) lane[j] += lane[j + w];
  }
  double d = lane[0];
  for (; i < n; ++i) d += a[i] * b[i];
  return d;
}

// scipy.special.expit: 1 / (1 + exp(-x)).
inline double Expit(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// numpy.argmax over v[0..n): the first maximum; the first nan if any. n > 0.
size_t ArgMax(const double* v, size_t n);

// numpy's float64 sum of a contiguous row (np.sum(X, axis=1) of a C-order
// X): pairwise_sum of numpy's umath loops. Fewer than 8 values are added left
// to right from -0.0; up to 128 go into 8 running sums (lane i takes v[i],
// v[i + 8], ...) combined as ((s0 + s1) + (s2 + s3)) + ((s4 + s5) +
// (s6 + s7)), then the remainder left to right; longer rows split in two at
// a multiple of 8 near the middle. The reduction adds the row's sum to its
// identity 0.0.
double NumpyRowSum(const double* v, size_t n);

// How numpy sums one row of a [rows, n] float64 array along axis 1: a row of
// a C-order array (or the only row) is contiguous and summed by NumpyRowSum;
// a Fortran-order array with 2 or more rows is summed column by column, so
// each row left to right.
enum class RowSum { kNumpyPairwise, kLeftToRight };

// sklearn.utils.extmath.softmax of one row, in place, in its order: subtract
// the max (nan propagates), exp, sum as `sum` says, divide each by the sum.
// n > 0. Equal to scikit-learn's to the last bit where numpy's exp equals the
// C library's; numpy's own SIMD exp (AVX512F machines) differs from it by up
// to 1 ulp per value (predictor.h states the resulting bound).
void SoftmaxInPlace(double* v, size_t n, RowSum sum);

// ||v||^2 of each row of m [rows, n] (scikit-learn's row_norms(squared=True),
// an einsum; the summation order differs by rounding only).
std::vector<double> SquaredRowNorms(const double* m, size_t rows, size_t n);

// The first j < k with the smallest norms[j] + (-2 s[j]): the nearest
// center by scikit-learn's score ||c_j||^2 - 2 x.c_j, s[j] = x.c_j (k-means'
// _update_chunk_dense and pairwise_distances_argmin's EuclideanArgKmin add
// the GEMM's -2 x.c_j to the squared norm and keep the first smallest).
inline size_t FirstNearestCenter(const double* norms, const double* s,
                                 size_t k) {
  size_t best = 0;
  double best_score = norms[0] + -2.0 * s[0];
  for (size_t j = 1; j < k; ++j) {
    const double score = norms[j] + -2.0 * s[j];
    if (score < best_score) {
      best_score = score;
      best = j;
    }
  }
  return best;
}

// DiscriminantAnalysisPredictionMixin.predict_log_proba (scikit-learn 1.6
// on; QuadraticDiscriminantAnalysis, NearestCentroid) of one row's n
// decision values d: l = d - max d (nan propagates); l - log(sum exp l), the
// sum as NumpyRowSum. With `log` false, predict_proba: the exp of that.
// out must not alias d. n > 0.
void DiscriminantLogSoftmax(const double* d, size_t n, bool log, double* out);

}  // namespace modelseal::inference

#endif  // MODELSEAL_INFERENCE_KERNELS_H_
