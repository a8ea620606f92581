// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The NearestCentroid mapper on hand-built state trees: the fields per
// release (class_prior_ and within_class_std_dev_ from 1.6), predict's
// rule from np.isclose(class_prior_, 1 / k), and the refusals.
#include <gtest/gtest.h>

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
using testing::I64;
using testing::Obj;
using testing::Options;
using testing::Override;
using testing::Refusal;

// Three classes over two features, as fitted by `version` (1.6 on with the
// priors and standard deviations).
Node Centroids(std::vector<std::pair<std::string, Node>> extra = {},
               const char* version = "1.9.1") {
  std::vector<std::pair<std::string, Node>> state = {
      {"metric", Node::Str("euclidean")},
      {"n_features_in_", Node::Int(2)},
      {"classes_", I64({4, 5, 6})},
      {"centroids_", F64({0, 1, 2, 3, 4, 5}, {3, 2})},
      {"_sklearn_version", Node::Str(version)}};
  if (std::string(version) >= "1.6") {
    state.push_back({"class_prior_", F64({1 / 3.0, 1 / 3.0, 1 / 3.0}, {3})});
    state.push_back({"within_class_std_dev_", F64({0.5, 0}, {2})});
  }
  return Obj("sklearn.neighbors._nearest_centroid", "NearestCentroid",
             Dict(Override(std::move(state), std::move(extra))));
}

TEST(MapperNearestCentroid, FieldsPerRelease) {
  auto m = MapModel(Centroids(), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& c = std::get<NearestCentroid>(m->estimator.kind);
  EXPECT_EQ(c.metric, CentroidMetric::kEuclidean);
  EXPECT_EQ(c.rule, CentroidRule::kNearest);
  EXPECT_EQ(F64s(c.centroids), (std::vector<double>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(c.centroids.shape(), (std::vector<uint64_t>{3, 2}));
  EXPECT_EQ(F64s(c.std_dev), (std::vector<double>{0.5, 0}));
  EXPECT_EQ(c.priors.shape(), (std::vector<uint64_t>{3}));
  for (const char* release : {"1.4.2", "1.5.2"}) {
    auto old = MapModel(
        Centroids({{"metric", Node::Str("manhattan")}}, release), Options());
    ASSERT_TRUE(old.ok()) << old.status().ToString();
    const auto& o = std::get<NearestCentroid>(old->estimator.kind);
    EXPECT_EQ(o.metric, CentroidMetric::kManhattan);
    EXPECT_EQ(o.rule, CentroidRule::kNearest);
    EXPECT_FALSE(o.std_dev.present());
    EXPECT_FALSE(o.priors.present());
  }
}

TEST(MapperNearestCentroid, PredictRuleFollowsNumpyIsclose) {
  // 1/3 + 3e-6 is within atol + rtol / 3 (about 3.34e-6); + 4e-6 is not.
  struct Case {
    double delta;
    CentroidRule rule;
  };
  for (const Case& t : {Case{3e-6, CentroidRule::kNearest},
                        Case{4e-6, CentroidRule::kDiscriminant}}) {
    const double a = 1 / 3.0 + t.delta;
    auto m = MapModel(
        Centroids({{"class_prior_", F64({a, 1 / 3.0, 1 - a - 1 / 3.0}, {3})}}),
        Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(std::get<NearestCentroid>(m->estimator.kind).rule, t.rule)
        << t.delta;
  }
}

TEST(MapperNearestCentroid, Refusals) {
  std::vector<Refusal> cases;
  cases.push_back({Centroids({{"metric", Node::Str("cosine")}}, "1.4.2"),
                   ErrorCode::kEstimatorParam, "metric 'cosine'"});
  cases.push_back({Centroids({{"centroids_", F64({0, 1, 2, 3}, {2, 2})}}),
                   ErrorCode::kStateShape, "expected [3, n_features]"});
  cases.push_back(
      {Centroids({{"centroids_", F64({0, 1, NAN, 3, 4, 5}, {3, 2})}}),
       ErrorCode::kStateValue, "not finite"});
  cases.push_back({Centroids({{"centroids_",
                               Arr<float>("<f4", {0, 1, 2, 3, 4, 5}, {3, 2})}}),
                   ErrorCode::kEstimatorParam, "float32"});
  cases.push_back({Centroids({{"within_class_std_dev_", F64({0.5}, {1})}}),
                   ErrorCode::kStateShape, "one per feature"});
  cases.push_back({Centroids({{"within_class_std_dev_", F64({NAN, 1}, {2})}}),
                   ErrorCode::kEstimatorParam, "one sample per class"});
  cases.push_back({Centroids({{"class_prior_", F64({0.5, 0.5}, {2})}}),
                   ErrorCode::kStateShape, "expected [3]"});
  cases.push_back({Centroids({{"class_prior_", F64({0.5, 0.5, 0}, {3})}}),
                   ErrorCode::kEstimatorParam, "class prior of 0"});
  // A 1.9.1 state without class_prior_: that release's predict would fail.
  cases.push_back({Obj("sklearn.neighbors._nearest_centroid", "NearestCentroid",
                       Dict({{"metric", Node::Str("euclidean")},
                             {"n_features_in_", Node::Int(2)},
                             {"classes_", I64({4, 5})},
                             {"centroids_", F64({0, 1, 2, 3}, {2, 2})},
                             {"_sklearn_version", Node::Str("1.9.1")}})),
                   ErrorCode::kEstimatorParam, "no class_prior_"});
  ExpectRefusals(cases);
}

}  // namespace
}  // namespace modelseal::mapper
