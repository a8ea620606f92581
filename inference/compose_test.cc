// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Hand-checked cases for FeatureUnion (and the kinds added with it): the
// transformers' outputs side by side, each times its weight; and
// TransformedTargetRegressor's inverse transform of its predictions.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "modelseal/format.h"
#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

MatrixView View(const std::vector<double>& x, size_t cols) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / cols, cols};
}

StandardScaler Scaler(std::vector<double> mean, std::vector<double> scale) {
  StandardScaler s;
  s.mean = Tensor::FromVector(std::move(mean));
  s.scale = Tensor::FromVector(std::move(scale));
  return s;
}

Model UnionModel(FeatureUnion u, uint64_t width) {
  Model m;
  m.metadata.name = "test";
  m.input.n_features = 2;
  m.output.task = Task::kTransform;
  m.output.n_outputs = width;
  m.estimator.kind = std::move(u);
  return m;
}

// FeatureUnion([("s", StandardScaler()), ("p", "passthrough"),
//   ("m", make_pipeline(MaxAbsScaler()))], transformer_weights=w).
FeatureUnion ThreeTransformers() {
  FeatureUnion u;
  u.transformers.push_back({Scaler({1, 2}, {2, 4})});
  u.transformers.push_back({Passthrough{}});
  MaxAbsScaler mas;
  mas.scale = Tensor::FromVector(std::vector<double>{10, 0.5});
  Pipeline p;
  p.steps.push_back({std::move(mas)});
  u.transformers.push_back({std::move(p)});
  return u;
}

TEST(FeatureUnion, OutputsSideBySideTimesTheirWeights) {
  FeatureUnion u = ThreeTransformers();
  u.weights = Tensor::FromVector(std::vector<double>{3, -0.5, 1});
  const Model m = UnionModel(std::move(u), 6);
  ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  std::vector<double> x{5, kNan, -0.7, 3.3};
  Matrix<double> out;
  ASSERT_TRUE((*p)->Transform(View(x, 2), &out).ok());
  ASSERT_EQ(out.rows, 2u);
  ASSERT_EQ(out.cols, 6u);
  const std::vector<double> want{
      // row 0: scaler * 3, passthrough * -0.5, max-abs * 1
      (5 - 1) / 2.0 * 3, kNan, 5 * -0.5, kNan, 5 / 10.0, kNan,
      // row 1
      (-0.7 - 1) / 2.0 * 3, (3.3 - 2) / 4.0 * 3, -0.7 * -0.5, 3.3 * -0.5,
      -0.7 / 10.0, 3.3 / 0.5};
  for (size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(out.data[i])) << i;
    } else {
      EXPECT_EQ(out.data[i], want[i]) << i;
    }
  }
}

TEST(FeatureUnion, WeightedUnionRefusesFloat32Input) {
  FeatureUnion weighted = ThreeTransformers();
  weighted.weights = Tensor::FromVector(std::vector<double>{3, -0.5, 1});
  const std::vector<float> x{5, 1, -0.7f, 3.3f};
  const MatrixView f32{x.data(), DType::kFloat32, 2, 2};
  Matrix<double> out;
  auto p = Predictor::Create(UnionModel(std::move(weighted), 6));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ((*p)->Transform(f32, &out).code(),
            ErrorCode::kInputFloat32Unsupported);
  // Without weights float32 input is fine (no multiply).
  auto q = Predictor::Create(UnionModel(ThreeTransformers(), 6));
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_TRUE((*q)->Transform(f32, &out).ok());
  EXPECT_EQ(out.data[2], 5.0);  // the passthrough's first value
}

