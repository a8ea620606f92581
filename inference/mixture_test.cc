// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// GaussianMixture through the predictor: the weighted log-probabilities of
// each covariance type against a direct evaluation of the Gaussian density,
// predict's tie rule (the first), predict_proba, score_samples (the decision
// value), the Bayesian terms, many blocks, and the input rule.
// python/tests/test_mixture_parity.py compares with scikit-learn.
#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

MatrixView View(const std::vector<double>& x, size_t n) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / n, n};
}

// w_j of row x by the textbook formula: log N(x; mu_j, (P_j P_j^T)^-1) +
// log weight, with P_j the full upper-triangular Cholesky factor of the
// precision, [n, n] row-major.
double Weighted(const std::vector<double>& x, const double* mu, const double* p,
                size_t n, double log_weight) {
  double q = 0, log_det = 0;
  for (size_t c = 0; c < n; ++c) {
    double y = 0;
    for (size_t r = 0; r < n; ++r) y += (x[r] - mu[r]) * p[r * n + c];
    q += y * y;
    log_det += std::log(p[c * n + c]);
  }
  return -0.5 * (n * std::log(2 * M_PI) + q) + log_det + log_weight;
}

struct Results {
  std::vector<int64_t> labels;
  std::vector<double> proba, score;
};

Results Evaluate(const Model& m, const std::vector<double>& x, size_t n) {
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  Results o;
  PredictOutput pred;
  EXPECT_TRUE((*p)->Predict(View(x, n), &pred).ok());
  o.labels = pred.classes.data;
  std::vector<Matrix<double>> proba;
  EXPECT_TRUE((*p)->PredictProba(View(x, n), &proba).ok());
  o.proba = proba[0].data;
  Matrix<double> score;
  EXPECT_TRUE((*p)->DecisionFunction(View(x, n), &score).ok());
  EXPECT_EQ(score.cols, 1u);
  o.score = score.data;
  return o;
}

// The four covariance types of one 2-component mixture on 2 features,
// each with its precisions written as full matrices for Weighted.
struct TypeCase {
  CovarianceType type;
  std::vector<double> stored;  // precisions_cholesky as the type stores it
  std::vector<double> full;    // [2, 2, 2]
};

std::vector<TypeCase> TypeCases() {
  return {
      {CovarianceType::kFull,
       {1, 0.5, 0, 2, 0.5, 0, 0, 0.25},
       {1, 0.5, 0, 2, 0.5, 0, 0, 0.25}},
      {CovarianceType::kTied, {1, 0.5, 0, 2}, {1, 0.5, 0, 2, 1, 0.5, 0, 2}},
      {CovarianceType::kDiag, {1, 2, 0.5, 0.25}, {1, 0, 0, 2, 0.5, 0, 0, 0.25}},
      {CovarianceType::kSpherical,
       {1.5, 0.5},
       {1.5, 0, 0, 1.5, 0.5, 0, 0, 0.5}},
  };
}

TEST(GaussianMixture, EachCovarianceTypeIsTheGaussianDensity) {
  const std::vector<double> x = {0, 0, 3, 1, 1.5, 0.5, -2, 7, 10, -10};
  const double mu[] = {0, 0, 3, 1};
  const double lw[] = {std::log(0.4), std::log(0.6)};
  for (const TypeCase& c : TypeCases()) {
    Model m = testing::MakeGaussianMixture();
    auto& g = std::get<GaussianMixture>(m.estimator.kind);
    g.covariance_type = c.type;
    const std::vector<uint64_t> shape =
        c.type == CovarianceType::kFull   ? std::vector<uint64_t>{2, 2, 2}
        : c.type == CovarianceType::kTied ? std::vector<uint64_t>{2, 2}
        : c.type == CovarianceType::kDiag ? std::vector<uint64_t>{2, 2}
                                          : std::vector<uint64_t>{2};
    g.precisions_cholesky = Tensor::FromVector(c.stored, shape);
    const Results o = Evaluate(m, x, 2);
    for (size_t r = 0; r < x.size() / 2; ++r) {
      const std::vector<double> row = {x[2 * r], x[2 * r + 1]};
      const double w0 = Weighted(row, mu, c.full.data(), 2, lw[0]);
      const double w1 = Weighted(row, mu + 2, c.full.data() + 4, 2, lw[1]);
      const double hi = std::max(w0, w1);
      const double lse = hi + std::log(std::exp(w0 - hi) + std::exp(w1 - hi));
      const double tol = 1e-13 * (1 + std::fabs(lse));
      EXPECT_NEAR(o.score[r], lse, tol) << r;
      EXPECT_NEAR(o.proba[2 * r], std::exp(w0 - lse), tol) << r;
      EXPECT_NEAR(o.proba[2 * r + 1], std::exp(w1 - lse), tol) << r;
      EXPECT_EQ(o.labels[r], w1 > w0 ? 1 : 0) << r;
    }
  }
}

