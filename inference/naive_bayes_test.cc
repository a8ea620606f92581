// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// NaiveBayes through the predictor: the Gaussian and the discrete joint log
// likelihoods against their closed forms, predict's first-largest rule,
// predict_proba (scipy's logsumexp, a class with prior 0), BernoulliNB's
// binarize step, the methods it has, and the input rules.
// python/tests/test_naive_bayes_parity.py compares with scikit-learn itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "modelseal/format.h"
#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

NaiveBayes& Nb(Model& m) { return std::get<NaiveBayes>(m.estimator.kind); }

MatrixView View(const std::vector<double>& x, size_t cols) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / cols, cols};
}

struct Out {
  std::vector<int64_t> labels;
  std::vector<double> proba;
};

Out Evaluate(const Model& m, const std::vector<double>& x, size_t cols) {
  Out o;
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  if (!p.ok()) return o;
  PredictOutput pred;
  Status st = (*p)->Predict(View(x, cols), &pred);
  EXPECT_TRUE(st.ok()) << st.ToString();
  o.labels = pred.classes.data;
  std::vector<Matrix<double>> proba;
  st = (*p)->PredictProba(View(x, cols), &proba);
  EXPECT_TRUE(st.ok()) << st.ToString();
  if (st.ok()) o.proba = proba[0].data;
  return o;
}

// The Gaussian jll of row x for class i, written from its definition.
double GaussianJll(const Model& m, const double* x, size_t i) {
  const NaiveBayes& k = std::get<NaiveBayes>(m.estimator.kind);
  auto theta = k.theta.span<double>();
  auto var = k.var.span<double>();
  double s = 0;
  for (size_t j = 0; j < 2; ++j) {
    const double d = x[j] - theta[i * 2 + j];
    s += d * d / var[i * 2 + j];
  }
  return k.class_term.span<double>()[i] + k.log_norm.span<double>()[i] -
         0.5 * s;
}

TEST(NaiveBayesPredict, GaussianMatchesItsClosedForm) {
  const Model m = testing::MakeGaussianNb();
  const std::vector<double> x = {0, 0, 1, 2, -1, 3, 5, -5, 0.3, 1.7};
  Out o = Evaluate(m, x, 2);
  ASSERT_EQ(o.labels.size(), 5u);
  ASSERT_EQ(o.proba.size(), 15u);
  for (size_t r = 0; r < 5; ++r) {
    double jll[3];
    size_t best = 0;
    for (size_t i = 0; i < 3; ++i) {
      jll[i] = GaussianJll(m, &x[r * 2], i);
      if (jll[i] > jll[best]) best = i;
    }
    EXPECT_EQ(o.labels[r], static_cast<int64_t>(best)) << "row " << r;
    const double lse =
        std::log(std::exp(jll[0]) + std::exp(jll[1]) + std::exp(jll[2]));
    double sum = 0;
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_NEAR(o.proba[r * 3 + i], std::exp(jll[i] - lse), 1e-12);
      sum += o.proba[r * 3 + i];
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
  }
  // Each class's mean lands on that class.
  EXPECT_EQ(o.labels[0], 0);
  EXPECT_EQ(o.labels[1], 1);
  EXPECT_EQ(o.labels[2], 2);
}

TEST(NaiveBayesPredict, ZeroPriorClassIsNeverPredicted) {
  Model m = testing::MakeGaussianNb();
  Nb(m).class_term = Tensor::FromVector(
      std::vector<double>{-HUGE_VAL, std::log(0.5), std::log(0.5)});
  Out o = Evaluate(m, {0, 0, 1, 2}, 2);
  EXPECT_NE(o.labels[0], 0);
  EXPECT_EQ(o.proba[0], 0.0);
  EXPECT_EQ(o.proba[3], 0.0);
  EXPECT_NEAR(o.proba[1] + o.proba[2], 1.0, 1e-15);
}

