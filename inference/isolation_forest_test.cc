// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// IsolationForest through the predictor: the leaves each row reaches (NaN
// by missing_go_to_left), the path values summed over the trees, the score
// and the labels at the offset, a zero denominator, the single-row walk
// against the block walk, several threads, and the input rules (Any: every
// value; Finite: NaN and float32-infinite values refused).
// python/tests/test_iforest_parity.py compares with scikit-learn.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

MatrixView View(const std::vector<double>& x) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / 2, 2};
}

IsolationForest& Iso(Model& m) {
  return std::get<IsolationForest>(m.estimator.kind);
}

// score_samples of a path-value sum d (SPEC §7): -2^-(d / denominator).
double Score(double d, double denominator) {
  return -std::pow(2.0, -(d / denominator));
}

TEST(IsolationForestPredict, LeavesScoresAndLabels) {
  Model m = testing::MakeIsolationForest();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  // Per row: the leaves of tree 0 (x0 <= 0.5 ? 1 : x1 <= 1.5 ? 3 : 4) and
  // tree 1 (x1 <= 0 ? 1 : x0 <= -1 ? 3 : 4; NaN left at its root).
  const std::vector<double> x = {
      0,    0,     // 1 + 1.5
      1,    2,     // 2.5 + 3
      1,    1,     // 2 + 3
      -2,   1,     // 1 + 2
      kNan, kNan,  // tree 0 right, right: 2.5; tree 1 left: 1.5
      kInf, -kInf  // tree 0 right, left: 2; tree 1 left: 1.5
  };
  const std::vector<double> d = {2.5, 5.5, 5, 3, 4, 3.5};
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View(x), &pred).ok());
  Matrix<double> score;
  ASSERT_TRUE((*p)->DecisionFunction(View(x), &score).ok());
  ASSERT_EQ(score.cols, 1u);
  for (size_t r = 0; r < d.size(); ++r) {
    const double s = Score(d[r], 4);
    EXPECT_EQ(score.data[r], s) << r;
    // -1 (class 0) where s - offset < 0.
    EXPECT_EQ(pred.classes.data[r], s - (-0.6) < 0 ? 0 : 1) << r;
  }
  EXPECT_EQ(pred.classes.data[0], 0);  // -2^-0.625 = -0.648 < -0.6
  EXPECT_EQ(pred.classes.data[1], 1);
  // No probabilities.
  std::vector<Matrix<double>> proba;
  EXPECT_FALSE((*p)->PredictProba(View(x), &proba).ok());
}

TEST(IsolationForestPredict, ValuesBeyondFloat32WalkAsInfinity) {
  // The "anything" rule checks nothing: as numpy's astype(float32), a value
  // beyond float32's range (from FLT_MAX plus half its ulp) is +-inf.
  Model m = testing::MakeIsolationForest();
  ASSERT_EQ(Iso(m).input, IsolationInput::kAny);
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  // Each row walks as (inf, -inf) does in LeavesScoresAndLabels: d = 3.5.
  std::vector<double> x;
  for (double v : {kInf, 1e300, 0x1.ffffffp127, DBL_MAX}) {
    x.push_back(v);
    x.push_back(-v);
  }
  Matrix<double> score;
  ASSERT_TRUE((*p)->DecisionFunction(View(x), &score).ok());
  for (size_t r = 0; r < 4; ++r) EXPECT_EQ(score.data[r], Score(3.5, 4)) << r;
}

TEST(IsolationForestPredict, ZeroDenominatorScoresMinusHalf) {
  // max_samples_ 1: np.divide's out=ones makes the quotient 1.
  Model m = testing::MakeIsolationForest();
  Iso(m).denominator = 0;
  for (Tree& t : Iso(m).trees) {
    t.value = Tensor::FromVector(std::vector<double>(5, 0.0), {5, 1, 1});
  }
  Iso(m).offset = -0.5;
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x = {0, 0, 3, -4};
  Matrix<double> score;
  ASSERT_TRUE((*p)->DecisionFunction(View(x), &score).ok());
  EXPECT_EQ(score.data, (std::vector<double>{-0.5, -0.5}));
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View(x), &pred).ok());
  EXPECT_EQ(pred.classes.data, (std::vector<int64_t>{1, 1}));  // 0 is inlier
}

TEST(IsolationForestPredict, BlocksRowsAndThreadsAgree) {
  Model m = testing::MakeIsolationForest();
  // 40 trees (the example's two, alternating), so that one row walks
  // kLockstep trees at a time and a block walks tree by tree.
  std::vector<Tree> trees;
  for (int i = 0; i < 20; ++i) {
    trees.push_back(Iso(m).trees[0]);
    trees.push_back(Iso(m).trees[1]);
  }
  Iso(m).trees = trees;
  Iso(m).denominator = 80;
  std::vector<double> x;
  for (int i = 0; i < 3000; ++i) {
    x.push_back(std::sin(i * 0.7) * 2);
    x.push_back(i % 17 == 0 ? kNan : std::cos(i * 1.3) * 2);
  }
  auto one = Predictor::Create(m);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  Matrix<double> all;
  ASSERT_TRUE((*one)->DecisionFunction(View(x), &all).ok());
  PredictOptions two;
  two.n_threads = 2;
  Matrix<double> threaded;
  ASSERT_TRUE((*one)->DecisionFunction(View(x), &threaded, two).ok());
  EXPECT_EQ(threaded.data, all.data);
  for (size_t r = 0; r < 50; ++r) {
    std::vector<double> row(x.begin() + 2 * r, x.begin() + 2 * r + 2);
    Matrix<double> s;
    ASSERT_TRUE((*one)->DecisionFunction(View(row), &s).ok());
    EXPECT_EQ(s.data[0], all.data[r]) << r;
  }
}

TEST(IsolationForestPredict, FiniteInputRule) {
  Model m = testing::MakeIsolationForest();
  Iso(m).input = IsolationInput::kFinite;
  Iso(m).trees[1].missing_go_to_left = Tensor();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  PredictOutput pred;
  std::vector<double> x = {0, kNan};
  Status s = (*p)->Predict(View(x), &pred);
  EXPECT_EQ(s.code(), ErrorCode::kInputNaN) << s.ToString();
  x = {1e300, 0};  // infinite once cast to float32
  s = (*p)->Predict(View(x), &pred);
  EXPECT_EQ(s.code(), ErrorCode::kInputInfinite) << s.ToString();
  x = {3e38, 0};
  EXPECT_TRUE((*p)->Predict(View(x), &pred).ok());
}

}  // namespace
}  // namespace modelseal
