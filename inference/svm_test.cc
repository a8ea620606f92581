// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// SupportVectorMachine through the predictor: each kernel against its
// closed form, libsvm's one-vs-one vote and its tie rules (a zero decision
// value votes for the second class; equal votes go to the first class),
// scikit-learn's one-vs-rest aggregation and break_ties, the binary sign
// flip, Platt probabilities and pairwise coupling, OneClassSVM's labels,
// and the input rules. python/tests/test_svm_parity.py compares with
// scikit-learn itself.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/builders.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

SupportVectorMachine& Svm(Model& m) {
  return std::get<SupportVectorMachine>(m.estimator.kind);
}

MatrixView View(const std::vector<double>& x, size_t cols) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / cols, cols};
}

// A regressor with one support vector s and dual coefficient 1, intercept
// 0: predict is K(x, s).
Model OneVector(SvmKernel kernel, std::vector<double> s) {
  Model m = testing::MakeSvrPoly();
  Svm(m).kernel = kernel;
  Svm(m).support_vectors = Tensor::FromVector(std::move(s), {1, 2});
  Svm(m).dual_coef = Tensor::FromVector(std::vector<double>{1}, {1, 1});
  Svm(m).intercept = Tensor::FromVector(std::vector<double>{0});
  return m;
}

std::vector<double> PredictValues(const Model& m,
                                  const std::vector<double>& x) {
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  PredictOutput out;
  Status st = (*p)->Predict(View(x, 2), &out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out.values.data;
}

TEST(SvmPredict, KernelsMatchTheirClosedForms) {
  const std::vector<double> s = {0.5, -2}, x = {1.5, 3, -0.25, 0.125};
  const double g = 0.5, c0 = 1;  // MakeSvrPoly's gamma and coef0
  for (SvmKernel kernel : {SvmKernel::kLinear, SvmKernel::kPoly,
                           SvmKernel::kRbf, SvmKernel::kSigmoid}) {
    SCOPED_TRACE(EnumName(kernel));
    std::vector<double> got = PredictValues(OneVector(kernel, s), x);
    ASSERT_EQ(got.size(), 2u);
    for (size_t r = 0; r < 2; ++r) {
      const double a = x[2 * r], b = x[2 * r + 1];
      const double dot = a * s[0] + b * s[1];
      const double d0 = a - s[0], d1 = b - s[1];
      double k = 0;
      switch (kernel) {
        case SvmKernel::kLinear:
          k = dot;
          break;
        case SvmKernel::kPoly: {
          const double t = g * dot + c0;
          k = t * (t * t);  // libsvm's powi for degree 3
          break;
        }
        case SvmKernel::kRbf:
          k = std::exp(-g * (d0 * d0 + d1 * d1));
          break;
        case SvmKernel::kSigmoid:
          k = std::tanh(g * dot + c0);
          break;
      }
      EXPECT_EQ(got[r], k) << r;
    }
  }
}

TEST(SvmPredict, OneValuePerTargetOfAKernelRidge) {
  // Target t: sum_i dual_coef[t][i] exp(-gamma ||x - s_i||^2).
  const Model m = testing::MakeKernelRidgeTwoTargets();
  const std::vector<double> x = {0.5, 0.25, -1, 2, 3, 3};
  const double sv[3][2] = {{0, 1}, {2, -1}, {1, 1}};
  const double coef[2][3] = {{0.5, -1, 0.25}, {2, 0, -3}};
  std::vector<double> got = PredictValues(m, x);
  ASSERT_EQ(got.size(), 6u);
  for (size_t r = 0; r < 3; ++r) {
    for (size_t t = 0; t < 2; ++t) {
      double want = 0;
      for (size_t i = 0; i < 3; ++i) {
        const double a = x[2 * r] - sv[i][0], b = x[2 * r + 1] - sv[i][1];
        want += coef[t][i] * std::exp(-0.5 * (a * a + b * b));
      }
      EXPECT_NEAR(got[r * 2 + t], want, 1e-15) << r << " " << t;
    }
  }
}

TEST(SvmPredict, DegreeZeroAndNoSupportVectors) {
  Model m = OneVector(SvmKernel::kPoly, {1, 1});
  Svm(m).degree = 0;  // powi(., 0) = 1
  EXPECT_EQ(PredictValues(m, {7, -3}), std::vector<double>{1});
  m = testing::MakeSvrPoly();
  Svm(m).support_vectors = Tensor::FromVector(std::vector<double>{}, {0, 2});
  Svm(m).dual_coef = Tensor::FromVector(std::vector<double>{}, {1, 0});
  EXPECT_EQ(PredictValues(m, {7, -3}), std::vector<double>{1.5});
}

// Three classes whose decision values are the intercepts: all dual
// coefficients 0.
Model ThreeClassIntercepts(std::vector<double> intercepts, SvmTies ties) {
  Model m = testing::MakeSvcMulticlass();
  Svm(m).dual_coef = Tensor::FromVector(std::vector<double>(10, 0.0), {2, 5});
  Svm(m).intercept = Tensor::FromVector(std::move(intercepts));
  Svm(m).ties = ties;
  return m;
}

struct ClassifierOut {
  std::vector<int64_t> labels;
  std::vector<double> decision;
  size_t decision_cols = 0;
};

ClassifierOut Classify(const Model& m, const std::vector<double>& x) {
  ClassifierOut r;
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  if (!p.ok()) return r;
  PredictOutput out;
  Status st = (*p)->Predict(View(x, 2), &out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  r.labels = out.classes.data;
  Matrix<double> d;
  st = (*p)->DecisionFunction(View(x, 2), &d);
  EXPECT_TRUE(st.ok()) << st.ToString();
  r.decision = d.data;
  r.decision_cols = d.cols;
  return r;
}

TEST(SvmPredict, VoteTiesAndZeroDecisions) {
  // All decision values 0: libsvm votes for the second class of each pair
  // (votes 0, 1, 2: class 2); the ovr aggregation counts d >= 0 for the
  // first (votes 2, 1, 0), and break_ties takes its argmax (class 0).
  ClassifierOut r =
      Classify(ThreeClassIntercepts({0, 0, 0}, SvmTies::kVotes), {1, 1});
  EXPECT_EQ(r.labels, std::vector<int64_t>{2});
  EXPECT_EQ(r.decision_cols, 3u);
  EXPECT_EQ(r.decision, (std::vector<double>{2, 1, 0}));
  r = Classify(ThreeClassIntercepts({0, 0, 0}, SvmTies::kDecision), {1, 1});
  EXPECT_EQ(r.labels, std::vector<int64_t>{0});

  // One vote each: the first class; break_ties: the largest confidence.
  // Confidences: c0 = d01 + d02, c1 = -d01 + d12, c2 = -d02 - d12.
  const double d01 = 0.5, d02 = -0.25, d12 = 2;
  r = Classify(ThreeClassIntercepts({d01, d02, d12}, SvmTies::kVotes), {0, 0});
  EXPECT_EQ(r.labels, std::vector<int64_t>{0});
  auto f = [](double c) { return c / (3 * (std::fabs(c) + 1)); };
  EXPECT_EQ(r.decision,
            (std::vector<double>{1 + f(d01 + d02), 1 + f(-d01 + d12),
                                 1 + f(-d02 - d12)}));
  r = Classify(ThreeClassIntercepts({d01, d02, d12}, SvmTies::kDecision),
               {0, 0});
  EXPECT_EQ(r.labels, std::vector<int64_t>{1});

  // ovo: the pair values themselves.
  Model m = ThreeClassIntercepts({d01, d02, d12}, SvmTies::kVotes);
  Svm(m).decision_shape = SvmDecisionShape::kOvo;
  r = Classify(m, {0, 0});
  EXPECT_EQ(r.decision, (std::vector<double>{d01, d02, d12}));
}

TEST(SvmPredict, BinaryFlipsTheDecisionSign) {
  // Support vectors 1 (class 0) and -1 (class 1), linear kernel: d = 2 x0.
  Model m = testing::MakeSvcMulticlass();
  m.output.classes[0] = testing::IntClasses({4, 9});
  Svm(m).kernel = SvmKernel::kLinear;
  Svm(m).support_vectors =
      Tensor::FromVector(std::vector<double>{1, 0, -1, 0}, {2, 2});
  Svm(m).n_support = Tensor::FromVector(std::vector<int32_t>{1, 1});
  Svm(m).dual_coef = Tensor::FromVector(std::vector<double>{1, -1}, {1, 2});
  Svm(m).intercept = Tensor::FromVector(std::vector<double>{0});
  Svm(m).prob_a = Tensor::FromVector(std::vector<double>{-3});
  Svm(m).prob_b = Tensor::FromVector(std::vector<double>{0});
  ClassifierOut r = Classify(m, {0.5, 7, -0.5, 0, 0, 0});
  // d > 0 votes for class 0; d == 0 for class 1.
  EXPECT_EQ(r.labels, (std::vector<int64_t>{0, 1, 1}));
  EXPECT_EQ(r.decision, (std::vector<double>{-1, 1, -0.0}));
  EXPECT_EQ(r.decision_cols, 1u);

  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE((*p)->PredictProba(View({0.5, 7, 1e6, 0}, 2), &proba).ok());
  ASSERT_EQ(proba.size(), 1u);
  ASSERT_EQ(proba[0].cols, 2u);
  // Row 0: r01 = 1 / (1 + exp(-3)); coupling stops within 0.0025 of it.
  EXPECT_NEAR(proba[0].data[0], 1 / (1 + std::exp(-3.0)), 0.0025);
  EXPECT_NEAR(proba[0].data[0] + proba[0].data[1], 1.0, 1e-12);
  // Row 1: the sigmoid is clipped to 1 - 1e-7.
  EXPECT_NEAR(proba[0].data[2], 1 - 1e-7, 0.0025);
}

TEST(SvmPredict, ProbabilitiesSumToOne) {
  Model m = testing::MakeSvcMulticlass();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE((*p)->HasMethod(PredictMethod::kPredictProba));
  std::vector<Matrix<double>> proba;
  const std::vector<double> x = {0, 0, 1, 2, -3, 4, 10, -10};
  ASSERT_TRUE((*p)->PredictProba(View(x, 2), &proba).ok());
  ASSERT_EQ(proba[0].cols, 3u);
  for (size_t r = 0; r < 4; ++r) {
    double sum = 0;
    for (size_t c = 0; c < 3; ++c) {
      const double v = proba[0].data[r * 3 + c];
      EXPECT_GT(v, 0);
      EXPECT_LT(v, 1);
      sum += v;
    }
    EXPECT_NEAR(sum, 1.0, 1e-12) << r;
  }
  Svm(m).prob_a = Tensor();
  Svm(m).prob_b = Tensor();
  auto q = Predictor::Create(m);
  ASSERT_TRUE(q.ok());
  EXPECT_FALSE((*q)->HasMethod(PredictMethod::kPredictProba));
  EXPECT_EQ((*q)->PredictProba(View(x, 2), &proba).code(),
            ErrorCode::kMethodNotSupported);
}

TEST(SvmPredict, OneClassLabelsAndDecision) {
  Model m = testing::MakeOneClassSvm();
  // d = tanh(0.25 <x, (1, 1)> - 0.5) + 0.5 tanh(0.25 <x, (-1, 0.5)> - 0.5)
  //     + 0.2.
  const std::vector<double> x = {4, 4, -8, 0, 0, 0};
  ClassifierOut r = Classify(m, x);
  std::vector<int64_t> labels;
  for (size_t i = 0; i < 3; ++i) {
    const double a = x[2 * i], b = x[2 * i + 1];
    const double d = 0 + 1 * std::tanh(0.25 * (a + b) - 0.5) +
                     0.5 * std::tanh(0.25 * (-a + 0.5 * b) - 0.5);
    EXPECT_EQ(r.decision[i], d - -0.2) << i;
    labels.push_back(d - -0.2 > 0 ? 1 : 0);
  }
  EXPECT_EQ(r.labels, labels);
  EXPECT_EQ(r.decision_cols, 1u);
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kPredictProba));
}

TEST(SvmPredict, InputMustBeFinite) {
  auto p = Predictor::Create(testing::MakeSvcMulticlass());
  ASSERT_TRUE(p.ok());
  PredictOutput out;
  const std::vector<double> nan = {0, std::nan("")};
  Status st = (*p)->Predict(View(nan, 2), &out);
  EXPECT_EQ(st.code(), ErrorCode::kInputNaN);
  EXPECT_EQ(st.context(), "X[0][1]");
  const std::vector<double> inf = {std::numeric_limits<double>::infinity(), 0};
  EXPECT_EQ((*p)->Predict(View(inf, 2), &out).code(),
            ErrorCode::kInputInfinite);
}

}  // namespace
}  // namespace modelseal
