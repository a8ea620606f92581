// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Hand-checked cases for ThresholdClassifier: predict thresholds the
// classifier's score of the positive class; the other methods are the
// classifier's.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "modelseal/format.h"
#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

MatrixView View(const std::vector<double>& x, size_t cols) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / cols, cols};
}

ThresholdClassifier& Thr(Model& m) {
  return std::get<ThresholdClassifier>(m.estimator.kind);
}

TEST(ThresholdClassifier, ProbaOfTheFirstClassAtItsThreshold) {
  // Scaler (mean 1, -2; scale 2, 0.5) then logistic 0.8 a - 1.2 b + 0.1;
  // the score is P(class 0) = 1 - expit(z), class 0 where it is >= 0.3.
  const Model m = testing::MakeThresholdClassifier();
  ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x{1, -2, 3, -2, -1, -1.5, 1, -1.6, 1, -1.7};
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE((*p)->PredictProba(View(x, 2), &proba).ok());
  PredictOutput out;
  ASSERT_TRUE((*p)->Predict(View(x, 2), &out).ok());
  ASSERT_EQ(out.classes.rows, 5u);
  for (size_t r = 0; r < 5; ++r) {
    const double a = (x[2 * r] - 1) / 2, b = (x[2 * r + 1] + 2) / 0.5;
    const double q = 1 / (1 + std::exp(-(0.8 * a - 1.2 * b + 0.1)));
    EXPECT_NEAR(proba[0].at(r, 1), q, 1e-15) << r;
    // predict_proba is the classifier's; predict is not its argmax.
    EXPECT_EQ(out.classes.at(r, 0), proba[0].at(r, 0) >= 0.3 ? 0 : 1) << r;
  }
  // Row 0 (z = 0.1) has P(class 0) = 0.475: the argmax says class 1, the
  // threshold class 0.
  EXPECT_EQ(out.classes.at(0, 0), 0);
  EXPECT_LT(proba[0].at(0, 0), 0.5);
  EXPECT_GE(proba[0].at(0, 0), 0.3);
  // A logistic regression has decision_function: passed through.
  Matrix<double> decision;
  ASSERT_TRUE((*p)->DecisionFunction(View(x, 2), &decision).ok());
  EXPECT_EQ(decision.cols, 1u);
}

TEST(ThresholdClassifier, AutoUsesTheDecisionAtZeroWithoutProba) {
  // LinearSVC (1.5 a - 2.5 b + 0.25), classes -1 and 1: no predict_proba,
  // so auto thresholds the decision at 0.0 (>=: a zero goes to class 1).
  const Model m = testing::MakeThresholdClassifierDecision();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  // d = -1, 0.5, 0 (exactly: 0.75 - 1 + 0.25) and 3.75.
  const std::vector<double> x{0, 0.5, 1, 0.5, 0.5, 0.4, -1, -2};
  PredictOutput out;
  ASSERT_TRUE((*p)->Predict(View(x, 2), &out).ok());
  const std::vector<int64_t> want{0, 1, 1, 1};
  for (size_t r = 0; r < 4; ++r) {
    EXPECT_EQ(out.classes.at(r, 0), want[r]) << r;
  }
  std::vector<Matrix<double>> proba;
  EXPECT_EQ((*p)->PredictProba(View(x, 2), &proba).code(),
            ErrorCode::kMethodNotSupported);
  // The first class as the positive one: the decision is negated, and a
  // score of -0.0 >= 0.0 is still the positive class.
  Model first = testing::MakeThresholdClassifierDecision();
  Thr(first).positive = 0;
  auto q = Predictor::Create(first);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_TRUE((*q)->Predict(View(x, 2), &out).ok());
  const std::vector<int64_t> want_first{0, 1, 0, 1};
  for (size_t r = 0; r < 4; ++r) {
    EXPECT_EQ(out.classes.at(r, 0), want_first[r]) << r;
  }
}

TEST(ThresholdClassifier, CompileRefusesAMissingMethod) {
  Model m = testing::MakeThresholdClassifierDecision();
  Thr(m).response = ThresholdResponse::kProba;
  auto p = Predictor::Create(m);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), ErrorCode::kPredictorPipeline);
  EXPECT_NE(p.status().detail().find("predict_proba"), std::string::npos);
}

}  // namespace
}  // namespace modelseal
