// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// NeuralNetwork through the predictor: the forward pass against a
// reference written from SPEC §7 (to rounding: OpenBLAS sums in its own
// order), each activation, the LabelBinarizer readings (the 0.5 threshold,
// the first largest, multilabel outputs), block boundaries, the methods it
// has and its input rule. python/tests/test_mlp_parity.py compares with
// scikit-learn itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

NeuralNetwork& Nn(Model& m) {
  return std::get<NeuralNetwork>(m.estimator.kind);
}

MatrixView View(const std::vector<double>& x, size_t cols) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / cols, cols};
}

double Apply(Activation f, double v) {
  switch (f) {
    case Activation::kIdentity:
      return v;
    case Activation::kLogistic:
      return 1.0 / (1.0 + std::exp(-v));
    case Activation::kTanh:
      return std::tanh(v);
    case Activation::kRelu:
      return std::isnan(v) ? v : std::max(v, 0.0);
    case Activation::kExp:
      return std::exp(v);
    case Activation::kSoftmax:
      break;
  }
  return NAN;
}

// OpenBLAS's dgemm blocks and fuses (FMA) the sums the reference adds in
// order: the two agree to rounding (these values are O(1), 2 to 5 terms).
void ExpectClose(double got, double want, size_t row) {
  EXPECT_NEAR(got, want, 1e-13 * std::max(1.0, std::fabs(want))) << row;
}

// The output row of x from SPEC §7, one row at a time.
std::vector<double> Forward(const NeuralNetwork& k, std::vector<double> a) {
  const auto s = k.layer_sizes.span<int64_t>();
  const double* w = k.weights.span<double>().data();
  const double* b = k.biases.span<double>().data();
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    std::vector<double> out(static_cast<size_t>(s[i + 1]));
    for (size_t j = 0; j < out.size(); ++j) {
      double sum = 0;
      for (size_t q = 0; q < a.size(); ++q) sum += a[q] * w[q * out.size() + j];
      out[j] = sum + b[j];
    }
    w += a.size() * out.size();
    b += out.size();
    const bool last = i + 2 == s.size();
    const Activation f = last ? k.output_activation : k.hidden_activation;
    if (f == Activation::kSoftmax) {
      const double m = *std::max_element(out.begin(), out.end());
      double sum = 0;
      for (double& v : out) v = std::exp(v - m);
      for (double v : out) sum += v;  // < 8 values: numpy adds in order
      for (double& v : out) v /= sum;
    } else {
      for (double& v : out) v = Apply(f, v);
    }
    a = std::move(out);
  }
  return a;
}

// 150 rows of 2 or 3 features: more than two blocks of rows, and a tail
// that is not a multiple of the row tile.
std::vector<double> Rows(size_t cols, size_t rows = 150) {
  std::vector<double> x(rows * cols);
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = std::sin(0.7 * static_cast<double>(i)) * 3.0;
  }
  return x;
}

TEST(NeuralNetworkPredict, SoftmaxClassifierMatchesTheReference) {
  const Model m = testing::MakeMlpClassifier();
  const std::vector<double> x = Rows(3);
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View(x, 3), &pred).ok());
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE((*p)->PredictProba(View(x, 3), &proba).ok());
  ASSERT_EQ(proba.size(), 1u);
  const auto& k = std::get<NeuralNetwork>(m.estimator.kind);
  for (size_t r = 0; r < 150; ++r) {
    const std::vector<double> y = Forward(
        k, std::vector<double>(x.begin() + r * 3, x.begin() + r * 3 + 3));
    for (size_t c = 0; c < 3; ++c) {
      ExpectClose(proba[0].data[r * 3 + c], y[c], r);
    }
    // predict is the first largest of the predicted probabilities.
    const double* q = proba[0].data.data() + r * 3;
    EXPECT_EQ(pred.classes.data[r], std::max_element(q, q + 3) - q) << r;
  }
}

TEST(NeuralNetworkPredict, RegressorEachActivation) {
  for (Activation hidden : {Activation::kIdentity, Activation::kLogistic,
                            Activation::kTanh, Activation::kRelu}) {
    for (Activation output : {Activation::kIdentity, Activation::kExp}) {
      Model m = testing::MakeMlpRegressor();
      Nn(m).hidden_activation = hidden;
      Nn(m).output_activation = output;
      const std::vector<double> x = Rows(2);
      auto p = Predictor::Create(m);
      ASSERT_TRUE(p.ok()) << p.status().ToString();
      PredictOutput pred;
      ASSERT_TRUE((*p)->Predict(View(x, 2), &pred).ok());
      ASSERT_EQ(pred.values.data.size(), 300u);
      for (size_t r = 0; r < 150; ++r) {
        const std::vector<double> y = Forward(
            Nn(m),
            std::vector<double>(x.begin() + r * 2, x.begin() + r * 2 + 2));
        ExpectClose(pred.values.data[r * 2], y[0], r);
        ExpectClose(pred.values.data[r * 2 + 1], y[1], r);
      }
      EXPECT_FALSE((*p)->HasMethod(PredictMethod::kPredictProba));
    }
  }
}

