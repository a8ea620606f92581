// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Isotonic (IsotonicRegression) through the predictor: np.interp between
// the thresholds (exact at each threshold), NaN / clip / an input error
// outside them, one threshold a constant, NaN and infinity rejected as
// scikit-learn's check_array does.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

MatrixView View(const std::vector<double>& x) {
  return MatrixView{x.data(), DType::kFloat64, x.size(), 1};
}

Isotonic& Iso(Model& m) { return std::get<Isotonic>(m.estimator.kind); }

std::vector<double> Predict(const Model& m, const std::vector<double>& x) {
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  PredictOutput out;
  Status s = (*p)->Predict(View(x), &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.values.data;
}

TEST(Isotonic, InterpolatesAndIsExactAtThresholds) {
  Model m = testing::MakeIsotonic();  // x {0, 1, 2.5, 4} -> y {.5, 1.5, 1.5, 3}
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kDecisionFunction));
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kPredictProba));
  const std::vector<double> got =
      Predict(m, {0, 0.5, 1, 2, 2.5, 3.25, 4, -0.5, 4.5});
  ASSERT_EQ(got.size(), 9u);
  EXPECT_EQ(got[0], 0.5);
  EXPECT_EQ(got[1], 1.0);
  EXPECT_EQ(got[2], 1.5);
  EXPECT_EQ(got[3], 1.5);
  EXPECT_EQ(got[4], 1.5);
  EXPECT_EQ(got[5], 2.25);
  EXPECT_EQ(got[6], 3.0);
  EXPECT_TRUE(std::isnan(got[7]));  // out_of_bounds "nan"
  EXPECT_TRUE(std::isnan(got[8]));
}

TEST(Isotonic, ClipAndRaise) {
  Model m = testing::MakeIsotonic();
  Iso(m).out_of_bounds = IsotonicBounds::kClip;
  EXPECT_EQ(Predict(m, {-100, -0.001, 7, 1e300}),
            (std::vector<double>{0.5, 0.5, 3, 3}));
  Iso(m).out_of_bounds = IsotonicBounds::kRaise;
  EXPECT_EQ(Predict(m, {0, 4, 2}), (std::vector<double>{0.5, 3, 1.5}));
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  PredictOutput out;
  const std::vector<double> x = {2, 4.5, -1};
  Status s = (*p)->Predict(View(x), &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputOutOfBounds) << s.ToString();
  EXPECT_EQ(s.context(), "X[1][0]");
  EXPECT_NE(s.detail().find("4.5"), std::string::npos) << s.detail();
}

TEST(Isotonic, OneThresholdIsConstantEvenOutOfRange) {
  // scikit-learn's f_ for one threshold is a lambda: no NaN, no raise.
  Model m = testing::MakeIsotonic();
  Iso(m).x_thresholds = Tensor::FromVector(std::vector<double>{2});
  Iso(m).y_thresholds = Tensor::FromVector(std::vector<double>{7});
  for (IsotonicBounds b :
       {IsotonicBounds::kNan, IsotonicBounds::kClip, IsotonicBounds::kRaise}) {
    Iso(m).out_of_bounds = b;
    EXPECT_EQ(Predict(m, {-1, 2, 30}), (std::vector<double>{7, 7, 7}));
  }
}

TEST(Isotonic, NanAndInfinityRejected) {
  auto p = Predictor::Create(testing::MakeIsotonic());
  ASSERT_TRUE(p.ok());
  PredictOutput out;
  std::vector<double> x = {2, NAN};
  EXPECT_EQ((*p)->Predict(View(x), &out).code(), ErrorCode::kInputNaN);
  x = {INFINITY, 2};
  EXPECT_EQ((*p)->Predict(View(x), &out).code(), ErrorCode::kInputInfinite);
}

TEST(Isotonic, FloatInputIsWidened) {
  auto p = Predictor::Create(testing::MakeIsotonic());
  ASSERT_TRUE(p.ok());
  const std::vector<float> x = {0.5f, 3.25f};
  PredictOutput out;
  ASSERT_TRUE(
      (*p)->Predict(MatrixView{x.data(), DType::kFloat32, 2, 1}, &out).ok());
  EXPECT_EQ(out.values.data, (std::vector<double>{1.0, 2.25}));
}

}  // namespace
}  // namespace modelseal
