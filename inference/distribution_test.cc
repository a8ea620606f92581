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

}  // namespace
}  // namespace modelseal
