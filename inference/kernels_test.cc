// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "inference/kernels.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <vector>

namespace modelseal::inference {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// (double)x <= t must agree with x <= RoundDownToFloat(t) for floats x
// around t.
void ExpectSameComparison(double t) {
  const float r = RoundDownToFloat(t);
  float x = static_cast<float>(t);
  for (int i = 0; i < 4; ++i) x = std::nextafter(x, -INFINITY);
  for (int i = 0; i < 9; ++i, x = std::nextafter(x, INFINITY)) {
    EXPECT_EQ(static_cast<double>(x) <= t, x <= r) << "t=" << t << " x=" << x;
  }
}

TEST(RoundDownToFloat, MatchesDoubleComparison) {
  for (double t : {0.1, -0.1, 0.5, 1.0 / 3, -2.5e-8, 1e30, -1e30, 3.4e38, 1e-45,
                   0.0, -0.0}) {
    ExpectSameComparison(t);
  }
}

// The definition, with the C library's nextafter.
float RoundDownReference(double t) {
  if (std::isnan(t)) return std::numeric_limits<float>::quiet_NaN();
  float f = static_cast<float>(t);
  if (static_cast<double>(f) > t) {
    f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  }
  return f;
}

TEST(RoundDownToFloat, MatchesNextafterReference) {
  // Random bit patterns cover every exponent, subnormals, zeros, infinities
  // and nans; then the float boundaries and their neighbours.
  std::mt19937_64 rng(42);
  std::vector<double> ts;
  for (int i = 0; i < 200000; ++i) {
    ts.push_back(std::bit_cast<double>(rng()));
  }
  for (float f :
       {0.0f, -0.0f, std::numeric_limits<float>::denorm_min(),
        -std::numeric_limits<float>::denorm_min(),
        std::numeric_limits<float>::min(), std::numeric_limits<float>::max(),
        -std::numeric_limits<float>::max(), INFINITY, -INFINITY}) {
    const double d = f;
    ts.push_back(d);
    ts.push_back(std::nextafter(d, INFINITY));
    ts.push_back(std::nextafter(d, -INFINITY));
  }
  ts.push_back(1e-300);
  ts.push_back(-1e-300);
  for (double t : ts) {
    const float got = RoundDownToFloat(t), want = RoundDownReference(t);
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(got)) << t;
    } else {
      EXPECT_EQ(std::bit_cast<uint32_t>(got), std::bit_cast<uint32_t>(want))
          << "t=" << t;
    }
  }
}

TEST(RoundDownToFloat, Values) {
  EXPECT_EQ(RoundDownToFloat(0.5), 0.5f);
  // (float)0.1 rounds up above 0.1, so the next float below is used.
  EXPECT_LT(static_cast<double>(RoundDownToFloat(0.1)), 0.1);
  EXPECT_GT(static_cast<double>(std::nextafter(RoundDownToFloat(0.1), 1.0f)),
            0.1);
  EXPECT_EQ(RoundDownToFloat(1e300), std::numeric_limits<float>::max());
  EXPECT_EQ(RoundDownToFloat(-1e300), -INFINITY);
  EXPECT_EQ(RoundDownToFloat(INFINITY), INFINITY);
  EXPECT_TRUE(std::isnan(RoundDownToFloat(kNan)));
}

TEST(ArgMax, FirstMaximumAndNan) {
  std::vector<double> a{1, 3, 3, 2};
  EXPECT_EQ(ArgMax(a.data(), a.size()), 1u);
  std::vector<double> b{0.5, 0.5};
  EXPECT_EQ(ArgMax(b.data(), b.size()), 0u);
  std::vector<double> c{1, kNan, 5, kNan};
  EXPECT_EQ(ArgMax(c.data(), c.size()), 1u);
  std::vector<double> d{-INFINITY, -1};
  EXPECT_EQ(ArgMax(d.data(), d.size()), 1u);
}