TEST(NaiveBayesPredict, LogProbaIsJllMinusLogSumExp) {
  // Far rows: class probabilities underflow to 0, their logs stay finite.
  const Model m = testing::MakeGaussianNb();
  const std::vector<double> x = {0.3, 1.7, 40, -40, -1e3, 2e3};
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_TRUE((*p)->HasMethod(PredictMethod::kPredictLogProba));
  std::vector<Matrix<double>> log_proba, proba;
  ASSERT_TRUE((*p)->PredictLogProba(View(x, 2), &log_proba).ok());
  ASSERT_TRUE((*p)->PredictProba(View(x, 2), &proba).ok());
  ASSERT_EQ(log_proba.size(), 1u);
  ASSERT_EQ(log_proba[0].data.size(), 9u);
  bool underflow = false;
  for (size_t r = 0; r < 3; ++r) {
    double jll[3], m_max = -HUGE_VAL;
    for (size_t i = 0; i < 3; ++i) {
      jll[i] = GaussianJll(m, &x[r * 2], i);
      m_max = std::max(m_max, jll[i]);
    }
    double s = 0;
    for (double v : jll) s += std::exp(v - m_max);
    const double lse = std::log(s) + m_max;
    for (size_t i = 0; i < 3; ++i) {
      const double got = log_proba[0].data[r * 3 + i];
      EXPECT_TRUE(std::isfinite(got));
      EXPECT_NEAR(got, jll[i] - lse, 1e-12 * (1 + std::fabs(jll[i])));
      // predict_proba is its exp.
      EXPECT_EQ(proba[0].data[r * 3 + i], std::exp(got));
      underflow = underflow || proba[0].data[r * 3 + i] == 0.0;
    }
  }
  EXPECT_TRUE(underflow);
  // Other classifiers take the log of predict_proba (no native method).
  auto svc = Predictor::Create(testing::MakeSvcMulticlass());
  ASSERT_TRUE(svc.ok());
  EXPECT_FALSE((*svc)->HasMethod(PredictMethod::kPredictLogProba));
  std::vector<Matrix<double>> none;
  EXPECT_EQ((*svc)->PredictLogProba(View({0, 0}, 2), &none).code(),
            ErrorCode::kMethodNotSupported);
}

TEST(NaiveBayesPredict, ProbabilitiesOfFarRowsStayFinite) {
  // jll near -1e12: logsumexp subtracts the row maximum first.
  Out o = Evaluate(testing::MakeGaussianNb(), {1e6, -1e6}, 2);
  double sum = 0;
  for (double p : o.proba) {
    EXPECT_TRUE(std::isfinite(p));
    sum += p;
  }
  EXPECT_NEAR(sum, 1.0, 1e-15);
}

TEST(NaiveBayesPredict, EqualScoresGoToTheFirstClass) {
  Model m = testing::MakeGaussianNb();
  // Every class the same: jll equal, numpy's argmax takes class 0.
  Nb(m).theta = Tensor::FromVector(std::vector<double>(6, 1.0), {3, 2});
  Nb(m).var = Tensor::FromVector(std::vector<double>(6, 2.0), {3, 2});
  Nb(m).class_term = Tensor::FromVector(std::vector<double>(3, -1.0));
  Nb(m).log_norm = Tensor::FromVector(std::vector<double>(3, -2.0));
  Out o = Evaluate(m, {0.5, 4}, 2);
  EXPECT_EQ(o.labels, (std::vector<int64_t>{0}));
  for (double p : o.proba) EXPECT_DOUBLE_EQ(p, 1.0 / 3);
}

TEST(NaiveBayesPredict, BernoulliBinarizesThenScoresLinearly) {
  const Model m = testing::MakeBernoulliNb();
  // Binarizer(0.5): x > 0.5 -> 1. coef rows {1.5, -0.5, 0.25} and
  // {-1, 2, 0.75}; class_term {-0.5, -1.25}.
  const std::vector<double> x = {0.9, 0.5, 0.1,   // bits 1 0 0
                                 0.0, 3.0, 0.6,   // bits 0 1 1
                                 0.5, 0.5, 0.5};  // bits 0 0 0
  Out o = Evaluate(m, x, 3);
  const double jll[3][2] = {{1.5 - 0.5, -1 - 1.25},
                            {-0.5 + 0.25 - 0.5, 2 + 0.75 - 1.25},
                            {-0.5, -1.25}};
  for (size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(o.labels[r], jll[r][1] > jll[r][0] ? 1 : 0) << "row " << r;
    const double p1 = 1 / (1 + std::exp(jll[r][0] - jll[r][1]));
    EXPECT_NEAR(o.proba[r * 2 + 1], p1, 1e-15) << "row " << r;
  }
}

