// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The k-means mappers on hand-built state trees: KMeans / MiniBatchKMeans
// centers, BisectingKMeans's tree numbered from the root with _X_mean added
// to its centers, and the refusals.
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
using testing::Obj;
using testing::Options;
using testing::Override;
using testing::Refusal;

Node KMeans(const char* cls,
            std::vector<std::pair<std::string, Node>> extra = {}) {
  std::vector<std::pair<std::string, Node>> state = {
      {"n_features_in_", Node::Int(2)},
      {"cluster_centers_", F64({0, 0, 4, 0, 0, 3}, {3, 2})},
      {"labels_", Arr<int32_t>("<i4", {0, 1, 2}, {3})},
      {"_sklearn_version", Node::Str("1.9.1")}};
  return Obj("sklearn.cluster._kmeans", cls,
             Dict(Override(std::move(state), std::move(extra))));
}

Node Leaf(std::vector<double> center, int64_t label) {
  return Obj("sklearn.cluster._bisect_k_means", "_BisectingTree",
             Dict({{"center", F64(std::move(center), {2})},
                   {"left", Node::None()},
                   {"right", Node::None()},
                   {"label", Node::Int(label)}}));
}

Node Split(std::vector<double> center, Node left, Node right) {
  return Obj("sklearn.cluster._bisect_k_means", "_BisectingTree",
             Dict({{"center", F64(std::move(center), {2})},
                   {"left", std::move(left)},
                   {"right", std::move(right)}}));
}

// Three clusters: the root splits into leaf (cluster 2) and a node that
// splits into clusters 0 and 1; centers relative to _X_mean (1, 0.5).
Node Bisecting(std::vector<std::pair<std::string, Node>> extra = {}) {
  Node tree = Split({0, 0}, Leaf({-3, -0.5}, 2),
                    Split({3, -0.5}, Leaf({3, 0.5}, 0), Leaf({3, -1.5}, 1)));
  std::vector<std::pair<std::string, Node>> state = {
      {"n_features_in_", Node::Int(2)},
      {"cluster_centers_", F64({4, 1, 4, -1, -2, 0}, {3, 2})},
      {"_X_mean", F64({1, 0.5}, {2})},
      {"_bisecting_tree", std::move(tree)},
      {"_sklearn_version", Node::Str("1.9.1")}};
  return Obj("sklearn.cluster._bisect_k_means", "BisectingKMeans",
             Dict(Override(std::move(state), std::move(extra))));
}

TEST(MapperCluster, KMeansIsItsCenters) {
  for (const char* cls : {"KMeans", "MiniBatchKMeans"}) {
    auto m = MapModel(KMeans(cls), Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    const auto& k = std::get<Clustering>(m->estimator.kind);
    EXPECT_EQ(F64s(k.centers), (std::vector<double>{0, 0, 4, 0, 0, 3}));
    EXPECT_FALSE(k.tree_children.present());
    EXPECT_EQ(m->output.task, Task::kClassification);
    ASSERT_EQ(m->output.classes.size(), 1u);
    auto labels = m->output.classes[0].int_labels.span<int64_t>();
    EXPECT_EQ(std::vector<int64_t>(labels.begin(), labels.end()),
              (std::vector<int64_t>{0, 1, 2}));
  }
}

TEST(MapperCluster, BisectingTreeFromTheRootWithTheMeanAdded) {
  auto m = MapModel(Bisecting(), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  // Equal to the example model the inference tests walk.
  const auto& k = std::get<Clustering>(m->estimator.kind);
  auto children = k.tree_children.span<int32_t>();
  EXPECT_EQ(std::vector<int32_t>(children.begin(), children.end()),
            (std::vector<int32_t>{1, 2, -1, -1, 3, 4, -1, -1, -1, -1}));
  EXPECT_EQ(F64s(k.tree_centers),
            (std::vector<double>{1, 0.5, -2, 0, 4, 0, 4, 1, 4, -1}));
  auto labels = k.tree_labels.span<int32_t>();
  EXPECT_EQ(std::vector<int32_t>(labels.begin(), labels.end()),
            (std::vector<int32_t>{-1, 2, -1, 0, 1}));
  // Fitted on sparse X: no _X_mean, the centers as stored.
  m = MapModel(
      Obj("sklearn.cluster._bisect_k_means", "BisectingKMeans",
          Dict({{"n_features_in_", Node::Int(2)},
                {"cluster_centers_", F64({4, 1, 4, -1, -2, 0}, {3, 2})},
                {"_bisecting_tree",
                 Split({0, 0}, Leaf({-2, 0}, 2),
                       Split({4, 0}, Leaf({4, 1}, 0), Leaf({4, -1}, 1)))},
                {"_sklearn_version", Node::Str("1.9.1")}})),
      Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(F64s(std::get<Clustering>(m->estimator.kind).tree_centers),
            (std::vector<double>{0, 0, -2, 0, 4, 0, 4, 1, 4, -1}));
}

TEST(MapperCluster, Refusals) {
  std::vector<Refusal> cases;
  // Fitted on float32 X: scikit-learn then computes in float32.
  cases.push_back(
      {KMeans("KMeans",
              {{"cluster_centers_", Arr<float>("<f4", {0, 0, 4, 0}, {2, 2})}}),
       ErrorCode::kEstimatorParam, "float32"});
  cases.push_back({KMeans("KMeans", {{"cluster_centers_", F64({0, 1}, {2})}}),
                   ErrorCode::kStateShape, "n_clusters"});
  cases.push_back(
      {KMeans("KMeans", {{"cluster_centers_", F64({0, NAN}, {1, 2})}}),
       ErrorCode::kStateValue, "entry 1"});
  // A tree with a one-child node, a leaf label out of range, too few and
  // too many nodes for the clusters.
  cases.push_back(
      {Bisecting({{"_bisecting_tree",
                   Obj("sklearn.cluster._bisect_k_means", "_BisectingTree",
                       Dict({{"center", F64({0, 0}, {2})},
                             {"left", Leaf({1, 1}, 0)},
                             {"right", Node::None()}}))}}),
       ErrorCode::kStateValue, "one child"});
  cases.push_back(
      {Bisecting({{"_bisecting_tree", Split({0, 0}, Leaf({-3, -0.5}, 2),
                                            Split({3, -0.5}, Leaf({3, 0.5}, 0),
                                                  Leaf({3, -1.5}, 3)))}}),
       ErrorCode::kStateValue, "not in [0, 3)"});
  cases.push_back(
      {Bisecting({{"_bisecting_tree",
                   Split({0, 0}, Leaf({-3, -0.5}, 0), Leaf({3, 0.5}, 1))}}),
       ErrorCode::kStateValue, "3 nodes for 3 clusters"});
  cases.push_back(
      {Bisecting(
           {{"_bisecting_tree",
             Split({0, 0}, Split({0, 0}, Leaf({0, 0}, 0), Leaf({0, 0}, 1)),
                   Split({3, -0.5}, Leaf({3, 0.5}, 2), Leaf({3, -1.5}, 1)))}}),
       ErrorCode::kStateValue, "more than 2 * n_clusters - 1"});
  cases.push_back({Bisecting({{"_X_mean", F64({1}, {1})}}),
                   ErrorCode::kStateShape, "expected [2]"});
  ExpectRefusals(cases);
}

}  // namespace
}  // namespace modelseal::mapper
