// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The projection mappers (PCA, IncrementalPCA, TruncatedSVD) on hand-built
// state trees: the centering of the fitting release, the whitening divisor
// (clipped at eps from 1.5) and the refusals.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Arr;
using testing::Dict;
using testing::ExpectRefusals;
using testing::F64;
using testing::F64s;
using testing::Obj;
using testing::Options;
using testing::Override;
using testing::Refusal;

// `cls` with 2 components of 3 features, fitted by `version`.
Node Pca(const char* cls, const char* version,
         std::vector<std::pair<std::string, Node>> extra = {}) {
  std::vector<std::pair<std::string, Node>> state = {
      {"n_features_in_", Node::Int(3)},
      {"components_", F64({0.5, -0.5, 0.75, 0.25, 1, -0.125}, {2, 3})},
      {"mean_", F64({1, -2, 0.5}, {3})},
      {"explained_variance_", F64({4, 0.25}, {2})},
      {"whiten", Node::Bool(false)},
      {"_sklearn_version", Node::Str(version)}};
  const std::string module = std::string(cls) == "PCA"
                                 ? "sklearn.decomposition._pca"
                                 : "sklearn.decomposition._incremental_pca";
  return Obj(module, cls, Dict(Override(std::move(state), std::move(extra))));
}

TEST(MapperDecomposition, CenteringFollowsTheFittingRelease) {
  auto m = MapModel(Pca("PCA", "1.4.2"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& old = std::get<Projection>(m->estimator.kind);
  EXPECT_EQ(old.centering, ProjectionCentering::kBefore);
  EXPECT_FALSE(old.scale.present());
  EXPECT_EQ(m->output.task, Task::kTransform);
  EXPECT_EQ(m->output.n_outputs, 2u);
  for (const char* v : {"1.5.0", "1.9.1"}) {
    m = MapModel(Pca("IncrementalPCA", v), Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(std::get<Projection>(m->estimator.kind).centering,
              ProjectionCentering::kAfter);
  }
}

TEST(MapperDecomposition, WhitenDivisorClippedFrom15) {
  const std::vector<std::pair<std::string, Node>> tiny = {
      {"whiten", Node::Bool(true)},
      {"explained_variance_", F64({4, 1e-40}, {2})}};
  auto m = MapModel(Pca("PCA", "1.9.1", tiny), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(F64s(std::get<Projection>(m->estimator.kind).scale),
            (std::vector<double>{2, DBL_EPSILON}));
  // 1.4 divides by sqrt(explained_variance_) as it is.
  m = MapModel(Pca("PCA", "1.4.2", tiny), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(F64s(std::get<Projection>(m->estimator.kind).scale),
            (std::vector<double>{2, 1e-20}));
}

TEST(MapperDecomposition, TruncatedSvdProjectsOnly) {
  Node svd = Obj(
      "sklearn.decomposition._truncated_svd", "TruncatedSVD",
      Dict({{"n_features_in_", Node::Int(3)},
            {"components_", F64({0.5, -0.5, 0.75, 0.25, 1, -0.125}, {2, 3})},
            {"_sklearn_version", Node::Str("1.9.1")}}));
  auto m = MapModel(svd, Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<Projection>(m->estimator.kind);
  EXPECT_EQ(k.centering, ProjectionCentering::kNone);
  EXPECT_FALSE(k.mean.present());
  EXPECT_FALSE(k.scale.present());
}

TEST(MapperDecomposition, Refusals) {
  std::vector<Refusal> cases;
  cases.push_back(
      {Pca("PCA", "1.9.1",
           {{"components_",
             Arr<float>("<f4", {0.5f, -0.5f, 0.75f, 0.25f, 1, -0.125f},
                        {2, 3})}}),
       ErrorCode::kEstimatorParam, "float32"});
  cases.push_back(
      {Pca("PCA", "1.9.1", {{"mean_", Arr<float>("<f4", {1, 2, 3}, {3})}}),
       ErrorCode::kEstimatorParam, "float32"});
  cases.push_back({Pca("PCA", "1.9.1", {{"mean_", F64({1, 2}, {2})}}),
                   ErrorCode::kStateShape, "expected [3]"});
  cases.push_back({Pca("PCA", "1.9.1", {{"mean_", F64({1, NAN, 2}, {3})}}),
                   ErrorCode::kStateValue, "entry 1"});
  cases.push_back(
      {Pca("PCA", "1.9.1",
           {{"components_", F64({0.5, INFINITY, 0.75, 0.25, 1, 0}, {2, 3})}}),
       ErrorCode::kStateValue, "entry 1"});
  // 1.4 with whiten and a zero variance: scikit-learn divides by 0.
  cases.push_back({Pca("PCA", "1.4.2",
                       {{"whiten", Node::Bool(true)},
                        {"explained_variance_", F64({4, 0}, {2})}}),
                   ErrorCode::kStateValue, "square root"});
  cases.push_back({Pca("PCA", "1.9.1",
                       {{"whiten", Node::Bool(true)},
                        {"explained_variance_", F64({4, 1, 1}, {3})}}),
                   ErrorCode::kStateShape, "one per component"});
  ExpectRefusals(cases);
}

}  // namespace
}  // namespace modelseal::mapper
