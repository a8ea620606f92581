// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// QuantileTransformer through the predictor: np.interp both ways and
// averaged, the bounds, NaN passing through, stats.norm.ppf and its clip
// (expected values are scikit-learn 1.9.1's transform of the same
// quantiles_ and references_, printed with repr), the input rules.
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

QuantileTransformer& Quantile(Model& m) {
  return std::get<QuantileTransformer>(m.estimator.kind);
}

Model WithOutput(QuantileOutput o) {
  Model m = testing::MakeQuantileTransformer();
  Quantile(m).output = o;
  return m;
}

Status TransformRows(const Model& m, const std::vector<double>& x,
                     std::vector<double>* y) {
  auto p = Predictor::Create(m);
  if (!p.ok()) return p.status();
  Matrix<double> out;
  MODELSEAL_RETURN_IF_ERROR((*p)->Transform(
      MatrixView{x.data(), DType::kFloat64, x.size() / 2, 2}, &out));
  *y = out.data;
  return Status::Ok();
}

// quantiles_ [[-2, 0], [-1, 1], [0.5, 1], [3, 5]], references_ [0, 1/3,
// 2/3, 1]; rows: the lower ends, inside (feature 1 on its repeated
// quantile), inside, the upper ends, beyond both ends, NaN, within
// BOUNDS_THRESHOLD of the ends.
const std::vector<double> kX = {-2, 0,  -1.5, 1,    0.5, 0.9,      3,
                                5,  -9, 9,    kNan, 1.2, 1e-7 - 2, 5 - 1e-7};

void ExpectSame(const std::vector<double>& got,
                const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << i;
    } else {
      EXPECT_EQ(got[i], want[i]) << i;
    }
  }
}

TEST(QuantileTransformer, UniformInterpolatesBothWaysAndAverages) {
  std::vector<double> y;
  ASSERT_TRUE(TransformRows(WithOutput(QuantileOutput::kUniform), kX, &y).ok());
  ExpectSame(y, {0.0, 0.0, 0.16666666666666666, 0.5, 0.6666666666666666, 0.3,
                 1.0, 1.0, 0.0, 1.0, kNan, 0.6833333333333333,
                 3.3333333362047427e-08, 0.9999999916666666});
}

TEST(QuantileTransformer, NormalIsTheClippedNormalQuantile) {
  std::vector<double> y;
  ASSERT_TRUE(TransformRows(WithOutput(QuantileOutput::kNormal), kX, &y).ok());
  const double lo = -5.199337582605575, hi = 5.19933758270342;
  ExpectSame(y, {lo, lo, -0.967421566101701, 0.0, 0.43072729929545744,
                 -0.5244005127080409, hi, hi, lo, hi, kNan, 0.47704042848944356,
                 lo, hi});
}

TEST(QuantileTransformer, InfinityRejected) {
  std::vector<double> y;
  Status s =
      TransformRows(WithOutput(QuantileOutput::kUniform), {0, 1, 2, kInf}, &y);
  EXPECT_EQ(s.code(), ErrorCode::kInputInfinite) << s.ToString();
}

TEST(QuantileTransformer, CompileChecksTheTensors) {
  Model m = testing::MakeQuantileTransformer();
  Quantile(m).references = Tensor::FromVector(std::vector<double>{0, 1});
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
  m = testing::MakeQuantileTransformer();
  Quantile(m).quantiles = Tensor::FromVector(
      std::vector<double>{-2, 0, -1, 1, -3, 1, 3, 5}, {4, 2});
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
}

// ---- PowerTransformer ----

PowerTransformer& Power(Model& m) {
  return std::get<PowerTransformer>(m.estimator.kind);
}

Model PowerModel(PowerMethod method, std::vector<double> lambdas,
                 bool standardize) {
  Model m = testing::MakePowerTransformer();
  Power(m).method = method;
  Power(m).lambdas = Tensor::FromVector(std::move(lambdas));
  if (!standardize) {
    Power(m).mean = Tensor();
    Power(m).scale = Tensor();
  }
  return m;
}

// numpy's log1p and expm1 (SIMD on this kind of machine) may differ from
// the C library's by an ulp: Yeo-Johnson is compared within the bound of
// include/modelseal/predictor.h (4 x 2^-52 relative).
void ExpectClose(const std::vector<double>& got,
                 const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << i;
    } else {
      EXPECT_LE(std::fabs(got[i] - want[i]),
                4 * std::numeric_limits<double>::epsilon() * std::fabs(want[i]))
          << i << ": " << got[i] << " vs " << want[i];
    }
  }
}

// Both signs, zero, NaN, small and large values.
const std::vector<double> kYj = {0.0,  0.0,  1.5,  -2.0, -0.5, 3.0,
                                 kNan, 0.25, -3.0, 1e-3, 7.0,  -0.75};

TEST(PowerTransformer, YeoJohnsonExpm1Standardized) {
  std::vector<double> y;
  Model m = testing::MakePowerTransformer();
  ASSERT_TRUE(TransformRows(m, kYj, &y).ok());
  ExpectClose(y, {-0.125, 1.0, 0.45613883008418965, -25.151641031062685,
                  -0.4040391023624612, 2.166666666666667, kNan,
                  1.3792776629334231, -2.4583333333333326, 1.001997502913389,
                  1.7034271247461898, -2.4798781236390823});
}

