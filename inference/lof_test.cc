// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// LocalOutlierFactor through the predictor: score_samples (the decision
// value) and predict against scikit-learn's on a KDTree model, a tie at the
// k-th neighbour broken by training order (brute force, euclidean through
// BLAS) with tied rows of different densities, several threads, and
// non-finite input refused. python/tests/test_lof_parity.py compares with
// scikit-learn on fitted models.
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

TEST(LocalOutlierFactorPredict, MatchesScikitLearn) {
  // scikit-learn 1.9.1: LocalOutlierFactor(n_neighbors=2, novelty=True,
  // algorithm="kd_tree") fitted on rows (0,0) (1,0) (0,1) (3,3) (4,3)
  // (3,4); score_samples and predict of these rows.
  auto p = Predictor::Create(testing::MakeLocalOutlierFactor());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x = {0.5, 0.5, 2, 2, 10, 10, 0, 0, 3.5, 3.5};
  const std::vector<double> want = {-0.9267766953018145, -1.4012827676373139,
                                    -7.637720705674933, -0.9267766953018145,
                                    -0.9267766953018145};
  Matrix<double> dec;
  ASSERT_TRUE((*p)->DecisionFunction(View(x), &dec).ok());
  ASSERT_EQ(dec.cols, 1u);
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View(x), &pred).ok());
  for (size_t r = 0; r < want.size(); ++r) {
    EXPECT_EQ(dec.data[r], want[r]) << r;
    EXPECT_EQ(pred.classes.data[r], want[r] - -1.5 < 0 ? 0 : 1) << r;
  }
  EXPECT_EQ(pred.classes.data[2], 0);  // -1: an outlier
}

TEST(LocalOutlierFactorPredict, BruteTieAtTheKthNeighbourByTrainingOrder) {
  // From (-1,-1): squared distances 2 5 5 32 41 41 (exact through BLAS on
  // these integers). Row 0, then rows 1 and 2 tie for the second place:
  // the heap keeps row 1 (pushed first), whose lrd is 0.8 (row 2's 0.9).
  auto p = Predictor::Create(testing::MakeLocalOutlierFactorBrute());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x = {-1, -1};
  Matrix<double> dec;
  ASSERT_TRUE((*p)->DecisionFunction(View(x), &dec).ok());
  const double r2 = std::sqrt(2.0), r5 = std::sqrt(5.0);
  // reach: max(sqrt 2, 1), max(sqrt 5, sqrt 2).
  const double x_lrd = 1.0 / ((r2 + r5) / 2.0 + 1e-10);
  const double want = -((0.7 / x_lrd + 0.8 / x_lrd) / 2.0);
  EXPECT_EQ(dec.data[0], want);
  EXPECT_NE(dec.data[0], -((0.7 / x_lrd + 0.9 / x_lrd) / 2.0));
}

TEST(LocalOutlierFactorPredict, ThreadsAgree) {
  auto p = Predictor::Create(testing::MakeLocalOutlierFactorBrute());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  std::vector<double> x;
  for (int i = 0; i < 400; ++i) {
    x.push_back(0.01 * i - 1.0);
    x.push_back(std::fmod(0.37 * i, 5.0));
  }
  Matrix<double> one, two;
  ASSERT_TRUE((*p)->DecisionFunction(View(x), &one).ok());
  PredictOptions opts;
  opts.n_threads = 2;
  ASSERT_TRUE((*p)->DecisionFunction(View(x), &two, opts).ok());
  EXPECT_EQ(one.data, two.data);
}

TEST(LocalOutlierFactorPredict, NonFiniteInputRefused) {
  auto p = Predictor::Create(testing::MakeLocalOutlierFactor());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  for (double v : {std::nan(""), std::numeric_limits<double>::infinity()}) {
    const std::vector<double> x = {0, v};
    PredictOutput pred;
    EXPECT_FALSE((*p)->Predict(View(x), &pred).ok());
  }
}

}  // namespace
}  // namespace modelseal
