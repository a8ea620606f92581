// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Constant (DummyClassifier, DummyRegressor) through the predictor: the
// same outputs on every row, predict the first largest probability, no
// decision function, and X's values unchecked (NaN and infinity pass, as
// scikit-learn's dummies never read them).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

MatrixView View(const std::vector<double>& x, size_t cols) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / cols, cols};
}

TEST(Constant, RegressorGivesItsValuesOnEveryRow) {
  auto p = Predictor::Create(testing::MakeDummyRegressor());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  PredictOutput out;
  const std::vector<double> x = {NAN, INFINITY, 1, 2, -INFINITY, 0};
  ASSERT_TRUE((*p)->Predict(View(x, 2), &out).ok());
  EXPECT_EQ(out.values.data, (std::vector<double>{1.5, -3, 1.5, -3, 1.5, -3}));
}

TEST(Constant, ClassifierProbaAndFirstLargest) {
  Model m = testing::MakeDummyClassifier();
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kDecisionFunction));
  const std::vector<double> x = {NAN, 1, 2, 3, 4, 5};
  PredictOutput out;
  ASSERT_TRUE((*p)->Predict(View(x, 3), &out).ok());
  EXPECT_EQ(out.classes.data, (std::vector<int64_t>{1, 1}));
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE((*p)->PredictProba(View(x, 3), &proba).ok());
  EXPECT_EQ(proba[0].data,
            (std::vector<double>{0.25, 0.5, 0.25, 0.25, 0.5, 0.25}));
  // A tie: the first largest (np.argmax).
  std::get<Constant>(m.estimator.kind).values =
      Tensor::FromVector(std::vector<double>{0.4, 0.2, 0.4});
  p = Predictor::Create(m);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE((*p)->Predict(View(x, 3), &out).ok());
  EXPECT_EQ(out.classes.data, (std::vector<int64_t>{0, 0}));
}

}  // namespace
}  // namespace modelseal