TEST(PowerTransformer, YeoJohnsonEdgeLambdasPerFormula) {
  // lambda 0 (log1p for x >= 0) and 2 (-log1p(-x) for x < 0); the other
  // side's power term differs between the formulas: (4^2 - 1) / 2 is 7.5
  // with np.power (scikit-learn <= 1.8) and 7.499999999999999 with expm1
  // (1.9, scipy.stats.yeojohnson); at 1e-3 np.power's cancellation shows
  // (scikit-learn 1.4.2's _yeo_johnson_transform, printed with repr).
  std::vector<double> y;
  ASSERT_TRUE(
      TransformRows(PowerModel(PowerMethod::kYeoJohnsonExpm1, {0, 2}, false),
                    kYj, &y)
          .ok());
  ExpectClose(y, {0.0, 0.0, 0.9162907318741551, -1.0986122886681098, -0.625,
                  7.499999999999999, kNan, 0.28125, -7.499999999999999,
                  0.0010005, 2.0794415416798357, -0.5596157879354227});
  ASSERT_TRUE(
      TransformRows(PowerModel(PowerMethod::kYeoJohnsonPower, {0, 2}, false),
                    kYj, &y)
          .ok());
  ExpectClose(y, {0.0, 0.0, 0.9162907318741551, -1.0986122886681098, -0.625,
                  7.5, kNan, 0.28125, -7.5, 0.0010004999999998487,
                  2.0794415416798357, -0.5596157879354227});
}

TEST(PowerTransformer, BoxCox) {
  const std::vector<double> x = {0.5, 1.0, 2.0, 3.5, kNan, 1e-3, 10.0, 0.25};
  std::vector<double> y;
  ASSERT_TRUE(
      TransformRows(PowerModel(PowerMethod::kBoxCox, {0.5, -1.5}, true), x, &y)
          .ok());
  ExpectSame(
      y, {-0.4178932188134525, 1.0, 0.28921356237309503, 2.129705720447677,
          kNan, -42161.368802245044, 2.0372776601683795, -8.33333333333333});
  // |lambda| < 1e-19: log(x).
  ASSERT_TRUE(TransformRows(
                  PowerModel(PowerMethod::kBoxCox, {0.0, 1e-20}, false), x, &y)
                  .ok());
  ExpectSame(
      y, {-0.6931471805599453, 0.0, 0.6931471805599453, 1.252762968495368, kNan,
          -6.907755278982137, 2.302585092994046, -1.3862943611198906});
}

TEST(PowerTransformer, BoxCoxBeyondExpm1sRange) {
  // lambda * log(x) >= 709.78: scipy 1.17's exp(t - log|lambda|) branch,
  // finite where expm1(t) / lambda would overflow first; infinity beyond.
  std::vector<double> y;
  Model m = PowerModel(PowerMethod::kBoxCox, {2.0, -2.4}, false);
  ASSERT_TRUE(TransformRows(m, {1.6518496811469927e+154, 1e-300}, &y).ok());
  ExpectSame(
      y, {1.3643036845527858e+308, -std::numeric_limits<double>::infinity()});
}

TEST(PowerTransformer, BoxCoxRefusesValuesNotPositive) {
  std::vector<double> y;
  Model m = PowerModel(PowerMethod::kBoxCox, {0.5, -1.5}, true);
  Status s = TransformRows(m, {1.0, 2.0, 3.0, 0.0}, &y);
  EXPECT_EQ(s.code(), ErrorCode::kInputNotPositive) << s.ToString();
  EXPECT_EQ(s.context(), "X[1][1]") << s.ToString();
  s = TransformRows(m, {-1.0, 2.0}, &y);
  EXPECT_EQ(s.code(), ErrorCode::kInputNotPositive) << s.ToString();
  // Yeo-Johnson takes them.
  EXPECT_TRUE(
      TransformRows(testing::MakePowerTransformer(), {-1.0, 0.0}, &y).ok());
}

TEST(PowerTransformer, InfinityAndFloat32Refused) {
  std::vector<double> y;
  Status s = TransformRows(testing::MakePowerTransformer(), {0, kInf}, &y);
  EXPECT_EQ(s.code(), ErrorCode::kInputInfinite) << s.ToString();
  auto p = Predictor::Create(testing::MakePowerTransformer());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::vector<float> xf = {1.0f, 2.0f};
  Matrix<double> out;
  s = (*p)->Transform(MatrixView{xf.data(), DType::kFloat32, 1, 2}, &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputFloat32Unsupported) << s.ToString();
}

TEST(PowerTransformer, CompileChecksTheTensors) {
  Model m = testing::MakePowerTransformer();
  Power(m).lambdas = Tensor::FromVector(std::vector<double>{0.5});
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
  m = testing::MakePowerTransformer();
  Power(m).scale = Tensor::FromVector(std::vector<double>{1, 0});
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
  m = testing::MakePowerTransformer();
  Power(m).method = static_cast<PowerMethod>(9);
  EXPECT_EQ(Predictor::Create(m).status().code(), ErrorCode::kPredictorTensor);
}

// ---- end PowerTransformer ----

}  // namespace
}  // namespace modelseal
