// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Expected values were computed with scikit-learn 1.9.1 (sklearn.metrics)
// on the same data and pasted here as literals.
#include "cli/scorers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "tests/testing/example_models.h"

namespace modelseal::cli {
namespace {

using I = std::vector<int64_t>;
using D = std::vector<double>;

double Value(const Result<double>& r) {
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : NAN;
}

TEST(ScorerNamesTest, FindsEveryScorer) {
  for (const char* name :
       {"accuracy", "balanced_accuracy", "f1", "roc_auc", "r2",
        "neg_mean_squared_error", "neg_mean_absolute_error", "precision",
        "recall", "f1_macro", "f1_micro", "f1_weighted",
        "neg_root_mean_squared_error", "neg_median_absolute_error", "max_error",
        "explained_variance"}) {
    auto s = FindScorer(name);
    ASSERT_TRUE(s.ok()) << name;
    EXPECT_EQ(ScorerName(*s), name);
  }
  EXPECT_TRUE(ScorerIsClassification(Scorer::kRocAuc));
  EXPECT_FALSE(ScorerIsClassification(Scorer::kR2));
  EXPECT_TRUE(ScorerIsClassification(Scorer::kF1Weighted));
  EXPECT_FALSE(ScorerIsClassification(Scorer::kExplainedVariance));
  auto bad = FindScorer("neg_log_loss");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kScorerUnknown);
  EXPECT_NE(bad.status().detail().find("balanced_accuracy"), std::string::npos);
}

TEST(MetricsTest, Accuracy) {
  // accuracy_score([0,1,2,2,1,0,3], [0,2,2,2,1,1,3])
  EXPECT_DOUBLE_EQ(
      Value(AccuracyScore(I{0, 1, 2, 2, 1, 0, 3}, I{0, 2, 2, 2, 1, 1, 3})),
      0.7142857142857143);
}

TEST(MetricsTest, BalancedAccuracy) {
  EXPECT_DOUBLE_EQ(Value(BalancedAccuracyScore(I{0, 1, 2, 2, 1, 0, 3},
                                               I{0, 2, 2, 2, 1, 1, 3})),
                   0.75);
  // A class only in y_pred (3) is ignored.
  EXPECT_DOUBLE_EQ(
      Value(BalancedAccuracyScore(I{0, 0, 0, 1, 1, 2}, I{0, 1, 3, 1, 1, 0})),
      0.4444444444444444);
}

TEST(MetricsTest, F1) {
  EXPECT_DOUBLE_EQ(Value(F1BinaryScore(I{0, 1, 1, 0, 1, 1, 0, 0},
                                       I{0, 1, 0, 0, 1, 1, 1, 0}, 1)),
                   0.75);
  // Zero division: f1_score([0,0,0],[0,0,0]) == 0.0, and ([0,0,0],[0,0,1]).
  EXPECT_EQ(Value(F1BinaryScore(I{0, 0, 0}, I{0, 0, 0}, 1)), 0.0);
  EXPECT_EQ(Value(F1BinaryScore(I{0, 0, 0}, I{0, 0, 1}, 1)), 0.0);
  // Multiclass -> ValueError in scikit-learn.
  auto r = F1BinaryScore(I{2, 0, 1}, I{0, 0, 2}, 1);
  EXPECT_EQ(r.status().code(), ErrorCode::kScorerNotApplicable);
  // Two labels, neither is 1 -> ValueError ("pos_label=1 is not a valid
  // label") in scikit-learn.
  r = F1BinaryScore(I{2, 0, 0}, I{0, 0, 2}, std::nullopt);
  EXPECT_EQ(r.status().code(), ErrorCode::kScorerNotApplicable);
}

TEST(MetricsTest, PrecisionRecallBinary) {
  // precision_score / recall_score([0,1,1,0,1,1,0,0], [0,1,0,0,1,1,1,0])
  const I t{0, 1, 1, 0, 1, 1, 0, 0}, p{0, 1, 0, 0, 1, 1, 1, 0};
  EXPECT_DOUBLE_EQ(Value(PrecisionBinaryScore(t, p, 1)), 0.75);
  EXPECT_DOUBLE_EQ(Value(RecallBinaryScore(t, p, 1)), 0.75);
  // Nothing predicted positive: 0 (zero_division="warn").
  EXPECT_EQ(Value(PrecisionBinaryScore(I{0, 0, 0}, I{0, 0, 0}, 1)), 0.0);
  auto r = RecallBinaryScore(I{2, 0, 1}, I{0, 0, 2}, 1);
  EXPECT_EQ(r.status().code(), ErrorCode::kScorerNotApplicable);
  EXPECT_EQ(r.status().context(), "recall");
}

TEST(MetricsTest, F1Averages) {
  // f1_score([0,1,2,2,1,0,3], [0,2,2,2,1,1,4], average=...): label 4 is
  // only predicted and counts in macro with F1 0.
  const I t{0, 1, 2, 2, 1, 0, 3}, p{0, 2, 2, 2, 1, 1, 4};
  EXPECT_DOUBLE_EQ(Value(F1AverageScore(t, p, Average::kMacro)),
                   0.3933333333333333);
  EXPECT_DOUBLE_EQ(Value(F1AverageScore(t, p, Average::kMicro)),
                   0.5714285714285714);
  EXPECT_DOUBLE_EQ(Value(F1AverageScore(t, p, Average::kWeighted)),
                   0.5619047619047619);
}

TEST(MetricsTest, MoreRegressionMetrics) {
  const D a{3, -0.5, 2, 7, 4.25}, b{2.5, 0.0, 2, 8, 3};
  EXPECT_DOUBLE_EQ(Value(NegRootMeanSquaredError(a, b)), -0.7826237921249264);
  EXPECT_DOUBLE_EQ(Value(NegMedianAbsoluteError(a, b)), -0.5);
  // An even count: the mean of the two middle values.
  EXPECT_DOUBLE_EQ(
      Value(NegMedianAbsoluteError(D{3, -0.5, 2, 7}, D{2.5, 0.0, 2, 8})), -0.5);
  EXPECT_DOUBLE_EQ(Value(NegMedianAbsoluteError(D{0, 0, 0, 0}, D{1, 2, 4, 8})),
                   -3.0);
  EXPECT_DOUBLE_EQ(Value(NegMaxError(a, b)), -1.25);
  EXPECT_DOUBLE_EQ(Value(ExplainedVarianceScore(a, b)), 0.9006514657980456);
  // force_finite: a constant target.
  EXPECT_EQ(Value(ExplainedVarianceScore(D{1, 1, 1}, D{1, 1, 1})), 1.0);
  EXPECT_EQ(Value(ExplainedVarianceScore(D{1, 1, 1}, D{1, 2, 1})), 0.0);
  auto bad = NegMaxError(D{1, NAN}, D{1, 2});
  EXPECT_EQ(bad.status().code(), ErrorCode::kScorerUndefined);
}

TEST(MetricsTest, RocAucWithTies) {
  // roc_auc_score(yt, ys) with tied scores across classes.
  EXPECT_NEAR(
      Value(RocAucScore(I{0, 0, 1, 1, 0, 1, 1, 0, 1, 0},
                        D{0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.1, 0.35, 0.7})),
      0.68, 1e-15);
  EXPECT_EQ(Value(RocAucScore(I{1, 0, 1, 0}, D{0.5, 0.5, 0.5, 0.5})), 0.5);
  // Labels 2 and 5: 5 is positive.
  EXPECT_NEAR(Value(RocAucScore(I{2, 5, 5, 2, 5}, D{-1.0, 3, 0.2, 0.2, -2})),
              0.5833333333333333, 1e-15);
}

TEST(MetricsTest, RocAucManyTies) {
  // np.random.RandomState(0): yt = randint(0, 2, 60);
  // ys = round(rand(60) * 10) / 10 + 0.1 * yt.
  I yt = {0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1,
          0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0,
          0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 0, 1};
  D ys = {0.3,
          0.9,
          0.6,
          0.6,
          0.1,
          0.7,
          0.7,
          0.7,
          1.0,
          0.7999999999999999,
          0.5,
          0.4,
          0.7,
          0.2,
          0.7,
          0.7,
          0.2,
          0.1,
          0.3,
          0.5,
          0.6,
          0.5,
          1.1,
          0.1,
          0.2,
          0.30000000000000004,
          0.7999999999999999,
          0.4,
          0.6,
          0.2,
          0.30000000000000004,
          0.1,
          0.7999999999999999,
          0.1,
          0.30000000000000004,
          0.5,
          0.8,
          0.2,
          0.9,
          0.1,
          1.0,
          0.6,
          1.0,
          0.7,
          0.7999999999999999,
          0.1,
          0.4,
          0.2,
          0.3,
          0.2,
          0.3,
          0.5,
          0.2,
          0.7999999999999999,
          0.7,
          0.3,
          0.6,
          0.1,
          0.6,
          1.0};
  EXPECT_NEAR(Value(RocAucScore(yt, ys)), 0.6620370370370371, 1e-15);
}

TEST(MetricsTest, RocAucErrors) {
  EXPECT_EQ(RocAucScore(I{1, 1}, D{0.2, 0.3}).status().code(),
            ErrorCode::kScorerUndefined);
  EXPECT_EQ(RocAucScore(I{0, 1, 2}, D{0.2, 0.3, 0.1}).status().code(),
            ErrorCode::kScorerNotApplicable);
  EXPECT_EQ(RocAucScore(I{0, 1}, D{0.2, NAN}).status().code(),
            ErrorCode::kScorerUndefined);
}

TEST(MetricsTest, Regression) {
  D a = {3, -0.5, 2, 7, 4.25};
  D b = {2.5, 0.0, 2, 8, 4.0};
  EXPECT_NEAR(Value(R2Score(a, b)), 0.9491042345276873, 1e-15);
  EXPECT_DOUBLE_EQ(Value(NegMeanSquaredError(a, b)), -0.3125);
  EXPECT_DOUBLE_EQ(Value(NegMeanAbsoluteError(a, b)), -0.45);
  // Constant y_true: force_finite.
  EXPECT_EQ(Value(R2Score(D{2, 2, 2}, D{2, 2, 2})), 1.0);
  EXPECT_EQ(Value(R2Score(D{2, 2, 2}, D{2, 2, 3})), 0.0);
  // One sample: scikit-learn returns nan with a warning.
  EXPECT_EQ(R2Score(D{1}, D{2}).status().code(), ErrorCode::kScorerUndefined);
}

TEST(MetricsTest, LengthAndEmpty) {
  EXPECT_EQ(AccuracyScore(I{1, 2}, I{1}).status().code(),
            ErrorCode::kTargetLength);
  EXPECT_EQ(NegMeanSquaredError(D{}, D{}).status().code(),
            ErrorCode::kScorerUndefined);
}

// ---- ScoreModel on example models -----------------------------------------

struct Fixture {
  std::unique_ptr<Predictor> predictor;
  std::vector<double> x;
  MatrixView view;
};

Fixture Make(const Model& model, size_t rows) {
  Fixture f;
  auto p = Predictor::Create(model);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  f.predictor = std::move(p).value();
  size_t cols = model.input.n_features;
  for (size_t i = 0; i < rows * cols; ++i) {
    f.x.push_back(std::sin(static_cast<double>(i) * 1.7) * 3.0);
  }
  f.view = MatrixView{f.x.data(), DType::kFloat64, rows, cols};
  return f;
}

TEST(ScoreModelTest, ClassifierIntLabels) {
  Fixture f = Make(testing::MakeLogisticBinary(), 20);
  PredictOutput out;
  ASSERT_TRUE(f.predictor->Predict(f.view, &out).ok());
  Target t;
  for (int64_t c : out.classes.data) t.text.push_back(std::to_string(c));
  EXPECT_EQ(Value(ScoreModel(Scorer::kAccuracy, *f.predictor, f.view, t)), 1.0);
  // Flip one label, written as a float ("1.0").
  t.text[0] = out.classes.data[0] == 0 ? "1.0" : "0";
  EXPECT_DOUBLE_EQ(
      Value(ScoreModel(Scorer::kAccuracy, *f.predictor, f.view, t)), 0.95);
  // An unknown label counts as wrong, it is not an error.
  t.text[0] = "7";
  EXPECT_DOUBLE_EQ(
      Value(ScoreModel(Scorer::kAccuracy, *f.predictor, f.view, t)), 0.95);
  t.text[0] = "cat";
  EXPECT_EQ(
      ScoreModel(Scorer::kAccuracy, *f.predictor, f.view, t).status().code(),
      ErrorCode::kTargetValue);
}

TEST(ScoreModelTest, RocAucUsesProbabilities) {
  Fixture f = Make(testing::MakeLogisticBinary(), 30);
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE(f.predictor->PredictProba(f.view, &proba).ok());
  Target t;
  I y;
  for (size_t r = 0; r < 30; ++r) {
    y.push_back(r % 3 == 0 ? 1 : 0);
    t.numbers.push_back(static_cast<double>(y.back()));
  }
  D score;
  for (size_t r = 0; r < 30; ++r) score.push_back(proba[0].at(r, 1));
  double expected = Value(RocAucScore(y, score));
  EXPECT_DOUBLE_EQ(Value(ScoreModel(Scorer::kRocAuc, *f.predictor, f.view, t)),
                   expected);
  t.numbers[0] = 5;  // not a class of the model
  EXPECT_EQ(
      ScoreModel(Scorer::kRocAuc, *f.predictor, f.view, t).status().code(),
      ErrorCode::kTargetValue);
}

TEST(ScoreModelTest, StringClasses) {
  Fixture f = Make(testing::MakeLogisticMulticlassStrings(), 12);
  PredictOutput out;
  ASSERT_TRUE(f.predictor->Predict(f.view, &out).ok());
  const auto& names = f.predictor->model().output.classes[0].str_labels;
  Target t;
  for (int64_t c : out.classes.data) t.text.push_back(names[c]);
  EXPECT_EQ(
      Value(ScoreModel(Scorer::kBalancedAccuracy, *f.predictor, f.view, t)),
      1.0);
  // Three classes: roc_auc and (when 3 labels occur) f1 do not apply.
  EXPECT_EQ(
      ScoreModel(Scorer::kRocAuc, *f.predictor, f.view, t).status().code(),
      ErrorCode::kScorerNotApplicable);
  Target numbers;
  numbers.numbers.assign(12, 1.0);
  EXPECT_EQ(ScoreModel(Scorer::kAccuracy, *f.predictor, f.view, numbers)
                .status()
                .code(),
            ErrorCode::kTargetValue);
}

TEST(ScoreModelTest, Regressor) {
  Fixture f = Make(testing::MakeLinearRegression(), 10);
  PredictOutput out;
  ASSERT_TRUE(f.predictor->Predict(f.view, &out).ok());
  Target t;
  for (size_t r = 0; r < 10; ++r) {
    t.numbers.push_back(out.values.data[r] + (r % 2 == 0 ? 0.5 : -0.5));
  }
  EXPECT_DOUBLE_EQ(
      Value(ScoreModel(Scorer::kNegMeanSquaredError, *f.predictor, f.view, t)),
      -0.25);
  EXPECT_DOUBLE_EQ(
      Value(ScoreModel(Scorer::kNegMeanAbsoluteError, *f.predictor, f.view, t)),
      -0.5);
  EXPECT_EQ(
      ScoreModel(Scorer::kAccuracy, *f.predictor, f.view, t).status().code(),
      ErrorCode::kScorerNotApplicable);
  t.numbers[3] = NAN;
  EXPECT_EQ(ScoreModel(Scorer::kR2, *f.predictor, f.view, t).status().code(),
            ErrorCode::kTargetValue);
  t.numbers.pop_back();
  EXPECT_EQ(ScoreModel(Scorer::kR2, *f.predictor, f.view, t).status().code(),
            ErrorCode::kTargetLength);
}

TEST(ScoreModelTest, MultiOutputNotApplicable) {
  Fixture f = Make(testing::MakeLinearRegressionMultiTarget(), 4);
  Target t;
  t.numbers.assign(4, 1.0);
  EXPECT_EQ(ScoreModel(Scorer::kR2, *f.predictor, f.view, t).status().code(),
            ErrorCode::kScorerNotApplicable);
}

}  // namespace
}  // namespace modelseal::cli