// Sums numpy 2.4.6 gave for np.sum(X, axis=1) where adding left to right
// gives another value (the last bit).
TEST(NumpyRowSum, PairwiseLikeNumpy) {
  const std::vector<double> ten{0x1.083a322af5771p-1,  0x1.fd9584c360b28p-34,
                                0x1.3f3a14cec41ddp-1,  0x1.aafc6a27b3529p-31,
                                0x1.39db877ab3248p-1,  0x1.d5a8155d5f56ap-1,
                                0x1.5c438290e2103p-35, 0x1.0ea337a80cf9ep-1,
                                0x1.d65c2d2780779p-2,  0x1.1237dbf3fbb09p-34};
  EXPECT_EQ(NumpyRowSum(ten.data(), ten.size()), 0x1.d4324c85890bcp+1);
  double left_to_right = 0;
  for (double v : ten) left_to_right += v;
  EXPECT_EQ(left_to_right, 0x1.d4324c85890bdp+1);
  // Over 128 values: split in two.
  std::vector<double> long_row(300);
  for (size_t i = 0; i < long_row.size(); ++i) {
    long_row[i] = static_cast<double>((i * 7919) % 1000) / 997.0 +
                  (i % 3 == 0 ? 1e-9 : 0.0);
  }
  EXPECT_EQ(NumpyRowSum(long_row.data(), long_row.size()),
            0x1.2d341fda45ae8p+7);
  const std::vector<double> three{1, 2, 3};
  EXPECT_EQ(NumpyRowSum(three.data(), 3), 6.0);
}

TEST(Softmax, Values) {
  std::vector<double> a{0, 0};
  SoftmaxInPlace(a.data(), 2, RowSum::kNumpyPairwise);
  EXPECT_EQ(a[0], 0.5);
  EXPECT_EQ(a[1], 0.5);
  // Max subtracted first: no overflow.
  std::vector<double> b{1000, 1000, 1000, 1000};
  SoftmaxInPlace(b.data(), 4, RowSum::kNumpyPairwise);
  for (double v : b) EXPECT_EQ(v, 0.25);
  std::vector<double> c{1, 2, 3};
  SoftmaxInPlace(c.data(), 3, RowSum::kNumpyPairwise);
  const double e1 = std::exp(-2.0), e2 = std::exp(-1.0);
  const double sum = e1 + e2 + 1.0;
  EXPECT_EQ(c[0], e1 / sum);
  EXPECT_EQ(c[1], e2 / sum);
  EXPECT_EQ(c[2], 1.0 / sum);
  std::vector<double> d{1, kNan};
  SoftmaxInPlace(d.data(), 2, RowSum::kLeftToRight);
  EXPECT_TRUE(std::isnan(d[0]));
}

// 10 classes: the exps' pairwise and left-to-right sums differ in the last
// bit, and each order divides by its own sum.
TEST(Softmax, SumOrder) {
  const std::vector<double> x{0.0,  3.028, 2.056, 1.084, 0.112,
                              3.14, 2.168, 1.196, 0.224, 3.252};
  std::vector<double> e(x.size());
  for (size_t j = 0; j < x.size(); ++j) e[j] = std::exp(x[j] - 3.252);
  double left_to_right = 0;
  for (double v : e) left_to_right += v;
  const double pairwise = NumpyRowSum(e.data(), e.size());
  ASSERT_NE(left_to_right, pairwise);
  std::vector<double> p = x, l = x;
  SoftmaxInPlace(p.data(), p.size(), RowSum::kNumpyPairwise);
  SoftmaxInPlace(l.data(), l.size(), RowSum::kLeftToRight);
  for (size_t j = 0; j < x.size(); ++j) {
    EXPECT_EQ(p[j], e[j] / pairwise) << j;
    EXPECT_EQ(l[j], e[j] / left_to_right) << j;
  }
}

TEST(Expit, Values) {
  EXPECT_EQ(Expit(0), 0.5);
  EXPECT_EQ(Expit(2), 1 / (1 + std::exp(-2.0)));
  EXPECT_EQ(Expit(-800), 0.0);
  EXPECT_EQ(Expit(800), 1.0);
}

// Root: x0 <= 0.5 (nan right); node 1: x1 <= -1 (nan left).
//        0
//      1   4
//     2 3
std::vector<TreeNode> SmallTree() {
  return {
      {0, 0.5f, {1, 4}},  {1u | kMissingLeft, -1.0f, {2, 3}},
      {kLeaf, 0, {2, 2}}, {kLeaf, 0, {3, 3}},
      {kLeaf, 0, {4, 4}},
  };
}

