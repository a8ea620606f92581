// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Hand-checked cases for ThresholdClassifier (predict thresholds the
// classifier's score of the positive class; the other methods are the
// classifier's) and Voting (its estimators' outputs, each computed by the
// estimator compiled as a model of its own, combined as numpy's average
// and bincount).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
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

TEST(ThresholdClassifier, AMissingScoreLeavesNoPredict) {
  // Thresholding predict_proba of a classifier without it: the model
  // loads (every valid model does; the fuzzers check it) and predict is
  // unsupported, as scikit-learn's predict raises; decision_function is
  // still the classifier's.
  Model m = testing::MakeThresholdClassifierDecision();
  Thr(m).response = ThresholdResponse::kProba;
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kPredict));
  const std::vector<double> x{1, 2};
  PredictOutput out;
  EXPECT_EQ((*p)->Predict(View(x, 2), &out).code(),
            ErrorCode::kMethodNotSupported);
  EXPECT_TRUE((*p)->HasMethod(PredictMethod::kDecisionFunction));
}

// ---- Voting ----

Voting& Vote(Model& m) { return std::get<Voting>(m.estimator.kind); }

// The Voting's estimator i as a model of its own (the Voting's specs).
std::unique_ptr<Predictor> Member(const Model& voting, size_t i) {
  Model m = voting;
  m.estimator = std::get<Voting>(voting.estimator.kind).estimators[i];
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? std::move(*p) : nullptr;
}

const std::vector<double> kRows4{0.5, -1, 2,   0.25, 3, 1, -2, 0,
                                 -1,  2,  0.5, -0.5, 0, 0, 0,  0};

TEST(Voting, SoftIsTheWeightedMeanOfTheProbabilitiesInOrder) {
  const Model m = testing::MakeVotingSoft();
  ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE((*p)->PredictProba(View(kRows4, 4), &proba).ok());
  PredictOutput out;
  ASSERT_TRUE((*p)->Predict(View(kRows4, 4), &out).ok());
  const double w[] = {2.0, 1.0, 0.5};
  std::vector<std::vector<Matrix<double>>> member(3);
  for (size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE(Member(m, i)->PredictProba(View(kRows4, 4), &member[i]).ok());
  }
  for (size_t r = 0; r < 4; ++r) {
    size_t best = 0;
    for (size_t c = 0; c < 3; ++c) {
      double sum = member[0][0].at(r, c) * w[0];
      sum += member[1][0].at(r, c) * w[1];
      sum += member[2][0].at(r, c) * w[2];
      const double expected = sum / 3.5;
      EXPECT_EQ(proba[0].at(r, c), expected) << r << "," << c;
      if (expected > proba[0].at(r, best)) best = c;
    }
    EXPECT_EQ(out.classes.at(r, 0), static_cast<int64_t>(best)) << r;
  }
  // No decision_function (VotingClassifier has none).
  Matrix<double> decision;
  EXPECT_EQ((*p)->DecisionFunction(View(kRows4, 4), &decision).code(),
            ErrorCode::kMethodNotSupported);
}

TEST(Voting, HardIsTheFirstLargestBinOfTheVotes) {
  Model m = testing::MakeVotingHard();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  PredictOutput out;
  ASSERT_TRUE((*p)->Predict(View(kRows4, 4), &out).ok());
  std::vector<PredictOutput> member(3);
  for (size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE(Member(m, i)->Predict(View(kRows4, 4), &member[i]).ok());
  }
  for (size_t r = 0; r < 4; ++r) {
    std::vector<int> bins(3, 0);
    int64_t top = 0;
    for (size_t i = 0; i < 3; ++i) {
      const int64_t c = member[i].classes.at(r, 0);
      ++bins[c];
      top = std::max(top, c);
    }
    int64_t best = 0;
    for (int64_t c = 1; c <= top; ++c) {
      if (bins[c] > bins[best]) best = c;
    }
    EXPECT_EQ(out.classes.at(r, 0), best) << r;
  }
  // Hard voting has no predict_proba.
  std::vector<Matrix<double>> proba;
  EXPECT_EQ((*p)->PredictProba(View(kRows4, 4), &proba).code(),
            ErrorCode::kMethodNotSupported);
  // Weights: a tie of one vote each is broken by the heaviest estimator;
  // with 1, 1, 5 the third estimator decides every row.
  Vote(m).weights = Tensor::FromVector(std::vector<double>{1.0, 1.0, 5.0});
  p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE((*p)->Predict(View(kRows4, 4), &out).ok());
  for (size_t r = 0; r < 4; ++r) {
    EXPECT_EQ(out.classes.at(r, 0), member[2].classes.at(r, 0)) << r;
  }
}

TEST(Voting, RegressorAveragesInOrderAndOneRowPairwise) {
  const Model m = testing::MakeVotingRegressor();
  ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x{1, 2, 3, -1, 0.5, 4, 0, 0, 0};
  PredictOutput out, a, b;
  ASSERT_TRUE((*p)->Predict(View(x, 3), &out).ok());
  ASSERT_TRUE(Member(m, 0)->Predict(View(x, 3), &a).ok());
  ASSERT_TRUE(Member(m, 1)->Predict(View(x, 3), &b).ok());
  for (size_t r = 0; r < 3; ++r) {
    const double expected =
        (a.values.at(r, 0) * 1.0 + b.values.at(r, 0) * 3.0) / 4.0;
    EXPECT_EQ(out.values.at(r, 0), expected) << r;
  }
  // One row: the same two products summed (pairwise from 0.0).
  const std::vector<double> one(x.begin(), x.begin() + 3);
  ASSERT_TRUE((*p)->Predict(View(one, 3), &out).ok());
  EXPECT_EQ(out.values.at(0, 0),
            (0.0 + (a.values.at(0, 0) * 1.0 + b.values.at(0, 0) * 3.0)) / 4.0);
}

TEST(Voting, AnEstimatorsInputErrorNamesTheRow) {
  const Model m = testing::MakeVotingRegressor();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  std::vector<double> x{1, 2, 3, -1, 0.5, 4, 0, 0, 0};
  x[7] = std::numeric_limits<double>::quiet_NaN();
  PredictOutput out;
  const Status s = (*p)->Predict(View(x, 3), &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputNaN);
  EXPECT_EQ(s.context(), "X[2][1]");
}

TEST(Voting, SoftWithoutProbabilitiesHasNoPredict) {
  Model m = testing::MakeVotingSoft();
  // A linear decision function of 3 classes (a LinearSVC's) has no
  // predict_proba: the model loads, and predict and predict_proba are
  // unsupported, as scikit-learn's raise.
  LinearModel svc;
  svc.coef = Tensor::FromVector(std::vector<double>(12, 0.1), {3, 4});
  svc.intercept = Tensor::FromVector(std::vector<double>{0, 0, 0});
  svc.output = LinearOutput::kDecision;
  Vote(m).estimators[1] = {std::move(svc)};
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kPredict));
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kPredictProba));
  PredictOutput out;
  EXPECT_EQ((*p)->Predict(View(kRows4, 4), &out).code(),
            ErrorCode::kMethodNotSupported);
}

}  // namespace
}  // namespace modelseal
