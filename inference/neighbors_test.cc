// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Neighbors through the predictor: distance weights with and without a
// zero distance, a tie at the k-th neighbour broken by training order
// (brute) and by the tree's visiting order (BallTree), a vote tie going to
// the smallest class index, euclidean brute force through BLAS, several
// threads, and non-finite input refused.
// python/tests/test_knn_parity.py compares with scikit-learn.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

MatrixView View(const std::vector<double>& x) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / 2, 2};
}

TEST(NeighborsPredict, DistanceWeightsAndZeroDistance) {
  // KDTree, k 3; rows (0,0) (1,0) (0,1) | (3,3) (4,3) (3,4), classes
  // 0 0 1 | 1 1 0.
  auto p = Predictor::Create(testing::MakeNeighborsClassifier());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x = {0, 0, 0.2, 0.2, 3.5, 3.5};
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View(x), &pred).ok());
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE((*p)->PredictProba(View(x), &proba).ok());
  ASSERT_EQ(proba.size(), 1u);
  // Row 0 is training row 0: weight 1 on it alone.
  EXPECT_EQ(pred.classes.data[0], 0);
  EXPECT_EQ(proba[0].data[0], 1.0);
  EXPECT_EQ(proba[0].data[1], 0.0);
  // Row 1: 1/d to rows 0, 1 (class 0) and 2 (class 1).
  const double d0 = std::sqrt(0.2 * 0.2 + 0.2 * 0.2);
  const double d1 = std::sqrt(0.8 * 0.8 + 0.2 * 0.2);
  const double c0 = 1.0 / d0 + 1.0 / d1, c1 = 1.0 / d1;
  EXPECT_EQ(pred.classes.data[1], 0);
  EXPECT_DOUBLE_EQ(proba[0].data[2], c0 / (c0 + c1));
  EXPECT_DOUBLE_EQ(proba[0].data[3], c1 / (c0 + c1));
  // Row 2: three equal distances, classes 1 1 0.
  EXPECT_EQ(pred.classes.data[2], 1);
  EXPECT_DOUBLE_EQ(proba[0].data[4], 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(proba[0].data[5], 2.0 / 3.0);
}

TEST(NeighborsPredict, BruteTiesAtTheKthNeighbourAndInTheVote) {
  // Brute, manhattan, k 4, classes 0 1 2 2 1 0.
  auto p = Predictor::Create(testing::MakeNeighborsBrute());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  // (2,2): distances 4 3 3 2 3 3. Rows 0-3 fill the heap, row 4 (3)
  // replaces row 0 (4), row 5 (3) is refused (not below the largest, 3):
  // rows 1 2 3 4, classes 1 2 2 1, a tie that goes to class 1.
  // (0.5,0.5): rows 0 1 2 (1) and 3 (5): classes 0 1 2 2, class 2.
  const std::vector<double> x = {2, 2, 0.5, 0.5};
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View(x), &pred).ok());
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE((*p)->PredictProba(View(x), &proba).ok());
  EXPECT_EQ(pred.classes.data[0], 1);
  EXPECT_EQ(proba[0].data[0], 0.0);
  EXPECT_EQ(proba[0].data[1], 0.5);
  EXPECT_EQ(proba[0].data[2], 0.5);
  EXPECT_EQ(pred.classes.data[1], 2);
  EXPECT_EQ(proba[0].data[3], 0.25);
  EXPECT_EQ(proba[0].data[5], 0.5);
}

TEST(NeighborsPredict, BruteEuclideanThroughBlas) {
  // The same model with the euclidean metric: |x|^2 + (-2 x.a) + |a|^2 by
  // cblas_ddot and cblas_dgemm, exact on these small integers. From (2,2):
  // squared distances 8 5 5 2 5 5, the same heap story as manhattan's.
  Model m = testing::MakeNeighborsBrute();
  std::get<Neighbors>(m.estimator.kind).metric = NeighborsMetric::kEuclidean;
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  std::vector<double> x;
  for (int i = 0; i < 300; ++i) {
    x.push_back(2);
    x.push_back(2);
  }
  std::vector<Matrix<double>> proba;
  PredictOptions opts;
  opts.n_threads = 2;
  ASSERT_TRUE((*p)->PredictProba(View(x), &proba, opts).ok());
  for (size_t r = 0; r < 300; ++r) {
    ASSERT_EQ(proba[0].data[3 * r], 0.0) << r;
    ASSERT_EQ(proba[0].data[3 * r + 1], 0.5) << r;
    ASSERT_EQ(proba[0].data[3 * r + 2], 0.5) << r;
  }
}

TEST(NeighborsPredict, BallTreeVisitingOrderBreaksTies) {
  // BallTree, minkowski p 3, k 2, two outputs; y rows (0,1) (2,3) ...
  // (10,11). From (3,3): row 3 at 0, rows 4 and 5 both at 1. The tree's
  // second leaf lists rows 3, 5, 4: row 5 enters, row 4 is refused (brute
  // force would keep row 4).
  auto p = Predictor::Create(testing::MakeNeighborsRegressor());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x = {3, 3, 0, 0};
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View(x), &pred).ok());
  ASSERT_EQ(pred.values.cols, 2u);
  EXPECT_EQ(pred.values.data[0], (6 + 10) / 2.0);
  EXPECT_EQ(pred.values.data[1], (7 + 11) / 2.0);
  // From (0,0): rows 0 (0), then 1 and 2 (1): leaf order 2, 0, 1 keeps 2.
  EXPECT_EQ(pred.values.data[2], (0 + 4) / 2.0);
  EXPECT_EQ(pred.values.data[3], (1 + 5) / 2.0);
}

TEST(NeighborsPredict, ThreadsAndInputRule) {
  auto p = Predictor::Create(testing::MakeNeighborsClassifier());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  std::vector<double> x;
  for (int i = 0; i < 500; ++i) {
    x.push_back(std::fmod(i * 0.37, 4.5));
    x.push_back(std::fmod(i * 0.73, 4.5));
  }
  PredictOutput one, two;
  ASSERT_TRUE((*p)->Predict(View(x), &one).ok());
  PredictOptions opts;
  opts.n_threads = 2;
  ASSERT_TRUE((*p)->Predict(View(x), &two, opts).ok());
  EXPECT_EQ(one.classes.data, two.classes.data);
  const std::vector<double> bad = {0, std::numeric_limits<double>::quiet_NaN()};
  EXPECT_FALSE((*p)->Predict(View(bad), &one).ok());
}

}  // namespace
}  // namespace modelseal