TEST(FindLeaf, RoutesIncludingNan) {
  auto t = SmallTree();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto leaf = [&](float a, float b) {
    float x[2] = {a, b};
    return FindLeaf(t.data(), x);
  };
  EXPECT_EQ(leaf(0.5f, -1.0f), 2);  // <= goes left at both
  EXPECT_EQ(leaf(0.5f, -0.99f), 3);
  EXPECT_EQ(leaf(0.51f, 0), 4);
  EXPECT_EQ(leaf(nan, -5), 4);  // root: nan goes right
  EXPECT_EQ(leaf(0, nan), 2);   // node 1: nan goes left
  EXPECT_EQ(leaf(-INFINITY, INFINITY), 3);
}

TEST(FindLeaves, LockstepMatchesOneByOne) {
  auto t = SmallTree();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // 19 rows: two full lockstep groups and a remainder.
  std::vector<float> x;
  const float vals[] = {0.5f, -1.0f, 0.51f, nan, 0.0f, -0.99f, INFINITY};
  for (int r = 0; r < 19; ++r) {
    x.push_back(vals[r % 7]);
    x.push_back(vals[(r * 3 + 1) % 7]);
  }
  std::vector<int32_t> leaves(19);
  FindLeaves(t.data(), x.data(), 2, 19, leaves.data());
  for (int r = 0; r < 19; ++r) {
    EXPECT_EQ(leaves[r], FindLeaf(t.data(), x.data() + 2 * r)) << r;
  }
}

HistNode Leaf(double value, uint32_t self) {
  HistNode n{};
  n.threshold = value;
  n.child[0] = n.child[1] = self;
  n.feature = kHistLeaf;
  return n;
}

HistNode Split(double threshold, uint32_t feature_and_flags, uint32_t left,
               uint32_t right) {
  HistNode n{};
  n.threshold = threshold;
  n.child[0] = left;
  n.child[1] = right;
  n.feature = feature_and_flags;
  return n;
}

// Trees that differ: the small tree with its root threshold moved.
TEST(FindLeavesAcrossTrees, MatchesOneByOne) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // 19 trees: two full lockstep groups and a remainder.
  std::vector<std::vector<TreeNode>> forest;
  std::vector<const TreeNode*> roots;
  for (int t = 0; t < 19; ++t) {
    forest.push_back(SmallTree());
    forest.back()[0].threshold = -1.0f + 0.125f * static_cast<float>(t);
    forest.back()[1].threshold = 1.0f - 0.125f * static_cast<float>(t);
  }
  for (const auto& t : forest) roots.push_back(t.data());
  const float rows[][2] = {{0.5f, -1.0f}, {nan, 0.0f},  {0.0f, nan},
                           {-2.0f, 2.0f}, {0.3f, 0.2f}, {INFINITY, -INFINITY}};
  for (const auto& x : rows) {
    std::vector<int32_t> leaves(19, -7);
    FindLeavesAcrossTrees(roots.data(), 19, x, leaves.data());
    std::set<int32_t> seen;
    for (int t = 0; t < 19; ++t) {
      EXPECT_EQ(leaves[t], FindLeaf(roots[t], x)) << t;
      seen.insert(leaves[t]);
    }
    // The thresholds vary: at least one row reaches different leaves.
    if (x[0] == 0.3f) {
      EXPECT_GT(seen.size(), 1u);
    }
  }
}

// A categorical root on feature 0 with left categories {1, 3}; known
// categories {0, 1, 2, 3, 5}.
struct CatFixture {
  std::vector<uint32_t> raw_left = {(1u << 1) | (1u << 3), 0, 0, 0, 0, 0, 0, 0};
  std::vector<uint32_t> known = {0b101111u, 0, 0, 0, 0, 0, 0, 0};
  std::vector<HistNode> nodes;
  explicit CatFixture(bool missing_left) {
    uint32_t flags = kHistCategorical;
    if (missing_left) flags |= kHistMissingLeft;
    nodes = {Split(0, flags, 1, 2), Leaf(-1.0, 1), Leaf(+1.0, 2)};
    nodes[0].cat = HistNode::CatSplit{0, 0};
  }
  double Eval(double v) const {
    return HistLeafValue(nodes.data(), raw_left.data(), known.data(), &v);
  }
};