TEST(NeuralNetworkPredict, MultilabelOutputsAndTheHalfThreshold) {
  Model m = testing::MakeMlpMultilabel();
  const std::vector<double> x = Rows(2);
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View(x, 2), &pred).ok());
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE((*p)->PredictProba(View(x, 2), &proba).ok());
  ASSERT_EQ(proba.size(), 3u);
  ASSERT_EQ(pred.classes.data.size(), 450u);
  for (size_t r = 0; r < 150; ++r) {
    const std::vector<double> y = Forward(
        Nn(m), std::vector<double>(x.begin() + r * 2, x.begin() + r * 2 + 2));
    for (size_t o = 0; o < 3; ++o) {
      EXPECT_EQ(pred.classes.data[r * 3 + o],
                proba[o].data[r * 2 + 1] > 0.5 ? 1 : 0);
      ExpectClose(proba[o].data[r * 2 + 1], y[o], r);
      // 1 - p of the value itself.
      EXPECT_EQ(proba[o].data[r * 2], 1 - proba[o].data[r * 2 + 1]);
    }
  }
  // p exactly 0.5 (logit 0) is class 0: LabelBinarizer's y > 0.5. One
  // output layer with zero weights and bias: every column is expit(0).
  Model binary = testing::MakeMlpMultilabel();
  Nn(binary).layer_sizes = Tensor::FromVector(std::vector<int64_t>{2, 1});
  Nn(binary).weights = Tensor::FromVector(std::vector<double>{0, 0});
  Nn(binary).biases = Tensor::FromVector(std::vector<double>{0});
  binary.output.n_outputs = 1;
  binary.output.classes.resize(1);
  auto b = Predictor::Create(binary);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_TRUE((*b)->Predict(View({1, 2}, 2), &pred).ok());
  EXPECT_EQ(pred.classes.data[0], 0);
  Nn(binary).biases = Tensor::FromVector(std::vector<double>{1e-300});
  b = Predictor::Create(binary);
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE((*b)->Predict(View({1, 2}, 2), &pred).ok());
  EXPECT_EQ(pred.classes.data[0], 0);  // expit(1e-300) rounds to 0.5
  Nn(binary).biases = Tensor::FromVector(std::vector<double>{1e-15});
  b = Predictor::Create(binary);
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE((*b)->Predict(View({1, 2}, 2), &pred).ok());
  EXPECT_EQ(pred.classes.data[0], 1);
}

TEST(NeuralNetworkPredict, SoftmaxTiesGoToTheFirstClass) {
  // Zero output weights and equal biases: every class scores the same.
  Model m = testing::MakeMlpClassifier();
  Nn(m).layer_sizes = Tensor::FromVector(std::vector<int64_t>{3, 3});
  Nn(m).weights = Tensor::FromVector(std::vector<double>(9, 0.0));
  Nn(m).biases = Tensor::FromVector(std::vector<double>{0.25, 0.25, 0.25});
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View({1, 2, 3}, 3), &pred).ok());
  EXPECT_EQ(pred.classes.data[0], 0);
  Nn(m).biases = Tensor::FromVector(std::vector<double>{0.25, 0.5, 0.5});
  p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE((*p)->Predict(View({1, 2, 3}, 3), &pred).ok());
  EXPECT_EQ(pred.classes.data[0], 1);
}

TEST(NeuralNetworkPredict, ReluKeepsNaNAndOverflowIsNotAnError) {
  // A weight of 1e308 overflows to inf; inf - inf in the next layer is NaN,
  // which relu keeps (np.maximum) and the output carries, as scikit-learn's
  // does.
  Model m = testing::MakeMlpRegressor();
  Nn(m).hidden_activation = Activation::kRelu;
  Nn(m).weights = Tensor::FromVector(std::vector<double>{
      1e308, 1e308, 0, 1e308, 1e308, 0, 1, 1, -1, -1, 0, 0});
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  PredictOutput pred;
  ASSERT_TRUE((*p)->Predict(View({10, 10}, 2), &pred).ok());
  EXPECT_TRUE(std::isnan(pred.values.data[0]));
}

TEST(NeuralNetworkPredict, MethodsAndInputRule) {
  const Model m = testing::MakeMlpClassifier();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE((*p)->HasMethod(PredictMethod::kPredict));
  EXPECT_TRUE((*p)->HasMethod(PredictMethod::kPredictProba));
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kDecisionFunction));
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kPredictLogProba));
  Matrix<double> d;
  EXPECT_EQ((*p)->DecisionFunction(View({0, 0, 0}, 3), &d).code(),
            ErrorCode::kMethodNotSupported);
  PredictOutput out;
  EXPECT_EQ((*p)->Predict(View({0, std::nan(""), 0}, 3), &out).code(),
            ErrorCode::kInputNaN);
  EXPECT_EQ((*p)->Predict(View({0, HUGE_VAL, 0}, 3), &out).code(),
            ErrorCode::kInputInfinite);
}

}  // namespace
}  // namespace modelseal
