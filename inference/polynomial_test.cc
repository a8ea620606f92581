// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// PolynomialFeatures through the predictor: the product table evaluated in
// order, the float32 rounding of each product (numpy's float32 multiply),
// the input rules and the compile checks.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

PolynomialFeatures& Poly(Model& m) {
  return std::get<PolynomialFeatures>(m.estimator.kind);
}

std::vector<double> Transform(const Model& m, const std::vector<double>& x) {
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  if (!p.ok()) return {};
  Matrix<double> out;
  Status s = (*p)->Transform(
      MatrixView{x.data(), DType::kFloat64, x.size() / 2, 2}, &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.data;
}

TEST(PolynomialFeatures, BiasAndDegreeTwo) {
  EXPECT_EQ(Transform(testing::MakePolynomialFeatures(), {2, 3, -1.5, 0.5}),
            (std::vector<double>{1, 4, 6, 9, 1, 2.25, -0.75, 0.25}));
}

TEST(PolynomialFeatures, DegreeThreeReusesTheSquareAsNumpyDoes) {
  // x^3 is column x^2 times x, one multiply of the stored square, as
  // numpy's loop computes it (not pow(x, 3)).
  Model m = testing::MakePolynomialFeatures();
  Poly(m).base = {0, 0, 0, 2, 4};
  Poly(m).feature = {0, 1, 2, 1, 1};
  Poly(m).output = {1, 2, 3, 4};
  const double x = 1.1;
  const double sq = x * x;
  EXPECT_EQ(Transform(m, {x, 7}), (std::vector<double>{x, 7, sq, sq * x}));
}

TEST(PolynomialFeatures, Float32RoundsEveryProduct) {
  Model m = testing::MakePolynomialFeatures();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  const std::vector<float> x = {1.1f, 3.3f};
  Matrix<double> out;
  ASSERT_TRUE(
      (*p)->Transform(MatrixView{x.data(), DType::kFloat32, 1, 2}, &out).ok());
  EXPECT_EQ(out.data,
            (std::vector<double>{1, double(x[0] * x[0]), double(x[1] * x[0]),
                                 double(x[1] * x[1])}));
  // The float64 product is not float32: the rounding is needed.
  EXPECT_NE(double(x[1]) * double(x[0]), double(x[1] * x[0]));
  // A float32 product beyond float32's range is infinity, as in numpy.
  const std::vector<float> big = {3e20f, 1};
  ASSERT_TRUE(
      (*p)->Transform(MatrixView{big.data(), DType::kFloat32, 1, 2}, &out)
          .ok());
  EXPECT_EQ(out.data[1], kInf);
}

TEST(PolynomialFeatures, NanAndInfinityRefused) {
  auto p = Predictor::Create(testing::MakePolynomialFeatures());
  ASSERT_TRUE(p.ok());
  Matrix<double> out;
  const std::vector<double> nan = {0, 0, 0, kNan};
  Status s =
      (*p)->Transform(MatrixView{nan.data(), DType::kFloat64, 2, 2}, &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputNaN);
  EXPECT_EQ(s.context(), "X[1][1]");
  const std::vector<double> inf = {-kInf, 0};
  EXPECT_EQ((*p)->Transform(MatrixView{inf.data(), DType::kFloat64, 1, 2}, &out)
                .code(),
            ErrorCode::kInputInfinite);
}

TEST(PolynomialFeatures, CompileRechecksWhatValidationChecks) {
  // Predictor::Create checks again what it relies on (it may be given a
  // Model that was never validated).
  Model m = testing::MakePolynomialFeatures();
  Poly(m).base[3] = 4;
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
  m = testing::MakePolynomialFeatures();
  Poly(m).feature[3] = 3;
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
  m = testing::MakePolynomialFeatures();
  Poly(m).feature[3] = 0;
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
  m = testing::MakePolynomialFeatures();
  Poly(m).output[0] = 6;
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
  m = testing::MakePolynomialFeatures();
  Poly(m).feature.pop_back();
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
}

}  // namespace
}  // namespace modelseal
