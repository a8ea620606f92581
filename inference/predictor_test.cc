// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Hand-checked cases for every estimator kind, the input and model checks
// (one test per error code) and concurrency.
#include "modelseal/predictor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <thread>
#include <vector>

#include "core/pairwise_sum.h"
#include "inference/synthetic.h"
#include "tests/testing/builders.h"

namespace modelseal {
namespace {

using testing::MakeTree;
using testing::Stump;

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

ClassLabels Labels(size_t n) {
  std::vector<int64_t> v;
  for (size_t i = 0; i < n; ++i) v.push_back(static_cast<int64_t>(i) * 10);
  ClassLabels c;
  c.int_labels = Tensor::FromVector(v);
  return c;
}

Model Classifier(uint64_t n_features, std::vector<size_t> classes,
                 EstimatorVariant e) {
  Model m;
  m.metadata.name = "test";
  m.input.n_features = n_features;
  m.output.task = Task::kClassification;
  m.output.n_outputs = classes.size();
  for (size_t c : classes) m.output.classes.push_back(Labels(c));
  m.estimator.kind = std::move(e);
  return m;
}

Model Regressor(uint64_t n_features, uint64_t n_outputs, EstimatorVariant e) {
  Model m;
  m.metadata.name = "test";
  m.input.n_features = n_features;
  m.output.task = Task::kRegression;
  m.output.n_outputs = n_outputs;
  m.estimator.kind = std::move(e);
  return m;
}

std::unique_ptr<Predictor> Make(const Model& m) {
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  if (!p.ok()) return nullptr;
  return std::move(p).value();
}

MatrixView View(const std::vector<double>& x, size_t cols) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / cols, cols};
}