// FunctionTransformer: validate=False, so infinity and nan go through the
// function as in numpy; float32 input is refused.
TEST(FunctionTransformer, EveryValueThroughTheFunction) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> x{-1, 0, inf, kNan, 2, -0.0, 1e-300, -inf};
  const std::pair<Ufunc, double (*)(double)> cases[] = {
      {Ufunc::kLog, [](double v) { return std::log(v); }},
      {Ufunc::kLog1p, [](double v) { return std::log1p(v); }},
      {Ufunc::kExp, [](double v) { return std::exp(v); }},
      {Ufunc::kExpm1, [](double v) { return std::expm1(v); }},
      {Ufunc::kSqrt, [](double v) { return std::sqrt(v); }},
      {Ufunc::kAbsolute, [](double v) { return std::fabs(v); }},
      {Ufunc::kSquare, [](double v) { return v * v; }},
      {Ufunc::kNegative, [](double v) { return -v; }},
      {Ufunc::kReciprocal, [](double v) { return 1.0 / v; }},
      {Ufunc::kSin, [](double v) { return std::sin(v); }},
      {Ufunc::kCos, [](double v) { return std::cos(v); }},
      {Ufunc::kTanh, [](double v) { return std::tanh(v); }}};
  for (const auto& [u, fn] : cases) {
    Model m;
    m.metadata.name = "test";
    m.input.n_features = 2;
    m.output.task = Task::kTransform;
    m.output.n_outputs = 2;
    FunctionTransformer f;
    f.func = u;
    m.estimator.kind = f;
    ASSERT_TRUE(ValidateModel(m).ok()) << EnumName(u);
    auto p = Predictor::Create(m);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    Matrix<double> out;
    Status s = (*p)->Transform(View(x, 2), &out);
    ASSERT_TRUE(s.ok()) << s.ToString();
    for (size_t i = 0; i < x.size(); ++i) {
      const double want = fn(x[i]);
      if (std::isnan(want)) {
        EXPECT_TRUE(std::isnan(out.data[i])) << EnumName(u) << " " << x[i];
      } else {
        EXPECT_EQ(out.data[i], want) << EnumName(u) << " " << x[i];
        EXPECT_EQ(std::signbit(out.data[i]), std::signbit(want));
      }
    }
    const std::vector<float> xf{1, 2};
    EXPECT_EQ(
        (*p)->Transform(MatrixView{xf.data(), DType::kFloat32, 1, 2}, &out)
            .code(),
        ErrorCode::kInputFloat32Unsupported);
  }
}

// testing::MakeTransformedTarget: standardise, two linear targets, then
// y * [2, 0.5] + [10, -1] and expm1, in that order.
TEST(TransformedTarget, InverseStepsInOrder) {
  const Model m = testing::MakeTransformedTarget();
  ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).ToString();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kPredictProba));
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kDecisionFunction));
  std::vector<double> x{3, 2, 0.75, -1, -2, 0.5};
  PredictOutput out;
  ASSERT_TRUE((*p)->Predict(View(x, 3), &out).ok());
  ASSERT_EQ(out.values.rows, 2u);
  ASSERT_EQ(out.values.cols, 2u);
  for (size_t r = 0; r < 2; ++r) {
    const double a = (x[r * 3] - 1.0) / 2.0;
    const double b = (x[r * 3 + 1] + 2.0) / 4.0;
    const double c = (x[r * 3 + 2] - 0.5) / 0.25;
    const double y0 = 1 * a + 2 * b + 3 * c + 0.1;
    const double y1 = -1 * a + 0 * b + 0.5 * c - 0.2;
    EXPECT_EQ(out.values.at(r, 0), std::expm1(y0 * 2.0 + 10.0)) << r;
    EXPECT_EQ(out.values.at(r, 1), std::expm1(y1 * 0.5 + -1.0)) << r;
  }
}

// Each step checks the values it receives: AllowNan rejects infinity,
// Finite also NaN, at the step, naming the row and target.
TEST(TransformedTarget, InverseChecksFail) {
  Model m = testing::MakeTransformedTarget();
  auto& t = std::get<TransformedTargetRegressor>(m.estimator.kind);
  // Row 1's first target overflows expm1 (exp(2 * 400.1 + 10)) before the
  // Finite check of a second expm1.
  InverseStep again = t.inverse[2];
  t.inverse.push_back(again);
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  std::vector<double> x{1, -2, 0.5, 801, -2, 0.5};
  PredictOutput out;
  Status s = (*p)->Predict(View(x, 3), &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputInfinite) << s.ToString();
  EXPECT_EQ(s.context(), "estimator.inverse[3]");
  EXPECT_NE(s.detail().find("prediction[1][0]"), std::string::npos)
      << s.detail();
  // NaN: log of a negative prediction, then a Finite check; an AllowNan
  // check lets it through.
  t.inverse.assign(1, InverseStep{});
  t.inverse[0].check = TargetCheck::kNone;
  t.inverse[0].op = TargetOp::kUfunc;
  t.inverse[0].func = Ufunc::kLog;
  InverseStep allow;
  allow.check = TargetCheck::kAllowNan;
  t.inverse.push_back(allow);
  auto q = Predictor::Create(m);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  std::vector<double> neg{1, -2, 0.0, 1, -2, 0.5};  // y0 = -1.9, 0.1
  ASSERT_TRUE((*q)->Predict(View(neg, 3), &out).ok());
  EXPECT_TRUE(std::isnan(out.values.at(0, 0)));
  InverseStep finite;
  finite.check = TargetCheck::kFinite;
  t.inverse.push_back(finite);
  auto f = Predictor::Create(m);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  s = (*f)->Predict(View(neg, 3), &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputNaN) << s.ToString();
  EXPECT_EQ(s.context(), "estimator.inverse[2]");
  EXPECT_NE(s.detail().find("prediction[0][0]"), std::string::npos)
      << s.detail();
}

}  // namespace
}  // namespace modelseal