TEST(NaiveBayesPredict, BernoulliPipelineInsideAPipeline) {
  // Pipeline([StandardScaler, BernoulliNB(binarize=0.5)]) saves as a
  // pipeline whose last step is the Binarizer + NaiveBayes pipeline.
  Model m = testing::MakeBernoulliNb();
  StandardScaler sc;
  sc.mean = Tensor::FromVector(std::vector<double>{1, 1, 1});
  sc.scale = Tensor::FromVector(std::vector<double>{2, 2, 2});
  Pipeline outer;
  outer.steps.push_back(Estimator{std::move(sc)});
  outer.steps.push_back(std::move(m.estimator));
  m.estimator.kind = std::move(outer);
  ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  // (x - 1) / 2 > 0.5 exactly when x > 2.
  Out o = Evaluate(m, {2.5, 0, 0, 0, 3, 3}, 3);
  Out direct = Evaluate(testing::MakeBernoulliNb(), {1, 0, 0, 0, 1, 1}, 3);
  EXPECT_EQ(o.labels, direct.labels);
  EXPECT_EQ(o.proba, direct.proba);
}

TEST(NaiveBayesPredict, CategoricalSumsItsTableRows) {
  const Model m = testing::MakeCategoricalNb();
  // Values truncate toward zero as numpy's cast to int: 2.9 -> 2, -0.5 ->
  // 0, 1.99 -> 1.
  Out o = Evaluate(m, {2.9, 0, -0.5, 1.99, 1, 1}, 2);
  // Table rows (class 0, class 1): f0 {-1,-2} {-0.5,-0.25} {-3,-1}; f1
  // {-0.75,-2} {-0.5,-0.125} {-2,-0.5}; class_term {-0.25, -1.5}.
  const double jll[3][2] = {
      {(0.0 + -3 + -0.75) + -0.25, (0.0 + -1 + -2) + -1.5},
      {(0.0 + -1 + -0.5) + -0.25, (0.0 + -2 + -0.125) + -1.5},
      {(0.0 + -0.5 + -0.5) + -0.25, (0.0 + -0.25 + -0.125) + -1.5}};
  for (size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(o.labels[r], jll[r][1] > jll[r][0] ? 1 : 0) << "row " << r;
    const double p1 = 1 / (1 + std::exp(jll[r][0] - jll[r][1]));
    EXPECT_NEAR(o.proba[r * 2 + 1], p1, 1e-15) << "row " << r;
  }
}

TEST(NaiveBayesPredict, CategoricalRefusesValuesThatAreNotCategories) {
  auto p = Predictor::Create(testing::MakeCategoricalNb());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  struct Case {
    std::vector<double> x;
    const char* where;
  };
  // Row 1 holds the bad value: -1 (negative), 3 (feature 0 has 3
  // categories), 3.5 (truncates to 3), 1e300 (beyond int64: negative after
  // numpy's cast).
  for (const Case& c :
       {Case{{0, 0, -1, 0}, "X[1][0]"}, Case{{0, 0, 3, 0}, "X[1][0]"},
        Case{{0, 0, 0, 3.5}, "X[1][1]"}, Case{{0, 0, 0, 1e300}, "X[1][1]"}}) {
    PredictOutput out;
    Status st = (*p)->Predict(View(c.x, 2), &out);
    EXPECT_EQ(st.code(), ErrorCode::kInputCategoryIndex) << st.ToString();
    EXPECT_EQ(st.context(), c.where) << st.ToString();
  }
  PredictOutput out;
  EXPECT_EQ((*p)->Predict(View({0, std::nan("")}, 2), &out).code(),
            ErrorCode::kInputNaN);
}

TEST(NaiveBayesPredict, HasProbaButNoDecisionFunction) {
  auto p = Predictor::Create(testing::MakeGaussianNb());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE((*p)->HasMethod(PredictMethod::kPredict));
  EXPECT_TRUE((*p)->HasMethod(PredictMethod::kPredictProba));
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kDecisionFunction));
  Matrix<double> d;
  EXPECT_EQ((*p)->DecisionFunction(View({0, 0}, 2), &d).code(),
            ErrorCode::kMethodNotSupported);
}

TEST(NaiveBayesPredict, RefusesNonFiniteInput) {
  for (const Model& m :
       {testing::MakeGaussianNb(), testing::MakeBernoulliNb()}) {
    auto p = Predictor::Create(m);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    const size_t n = (*p)->n_features();
    std::vector<double> x(n, 0.0);
    x[1] = std::numeric_limits<double>::quiet_NaN();
    PredictOutput out;
    EXPECT_EQ((*p)->Predict(View(x, n), &out).code(), ErrorCode::kInputNaN);
    x[1] = HUGE_VAL;
    EXPECT_EQ((*p)->Predict(View(x, n), &out).code(),
              ErrorCode::kInputInfinite);
  }
}

}  // namespace
}  // namespace modelseal
