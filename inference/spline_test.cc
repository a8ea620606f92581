// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// SplineTransformer through the predictor: the extrapolations against
// scikit-learn 1.9.1's outputs (the example model's knots), the input
// rules (E918 for 'error', handle_missing) and the compile checks.
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

SplineTransformer& Spline(Model& m) {
  return std::get<SplineTransformer>(m.estimator.kind);
}

Model With(SplineExtrapolation e) {
  Model m = testing::MakeSplineTransformer();
  Spline(m).extrapolation = e;
  if (e != SplineExtrapolation::kLinear) Spline(m).bound.clear();
  return m;
}

Status Apply(const Model& m, const std::vector<double>& x,
             std::vector<double>* y) {
  auto p = Predictor::Create(m);
  if (!p.ok()) return p.status();
  Matrix<double> out;
  Status s = (*p)->Transform(
      MatrixView{x.data(), DType::kFloat64, x.size() / 2, 2}, &out);
  *y = out.data;
  return s;
}

// Held-out rows, some outside the knots' range [0, 4] x [10, 20].
const std::vector<double> kX = {-1, 10, 1, 17.5, 5, 25, 4, 30, 3, 9};

TEST(SplineTransformer, LinearMatchesScikitLearn) {
  std::vector<double> y;
  ASSERT_TRUE(Apply(testing::MakeSplineTransformer(), kX, &y).ok());
  EXPECT_EQ(
      y, (std::vector<double>{1.0,   0.0,   0.0,   0.5,  0.5, 0.0, 0.125, 0.75,
                              0.125, 0.0,   0.125, 0.75, 0.0, 0.0, 0.0,   0.0,
                              0.0,   -0.5,  0.0,   0.0,  0.5, 0.0, 0.0,   -1.5,
                              0.0,   0.125, 0.75,  0.7,  0.3, 0.0}));
}

TEST(SplineTransformer, ConstantAndContinueMatchScikitLearn) {
  std::vector<double> y;
  ASSERT_TRUE(Apply(With(SplineExtrapolation::kConstant), kX, &y).ok());
  EXPECT_EQ(
      y, (std::vector<double>{0.5,   0.5,   0.0,   0.5,  0.5, 0.0, 0.125, 0.75,
                              0.125, 0.0,   0.125, 0.75, 0.0, 0.0, 0.5,   0.0,
                              0.0,   0.5,   0.0,   0.0,  0.5, 0.0, 0.0,   0.5,
                              0.0,   0.125, 0.75,  0.5,  0.5, 0.0}));
  ASSERT_TRUE(Apply(With(SplineExtrapolation::kContinue), kX, &y).ok());
  EXPECT_EQ(y, (std::vector<double>{1.125,
                                    -0.25,
                                    0.125,
                                    0.5,
                                    0.5,
                                    0.0,
                                    0.125,
                                    0.75,
                                    0.125,
                                    0.0,
                                    0.125,
                                    0.75,
                                    0.0,
                                    0.125,
                                    -0.25,
                                    0.0,
                                    0.5,
                                    -1.5,
                                    0.0,
                                    0.0,
                                    0.5,
                                    0.0,
                                    2.0,
                                    -5.5,
                                    0.0,
                                    0.125,
                                    0.75,
                                    0.7200000000000002,
                                    0.2600000000000001,
                                    0.02}));
}

TEST(SplineTransformer, ErrorRefusesValuesBeyondTheKnots) {
  std::vector<double> y;
  Model m = With(SplineExtrapolation::kError);
  ASSERT_TRUE(Apply(m, {0, 10, 4, 20, 1, 17.5}, &y).ok());
  Status s = Apply(m, {0, 10, 4, 20.5}, &y);
  EXPECT_EQ(s.code(), ErrorCode::kInputBeyondKnots) << s.ToString();
  EXPECT_NE(s.ToString().find("X[1][1]"), std::string::npos) << s.ToString();
}

TEST(SplineTransformer, MissingValues) {
  std::vector<double> y;
  // handle_missing='error': NaN and infinity refused.
  Model m = With(SplineExtrapolation::kContinue);
  EXPECT_EQ(Apply(m, {kNan, 12}, &y).code(), ErrorCode::kInputNaN);
  EXPECT_EQ(Apply(m, {kInf, 12}, &y).code(), ErrorCode::kInputInfinite);
  // 'zeros': a NaN's bases are 0 (scikit-learn 1.9.1).
  Spline(m).missing = SplineMissing::kZeros;
  ASSERT_TRUE(Apply(m, {kNan, 12}, &y).ok());
  EXPECT_EQ(y, (std::vector<double>{0, 0, 0, 0.18000000000000005,
                                    0.7400000000000001, 0.08}));
  // 'error' extrapolation refuses infinity, 'constant' takes the boundary.
  Spline(m).extrapolation = SplineExtrapolation::kError;
  EXPECT_EQ(Apply(m, {kInf, 12}, &y).code(), ErrorCode::kInputBeyondKnots);
  Spline(m).extrapolation = SplineExtrapolation::kConstant;
  ASSERT_TRUE(Apply(m, {-kInf, 12}, &y).ok());
  EXPECT_EQ(y, (std::vector<double>{0.5, 0.5, 0, 0.18000000000000005,
                                    0.7400000000000001, 0.08}));
}

TEST(SplineTransformer, DegreeZeroConstantAboveTheLastKnotIsRefused) {
  // scikit-learn assigns spl(xmax)[-0:] (all ns values) to 0 columns.
  Model m = With(SplineExtrapolation::kConstant);
  Spline(m).degree = 0;
  Spline(m).knots =
      Tensor::FromVector(std::vector<double>{0, 2, 4, 10, 15, 20}, {2, 3});
  Spline(m).include_bias = 1;
  m.output.n_outputs = 4;
  std::vector<double> y;
  ASSERT_TRUE(Apply(m, {-1, 12, 3, 20}, &y).ok());
  EXPECT_EQ(y, (std::vector<double>{0, 0, 1, 0, 0, 1, 0, 1}));
  EXPECT_EQ(Apply(m, {5, 12}, &y).code(), ErrorCode::kInputBeyondKnots);
}

TEST(SplineTransformer, CompileChecks) {
  Model m = testing::MakeSplineTransformer();
  Spline(m).bound = {2, 7};
  auto p = Predictor::Create(m);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), ErrorCode::kPredictorTensor);
  m = testing::MakeSplineTransformer();
  Spline(m).knots = Tensor::FromVector(
      std::vector<double>{-4, -2, 0, 2, 4, 6, 8, 0, 5, 10, 15, 2, 25, 30},
      {2, 7});
  p = Predictor::Create(m);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), ErrorCode::kPredictorTensor);
}

}  // namespace
}  // namespace modelseal
