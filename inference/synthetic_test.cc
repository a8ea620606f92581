// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "inference/synthetic.h"

#include <gtest/gtest.h>

#include <cmath>

#include "modelseal/predictor.h"

namespace modelseal::synthetic {
namespace {

TEST(Synthetic, ForestIsUsableAndProbabilitiesSumToOne) {
  Model m = RandomForestClassifier(5, 4, 3, 3, 42);
  const auto& f = std::get<Forest>(m.estimator.kind);
  ASSERT_EQ(f.trees.size(), 5u);
  EXPECT_EQ(f.trees[0].children_left.size(), 31u);  // 2^(4+1) - 1 nodes
  auto p = Predictor::Create(m);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  std::vector<double> x = RandomMatrix(100, 3, 0.1, 1);
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE(
      (*p)->PredictProba({x.data(), DType::kFloat64, 100, 3}, &proba).ok());
  for (size_t r = 0; r < 100; ++r) {
    const double sum =
        proba[0].at(r, 0) + proba[0].at(r, 1) + proba[0].at(r, 2);
    EXPECT_NEAR(sum, 1.0, 1e-12);
  }
}

TEST(Synthetic, HgbIsUsableAndDeterministic) {
  Model a = RandomHistGradientBoostingClassifier(4, 3, 2, 9);
  Model b = RandomHistGradientBoostingClassifier(4, 3, 2, 9);
  EXPECT_EQ(a, b);
  auto p = Predictor::Create(a);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
}

TEST(Synthetic, RandomMatrixNanFraction) {
  std::vector<double> x = RandomMatrix(1000, 10, 0.2, 5);
  size_t nans = 0;
  for (double v : x) {
    if (std::isnan(v)) {
      ++nans;
    } else {
      EXPECT_GE(v, -1.5);
      EXPECT_LT(v, 1.5);
    }
  }
  EXPECT_GT(nans, 1500u);
  EXPECT_LT(nans, 2500u);
}

}  // namespace
}  // namespace modelseal::synthetic
