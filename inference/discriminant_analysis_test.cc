// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// QuadraticDiscriminant and LinearDiscriminantAnalysis's LinearModel output
// through the predictor, against the formulas written out here: QDA's
// decision values, predict's first largest, both proba normalisations, the
// binary decision d1 - d0; LDA's expit proba and its log with the smallest
// normal in place of a zero probability (the Python layer's part is tested
// in python/tests/test_discriminant_parity.py).
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

MatrixView View(const std::vector<double>& x, size_t cols) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / cols, cols};
}

// d_i for the example model, computed directly.
std::vector<double> Decision(const QuadraticDiscriminant& q, const double* x) {
  const auto means = q.means.span<double>();
  const auto rot = q.rotations.span<double>();
  const auto s = q.scalings.span<double>();
  const auto priors = q.priors.span<double>();
  std::vector<double> d(3);
  for (size_t i = 0; i < 3; ++i) {
    double norm2 = 0, u = 0;
    for (size_t b = 0; b < 2; ++b) {
      double y = 0;
      for (size_t a = 0; a < 2; ++a) {
        y += (x[a] - means[i * 2 + a]) * rot[(i * 2 + a) * 2 + b] /
             std::sqrt(s[i * 2 + b]);
      }
      norm2 += y * y;
      u += std::log(s[i * 2 + b]);
    }
    d[i] = -0.5 * (norm2 + u) + std::log(priors[i]);
  }
  return d;
}

TEST(QuadraticDiscriminant, DecisionPredictAndBothProbas) {
  Model m = testing::MakeQuadraticDiscriminant();
  const auto& q = std::get<QuadraticDiscriminant>(m.estimator.kind);
  const std::vector<double> x = {0.1, -0.2, 2.5, 0.3, -0.4, 2.9, 40, -30};
  for (QuadraticProba proba :
       {QuadraticProba::kLikelihood, QuadraticProba::kLogSoftmax}) {
    std::get<QuadraticDiscriminant>(m.estimator.kind).proba = proba;
    auto p = Predictor::Create(m);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    ASSERT_TRUE((*p)->HasMethod(PredictMethod::kPredictLogProba));
    Matrix<double> dec;
    ASSERT_TRUE((*p)->DecisionFunction(View(x, 2), &dec).ok());
    PredictOutput out;
    ASSERT_TRUE((*p)->Predict(View(x, 2), &out).ok());
    std::vector<Matrix<double>> pr, lp;
    ASSERT_TRUE((*p)->PredictProba(View(x, 2), &pr).ok());
    ASSERT_TRUE((*p)->PredictLogProba(View(x, 2), &lp).ok());
    for (size_t r = 0; r < 4; ++r) {
      const std::vector<double> d = Decision(q, x.data() + 2 * r);
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
        const double want = std::exp(d[i] - mx) / sum;
        EXPECT_NEAR(pr[0].data[r * 3 + i], want, 1e-14) << r << " " << i;
        // 1.4/1.5: np.log of the probability (-inf where it underflows to
        // 0); 1.6 on: the log-softmax, finite.
        const double want_log = proba == QuadraticProba::kLikelihood
                                    ? std::log(want)
                                    : d[i] - mx - std::log(sum);
        if (std::isinf(want_log)) {
          EXPECT_EQ(lp[0].data[r * 3 + i], want_log) << r << " " << i;
        } else {
          EXPECT_NEAR(lp[0].data[r * 3 + i], want_log,
                      1e-12 * (1 + std::fabs(want_log)));
        }
      }
    }
    // Row 3 is far from every class: a probability underflows to 0.
    bool any_inf = false;
    for (size_t i = 0; i < 3; ++i) any_inf |= std::isinf(lp[0].data[9 + i]);
    EXPECT_EQ(any_inf, proba == QuadraticProba::kLikelihood);
  }
}

TEST(QuadraticDiscriminant, TwoClassesDecideByTheDifferenceTiesToTheFirst) {
  Model m = testing::MakeQuadraticDiscriminant();
  m.output.classes[0].str_labels = {"a", "b"};
  auto& q = std::get<QuadraticDiscriminant>(m.estimator.kind);
  // Two identical classes: every decision value ties; predict is class 0.
  q.means = Tensor::FromVector(std::vector<double>{1, 2, 1, 2}, {2, 2});
  q.rotations = Tensor::FromVector(std::vector<double>{1, 0, 0, 1, 1, 0, 0, 1},
                                   {2, 2, 2});
  q.scalings = Tensor::FromVector(std::vector<double>{2, 3, 2, 3}, {2, 2});
  q.priors = Tensor::FromVector(std::vector<double>{0.5, 0.5});
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<double> x = {0.5, 7, -3, 2};
  Matrix<double> dec;
  ASSERT_TRUE((*p)->DecisionFunction(View(x, 2), &dec).ok());
  EXPECT_EQ(dec.data, (std::vector<double>{0, 0}));
  PredictOutput out;
  ASSERT_TRUE((*p)->Predict(View(x, 2), &out).ok());
  EXPECT_EQ(out.classes.data, (std::vector<int64_t>{0, 0}));
  // A larger prior for class 1: d1 - d0 = log 3.
  q.priors = Tensor::FromVector(std::vector<double>{0.25, 0.75});
  p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE((*p)->DecisionFunction(View(x, 2), &dec).ok());
  EXPECT_NEAR(dec.data[0], std::log(3.0), 1e-15);
  ASSERT_TRUE((*p)->Predict(View(x, 2), &out).ok());
  EXPECT_EQ(out.classes.data, (std::vector<int64_t>{1, 1}));
}

TEST(LinearDiscriminant, BinaryProbaIsExpit) {
  auto p = Predictor::Create(testing::MakeLinearDiscriminantBinary());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  // d = 2 x0 - x1 + 0.5.
  const std::vector<double> x = {1, 1, -1, 3, 30, 0};
  std::vector<Matrix<double>> pr;
  ASSERT_TRUE((*p)->PredictProba(View(x, 2), &pr).ok());
  PredictOutput out;
  ASSERT_TRUE((*p)->Predict(View(x, 2), &out).ok());
  EXPECT_EQ(out.classes.data, (std::vector<int64_t>{1, 0, 1}));
  const double d[] = {1.5, -4.5, 60.5};
  for (size_t r = 0; r < 3; ++r) {
    const double s = 1.0 / (1.0 + std::exp(-d[r]));
    EXPECT_EQ(pr[0].data[2 * r + 1], s);
    EXPECT_EQ(pr[0].data[2 * r], 1 - s);
  }
  EXPECT_EQ(pr[0].data[4], 0.0);  // 1 - expit(60.5)
}

}  // namespace
}  // namespace modelseal
