// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// NearestCentroid through the predictor, against the formulas written out
// here: the nearest centroid (euclidean, manhattan) with its tie to the
// first class, the discriminant rule with std_dev (a zero one leaves its
// feature unscaled) and priors, the log-softmax probabilities, the binary
// decision d1 - d0, and the methods a model without priors lacks.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/builders.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

MatrixView View(const std::vector<double>& x, size_t cols) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / cols, cols};
}

NearestCentroid& Nc(Model& m) {
  return std::get<NearestCentroid>(m.estimator.kind);
}

// The example model's discriminants: centroids (0, 0), (3, 0), (0, 3),
// std_dev (0.5, 0) (the second feature unscaled), priors (.5, .25, .25).
std::vector<double> Discriminants(const double* x) {
  const double c[3][2] = {{0, 0}, {3, 0}, {0, 3}};
  const double priors[3] = {0.5, 0.25, 0.25};
  std::vector<double> d(3);
  for (size_t i = 0; i < 3; ++i) {
    const double a = x[0] / 0.5 - c[i][0] / 0.5, b = x[1] - c[i][1];
    d[i] = -(a * a + b * b) + 2 * std::log(priors[i]);
  }
  return d;
}

TEST(NearestCentroid, DiscriminantRuleDecisionAndProba) {
  Model m = testing::MakeNearestCentroid();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_TRUE((*p)->HasMethod(PredictMethod::kPredictProba));
  ASSERT_TRUE((*p)->HasMethod(PredictMethod::kPredictLogProba));
  ASSERT_TRUE((*p)->HasMethod(PredictMethod::kDecisionFunction));
  // Row 1 is nearer centroid 1 but its prior is lower: discriminant 0 wins
  // (d = (-1.44 - 1.386, -(6.25 - ...)...) as computed below.
  const std::vector<double> x = {0.1, -0.2, 0.8, 0.0, 2.5, 0.3, -0.4, 2.9};
  Matrix<double> dec;
  ASSERT_TRUE((*p)->DecisionFunction(View(x, 2), &dec).ok());
  PredictOutput out;
  ASSERT_TRUE((*p)->Predict(View(x, 2), &out).ok());
  std::vector<Matrix<double>> pr, lp;
  ASSERT_TRUE((*p)->PredictProba(View(x, 2), &pr).ok());
  ASSERT_TRUE((*p)->PredictLogProba(View(x, 2), &lp).ok());
  for (size_t r = 0; r < 4; ++r) {
    const std::vector<double> d = Discriminants(x.data() + 2 * r);
    size_t best = 0;
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_NEAR(dec.data[r * 3 + i], d[i], 1e-12 * (1 + std::fabs(d[i])));
      if (d[i] > d[best]) best = i;
    }
    EXPECT_EQ(out.classes.data[r], static_cast<int64_t>(best)) << r;
    const double mx = d[best];
    double sum = 0;
    for (size_t i = 0; i < 3; ++i) sum += std::exp(d[i] - mx);
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_NEAR(pr[0].data[r * 3 + i], std::exp(d[i] - mx) / sum, 1e-14);
      EXPECT_NEAR(lp[0].data[r * 3 + i], (d[i] - mx) - std::log(sum), 1e-13);
    }
  }
  // Row 1, (0.8, 0): centroid 1 is nearer in the scaled space (1.6^2 =
  // 2.56 vs 4.4^2) but not by enough to beat 2 log 0.5 - 2 log 0.25.
  EXPECT_EQ(out.classes.data[1], 0);
  // The nearest rule on the same model: centroid 0 for row 0, 1 for row 2.
  Nc(m).rule = CentroidRule::kNearest;
  auto q = Predictor::Create(m);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_TRUE((*q)->Predict(View(x, 2), &out).ok());
  EXPECT_EQ(out.classes.data[0], 0);
  EXPECT_EQ(out.classes.data[1], 0);  // 0.64 vs 4.84
  EXPECT_EQ(out.classes.data[2], 1);
  EXPECT_EQ(out.classes.data[3], 2);
}

TEST(NearestCentroid, BinaryDecisionIsTheDifference) {
  Model m = testing::MakeNearestCentroid();
  m.output.classes[0] = testing::StrClasses({"a", "b"});
  Nc(m).centroids = Tensor::FromVector(std::vector<double>{0, 0, 3, 0}, {2, 2});
  Nc(m).priors = Tensor::FromVector(std::vector<double>{0.75, 0.25});
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x = {1.0, 2.0, 2.0, -1.0};
  Matrix<double> dec;
  ASSERT_TRUE((*p)->DecisionFunction(View(x, 2), &dec).ok());
  ASSERT_EQ(dec.cols, 1u);
  for (size_t r = 0; r < 2; ++r) {
    const double a0 = x[2 * r] / 0.5, b = x[2 * r + 1];
    const double a1 = (x[2 * r] - 3) / 0.5;
    const double d0 = -(a0 * a0 + b * b) + 2 * std::log(0.75);
    const double d1 = -(a1 * a1 + b * b) + 2 * std::log(0.25);
    EXPECT_NEAR(dec.data[r], d1 - d0, 1e-12 * (1 + std::fabs(d1 - d0)));
  }
}

TEST(NearestCentroid, ManhattanWithoutPriorsPredictsOnly) {
  // Centroids (0, 0) and (2, 2): (1, 1) and (2, 0) are equidistant (2 and
  // 2): the first class; (1.5, 1) is nearer the second.
  Model m = testing::MakeNearestCentroidManhattan();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kPredictProba));
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kDecisionFunction));
  const std::vector<double> x = {1, 1, 2, 0, 1.5, 1, -3, 7};
  PredictOutput out;
  ASSERT_TRUE((*p)->Predict(View(x, 2), &out).ok());
  EXPECT_EQ(out.classes.data, (std::vector<int64_t>{0, 0, 1, 0}));
  Matrix<double> dec;
  EXPECT_FALSE((*p)->DecisionFunction(View(x, 2), &dec).ok());
}

TEST(NearestCentroid, EuclideanTieGoesToTheFirstClass) {
  // Centroids (0, 0) and (2, 0), no priors: on the bisector x = 1 the
  // scores ||c||^2 - 2 x.c are 0 and 4 - 4: equal, the first class.
  Model m = testing::MakeNearestCentroidManhattan();
  Nc(m).metric = CentroidMetric::kEuclidean;
  Nc(m).centroids = Tensor::FromVector(std::vector<double>{0, 0, 2, 0}, {2, 2});
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x = {1, 0, 1, 5, 1, -3, 1.25, 0};
  PredictOutput out;
  ASSERT_TRUE((*p)->Predict(View(x, 2), &out).ok());
  EXPECT_EQ(out.classes.data, (std::vector<int64_t>{0, 0, 0, 1}));
}

}  // namespace
}  // namespace modelseal