TEST(HistLeafValue, CategoricalRouting) {
  for (bool missing_left : {false, true}) {
    CatFixture f(missing_left);
    const double missing_side = missing_left ? -1.0 : 1.0;
    EXPECT_EQ(f.Eval(1), -1.0);
    EXPECT_EQ(f.Eval(3), -1.0);
    EXPECT_EQ(f.Eval(3.7), -1.0);  // truncated to category 3
    EXPECT_EQ(f.Eval(0), 1.0);     // known, not in the left set
    EXPECT_EQ(f.Eval(2), 1.0);
    EXPECT_EQ(f.Eval(5), 1.0);
    EXPECT_EQ(f.Eval(4), missing_side);  // unknown category
    EXPECT_EQ(f.Eval(200), missing_side);
    EXPECT_EQ(f.Eval(-1), missing_side);  // negative
    EXPECT_EQ(f.Eval(-0.5), missing_side);
    EXPECT_EQ(f.Eval(256), missing_side);  // outside uint8
    EXPECT_EQ(f.Eval(257), missing_side);  // not category 1
    EXPECT_EQ(f.Eval(INFINITY), missing_side);
    EXPECT_EQ(f.Eval(kNan), missing_side);
  }
}

TEST(AddHistLeafValues, LockstepMatchesOneByOne) {
  CatFixture f(true);
  const double vals[] = {1, 3, 0, 2, 4, -1, kNan, 300, 3.5, 5, 7};
  std::vector<double> x(vals, vals + 11);
  std::vector<double> out(22, 0.5);  // every other slot (out_stride 2)
  AddHistLeafValues(f.nodes.data(), f.raw_left.data(), f.known.data(), x.data(),
                    1, 11, out.data(), 2);
  for (size_t r = 0; r < 11; ++r) {
    EXPECT_EQ(out[2 * r], 0.5 + f.Eval(x[r])) << r;
    EXPECT_EQ(out[2 * r + 1], 0.5);
  }
}

TEST(FindHistLeavesAcrossTrees, MatchesOneByOne) {
  // 11 trees: a categorical root (missing left or right) or a numeric root
  // whose threshold moves with t.
  CatFixture cat_left(true), cat_right(false);
  std::vector<std::vector<HistNode>> numeric;
  std::vector<HistTreeRef> trees;
  for (uint32_t t = 0; t < 11; ++t) {
    if (t % 3 == 0) {
      trees.push_back({cat_left.nodes.data(), cat_left.raw_left.data()});
    } else if (t % 3 == 1) {
      trees.push_back({cat_right.nodes.data(), cat_right.raw_left.data()});
    } else {
      numeric.push_back(
          {Split(0.5 * t, kHistMissingLeft, 1, 2), Leaf(-1, 1), Leaf(+1, 2)});
    }
  }
  for (const auto& n : numeric) {
    trees.push_back({n.data(), nullptr});
  }
  for (double v : {1.0, 3.0, 0.0, 2.0, 4.0, -1.0, kNan, 300.0, 3.5}) {
    std::vector<uint32_t> leaves(trees.size(), 99);
    FindHistLeavesAcrossTrees(trees.data(), trees.size(), cat_left.known.data(),
                              &v, leaves.data());
    for (size_t t = 0; t < trees.size(); ++t) {
      EXPECT_EQ(leaves[t], FindHistLeaf(trees[t].nodes, trees[t].raw_bitsets,
                                        cat_left.known.data(), &v))
          << t << " " << v;
    }
  }
}

TEST(HistLeafValue, NumericNoCast) {
  // Threshold between a double and its float rounding: no float32 cast.
  const double thr = 0.1;
  std::vector<HistNode> nodes = {Split(thr, kHistMissingLeft, 1, 2),
                                 Leaf(-1.0, 1), Leaf(+1.0, 2)};
  auto eval = [&](double v) {
    return HistLeafValue(nodes.data(), nullptr, nullptr, &v);
  };
  EXPECT_EQ(eval(0.1), -1.0);
  EXPECT_EQ(eval(std::nextafter(0.1, 1.0)), 1.0);
  EXPECT_EQ(eval(kNan), -1.0);
  EXPECT_EQ(eval(INFINITY), 1.0);
}

}  // namespace
}  // namespace modelseal::inference
