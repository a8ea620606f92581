// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Hand-checked cases for FeatureUnion (and the kinds added with it): the
// transformers' outputs side by side, each times its weight.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "modelseal/format.h"
#include "modelseal/predictor.h"

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

}  // namespace
}  // namespace modelseal
