// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// RadiusNeighbors through the predictor: distance weights with and without
// a zero distance, an outlier row given the outlier label's probability,
// uniform votes tied to the first class, a row with no neighbour refused
// without an outlier label (E928) and predicted NaN by a regressor, the
// euclidean |x|^2 - 2 x.y + |y|^2 form, and non-finite input refused.
// python/tests/test_radius_neighbors_parity.py compares with scikit-learn.
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

TEST(RadiusNeighborsPredict, DistanceWeightsAndOutlierLabel) {
  // KDTree, radius 1.5; rows (0,0) (1,0) (0,1) | (3,3) (4,3) (3,4),
  // classes 0 0 1 | 1 1 0; an outlier gets probability 1 on class 1.
  auto p = Predictor::Create(testing::MakeRadiusNeighborsClassifier());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x = {0, 0, 0.5, 0, 10, 10};
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View(x), &pred).ok());
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE((*p)->PredictProba(View(x), &proba).ok());
  ASSERT_EQ(proba.size(), 1u);
  // Row 0 is training row 0: weight 1 on it alone.
  EXPECT_EQ(pred.classes.data[0], 0);
  EXPECT_EQ(proba[0].data[0], 1.0);
  EXPECT_EQ(proba[0].data[1], 0.0);
  // Row 1: 1/d to rows 0, 1 (0.5, class 0) and 2 (sqrt 1.25, class 1).
  const double c0 = 2.0 + 2.0, c1 = 1.0 / std::sqrt(1.25);
  EXPECT_EQ(pred.classes.data[1], 0);
  EXPECT_DOUBLE_EQ(proba[0].data[2], c0 / (c0 + c1));
  EXPECT_DOUBLE_EQ(proba[0].data[3], c1 / (c0 + c1));
  // Row 2 has no neighbour: the outlier label's class.
  EXPECT_EQ(pred.classes.data[2], 1);
  EXPECT_EQ(proba[0].data[4], 0.0);
  EXPECT_EQ(proba[0].data[5], 1.0);
}

TEST(RadiusNeighborsPredict, UniformVotesAndNoNeighbourRefused) {
  // Brute, radius 1.5, classes 0 1 2 2 1 0, no outlier label.
  auto p = Predictor::Create(testing::MakeRadiusNeighborsBrute());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  // (0,0): rows 0 1 2 (0, 1 and 1), a three-way tie to class 0.
  // (0.1,-0.6): rows 0 and 1 (row 2 at sqrt 2.57).
  const std::vector<double> x = {0, 0, 0.1, -0.6};
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View(x), &pred).ok());
  EXPECT_EQ(pred.classes.data[0], 0);
  EXPECT_EQ(pred.classes.data[1], 0);
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE((*p)->PredictProba(View(x), &proba).ok());
  EXPECT_EQ(proba[0].data[0], 1.0 / 3.0);
  EXPECT_EQ(proba[0].data[1], 1.0 / 3.0);
  EXPECT_EQ(proba[0].data[2], 1.0 / 3.0);
  EXPECT_EQ(proba[0].data[3], 0.5);
  EXPECT_EQ(proba[0].data[4], 0.5);
  EXPECT_EQ(proba[0].data[5], 0.0);
  const std::vector<double> far = {0, 0, 10, 10};
  Status s = (*p)->Predict(View(far), &pred);
  EXPECT_EQ(s.code(), ErrorCode::kInputNoNeighbors) << s.ToString();
  EXPECT_EQ(s.context(), "X[1]") << s.ToString();
  s = (*p)->PredictProba(View(far), &proba);
  EXPECT_EQ(s.code(), ErrorCode::kInputNoNeighbors) << s.ToString();
  const std::vector<double> nan = {std::nan(""), 0};
  EXPECT_EQ((*p)->Predict(View(nan), &pred).code(), ErrorCode::kInputNaN);
}

TEST(RadiusNeighborsPredict, RegressorMeansAndNaNWithoutNeighbour) {
  // Brute (euclidean as |x|^2 - 2 x.y + |y|^2), radius 1.5, 2 outputs: y rows
  // (0,1) (2,3) (4,5) (6,7) (8,9) (10,11).
  auto p = Predictor::Create(testing::MakeRadiusNeighborsRegressor());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x = {0, 0, 10, 10, 3.5, 3.5};
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View(x), &pred).ok());
  ASSERT_EQ(pred.values.data.size(), 6u);
  EXPECT_EQ(pred.values.data[0], 2.0);
  EXPECT_EQ(pred.values.data[1], 3.0);
  EXPECT_TRUE(std::isnan(pred.values.data[2]));
  EXPECT_TRUE(std::isnan(pred.values.data[3]));
  // (3.5,3.5): rows 3 4 5 (0.71 each), means of 6 8 10 and 7 9 11.
  EXPECT_EQ(pred.values.data[4], 8.0);
  EXPECT_EQ(pred.values.data[5], 9.0);
}

}  // namespace
}  // namespace modelseal