std::vector<int64_t> Classes(const Predictor& p, const std::vector<double>& x) {
  PredictOutput out;
  Status s = p.Predict(View(x, p.n_features()), &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.classes.data;
}

std::vector<double> Values(const Predictor& p, const std::vector<double>& x) {
  PredictOutput out;
  Status s = p.Predict(View(x, p.n_features()), &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.values.data;
}

std::vector<Matrix<double>> Proba(const Predictor& p,
                                  const std::vector<double>& x) {
  std::vector<Matrix<double>> out;
  Status s = p.PredictProba(View(x, p.n_features()), &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::vector<double> Decision(const Predictor& p, const std::vector<double>& x) {
  Matrix<double> out;
  Status s = p.DecisionFunction(View(x, p.n_features()), &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.data;
}

ErrorCode PredictCode(const Predictor& p, const std::vector<double>& x) {
  PredictOutput out;
  return p.Predict(View(x, p.n_features()), &out).code();
}

// ---------------------------------------------------------------------------
// DecisionTree

TEST(DecisionTree, ClassifierPredictAndProba) {
  auto p = Make(Classifier(
      1, {2}, DecisionTree{Stump(0.5, {1.0, 0.0}, {0.25, 0.75}, 1, 2)}));
  ASSERT_TRUE(p);
  EXPECT_EQ(Classes(*p, {0.2, 0.5, 0.9}), (std::vector<int64_t>{0, 0, 1}));
  auto proba = Proba(*p, {0.2, 0.9});
  ASSERT_EQ(proba.size(), 1u);
  EXPECT_EQ(proba[0].rows, 2u);
  EXPECT_EQ(proba[0].cols, 2u);
  EXPECT_EQ(proba[0].data, (std::vector<double>{1.0, 0.0, 0.25, 0.75}));
  Matrix<double> d;
  EXPECT_EQ(p->DecisionFunction(View({0.0}, 1), &d).code(),
            ErrorCode::kMethodNotSupported);
}

TEST(DecisionTree, TieTakesFirstClass) {
  auto p = Make(Classifier(
      1, {3},
      DecisionTree{Stump(0.0, {0.2, 0.4, 0.4}, {0.5, 0.0, 0.5}, 1, 3)}));
  ASSERT_TRUE(p);
  EXPECT_EQ(Classes(*p, {-1, 1}), (std::vector<int64_t>{1, 0}));
}

TEST(DecisionTree, InputIsCastToFloat32) {
  // (float)0.1 > 0.1, so scikit-learn sends x = 0.1 to the right.
  auto p =
      Make(Classifier(1, {2}, DecisionTree{Stump(0.1, {1, 0}, {0, 1}, 1, 2)}));
  ASSERT_TRUE(p);
  EXPECT_EQ(Classes(*p, {0.1, 0.09999999, std::nextafter(0.1f, 0.0f)}),
            (std::vector<int64_t>{1, 0, 0}));
}

TEST(DecisionTree, NanFollowsMissingGoToLeft) {
  // Root x0 <= 0 (nan left); node 2: x1 <= 0 (nan right).
  Tree t = MakeTree({1, -1, 3, -1, -1}, {2, -1, 4, -1, -1}, {0, -2, 1, -2, -2},
                    {0, -2, 0, -2, -2}, {0, 1, 0, 2, 3}, 1, 1,
                    std::vector<uint8_t>{1, 0, 0, 0, 0});
  auto p = Make(Regressor(2, 1, DecisionTree{t}));
  ASSERT_TRUE(p);
  EXPECT_EQ(Values(*p, {kNan, 5, 1, -1, 1, kNan}),
            (std::vector<double>{1, 2, 3}));
}

TEST(DecisionTree, NanRejectedWithoutMissingSupport) {
  auto p = Make(Regressor(1, 1, DecisionTree{Stump(0, {1}, {2}, 1, 1)}));
  ASSERT_TRUE(p);
  PredictOutput out;
  Status s = p->Predict(View({0, 1, kNan}, 1), &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputNaN);
  EXPECT_EQ(s.context(), "X[2][0]");
}

TEST(DecisionTree, ValueTooLargeForFloat32IsInfinite) {
  auto p = Make(Regressor(
      1, 1, DecisionTree{Stump(0, {1}, {2}, 1, 1, std::vector<uint8_t>(3))}));
  ASSERT_TRUE(p);
  EXPECT_EQ(PredictCode(*p, {1e300}), ErrorCode::kInputInfinite);
  EXPECT_EQ(PredictCode(*p, {-kInf}), ErrorCode::kInputInfinite);
  EXPECT_EQ(Values(*p, {3e38}), (std::vector<double>{2}));
}

TEST(DecisionTree, MultiOutputRegression) {
  auto p =
      Make(Regressor(1, 2, DecisionTree{Stump(0, {1, -1}, {2, -2}, 2, 1)}));
  ASSERT_TRUE(p);
  PredictOutput out;
  ASSERT_TRUE(p->Predict(View({-1, 1}, 1), &out).ok());
  EXPECT_EQ(out.values.cols, 2u);
  EXPECT_EQ(out.values.data, (std::vector<double>{1, -1, 2, -2}));
  std::vector<Matrix<double>> proba;
  EXPECT_EQ(p->PredictProba(View({0}, 1), &proba).code(),
            ErrorCode::kMethodNotSupported);
}

// ---------------------------------------------------------------------------
// Forest

TEST(Forest, MultiOutputClassifierAveragesInTreeOrder) {
  // Output 0 has 2 classes, output 1 has 3 (width 3, padded with 0).
  Forest f;
  f.trees.push_back(
      Stump(0, {1, 0, 0, 0.1, 0.2, 0.7}, {0, 1, 0, 0.5, 0.5, 0}, 2, 3));
  f.trees.push_back(
      Stump(0.5, {0, 1, 0, 0.3, 0.3, 0.4}, {0.5, 0.5, 0, 0.6, 0.4, 0}, 2, 3));
  f.trees.push_back(
      Stump(-0.5, {0.2, 0.8, 0, 0.6, 0.4, 0}, {0.6, 0.4, 0, 0, 0, 1}, 2, 3));
  auto p = Make(Classifier(1, {2, 3}, f));
  ASSERT_TRUE(p);
  // x = 0.2: leaves right, left, right.
  auto proba = Proba(*p, {0.2});
  ASSERT_EQ(proba.size(), 2u);
  ASSERT_EQ(proba[0].cols, 2u);
  ASSERT_EQ(proba[1].cols, 3u);
  EXPECT_EQ(proba[0].data[0], (0.0 + 0 + 0 + 0.6) / 3);
  EXPECT_EQ(proba[0].data[1], (0.0 + 1 + 1 + 0.4) / 3);
  EXPECT_EQ(proba[1].data[0], (0.0 + 0.5 + 0.3 + 0) / 3);
  EXPECT_EQ(proba[1].data[1], (0.0 + 0.5 + 0.3 + 0) / 3);
  EXPECT_EQ(proba[1].data[2], (0.0 + 0 + 0.4 + 1) / 3);
  // Output 1 ties between class 0 and 1 below class 2 -> 2; output 0 -> 1.
  EXPECT_EQ(Classes(*p, {0.2}), (std::vector<int64_t>{1, 2}));
  // x = -1: leaves left, left, left: output 0 (0.4, 0.6) -> 1; output 1
  // (0.33.., 0.3, 0.366..) -> 2.
  EXPECT_EQ(Classes(*p, {-1}), (std::vector<int64_t>{1, 2}));
}

TEST(Forest, AverageTieTakesFirstClass) {
  Forest f;
  f.trees.push_back(Stump(0, {1, 0}, {1, 0}, 1, 2));
  f.trees.push_back(Stump(0, {0, 1}, {0, 1}, 1, 2));
  auto p = Make(Classifier(1, {2}, f));
  ASSERT_TRUE(p);
  EXPECT_EQ(Classes(*p, {0}), (std::vector<int64_t>{0}));
  EXPECT_EQ(Proba(*p, {0})[0].data, (std::vector<double>{0.5, 0.5}));
}

TEST(Forest, Regression) {
  Forest f;
  f.trees.push_back(Stump(0, {0.1}, {1}, 1, 1));
  f.trees.push_back(Stump(0, {0.2}, {2}, 1, 1));
  f.trees.push_back(Stump(0, {0.3}, {4}, 1, 1));
  auto p = Make(Regressor(1, 1, f));
  ASSERT_TRUE(p);
  EXPECT_EQ(Values(*p, {-1, 1}),
            (std::vector<double>{(0.0 + 0.1 + 0.2 + 0.3) / 3, 7.0 / 3}));
}

// ---------------------------------------------------------------------------
// LinearModel

LinearModel Linear(std::vector<double> coef, uint64_t k, uint64_t n,
                   std::vector<double> intercept, LinearOutput out) {
  LinearModel l;
  l.coef = Tensor::FromVector(std::move(coef), {k, n});
  l.intercept = Tensor::FromVector(std::move(intercept));
  l.output = out;
  return l;
}

TEST(Linear, Regression) {
  auto p = Make(Regressor(
      2, 2, Linear({1, 2, 3, -1}, 2, 2, {0.5, -1}, LinearOutput::kRegression)));
  ASSERT_TRUE(p);
  EXPECT_EQ(Values(*p, {1, 1, 2, -3}), (std::vector<double>{3.5, 1, -3.5, 8}));
  Matrix<double> d;
  EXPECT_EQ(p->DecisionFunction(View({0, 0}, 2), &d).code(),
            ErrorCode::kMethodNotSupported);
}

TEST(Linear, BinaryDecisionZeroIsNegativeClass) {
  auto p = Make(
      Classifier(2, {2}, Linear({1, -1}, 1, 2, {0}, LinearOutput::kDecision)));
  ASSERT_TRUE(p);
  EXPECT_EQ(Classes(*p, {1, 1, 2, 1, 1, 2}), (std::vector<int64_t>{0, 1, 0}));
  Matrix<double> d;
  ASSERT_TRUE(p->DecisionFunction(View({1, 1, 2, 1}, 2), &d).ok());
  EXPECT_EQ(d.cols, 1u);
  EXPECT_EQ(d.data, (std::vector<double>{0, 1}));
  // LinearSVC-like: no predict_proba.
  std::vector<Matrix<double>> proba;
  EXPECT_EQ(p->PredictProba(View({0, 0}, 2), &proba).code(),
            ErrorCode::kMethodNotSupported);
}

TEST(Linear, MulticlassArgmaxTie) {
  auto p = Make(Classifier(
      1, {3}, Linear({1, 1, 0}, 3, 1, {0, 0, 2}, LinearOutput::kDecision)));
  ASSERT_TRUE(p);
  // x = 2: scores (2, 2, 2) -> 0; x = 3: (3, 3, 2) -> 0; x = 0: -> 2.
  EXPECT_EQ(Classes(*p, {2, 3, 0}), (std::vector<int64_t>{0, 0, 2}));
}

TEST(Linear, LogisticOvrProba) {
  auto bin = Make(
      Classifier(1, {2}, Linear({2}, 1, 1, {-1}, LinearOutput::kLogisticOvr)));
  ASSERT_TRUE(bin);
  const double s = 1 / (1 + std::exp(-(2 * 0.75 - 1)));
  EXPECT_EQ(Proba(*bin, {0.75})[0].data, (std::vector<double>{1 - s, s}));

  auto multi = Make(Classifier(
      1, {3},
      Linear({1, -1, 0}, 3, 1, {0, 0, 0.5}, LinearOutput::kLogisticOvr)));
  ASSERT_TRUE(multi);
  const double a = 1 / (1 + std::exp(-2.0)), b = 1 / (1 + std::exp(2.0)),
               c = 1 / (1 + std::exp(-0.5));
  const double sum = a + b + c;
  EXPECT_EQ(Proba(*multi, {2})[0].data,
            (std::vector<double>{a / sum, b / sum, c / sum}));
}

TEST(Linear, ExpOutputIsTheLogLink) {
  // PoissonRegressor: exp(0.5 x - 1).
  auto p = Make(Regressor(1, 1, Linear({0.5}, 1, 1, {-1}, LinearOutput::kExp)));
  ASSERT_TRUE(p);
  EXPECT_EQ(Values(*p, {2, 0, 4}),
            (std::vector<double>{1, std::exp(-1.0), std::exp(1.0)}));
}

TEST(Linear, ModifiedHuberProba) {
  // Binary: q = (clip(d, -1, 1) + 1) / 2 of d = 2x - 1; [1 - q, q].
  auto bin = Make(Classifier(
      1, {2}, Linear({2}, 1, 1, {-1}, LinearOutput::kModifiedHuber)));
  ASSERT_TRUE(bin);
  EXPECT_EQ(Proba(*bin, {0.75})[0].data, (std::vector<double>{0.25, 0.75}));
  EXPECT_EQ(Proba(*bin, {5})[0].data, (std::vector<double>{0, 1}));
  EXPECT_EQ(Proba(*bin, {-5})[0].data, (std::vector<double>{1, 0}));
  EXPECT_EQ(Classes(*bin, {0.75, -5}), (std::vector<int64_t>{1, 0}));
  // Multiclass: q / sum(q); every decision <= -1: uniform.
  auto multi = Make(Classifier(
      1, {3},
      Linear({1, -1, 0}, 3, 1, {0, 0, -1}, LinearOutput::kModifiedHuber)));
  ASSERT_TRUE(multi);
  // x = 0.5: d = [0.5, -0.5, -1], q = [0.75, 0.25, 0].
  EXPECT_EQ(Proba(*multi, {0.5})[0].data, (std::vector<double>{0.75, 0.25, 0}));
  // x = 0: d = [0, 0, -1], q = [0.5, 0.5, 0].
  EXPECT_EQ(Proba(*multi, {0})[0].data, (std::vector<double>{0.5, 0.5, 0}));
  // Every decision at or below -1 (zero coefficients, intercepts <= -1): q
  // is all 0 and the row uniform.
  auto low = Make(Classifier(
      1, {3},
      Linear({0, 0, 0}, 3, 1, {-2, -1, -5}, LinearOutput::kModifiedHuber)));
  ASSERT_TRUE(low);
  const double third = 1.0 / 3;
  EXPECT_EQ(Proba(*low, {7})[0].data,
            (std::vector<double>{third, third, third}));
}

TEST(Linear, SoftmaxProba) {
  auto bin =
      Make(Classifier(1, {2}, Linear({1}, 1, 1, {0}, LinearOutput::kSoftmax)));
  ASSERT_TRUE(bin);
  // softmax([-d, d]) with d = 1.5: max-subtracted [-3, 0].
  const double e = std::exp(-3.0);
  EXPECT_EQ(Proba(*bin, {1.5})[0].data,
            (std::vector<double>{e / (e + 1), 1 / (e + 1)}));
  EXPECT_EQ(Proba(*bin, {0})[0].data, (std::vector<double>{0.5, 0.5}));

  auto multi = Make(Classifier(
      1, {3}, Linear({1, 2, 3}, 3, 1, {0, 0, 0}, LinearOutput::kSoftmax)));
  ASSERT_TRUE(multi);
  const double e2 = std::exp(-2.0), e1 = std::exp(-1.0);
  const double sum = e2 + e1 + 1;
  EXPECT_EQ(Proba(*multi, {1})[0].data,
            (std::vector<double>{e2 / sum, e1 / sum, 1 / sum}));
}

TEST(Linear, WideInputUsesSmallerBlocks) {
  // 1000 features: fewer rows per block; results must not change.
  const size_t n = 1000, rows = 150;
  std::vector<double> coef(n);
  for (size_t i = 0; i < n; ++i) coef[i] = (i % 3) - 1.0;  // -1, 0, 1, ...
  auto p = Make(
      Regressor(n, 1, Linear(coef, 1, n, {0.5}, LinearOutput::kRegression)));
  ASSERT_TRUE(p);
  std::vector<double> x(rows * n);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t i = 0; i < n; ++i) x[r * n + i] = static_cast<double>(r);
  }
  PredictOutput out;
  ASSERT_TRUE(p->Predict(View(x, n), &out, {.n_threads = 2}).ok());
  ASSERT_EQ(out.values.rows, rows);
  // Columns i % 3 == 0 and == 2 cancel; column 999 (i % 3 == 0) is left:
  // d = -r + 0.5.
  for (size_t r = 0; r < rows; ++r) {
    EXPECT_EQ(out.values.at(r, 0), -static_cast<double>(r) + 0.5) << r;
  }
}

TEST(Linear, RejectsNanAndInfinity) {
  auto p = Make(
      Regressor(2, 1, Linear({1, 1}, 1, 2, {0}, LinearOutput::kRegression)));
  ASSERT_TRUE(p);
  EXPECT_EQ(PredictCode(*p, {1, kNan}), ErrorCode::kInputNaN);
  EXPECT_EQ(PredictCode(*p, {kInf, 1}), ErrorCode::kInputInfinite);
  // Large doubles are fine (no float32 cast).
  EXPECT_EQ(Values(*p, {1e300, 1e300}), (std::vector<double>{2e300}));
}

// ---------------------------------------------------------------------------
// GradientBoosting

GradientBoosting Gb(std::vector<Tree> trees, uint64_t stages,
                    std::vector<double> init, double lr, GbLoss loss) {
  GradientBoosting g;
  g.trees = std::move(trees);
  g.n_stages = stages;
  g.init_raw = Tensor::FromVector(std::move(init));
  g.learning_rate = lr;
  g.loss = loss;
  return g;
}

TEST(GradientBoosting, RegressionStageOrder) {
  auto p = Make(Regressor(
      1, 1,
      Gb({Stump(0, {0.3}, {-0.7}, 1, 1), Stump(0.5, {0.11}, {0.13}, 1, 1)}, 2,
         {0.2}, 0.1, GbLoss::kSquaredError)));
  ASSERT_TRUE(p);
  double raw_a = 0.2;
  raw_a += 0.1 * 0.3;
  raw_a += 0.1 * 0.11;
  double raw_b = 0.2;
  raw_b += 0.1 * -0.7;
  raw_b += 0.1 * 0.13;
  EXPECT_EQ(Values(*p, {-1, 1}), (std::vector<double>{raw_a, raw_b}));
}

TEST(GradientBoosting, BinaryZeroRawIsPositiveClass) {
  // raw = -0.5 + 0.5 * 1 = 0 exactly -> class 1 (raw >= 0).
  auto p = Make(Classifier(
      1, {2},
      Gb({Stump(0, {1}, {-1}, 1, 1)}, 1, {-0.5}, 0.5, GbLoss::kLogLossBinary)));
  ASSERT_TRUE(p);
  EXPECT_EQ(Classes(*p, {-1, 1}), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(Decision(*p, {-1, 1}), (std::vector<double>{0, -1}));
  auto proba = Proba(*p, {-1, 1});
  const double s = 1 / (1 + std::exp(1.0));
  EXPECT_EQ(proba[0].data, (std::vector<double>{0.5, 0.5, 1 - s, s}));
}

TEST(GradientBoosting, ExponentialProbaUsesTwiceRaw) {
  auto p = Make(Classifier(
      1, {2},
      Gb({Stump(0, {1}, {-1}, 1, 1)}, 1, {0.25}, 0.5, GbLoss::kExponential)));
  ASSERT_TRUE(p);
  const double s = 1 / (1 + std::exp(-2 * 0.75));
  EXPECT_EQ(Proba(*p, {-1})[0].data, (std::vector<double>{1 - s, s}));
}

TEST(GradientBoosting, MulticlassSoftmaxAndArgmax) {
  // One stage, K = 3 trees; x = -1 takes the left leaves.
  auto p =
      Make(Classifier(1, {3},
                      Gb({Stump(0, {1}, {0}, 1, 1), Stump(0, {1}, {0}, 1, 1),
                          Stump(0, {-1}, {2}, 1, 1)},
                         1, {0.1, 0.1, 0.2}, 0.1, GbLoss::kLogLossMulticlass)));
  ASSERT_TRUE(p);
  // Raw (0.2, 0.2, 0.1): tie between 0 and 1 -> 0.
  EXPECT_EQ(Classes(*p, {-1, 1}), (std::vector<int64_t>{0, 2}));
  const std::vector<double> raw{0.1 + 0.1 * 1, 0.1 + 0.1 * 1, 0.2 + 0.1 * -1};
  EXPECT_EQ(Decision(*p, {-1}), raw);
  const double e0 = std::exp(raw[0] - raw[0]), e2 = std::exp(raw[2] - raw[0]);
  const double sum = e0 + e0 + e2;
  EXPECT_EQ(Proba(*p, {-1})[0].data,
            (std::vector<double>{e0 / sum, e0 / sum, e2 / sum}));
}

TEST(GradientBoosting, RejectsNanEvenWithMissingTensor) {
  auto p = Make(
      Regressor(1, 1,
                Gb({Stump(0, {1}, {2}, 1, 1, std::vector<uint8_t>{1, 0, 0})}, 1,
                   {0}, 0.1, GbLoss::kHuber)));
  ASSERT_TRUE(p);
  EXPECT_EQ(PredictCode(*p, {kNan}), ErrorCode::kInputNaN);
}

// ---------------------------------------------------------------------------
// HistGradientBoosting

// A stump on `feature`: numeric at `thr`, or categorical with raw left
// bitset row 0 = `left_bits`.
HistTree HistStump(uint32_t feature, double thr, double lv, double rv,
                   bool missing_left, bool categorical = false,
                   uint32_t left_bits = 0) {
  HistTree t;
  t.value = Tensor::FromVector(std::vector<double>{0, lv, rv});
  t.feature_idx = Tensor::FromVector(std::vector<uint32_t>{feature, 0, 0});
  t.num_threshold = Tensor::FromVector(std::vector<double>{thr, 0, 0});
  t.missing_go_to_left =
      Tensor::FromVector(std::vector<uint8_t>{missing_left, 0, 0});
  t.left = Tensor::FromVector(std::vector<uint32_t>{1, 0, 0});
  t.right = Tensor::FromVector(std::vector<uint32_t>{2, 0, 0});
  t.is_leaf = Tensor::FromVector(std::vector<uint8_t>{0, 1, 1});
  t.is_categorical =
      Tensor::FromVector(std::vector<uint8_t>{categorical, 0, 0});
  t.bitset_idx = Tensor::FromVector(std::vector<uint32_t>{0, 0, 0});
  if (categorical) {
    std::vector<uint32_t> bits(8, 0);
    bits[0] = left_bits;
    t.raw_left_cat_bitsets = Tensor::FromVector(bits, {1, 8});
  }
  return t;
}

HistGradientBoosting Hgb(std::vector<HistTree> trees, uint64_t n_iter,
                         std::vector<double> baseline, HgbLoss loss) {
  HistGradientBoosting h;
  h.trees = std::move(trees);
  h.n_iter = n_iter;
  h.baseline = Tensor::FromVector(std::move(baseline));
  h.loss = loss;
  return h;
}

TEST(HistGradientBoosting, NumericNoCastAndNan) {
  auto p = Make(Regressor(
      2, 1,
      Hgb({HistStump(0, 0.1, 1, 2, true), HistStump(1, 0, 10, 20, false)}, 2,
          {0.5}, HgbLoss::kSquaredError)));
  ASSERT_TRUE(p);
  // 0.1 <= 0.1 in float64 (a tree would cast and go right).
  EXPECT_EQ(Values(*p, {0.1, -1, kNan, kNan, kInf, 1e300}),
            (std::vector<double>{0.5 + 1 + 10, 0.5 + 1 + 20, 0.5 + 2 + 20}));
}

TEST(HistGradientBoosting, BinaryZeroRawIsNegativeClass) {
  auto p = Make(Classifier(1, {2},
                           Hgb({HistStump(0, 0, -0.25, 1, false)}, 1, {0.25},
                               HgbLoss::kLogLossBinary)));
  ASSERT_TRUE(p);
  EXPECT_EQ(Classes(*p, {-1, 1}), (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(Decision(*p, {-1}), (std::vector<double>{0}));
  const double s = 1 / (1 + std::exp(-1.25));
  EXPECT_EQ(Proba(*p, {1})[0].data, (std::vector<double>{1 - s, s}));
}

TEST(HistGradientBoosting, PoissonAndGammaUseExp) {
  for (HgbLoss loss : {HgbLoss::kPoisson, HgbLoss::kGamma}) {
    auto p = Make(
        Regressor(1, 1, Hgb({HistStump(0, 0, -1, 1, false)}, 1, {0.5}, loss)));
    ASSERT_TRUE(p);
    EXPECT_EQ(Values(*p, {-1, 1}),
              (std::vector<double>{std::exp(0.5 - 1), std::exp(0.5 + 1)}));
  }
}

TEST(HistGradientBoosting, MulticlassIterationOrder) {
  // 2 iterations x K = 3.
  std::vector<HistTree> trees;
  for (int i = 0; i < 6; ++i) {
    trees.push_back(HistStump(0, 0, 0.1 * (i + 1), -0.1 * i, false));
  }
  auto p = Make(Classifier(
      1, {3}, Hgb(trees, 2, {0.3, 0.2, 0.1}, HgbLoss::kLogLossMulticlass)));
  ASSERT_TRUE(p);
  std::vector<double> raw{0.0 + 0.3, 0.0 + 0.2, 0.0 + 0.1};
  for (int i = 0; i < 6; ++i) raw[i % 3] += 0.1 * (i + 1);
  EXPECT_EQ(Decision(*p, {-1}), raw);
  EXPECT_EQ(Classes(*p, {-1}), (std::vector<int64_t>{2}));
  const double m = raw[2];
  const double a = std::exp(raw[0] - m), b = std::exp(raw[1] - m), c = 1.0;
  const double sum = a + b + c;
  EXPECT_EQ(Proba(*p, {-1})[0].data,
            (std::vector<double>{a / sum, b / sum, c / sum}));
}

Model CategoricalModel(bool missing_left) {
  // Feature 1 is categorical: left categories {1, 3}; known {0,1,2,3,5}.
  HistGradientBoosting h =
      Hgb({HistStump(1, 0, -1, 1, missing_left, true, (1u << 1) | (1u << 3))},
          1, {0}, HgbLoss::kSquaredError);
  std::vector<uint32_t> known(8, 0);
  known[0] = 0b101111u;
  h.known_cat_bitsets = Tensor::FromVector(known, {1, 8});
  h.f_idx_map = Tensor::FromVector(std::vector<int32_t>{-1, 0});
  return Regressor(2, 1, h);
}

TEST(HistGradientBoosting, CategoricalRouting) {
  for (bool missing_left : {false, true}) {
    auto p = Make(CategoricalModel(missing_left));
    ASSERT_TRUE(p);
    const double m = missing_left ? -1 : 1;
    EXPECT_EQ(Values(*p, {0, 1, 0, 3, 0, 2, 0, 0, 0, 4, 0, -1, 0, kNan, 0, 259,
                          0, 3.5}),
              (std::vector<double>{-1, -1, 1, 1, m, m, m, m, -1}));
  }
}

// ---------------------------------------------------------------------------
// StandardScaler and pipelines

StandardScaler Scaler(std::optional<std::vector<double>> mean,
                      std::optional<std::vector<double>> scale) {
  StandardScaler s;
  if (mean) s.mean = Tensor::FromVector(*mean);
  if (scale) s.scale = Tensor::FromVector(*scale);
  return s;
}

Model Transformer(uint64_t n, EstimatorVariant e) {
  Model m = Regressor(n, n, std::move(e));
  m.output.task = Task::kTransform;
  return m;
}

TEST(StandardScaler, SubtractThenDivideAndNanPassesThrough) {
  auto p = Make(Transformer(
      2, Scaler(std::vector<double>{1, 0.1}, std::vector<double>{3, 0.7})));
  ASSERT_TRUE(p);
  Matrix<double> out;
  std::vector<double> x{2, 0.3, kNan, 1};
  ASSERT_TRUE(p->Transform(View(x, 2), &out).ok());
  EXPECT_EQ(out.rows, 2u);
  EXPECT_EQ(out.data[0], (2 - 1) / 3.0);
  EXPECT_EQ(out.data[1], (0.3 - 0.1) / 0.7);
  EXPECT_TRUE(std::isnan(out.data[2]));
  EXPECT_EQ(out.data[3], (1 - 0.1) / 0.7);
  EXPECT_EQ(p->Transform(View({kInf, 0}, 2), &out).code(),
            ErrorCode::kInputInfinite);
  PredictOutput po;
  EXPECT_EQ(p->Predict(View(x, 2), &po).code(), ErrorCode::kMethodNotSupported);
}

// float32 input stays float32 in scikit-learn: `X -= mean_` and `X /=
// scale_` each round to float32, so the next step sees those values; from
// 1.8 on mean_ and scale_ are first cast to float32 too.
TEST(StandardScaler, Float32InputRoundsAfterEachStep) {
  // A value for which the three ways of rounding all differ.
  const float x = 0x1.be00a6p-4f;  // 0.10888...
  const double mean = 0.1, scale = 3.0;
  auto transform = [&](const std::string& release, DType dtype) {
    Model m = Transformer(
        1, Scaler(std::vector<double>{mean}, std::vector<double>{scale}));
    if (!release.empty()) {
      m.metadata.library_versions.push_back({"scikit-learn", release});
    }
    auto p = Make(m);
    const double xd = x;
    Matrix<double> out;
    Status s = p->Transform(
        MatrixView{dtype == DType::kFloat32 ? static_cast<const void*>(&x)
                                            : static_cast<const void*>(&xd),
                   dtype, 1, 1},
        &out);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out.data.at(0);
  };
  // scikit-learn 1.4 - 1.7: float64 mean_ and scale_, rounded results.
  const float centred = static_cast<float>(static_cast<double>(x) - mean);
  const float old_way = static_cast<float>(static_cast<double>(centred) / 3.0);
  EXPECT_EQ(transform("1.7.2", DType::kFloat32), old_way);
  EXPECT_EQ(transform("1.4.2", DType::kFloat32), old_way);
  const float once = static_cast<float>((static_cast<double>(x) - mean) / 3.0);
  EXPECT_NE(old_way, once);
  // 1.8 and newer (and a model that records no release): float32 mean_.
  const double mean32 = static_cast<float>(mean);
  const float new_way = static_cast<float>(
      static_cast<double>(static_cast<float>(static_cast<double>(x) - mean32)) /
      3.0);
  EXPECT_NE(new_way, old_way);
  EXPECT_NE(new_way, once);
  EXPECT_EQ(transform("1.8.0", DType::kFloat32), new_way);
  EXPECT_EQ(transform("1.10.0", DType::kFloat32), new_way);
  EXPECT_EQ(transform("", DType::kFloat32), new_way);
  // float64 input: no rounding, whatever the release.
  EXPECT_EQ(transform("1.9.1", DType::kFloat64),
            (static_cast<double>(x) - mean) / scale);
}

TEST(StandardScaler, OptionalParts) {
  auto mean_only = Make(Transformer(1, Scaler(std::vector<double>{2}, {})));
  auto scale_only = Make(Transformer(1, Scaler({}, std::vector<double>{4})));
  ASSERT_TRUE(mean_only && scale_only);
  Matrix<double> out;
  ASSERT_TRUE(mean_only->Transform(View({5}, 1), &out).ok());
  EXPECT_EQ(out.data, (std::vector<double>{3}));
  ASSERT_TRUE(scale_only->Transform(View({5}, 1), &out).ok());
  EXPECT_EQ(out.data, (std::vector<double>{1.25}));
}

// MinMaxScaler: X *= scale_; X += min_; then np.clip when clip=True.
TEST(MinMaxScaler, MultiplyThenAddThenClipNanPassesThrough) {
  MinMaxScaler s;
  s.scale = Tensor::FromVector(std::vector<double>{0.1, 3.0});
  s.min = Tensor::FromVector(std::vector<double>{0.2, -0.7});
  auto p = Make(Transformer(2, s));
  ASSERT_TRUE(p);
  Matrix<double> out;
  std::vector<double> x{0.3, 0.5, kNan, 9};
  ASSERT_TRUE(p->Transform(View(x, 2), &out).ok());
  // Two roundings (numpy), not a fused multiply-add.
  volatile double a = 0.3 * 0.1;
  volatile double b = 0.5 * 3.0;
  EXPECT_EQ(out.data[0], a + 0.2);
  EXPECT_EQ(out.data[1], b + -0.7);
  EXPECT_TRUE(std::isnan(out.data[2]));
  EXPECT_EQ(out.data[3], 9 * 3.0 - 0.7);
  EXPECT_EQ(p->Transform(View({0, -kInf}, 2), &out).code(),
            ErrorCode::kInputInfinite);
  // Clipped to [0, 1]; NaN stays NaN; -0.0 at the lower bound becomes 0.0
  // (numpy's clip is max(x, lo) with x > lo ? x : lo).
  s.clip_range = Tensor::FromVector(std::vector<double>{0.0, 1.0});
  s.min = Tensor::FromVector(std::vector<double>{-0.0, 0.0});
  auto c = Make(Transformer(2, s));
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->Transform(View({-5, 0.2, kNan, 1, -0.0, 0.5}, 2), &out).ok());
  EXPECT_EQ(out.data[0], 0.0);
  EXPECT_EQ(out.data[1], 0.6000000000000001);  // 0.2 * 3.0 in float64
  EXPECT_TRUE(std::isnan(out.data[2]));
  EXPECT_EQ(out.data[3], 1.0);
  EXPECT_EQ(out.data[4], 0.0);
  EXPECT_FALSE(std::signbit(out.data[4]));
  EXPECT_EQ(out.data[5], 1.0);
  PredictOutput po;
  EXPECT_EQ(c->Predict(View({0, 0}, 2), &po).code(),
            ErrorCode::kMethodNotSupported);
}

TEST(MinMaxScaler, Float32InputRoundsAfterEachStepAndClipsAtFloat32Bounds) {
  // scikit-learn keeps float32 X: `X *= scale_` and `X += min_` each round
  // to float32; np.clip's bounds are feature_range cast to float32.
  const float x = 0x1.6e2d4cp-1f;  // 0.715...: one rounding would differ
  MinMaxScaler s;
  s.scale = Tensor::FromVector(std::vector<double>{3.0, 1.0});
  s.min = Tensor::FromVector(std::vector<double>{0.1, 0.0});
  s.clip_range = Tensor::FromVector(std::vector<double>{-5.0, 2.3});
  auto p = Make(Transformer(2, s));
  ASSERT_TRUE(p);
  const float in[2] = {x, 5.0f};
  Matrix<double> out;
  ASSERT_TRUE(p->Transform(MatrixView{in, DType::kFloat32, 1, 2}, &out).ok());
  const float product = static_cast<float>(static_cast<double>(x) * 3.0);
  const float want = static_cast<float>(static_cast<double>(product) + 0.1);
  EXPECT_NE(want, static_cast<float>(static_cast<double>(x) * 3.0 + 0.1));
  EXPECT_EQ(out.data[0], static_cast<double>(want));
  EXPECT_EQ(out.data[1], static_cast<double>(2.3f));  // clipped at float32
  const double in64[2] = {x, 5.0};
  ASSERT_TRUE(p->Transform(MatrixView{in64, DType::kFloat64, 1, 2}, &out).ok());
  EXPECT_EQ(out.data[1], 2.3);
}

TEST(MaxAbsScaler, Float32InputRoundsTheQuotient) {
  MaxAbsScaler s;
  s.scale = Tensor::FromVector(std::vector<double>{0.7});
  auto p = Make(Transformer(1, s));
  ASSERT_TRUE(p);
  const float x = 0.3f;
  Matrix<double> out;
  ASSERT_TRUE(p->Transform(MatrixView{&x, DType::kFloat32, 1, 1}, &out).ok());
  const double q = static_cast<double>(x) / 0.7;
  EXPECT_NE(static_cast<double>(static_cast<float>(q)), q);
  EXPECT_EQ(out.data[0], static_cast<double>(static_cast<float>(q)));
}

TEST(MaxAbsScaler, DivideNanPassesThrough) {
  MaxAbsScaler s;
  s.scale = Tensor::FromVector(std::vector<double>{3.0, 0.7});
  auto p = Make(Transformer(2, s));
  ASSERT_TRUE(p);
  Matrix<double> out;
  ASSERT_TRUE(p->Transform(View({1, 0.3, kNan, -2}, 2), &out).ok());
  EXPECT_EQ(out.data[0], 1 / 3.0);
  EXPECT_EQ(out.data[1], 0.3 / 0.7);
  EXPECT_TRUE(std::isnan(out.data[2]));
  EXPECT_EQ(out.data[3], -2 / 0.7);
  EXPECT_EQ(p->Transform(View({kInf, 0}, 2), &out).code(),
            ErrorCode::kInputInfinite);
}

TEST(Pipeline, MinMaxThenMaxAbsThenLinear) {
  MinMaxScaler mm;
  mm.scale = Tensor::FromVector(std::vector<double>{2.0, 0.5});
  mm.min = Tensor::FromVector(std::vector<double>{1.0, -1.0});
  MaxAbsScaler ma;
  ma.scale = Tensor::FromVector(std::vector<double>{4.0, 2.0});
  Pipeline pl;
  pl.steps.push_back({mm});
  pl.steps.push_back({ma});
  pl.steps.push_back({Linear({1, 1}, 1, 2, {0}, LinearOutput::kRegression)});
  auto p = Make(Regressor(2, 1, pl));
  ASSERT_TRUE(p);
  PredictOutput out;
  ASSERT_TRUE(p->Predict(View({3, 4}, 2), &out).ok());
  // ((3*2+1)/4) + ((4*0.5-1)/2) + 0 = 1.75 + 0.5
  EXPECT_EQ(out.values.data, (std::vector<double>{2.25}));
}

TEST(Pipeline, ScalerThenLinear) {
  Pipeline pl;
  pl.steps.push_back(
      {Scaler(std::vector<double>{1, 2}, std::vector<double>{2, 4})});
  pl.steps.push_back({Linear({1, 1}, 1, 2, {0}, LinearOutput::kDecision)});
  auto p = Make(Classifier(2, {2}, pl));
  ASSERT_TRUE(p);
  // (3-1)/2 + (2-2)/4 = 1 -> class 1; (1-1)/2 + (2-2)/4 = 0 -> class 0.
  EXPECT_EQ(Classes(*p, {3, 2, 1, 2}), (std::vector<int64_t>{1, 0}));
  // The scaler passes nan, the linear step rejects it.
  EXPECT_EQ(PredictCode(*p, {kNan, 2}), ErrorCode::kInputNaN);
}

TEST(Pipeline, NestedScalersThenTree) {
  Pipeline inner;
  inner.steps.push_back({Scaler(std::vector<double>{10}, {})});
  inner.steps.push_back({Scaler({}, std::vector<double>{0.5})});
  Pipeline outer;
  outer.steps.push_back({inner});
  outer.steps.push_back({DecisionTree{Stump(1, {0.0}, {1.0}, 1, 1)}});
  auto p = Make(Regressor(1, 1, outer));
  ASSERT_TRUE(p);
  // (10.5 - 10) / 0.5 = 1 -> left; 10.6 -> right.
  EXPECT_EQ(Values(*p, {10.5, 10.6}), (std::vector<double>{0, 1}));
}

TEST(Pipeline, TransformPipeline) {
  Pipeline pl;
  pl.steps.push_back({Scaler(std::vector<double>{1}, {})});
  pl.steps.push_back({Scaler({}, std::vector<double>{2})});
  auto p = Make(Transformer(1, pl));
  ASSERT_TRUE(p);
  Matrix<double> out;
  ASSERT_TRUE(p->Transform(View({5}, 1), &out).ok());
  EXPECT_EQ(out.data, (std::vector<double>{2}));
}

// ---------------------------------------------------------------------------
// CategoryEncoder

CategoryEncoder Encoder(
    std::vector<std::pair<uint64_t, std::vector<double>>> columns) {
  CategoryEncoder e;
  for (auto& [column, cats] : columns) {
    CategoryColumn c;
    c.column = column;
    c.categories = Tensor::FromVector(std::move(cats));
    e.columns.push_back(std::move(c));
  }
  return e;
}

std::vector<double> TransformRows(const Predictor& p,
                                  const std::vector<double>& x) {
  Matrix<double> out;
  Status s = p.Transform(View(x, p.n_features()), &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(out.cols, p.n_features());
  return out.data;
}

// Compares with nan == nan (EXPECT_EQ on vectors would not).
void ExpectSameValues(const std::vector<double>& got,
                      const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << "at " << i << ": " << got[i];
    } else {
      EXPECT_EQ(got[i], want[i]) << "at " << i;
    }
  }
}

TEST(CategoryEncoder, KnownUnknownNanAndSignedZero) {
  // Column 1 is categorical {-2.5, 0, 3, 7, 10}; the output is
  // [code(x1), x0, x2].
  auto p = Make(Transformer(3, Encoder({{1, {-2.5, 0, 3, 7, 10}}})));
  ASSERT_TRUE(p);
  ExpectSameValues(TransformRows(*p,
                                 {
                                     0.5,   3,
                                     -1,  // known: code 2
                                     1,     10,
                                     2,  // last category: 4
                                     2,     -2.5,
                                     3,  // first category: 0
                                     kNan,  0,
                                     kInf,  // 0: code 1; others pass
                                     4,     -0.0,
                                     5,  // -0.0 == 0.0: code 1
                                     6,     kNan,
                                     7,  // nan stays nan
                                     8,     4,
                                     9,  // between categories
                                     10,    3.0000000000000004,
                                     11,  // next double
                                     12,    11,
                                     13,  // above the last
                                     14,    -3,
                                     15,  // below the first
                                     -kInf, 7,
                                     kNan,  // unlisted inf passes
                                 }),
                   {2,    0.5, -1,   4,  1,    2,    0,  2,    3, 1,     kNan,
                    kInf, 1,   4,    5,  kNan, 6,    7,  kNan, 8, 9,     kNan,
                    10,   11,  kNan, 12, 13,   kNan, 14, 15,   3, -kInf, kNan});
}

TEST(CategoryEncoder, SignedZeroCategory) {
  // A category stored as -0.0 matches 0.0 input and vice versa.
  auto p = Make(Transformer(1, Encoder({{0, {-1, -0.0, 1}}})));
  ASSERT_TRUE(p);
  ExpectSameValues(TransformRows(*p, {0.0, -0.0, 1, -1}), {1, 1, 2, 0});
}

TEST(CategoryEncoder, ReordersSeveralColumnsCategoricalFirst) {
  // Columns 1, 3 and 4 of 6 are categorical: the output is
  // [code(x1), code(x3), code(x4), x0, x2, x5].
  auto p = Make(Transformer(
      6, Encoder({{1, {3, 7, 10}}, {3, {-1, 1}}, {4, {0, 5, 9, 100}}})));
  ASSERT_TRUE(p);
  ExpectSameValues(TransformRows(*p, {0.25, 10, -0.5, -1, 100, 42,  //
                                      1.25, 3, 2.5, 2, 5, -42}),
                   {2, 0, 3, 0.25, -0.5, 42,  //
                    0, kNan, 1, 1.25, 2.5, -42});
}

TEST(CategoryEncoder, Float32InputIsConvertedToDouble) {
  // 0.1f is not the double 0.1: it matches a category only when the
  // category is the float's exact value.
  const double f = static_cast<double>(0.1f);
  auto p = Make(Transformer(2, Encoder({{0, {0.1, f, 3}}})));
  ASSERT_TRUE(p);
  std::vector<float> x{0.1f, 0.1f, 3.0f, 0.5f};
  Matrix<double> out;
  ASSERT_TRUE(
      p->Transform(MatrixView{x.data(), DType::kFloat32, 2, 2}, &out).ok());
  // 0.1 < (double)0.1f, so the float is category 1.
  ASSERT_LT(0.1, f);
  EXPECT_EQ(out.data, (std::vector<double>{1, f, 2, 0.5}));
}

TEST(CategoryEncoder, InfinityInAListedColumnIsRejected) {
  auto p = Make(Transformer(3, Encoder({{2, {1, 2}}})));
  ASSERT_TRUE(p);
  Matrix<double> out;
  std::vector<double> x{kInf, kNan, 1, 0, 0, -kInf};
  Status s = p->Transform(View(x, 3), &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputInfinite);
  EXPECT_EQ(s.context(), "X[1][2]");
}

// Pipeline(CategoryEncoder, HistGradientBoostingRegressor): the trees see the
// codes, categorical columns first.
Model EncoderThenHgb() {
  // Input [x0, x1, x2]; x2 categorical {3, 7, 10}. Encoded: [code(x2), x0,
  // x1]. Tree 0: categorical split on encoded column 0, codes {1} left
  // (x2 == 7), unknown / nan to the right. Tree 1: x1 (encoded column 2)
  // <= 0.5.
  HistGradientBoosting h = Hgb({HistStump(0, 0, -1, 1, false, true, 1u << 1),
                                HistStump(2, 0.5, 10, 20, true)},
                               2, {100}, HgbLoss::kSquaredError);
  std::vector<uint32_t> known(8, 0);
  known[0] = 0b111u;
  h.known_cat_bitsets = Tensor::FromVector(known, {1, 8});
  h.f_idx_map = Tensor::FromVector(std::vector<int32_t>{0, -1, -1});
  Pipeline pl;
  pl.steps.push_back({Encoder({{2, {3, 7, 10}}})});
  pl.steps.push_back({std::move(h)});
  return Regressor(3, 1, std::move(pl));
}

TEST(CategoryEncoder, BeforeHistGradientBoosting) {
  auto p = Make(EncoderThenHgb());
  ASSERT_TRUE(p);
  EXPECT_EQ(Values(*p, {0, 0, 7,      // code 1 left; x1 <= 0.5
                        0, 1, 3,      // code 0 right; x1 > 0.5
                        0, kNan, 10,  // code 2 right; nan left
                        0, 0, 8,      // unknown: nan, right
                        0, 0, kNan,   // nan, right
                        9, 0, 1}),    // 1 unknown (the raw value 1 would
                                      // be code 1 without the encoder)
            (std::vector<double>{100 - 1 + 10, 100 + 1 + 20, 100 + 1 + 10,
                                 100 + 1 + 10, 100 + 1 + 10, 100 + 1 + 10}));
  // The encoder rejects infinity in x2; x0 is not checked.
  EXPECT_EQ(PredictCode(*p, {0, 0, kInf}), ErrorCode::kInputInfinite);
  EXPECT_EQ(Values(*p, {kInf, 0, 7}), (std::vector<double>{100 - 1 + 10}));
}

TEST(CategoryEncoder, ThreadsAndBlocksAgree) {
  auto p = Make(EncoderThenHgb());
  ASSERT_TRUE(p);
  std::vector<double> x;
  const double values[] = {3, 7, 10, 8, kNan, -0.0};
  for (int r = 0; r < 1000; ++r) {
    x.push_back(r);
    x.push_back((r % 3) * 0.4);
    x.push_back(values[r % 6]);
  }
  PredictOutput one, two;
  ASSERT_TRUE(p->Predict(View(x, 3), &one).ok());
  ASSERT_TRUE(p->Predict(View(x, 3), &two, {.n_threads = 2}).ok());
  EXPECT_EQ(one.values.data, two.values.data);
  for (int r = 0; r < 1000; ++r) {
    const double want = 100 + (r % 6 == 1 ? -1 : 1) + (r % 3 < 2 ? 10 : 20);
    ASSERT_EQ(one.values.data[r], want) << "row " << r;
  }
}

// ---------------------------------------------------------------------------
// Input errors: one test per code.

std::unique_ptr<Predictor> SimpleTree() {
  return Make(Classifier(2, {2}, DecisionTree{Stump(0, {1, 0}, {0, 1}, 1, 2)}));
}

TEST(InputErrors, Shape) {
  auto p = SimpleTree();
  PredictOutput out;
  std::vector<double> x{1, 2, 3};
  EXPECT_EQ(
      p->Predict(MatrixView{x.data(), DType::kFloat64, 1, 3}, &out).code(),
      ErrorCode::kInputShape);
}

TEST(InputErrors, DType) {
  auto p = SimpleTree();
  PredictOutput out;
  std::vector<int64_t> x{1, 2};
  EXPECT_EQ(p->Predict(MatrixView{x.data(), DType::kInt64, 1, 2}, &out).code(),
            ErrorCode::kInputDType);
}

TEST(InputErrors, NullData) {
  auto p = SimpleTree();
  PredictOutput out;
  EXPECT_EQ(p->Predict(MatrixView{nullptr, DType::kFloat64, 3, 2}, &out).code(),
            ErrorCode::kInputNullData);
}

// scikit-learn raises "Found array with 0 sample(s) (shape=(0, 2)) while a
// minimum of 1 is required"; so does every method here, before it looks at
// the number of columns.
TEST(InputErrors, NoRows) {
  auto p = SimpleTree();
  PredictOutput out;
  Status s = p->Predict(MatrixView{nullptr, DType::kFloat64, 0, 2}, &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputNoRows);
  EXPECT_EQ(s.context(), "X");
  EXPECT_NE(s.detail().find("0 sample(s) (shape=(0, 2))"), std::string::npos)
      << s.detail();
  std::vector<double> x{1, 2, 3};
  EXPECT_EQ(
      p->Predict(MatrixView{x.data(), DType::kFloat32, 0, 3}, &out).code(),
      ErrorCode::kInputNoRows);
  std::vector<Matrix<double>> proba;
  EXPECT_EQ(p->PredictProba(MatrixView{x.data(), DType::kFloat64, 0, 2}, &proba)
                .code(),
            ErrorCode::kInputNoRows);
  Matrix<double> m;
  EXPECT_EQ(p->DecisionFunction(MatrixView{x.data(), DType::kFloat64, 0, 2}, &m)
                .code(),
            ErrorCode::kInputNoRows);
}

TEST(Methods, HasMethodMatchesWhatTheMethodsDo) {
  auto tree = SimpleTree();
  EXPECT_TRUE(tree->HasMethod(PredictMethod::kPredict));
  EXPECT_TRUE(tree->HasMethod(PredictMethod::kPredictProba));
  EXPECT_FALSE(tree->HasMethod(PredictMethod::kDecisionFunction));
  EXPECT_FALSE(tree->HasMethod(PredictMethod::kTransform));
  Matrix<double> m;
  EXPECT_EQ(tree->DecisionFunction(View({0, 0}, 2), &m).code(),
            ErrorCode::kMethodNotSupported);
  // LinearSVC-like: decision_function, no predict_proba.
  auto svc = Make(
      Classifier(2, {2}, Linear({1, -1}, 1, 2, {0}, LinearOutput::kDecision)));
  ASSERT_TRUE(svc);
  EXPECT_TRUE(svc->HasMethod(PredictMethod::kDecisionFunction));
  EXPECT_FALSE(svc->HasMethod(PredictMethod::kPredictProba));
  auto scaler = Make(Transformer(1, Scaler({}, std::vector<double>{4})));
  ASSERT_TRUE(scaler);
  EXPECT_TRUE(scaler->HasMethod(PredictMethod::kTransform));
  EXPECT_FALSE(scaler->HasMethod(PredictMethod::kPredict));
  EXPECT_FALSE(scaler->HasMethod(PredictMethod::kPredictProba));
}

TEST(InputErrors, NaN) {
  auto p = SimpleTree();
  EXPECT_EQ(PredictCode(*p, {0, kNan}), ErrorCode::kInputNaN);
}

TEST(InputErrors, Infinite) {
  auto p = SimpleTree();
  EXPECT_EQ(PredictCode(*p, {kInf, 0}), ErrorCode::kInputInfinite);
}

TEST(InputErrors, MethodNotSupported) {
  auto p = SimpleTree();
  Matrix<double> out;
  Status s = p->Transform(View({0, 0}, 2), &out);
  EXPECT_EQ(s.code(), ErrorCode::kMethodNotSupported);
  EXPECT_EQ(s.context(), "transform");
}

TEST(InputErrors, Options) {
  auto p = SimpleTree();
  PredictOutput out;
  EXPECT_EQ(p->Predict(View({0, 0}, 2), &out, {.n_threads = 0}).code(),
            ErrorCode::kPredictOptions);
  EXPECT_EQ(
      p->Predict(View({0, 0}, 2), &out, {.n_threads = kMaxPredictThreads + 1})
          .code(),
      ErrorCode::kPredictOptions);
}

TEST(Input, Float32EqualsFloat64OfSameValues) {
  auto p = Make(Regressor(1, 1, DecisionTree{Stump(0.1, {1}, {2}, 1, 1)}));
  ASSERT_TRUE(p);
  std::vector<float> xf{0.1f, 0.099999994f, -3.0f};
  std::vector<double> xd(xf.begin(), xf.end());
  PredictOutput a, b;
  ASSERT_TRUE(
      p->Predict(MatrixView{xf.data(), DType::kFloat32, 3, 1}, &a).ok());
  ASSERT_TRUE(p->Predict(View(xd, 1), &b).ok());
  EXPECT_EQ(a.values.data, b.values.data);
  EXPECT_EQ(a.values.data, (std::vector<double>{2, 1, 1}));
}

TEST(Input, FirstOffendingRowAcrossThreads) {
  Model m = synthetic::RandomForestClassifier(3, 3, 4, 2, 1);
  std::get<Forest>(m.estimator.kind).trees[1].missing_go_to_left = Tensor();
  auto p = Make(m);
  ASSERT_TRUE(p);
  std::vector<double> x = synthetic::RandomMatrix(1000, 4, 0, 2);
  x[300 * 4 + 1] = kNan;  // in the first thread's range
  x[700 * 4 + 2] = kNan;  // in the second's
  PredictOutput out;
  Status s = p->Predict(View(x, 4), &out, {.n_threads = 2});
  EXPECT_EQ(s.code(), ErrorCode::kInputNaN);
  EXPECT_EQ(s.context(), "X[300][1]");
}

// ---------------------------------------------------------------------------
// Model errors found by Create: one test per code.

ErrorCode CreateCode(const Model& m) {
  return Predictor::Create(m).status().code();
}

TEST(ModelErrors, Tensor) {
  Tree t = Stump(0, {1}, {2}, 1, 1);
  t.threshold = Tensor::FromVector(std::vector<float>{0, 0, 0});
  Status s = Predictor::Create(Regressor(1, 1, DecisionTree{t})).status();
  EXPECT_EQ(s.code(), ErrorCode::kPredictorTensor);
  EXPECT_EQ(s.context(), "estimator.tree.threshold");
  Tree u = Stump(0, {1}, {2}, 1, 1);
  u.value =
      Tensor::FromVector(std::vector<double>{0, 1, 2, 3, 4, 5}, {3, 1, 2});
  EXPECT_EQ(CreateCode(Regressor(1, 1, DecisionTree{u})),
            ErrorCode::kPredictorTensor);
  Tree empty = MakeTree({}, {}, {}, {}, {}, 1, 1);
  EXPECT_EQ(CreateCode(Regressor(1, 1, DecisionTree{empty})),
            ErrorCode::kPredictorTensor);
}

TEST(ModelErrors, TreeChild) {
  // A self loop (child == parent) would never end.
  Tree loop =
      MakeTree({0, -1, -1}, {2, -1, -1}, {0, 0, 0}, {0, 0, 0}, {0, 1, 2}, 1, 1);
  Status s = Predictor::Create(Regressor(1, 1, DecisionTree{loop})).status();
  EXPECT_EQ(s.code(), ErrorCode::kPredictorTreeChild);
  EXPECT_EQ(s.context(), "estimator.tree.children_left[0]");
  Forest f;
  f.trees.push_back(Stump(0, {1}, {2}, 1, 1));
  f.trees.push_back(MakeTree({1, -1, -1}, {9999, -1, -1}, {0, 0, 0}, {0, 0, 0},
                             {0, 1, 2}, 1, 1));
  s = Predictor::Create(Regressor(1, 1, f)).status();
  EXPECT_EQ(s.code(), ErrorCode::kPredictorTreeChild);
  EXPECT_EQ(s.context(), "estimator.trees[1].children_right[0]");
  HistTree h = HistStump(0, 0, 1, 2, false);
  h.left = Tensor::FromVector(std::vector<uint32_t>{3, 0, 0});
  EXPECT_EQ(
      CreateCode(Regressor(1, 1, Hgb({h}, 1, {0}, HgbLoss::kSquaredError))),
      ErrorCode::kPredictorTreeChild);
}

TEST(ModelErrors, SharedSubtreeAndInnerCycle) {
  // 0 -> (1, 2); 1 -> (3, 4); 2 -> (3, 5): node 3 has two parents.
  Tree shared =
      MakeTree({1, 3, 3, -1, -1, -1}, {2, 4, 5, -1, -1, -1}, {0, 0, 0, 0, 0, 0},
               {0, 0, 0, 0, 0, 0}, {0, 0, 0, 1, 2, 3}, 1, 1);
  Status s = Predictor::Create(Regressor(1, 1, DecisionTree{shared})).status();
  EXPECT_EQ(s.code(), ErrorCode::kPredictorTreeChild);
  EXPECT_EQ(s.context(), "estimator.tree.children_left[2]");
  // 0 -> (1, 2); 1 -> (3, 1): a cycle below the root.
  Tree cycle = MakeTree({1, 3, -1, -1}, {2, 1, -1, -1}, {0, 0, 0, 0},
                        {0, 0, 0, 0}, {0, 0, 1, 2}, 1, 1);
  s = Predictor::Create(Regressor(1, 1, DecisionTree{cycle})).status();
  EXPECT_EQ(s.code(), ErrorCode::kPredictorTreeChild);
  EXPECT_EQ(s.context(), "estimator.tree.children_right[1]");
  // The same child on both sides.
  Tree twice = MakeTree({1, -1}, {1, -1}, {0, 0}, {0, 0}, {0, 1}, 1, 1);
  s = Predictor::Create(Regressor(1, 1, DecisionTree{twice})).status();
  EXPECT_EQ(s.code(), ErrorCode::kPredictorTreeChild);
  EXPECT_EQ(s.context(), "estimator.tree.children_right[0]");
}

TEST(ModelErrors, ChildrenBeforeParentAreFine) {
  // 0 -> (2, 3); 2 -> (1, 4): a tree, though numbered unlike scikit-learn.
  Tree t = MakeTree({2, -1, 1, -1, -1}, {3, -1, 4, -1, -1}, {0, 0, 0, 0, 0},
                    {0, 0, -1, 0, 0}, {0, 10, 0, 30, 40}, 1, 1);
  auto p = Make(Regressor(1, 1, DecisionTree{t}));
  ASSERT_TRUE(p);
  EXPECT_EQ(Values(*p, {-2, -0.5, 1}), (std::vector<double>{10, 40, 30}));
}

TEST(ModelErrors, FeatureIndex) {
  Tree t =
      MakeTree({1, -1, -1}, {2, -1, -1}, {5, 0, 0}, {0, 0, 0}, {0, 1, 2}, 1, 1);
  Status s = Predictor::Create(Regressor(2, 1, DecisionTree{t})).status();
  EXPECT_EQ(s.code(), ErrorCode::kPredictorFeatureIndex);
  EXPECT_EQ(s.context(), "estimator.tree.feature[0]");
  EXPECT_EQ(CreateCode(Regressor(1, 1,
                                 Hgb({HistStump(1, 0, 1, 2, false)}, 1, {0},
                                     HgbLoss::kSquaredError))),
            ErrorCode::kPredictorFeatureIndex);
}

TEST(ModelErrors, OutputSpec) {
  // Two classes listed, but a 3-row multiclass coefficient matrix.
  EXPECT_EQ(
      CreateCode(Classifier(
          1, {2}, Linear({1, 2, 3}, 3, 1, {0, 0, 0}, LinearOutput::kSoftmax))),
      ErrorCode::kPredictorOutputSpec);
  // A classification loss on a regression task.
  EXPECT_EQ(CreateCode(Regressor(1, 1,
                                 Gb({Stump(0, {1}, {2}, 1, 1)}, 1, {0}, 0.1,
                                    GbLoss::kLogLossBinary))),
            ErrorCode::kPredictorOutputSpec);
  Model m = Classifier(1, {2}, DecisionTree{Stump(0, {1, 0}, {0, 1}, 1, 2)});
  m.output.classes.clear();
  EXPECT_EQ(CreateCode(m), ErrorCode::kPredictorOutputSpec);
}

TEST(ModelErrors, Pipeline) {
  Pipeline bad;
  bad.steps.push_back({Linear({1}, 1, 1, {0}, LinearOutput::kRegression)});
  bad.steps.push_back({Linear({1}, 1, 1, {0}, LinearOutput::kRegression)});
  Status s = Predictor::Create(Regressor(1, 1, bad)).status();
  EXPECT_EQ(s.code(), ErrorCode::kPredictorPipeline);
  EXPECT_EQ(s.context(), "estimator.steps[0]");
  EXPECT_EQ(CreateCode(Regressor(1, 1, Pipeline{})),
            ErrorCode::kPredictorPipeline);
}

TEST(ModelErrors, BitsetIndex) {
  Model m = CategoricalModel(false);
  auto& h = std::get<HistGradientBoosting>(m.estimator.kind);
  h.trees[0].bitset_idx = Tensor::FromVector(std::vector<uint32_t>{1, 0, 0});
  Status s = Predictor::Create(m).status();
  EXPECT_EQ(s.code(), ErrorCode::kPredictorBitsetIndex);
  EXPECT_EQ(s.context(), "estimator.trees[0].bitset_idx[0]");
  Model m2 = CategoricalModel(false);
  std::get<HistGradientBoosting>(m2.estimator.kind).f_idx_map =
      Tensor::FromVector(std::vector<int32_t>{-1, -1});
  s = Predictor::Create(m2).status();
  EXPECT_EQ(s.code(), ErrorCode::kPredictorBitsetIndex);
  EXPECT_EQ(s.context(), "estimator.f_idx_map[1]");
}

TEST(ModelErrors, Categories) {
  auto code_and_context = [](const CategoryEncoder& e) {
    Status s = Predictor::Create(Transformer(3, e)).status();
    return std::make_pair(s.code(), s.context());
  };
  using P = std::pair<ErrorCode, std::string>;
  EXPECT_EQ(code_and_context(Encoder({})),
            (P{ErrorCode::kPredictorCategories, "estimator.columns"}));
  EXPECT_EQ(
      code_and_context(Encoder({{2, {1}}, {1, {1}}})),
      (P{ErrorCode::kPredictorCategories, "estimator.columns[1].column"}));
  EXPECT_EQ(code_and_context(Encoder({{0, {1, 3, 2}}})),
            (P{ErrorCode::kPredictorCategories,
               "estimator.columns[0].categories[2]"}));
  EXPECT_EQ(code_and_context(Encoder({{0, {kNan}}})),
            (P{ErrorCode::kPredictorCategories,
               "estimator.columns[0].categories[0]"}));
  EXPECT_EQ(
      code_and_context(Encoder({{0, {}}})),
      (P{ErrorCode::kPredictorCategories, "estimator.columns[0].categories"}));
  EXPECT_EQ(
      code_and_context(Encoder({{3, {1}}})),
      (P{ErrorCode::kPredictorFeatureIndex, "estimator.columns[0].column"}));
  CategoryEncoder wrong_dtype = Encoder({{0, {1}}});
  wrong_dtype.columns[0].categories =
      Tensor::FromVector(std::vector<float>{1, 2});
  EXPECT_EQ(
      code_and_context(wrong_dtype),
      (P{ErrorCode::kPredictorTensor, "estimator.columns[0].categories"}));
  // An encoder as the last step of a regression model.
  Pipeline pl;
  pl.steps.push_back({Linear({1, 1, 1}, 1, 3, {0}, LinearOutput::kRegression)});
  pl.steps.push_back({Encoder({{0, {1}}})});
  EXPECT_EQ(CreateCode(Regressor(3, 1, pl)), ErrorCode::kPredictorPipeline);
  EXPECT_EQ(CreateCode(Regressor(3, 1, Encoder({{0, {1}}}))),
            ErrorCode::kPredictorOutputSpec);
}

// ---------------------------------------------------------------------------
// Threads

TEST(Threads, ConcurrentPredictsAgree) {
  Model forest = synthetic::RandomForestClassifier(20, 6, 8, 3, 7);
  Model hgb = synthetic::RandomHistGradientBoostingClassifier(20, 5, 8, 8);
  for (const Model* m : {&forest, &hgb}) {
    auto p = Make(*m);
    ASSERT_TRUE(p);
    std::vector<double> x = synthetic::RandomMatrix(2000, 8, 0.05, 3);
    std::vector<Matrix<double>> expected;
    ASSERT_TRUE(p->PredictProba(View(x, 8), &expected).ok());
    // Rows are independent: a single row gives the batch's answer.
    std::vector<double> row(x.begin() + 8 * 1234, x.begin() + 8 * 1235);
    auto single = Proba(*p, row);
    for (size_t c = 0; c < single[0].cols; ++c) {
      EXPECT_EQ(single[0].at(0, c), expected[0].at(1234, c));
    }
    std::vector<std::vector<Matrix<double>>> got(4);
    std::vector<Status> status(4);
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        status[t] =
            p->PredictProba(View(x, 8), &got[t], {.n_threads = 1 + t % 2});
      });
    }
    for (auto& t : threads) t.join();
    for (unsigned t = 0; t < 4; ++t) {
      ASSERT_TRUE(status[t].ok()) << status[t].ToString();
      EXPECT_EQ(got[t][0].data, expected[0].data) << "thread " << t;
    }
  }
}

// RobustScaler: X -= center_; X /= scale_ with the float64 center_ and
// scale_ in every release (float32 input: each step rounds to float32).
TEST(RobustScaler, SubtractThenDivideFloat32RoundsEachStep) {
  const float x = 0x1.be00a6p-4f;  // rounding once or per step differs
  RobustScaler s;
  s.center = Tensor::FromVector(std::vector<double>{0.1, -2.0});
  s.scale = Tensor::FromVector(std::vector<double>{3.0, 0.5});
  for (const char* release : {"1.4.2", "1.9.1"}) {
    Model m = Transformer(2, s);
    m.metadata.library_versions.push_back({"scikit-learn", release});
    auto p = Make(m);
    ASSERT_TRUE(p);
    const float in[2] = {x, 1.0f};
    Matrix<double> out;
    ASSERT_TRUE(p->Transform(MatrixView{in, DType::kFloat32, 1, 2}, &out).ok());
    const float centred = static_cast<float>(static_cast<double>(x) - 0.1);
    const float want = static_cast<float>(static_cast<double>(centred) / 3.0);
    EXPECT_NE(want, static_cast<float>((static_cast<double>(x) - 0.1) / 3.0));
    EXPECT_EQ(out.data[0], static_cast<double>(want)) << release;
    EXPECT_EQ(out.data[1], 6.0);
  }
  auto p = Make(Transformer(2, s));
  ASSERT_TRUE(p);
  Matrix<double> out;
  ASSERT_TRUE(p->Transform(View({0.3, kNan, kNan, 4}, 2), &out).ok());
  EXPECT_EQ(out.data[0], (0.3 - 0.1) / 3.0);
  EXPECT_TRUE(std::isnan(out.data[1]) && std::isnan(out.data[2]));
  EXPECT_EQ(out.data[3], 12.0);
  EXPECT_EQ(p->Transform(View({kInf, 0}, 2), &out).code(),
            ErrorCode::kInputInfinite);
  // Either part absent (with_centering / with_scaling False).
  RobustScaler c = s;
  c.scale = Tensor();
  RobustScaler d = s;
  d.center = Tensor();
  auto pc = Make(Transformer(2, c));
  auto pd = Make(Transformer(2, d));
  ASSERT_TRUE(pc && pd);
  ASSERT_TRUE(pc->Transform(View({1, 1}, 2), &out).ok());
  EXPECT_EQ(out.data, (std::vector<double>{1 - 0.1, 3}));
  ASSERT_TRUE(pd->Transform(View({1, 1}, 2), &out).ok());
  EXPECT_EQ(out.data, (std::vector<double>{1 / 3.0, 2}));
}

// Normalizer: rows divided by their norm in numpy's order for a C-order X;
// norms below 10 eps count as 1; NaN and infinity refused.
TEST(Normalizer, NormsInNumpysOrderTinyNormsAreOne) {
  auto make = [](NormKind k, uint64_t n) {
    Normalizer z;
    z.norm = k;
    return Make(Transformer(n, z));
  };
  Matrix<double> out;
  auto max = make(NormKind::kMax, 3);
  ASSERT_TRUE(max);
  ASSERT_TRUE(
      max->Transform(View({1, -4, 2, 0, 0, 0, 1e-16, 0, 0}, 3), &out).ok());
  EXPECT_EQ(out.data,
            (std::vector<double>{0.25, -1, 0.5, 0, 0, 0, 1e-16, 0, 0}));
  // l2 of 3 values: einsum's two lanes, (x0^2 + x2^2) + x1^2, which
  // differs from the left-to-right sum for this row.
  const double a = 1.076, b = 1.91, c = 1.198;
  auto l2 = make(NormKind::kL2, 3);
  ASSERT_TRUE(l2);
  ASSERT_TRUE(l2->Transform(View({a, b, c}, 3), &out).ok());
  volatile double aa = a * a, bb = b * b, cc = c * c;
  const double lanes = std::sqrt(0.0 + ((aa + cc) + bb));
  EXPECT_NE(a / lanes, a / std::sqrt((aa + bb) + cc));
  EXPECT_EQ(out.data[0], a / lanes);
  EXPECT_EQ(out.data[1], b / lanes);
  // l1 of 9 values: numpy's pairwise sum (8 partial sums, then the ninth).
  std::vector<double> row{1e16, 1, 1, 1, -1e16, 1, 1, 1, 3};
  auto l1 = make(NormKind::kL1, 9);
  ASSERT_TRUE(l1);
  ASSERT_TRUE(l1->Transform(View(row, 9), &out).ok());
  std::vector<double> abs(row.size());
  for (size_t i = 0; i < row.size(); ++i) abs[i] = std::fabs(row[i]);
  const double norm = NumpyPairwiseSum(abs.data(), abs.size());
  EXPECT_EQ(norm,
            2.000000000000001e+16);  // left to right: 2.0000000000000004e16
  EXPECT_EQ(out.data[8], 3 / norm);
  EXPECT_EQ(l1->Transform(View({1, kNan, 0, 0, 0, 0, 0, 0, 0}, 9), &out).code(),
            ErrorCode::kInputNaN);
  EXPECT_EQ(l1->Transform(View({1, kInf, 0, 0, 0, 0, 0, 0, 0}, 9), &out).code(),
            ErrorCode::kInputInfinite);
}

TEST(Normalizer, Float32InputInFloat32Arithmetic) {
  Normalizer z;
  z.norm = NormKind::kL1;
  auto p = Make(Transformer(3, z));
  ASSERT_TRUE(p);
  const float in[3] = {0.1f, 0.2f, 0.3f};
  Matrix<double> out;
  ASSERT_TRUE(p->Transform(MatrixView{in, DType::kFloat32, 1, 3}, &out).ok());
  const float norm = (-0.0f + 0.1f) + 0.2f + 0.3f;
  EXPECT_EQ(out.data[2], static_cast<double>(0.3f / norm));
  // A float32 norm below 10 * FLT_EPSILON is 1 (float64: 10 * DBL_EPSILON).
  const float tiny[3] = {1e-7f, 0, 0};
  ASSERT_TRUE(p->Transform(MatrixView{tiny, DType::kFloat32, 1, 3}, &out).ok());
  EXPECT_EQ(out.data[0], static_cast<double>(1e-7f));
  ASSERT_TRUE(p->Transform(View({1e-7, 0, 0}, 3), &out).ok());
  EXPECT_EQ(out.data[0], 1.0);
}

// Binarizer: x > threshold; float32 input against the float32 threshold.
TEST(Binarizer, StrictlyAboveTheThresholdFloat32RoundsIt) {
  Binarizer b;
  b.threshold = 0.1;
  auto p = Make(Transformer(3, b));
  ASSERT_TRUE(p);
  Matrix<double> out;
  ASSERT_TRUE(p->Transform(View({0.1, 0.10000000000000002, -5}, 3), &out).ok());
  EXPECT_EQ(out.data, (std::vector<double>{0, 1, 0}));
  // 0.1f > 0.1 in float64, but not against 0.1 rounded to float32.
  const float in[3] = {0.1f, 0.100001f, 0.0f};
  ASSERT_TRUE(p->Transform(MatrixView{in, DType::kFloat32, 1, 3}, &out).ok());
  EXPECT_GT(static_cast<double>(0.1f), 0.1);
  EXPECT_EQ(out.data, (std::vector<double>{0, 1, 0}));
  EXPECT_EQ(p->Transform(View({kNan, 0, 0}, 3), &out).code(),
            ErrorCode::kInputNaN);
  EXPECT_EQ(p->Transform(View({0, -kInf, 0}, 3), &out).code(),
            ErrorCode::kInputInfinite);
  b.threshold = kNan;  // nothing is above NaN
  auto n = Make(Transformer(3, b));
  ASSERT_TRUE(n);
  ASSERT_TRUE(n->Transform(View({1, 2, 3}, 3), &out).ok());
  EXPECT_EQ(out.data, (std::vector<double>{0, 0, 0}));
}

// h-sel: FeatureSelector copies the selected columns in input order; input
// Finite refuses NaN and infinity in any input column (selected or not),
// input Any lets them through.
TEST(FeatureSelector, CopiesColumnsAndChecksEveryInputColumn) {
  FeatureSelector f;
  f.columns = {0, 2, 3};
  f.input = SelectorInput::kFinite;
  auto selector = [&] {
    Model m = Transformer(4, f);
    m.output.n_outputs = 3;
    return m;
  };
  auto p = Make(selector());
  ASSERT_TRUE(p);
  Matrix<double> out;
  ASSERT_TRUE(
      p->Transform(View({1.5, -2, -0.0, 1e300, 7, 8, 9, 10}, 4), &out).ok());
  EXPECT_EQ(out.data, (std::vector<double>{1.5, -0.0, 1e300, 7, 9, 10}));
  EXPECT_TRUE(std::signbit(out.data[1]));
  const float in[4] = {0.1f, 2, 3, 4};
  ASSERT_TRUE(p->Transform(MatrixView{in, DType::kFloat32, 1, 4}, &out).ok());
  EXPECT_EQ(out.data, (std::vector<double>{0.1f, 3, 4}));
  EXPECT_EQ(p->Transform(View({0, kNan, 0, 0}, 4), &out).code(),
            ErrorCode::kInputNaN);
  EXPECT_EQ(p->Transform(View({0, 0, 0, -kInf}, 4), &out).code(),
            ErrorCode::kInputInfinite);
  f.input = SelectorInput::kAny;
  auto a = Make(selector());
  ASSERT_TRUE(a);
  ASSERT_TRUE(a->Transform(View({kNan, 1, kInf, -kInf}, 4), &out).ok());
  EXPECT_TRUE(std::isnan(out.data[0]));
  EXPECT_EQ(out.data[1], kInf);
  EXPECT_EQ(out.data[2], -kInf);
}

// h-sel: MissingIndicator: 1.0 where the column is missing (NaN, or equal
// to the missing value), error_on_new refuses a missing value in another
// column (E914); NaN missing lets NaN in and refuses infinity, a number
// refuses both.
TEST(MissingIndicator, MaskErrorOnNewAndInputChecks) {
  MissingIndicator mi;
  mi.features = {0, 2};
  mi.missing_value = kNan;
  auto indicator = [&] {
    Model m = Transformer(3, mi);
    m.output.n_outputs = 2;
    return m;
  };
  auto p = Make(indicator());
  ASSERT_TRUE(p);
  Matrix<double> out;
  ASSERT_TRUE(p->Transform(View({kNan, kNan, 1, 0, 0, kNan}, 3), &out).ok());
  EXPECT_EQ(out.data, (std::vector<double>{1, 0, 0, 1}));
  EXPECT_EQ(p->Transform(View({0, kInf, 0}, 3), &out).code(),
            ErrorCode::kInputInfinite);
  mi.on_new = IndicatorNew::kError;
  auto e = Make(indicator());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->Transform(View({0, 0, 0, 0, kNan, 0}, 3), &out).code(),
            ErrorCode::kInputNewMissing);
  mi.missing_value = -1;
  auto v = Make(indicator());
  ASSERT_TRUE(v);
  ASSERT_TRUE(v->Transform(View({-1, 0, -1, 2, 5, 0}, 3), &out).ok());
  EXPECT_EQ(out.data, (std::vector<double>{1, 1, 0, 0}));
  EXPECT_EQ(v->Transform(View({0, -1, 0}, 3), &out).code(),
            ErrorCode::kInputNewMissing);
  EXPECT_EQ(v->Transform(View({kNan, 0, 0}, 3), &out).code(),
            ErrorCode::kInputNaN);
}

