// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Clustering through the predictor: KMeans's nearest center and its tie rule
// (the first), BisectingKMeans's walk and its tie rule (the left child), the
// distances of transform (the decision values), many blocks, and the input
// rule. python/tests/test_cluster_parity.py compares with scikit-learn.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

MatrixView View(const std::vector<double>& x) {
  return MatrixView{x.data(), DType::kFloat64, x.size() / 2, 2};
}

std::vector<int64_t> Labels(const Predictor& p, const std::vector<double>& x) {
  PredictOutput out;
  Status s = p.Predict(View(x), &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.classes.data;
}

std::vector<double> Distances(const Predictor& p,
                              const std::vector<double>& x) {
  Matrix<double> out;
  Status s = p.DecisionFunction(View(x), &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(out.cols, 3u);
  return out.data;
}

// Centers (0, 0), (4, 0), (0, 3).
TEST(Clustering, NearestCenterFirstOnATie) {
  auto p = Predictor::Create(testing::MakeKMeans());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE((*p)->HasMethod(PredictMethod::kPredictProba));
  // (2, 0) is 2 from centers 0 and 1: the first wins. (4, 1): center 1.
  // (0, 2.9): center 2. (0, 1.5): 1.5 from centers 0 and 2: center 0.
  EXPECT_EQ(Labels(**p, {2, 0, 4, 1, 0, 2.9, 0, 1.5}),
            (std::vector<int64_t>{0, 1, 2, 0}));
  EXPECT_EQ(Distances(**p, {2, 0, 3, 4}),
            (std::vector<double>{2, 2, std::sqrt(13.0), 5, std::sqrt(17.0),
                                 std::sqrt(10.0)}));
}

// Root: leaf 1 (cluster 2, center (-2, 0)) or node 2 (center (4, 0)), which
// splits into leaves 3 (cluster 0, (4, 1)) and 4 (cluster 1, (4, -1)).
TEST(Clustering, BisectingWalksTheTreeLeftOnATie) {
  auto p = Predictor::Create(testing::MakeBisectingKMeans());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  // (1, 0) is 3 from nodes 1 and 2: left (cluster 2). (4, 0.5): node 2,
  // then leaf 3. (4, 0): a tie under node 2: leaf 3. (4, -1): leaf 4.
  // (-5, 0): leaf 1.
  EXPECT_EQ(Labels(**p, {1, 0, 4, 0.5, 4, 0, 4, -1, -5, 0}),
            (std::vector<int64_t>{2, 0, 0, 1, 2}));
  // transform: the distances to cluster_centers_, not to the tree's nodes.
  EXPECT_EQ(Distances(**p, {4, 1}),
            (std::vector<double>{0, 2, std::sqrt(37.0)}));
}

TEST(Clustering, ManyBlocksMatchRowByRow) {
  auto p = Predictor::Create(testing::MakeKMeans());
  ASSERT_TRUE(p.ok());
  std::vector<double> x;
  for (int i = 0; i < 5000; ++i) {
    x.push_back(std::cos(0.37 * i) * 5);
    x.push_back(std::sin(0.11 * i) * 4);
  }
  const std::vector<int64_t> all = Labels(**p, x);
  const std::vector<double> dist = Distances(**p, x);
  const double centers[3][2] = {{0, 0}, {4, 0}, {0, 3}};
  for (size_t r = 0; r < 5000; ++r) {
    size_t best = 0;
    double best_d = INFINITY;
    for (size_t j = 0; j < 3; ++j) {
      const double dx = x[2 * r] - centers[j][0],
                   dy = x[2 * r + 1] - centers[j][1];
      const double d = std::sqrt(dx * dx + dy * dy);
      EXPECT_NEAR(dist[3 * r + j], d, 1e-12 * (1 + d)) << r;
      if (d < best_d - 1e-9) {
        best_d = d;
        best = j;
      }
    }
    EXPECT_EQ(all[r], static_cast<int64_t>(best)) << r;
  }
}

TEST(Clustering, NonFiniteInputIsRefused) {
  auto p = Predictor::Create(testing::MakeKMeans());
  ASSERT_TRUE(p.ok());
  PredictOutput out;
  EXPECT_EQ((*p)->Predict(View({1, NAN}), &out).code(), ErrorCode::kInputNaN);
}

}  // namespace
}  // namespace modelseal