TEST(GaussianMixture, TiedComponentsPredictTheFirst) {
  // Both components the same: w_0 == w_1 to the bit, predict 0, proba
  // exp(w - (w + log 2)), 1/2 up to the rounding of w + log 2.
  for (const TypeCase& c : TypeCases()) {
    if (c.type == CovarianceType::kTied) continue;
    Model m = testing::MakeGaussianMixture();
    auto& g = std::get<GaussianMixture>(m.estimator.kind);
    g.means = Tensor::FromVector(std::vector<double>{1, 2, 1, 2}, {2, 2});
    g.log_weights =
        Tensor::FromVector(std::vector<double>{std::log(0.5), std::log(0.5)});
    g.covariance_type = c.type;
    std::vector<double> same = c.stored;
    const size_t half = same.size() / 2;
    for (size_t i = 0; i < half; ++i) same[half + i] = same[i];
    g.precisions_cholesky = Tensor::FromVector(
        same, c.type == CovarianceType::kFull ? std::vector<uint64_t>{2, 2, 2}
              : c.type == CovarianceType::kSpherical
                  ? std::vector<uint64_t>{2}
                  : std::vector<uint64_t>{2, 2});
    const Results o = Evaluate(m, {0, 0, 1, 2, -3, 5}, 2);
    EXPECT_EQ(o.labels, (std::vector<int64_t>{0, 0, 0}));
    for (double p : o.proba) EXPECT_NEAR(p, 0.5, 1e-14);
  }
}

TEST(GaussianMixture, BayesianTermsAreAddedInOrder) {
  // The spherical Bayesian example: w_j = ((g_j - dof_j) + lambda_j) + lw_j
  // with g_j the Gaussian term of precision p_j^2 I.
  const Model m = testing::MakeBayesianGaussianMixture();
  const std::vector<double> x = {0.5, 1, 2, -1, 0, 4};
  const Results o = Evaluate(m, x, 3);
  const double mu[3][3] = {{0, 0, 0}, {1, 2, 3}, {-1, 0, 4}};
  const double pc[] = {1, 0.5, 2}, lw[] = {-1.5, -0.5, -2};
  const double dof[] = {6.2, 5.9, 4.1}, lam[] = {5.8, 5.6, 3.3};
  for (size_t r = 0; r < 2; ++r) {
    double w[3];
    for (size_t j = 0; j < 3; ++j) {
      double q = 0;
      for (size_t i = 0; i < 3; ++i) {
        const double d = x[3 * r + i] - mu[j][i];
        q += d * d * pc[j] * pc[j];
      }
      const double g =
          -0.5 * (3 * std::log(2 * M_PI) + q) + 3 * std::log(pc[j]);
      w[j] = ((g - dof[j]) + lam[j]) + lw[j];
    }
    double s = 0;
    for (double v : w) s += std::exp(v);
    EXPECT_NEAR(o.score[r], std::log(s), 1e-13 * (1 + std::fabs(std::log(s))));
    for (size_t j = 0; j < 3; ++j) {
      EXPECT_NEAR(o.proba[3 * r + j], std::exp(w[j]) / s, 1e-13);
    }
  }
}

TEST(GaussianMixture, ManyBlocksMatchRowByRow) {
  for (const TypeCase& c : TypeCases()) {
    Model m = testing::MakeGaussianMixture();
    auto& g = std::get<GaussianMixture>(m.estimator.kind);
    g.covariance_type = c.type;
    g.precisions_cholesky = Tensor::FromVector(
        c.stored,
        c.type == CovarianceType::kFull        ? std::vector<uint64_t>{2, 2, 2}
        : c.type == CovarianceType::kSpherical ? std::vector<uint64_t>{2}
                                               : std::vector<uint64_t>{2, 2});
    std::vector<double> x;
    for (int i = 0; i < 3000; ++i) {
      x.push_back(std::cos(0.37 * i) * 5);
      x.push_back(std::sin(0.11 * i) * 4);
    }
    const Results all = Evaluate(m, x, 2);
    for (size_t r = 0; r < 3000; r += 97) {
      const Results one = Evaluate(m, {x[2 * r], x[2 * r + 1]}, 2);
      EXPECT_EQ(all.labels[r], one.labels[0]) << r;
      EXPECT_EQ(all.score[r], one.score[0]) << r;
      EXPECT_EQ(all.proba[2 * r], one.proba[0]) << r;
    }
  }
}

TEST(GaussianMixture, NonFiniteInputIsRefused) {
  auto p = Predictor::Create(testing::MakeGaussianMixture());
  ASSERT_TRUE(p.ok());
  PredictOutput out;
  EXPECT_EQ((*p)->Predict(View({1, NAN}, 2), &out).code(),
            ErrorCode::kInputNaN);
  EXPECT_EQ((*p)->Predict(View({1, INFINITY}, 2), &out).code(),
            ErrorCode::kInputInfinite);
}

}  // namespace
}  // namespace modelseal