// workspace_per_row follows the widest row a step makes, not the input: a
// OneHotEncoder column of 5000 slots on one input column.
TEST(Predictor, WorkspacePerRowFollowsTheWidestRow) {
  FeatureSelector f;
  f.columns = {0, 2, 3};
  f.input = SelectorInput::kAny;
  Model narrow = Transformer(4, f);
  narrow.output.n_outputs = 3;
  auto p = Make(narrow);
  ASSERT_TRUE(p);
  EXPECT_LT(p->workspace_per_row(), 100u);

  constexpr uint64_t kWidth = 5000;
  OneHotEncoder e;
  OneHotColumn c;
  c.categories.numbers = Tensor::FromVector(std::vector<double>{1.0});
  c.slots = Tensor::FromVector(
      std::vector<int64_t>{0, static_cast<int64_t>(kWidth) - 1});
  c.width = kWidth;
  e.columns.push_back(std::move(c));
  e.unknown = UnknownCategory::kSlot;
  f.columns = {kWidth - 1};
  Pipeline pipe;
  pipe.steps.emplace_back().kind = std::move(e);
  pipe.steps.emplace_back().kind = f;
  Model wide = Transformer(1, std::move(pipe));
  wide.format_minor = 1;
  wide.output.n_outputs = 1;
  auto w = Make(wide);
  ASSERT_TRUE(w);
  EXPECT_GE(w->workspace_per_row(), 2 * kWidth);
  EXPECT_LT(w->workspace_per_row(), 3 * kWidth);
  Matrix<double> out;
  ASSERT_TRUE(w->Transform(View({7}, 1), &out).ok());  // unknown: last slot
  EXPECT_EQ(out.data, (std::vector<double>{1}));
}

}  // namespace
}  // namespace modelseal
