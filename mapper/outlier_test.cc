// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The LocalOutlierFactor mapper on hand-built state trees: brute force and
// a BallTree's arrays, the k-distances taken from _distances_fit_X_'s last
// column, and the refusals (novelty=False first).
#include <gtest/gtest.h>

#include <cstring>
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

const std::vector<double> kX = {0, 0, 1, 0, 0, 1, 1, 1};  // 4 rows, 2 cols

// A BallTree of one leaf over kX, as BinaryTree.__reduce__ pickles it.
Node BallTree() {
  ArrayData nodes;
  nodes.typestr = "|V32";
  nodes.itemsize = 32;
  nodes.fields = {{"idx_start", "<i8", 0},
                  {"idx_end", "<i8", 8},
                  {"is_leaf", "<i8", 16},
                  {"radius", "<f8", 24}};
  nodes.shape = {1};
  nodes.bytes.resize(32);
  const int64_t ints[3] = {0, 4, 1};
  const double radius = 0.75;
  std::memcpy(nodes.bytes.data(), ints, 24);
  std::memcpy(nodes.bytes.data() + 24, &radius, 8);
  return Obj("sklearn.neighbors._ball_tree", "newObj",
             Node::Tuple({F64(kX, {4, 2}), I64({3, 1, 2, 0}),
                          Node::Array(std::move(nodes)),
                          F64({0.5, 0.5}, {1, 1, 2}), Node::Int(30)}));
}

Node Lof(std::vector<std::pair<std::string, Node>> extra) {
  std::vector<std::pair<std::string, Node>> state = {
      {"n_features_in_", Node::Int(2)},
      {"n_neighbors", Node::Int(20)},
      {"n_neighbors_", Node::Int(2)},
      {"novelty", Node::Bool(true)},
      {"effective_metric_", Node::Str("euclidean")},
      {"effective_metric_params_", Dict({})},
      {"_fit_method", Node::Str("brute")},
      {"_fit_X", F64(kX, {4, 2})},
      {"_lrd", F64({1, 1.5, 1.5, 1}, {4})},
      {"_distances_fit_X_", F64({1, 1, 1, 1.25, 1, 1.5, 1, 2}, {4, 2})},
      {"offset_", Node::Float(-1.5)},
      {"_sklearn_version", Node::Str("1.9.1")}};
  return Obj("sklearn.neighbors._lof", "LocalOutlierFactor",
             Dict(Override(std::move(state), std::move(extra))));
}

TEST(MapperLocalOutlierFactor, Brute) {
  auto m = MapModel(Lof({}), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<LocalOutlierFactor>(m->estimator.kind);
  EXPECT_EQ(k.algorithm, NeighborsAlgorithm::kBrute);
  EXPECT_EQ(k.metric, NeighborsMetric::kEuclidean);
  EXPECT_EQ(k.n_neighbors, 2u);  // n_neighbors_, not n_neighbors
  EXPECT_EQ(F64s(k.fit_x), kX);
  EXPECT_EQ(F64s(k.lrd), (std::vector<double>{1, 1.5, 1.5, 1}));
  EXPECT_EQ(F64s(k.k_distance), (std::vector<double>{1, 1.25, 1.5, 2}));
  EXPECT_EQ(k.offset, -1.5);
  EXPECT_FALSE(k.node_data.present());
  EXPECT_EQ(m->output.task, Task::kClassification);
  ASSERT_EQ(m->output.classes.size(), 1u);
  auto labels = m->output.classes[0].int_labels.span<int64_t>();
  EXPECT_EQ(std::vector<int64_t>(labels.begin(), labels.end()),
            (std::vector<int64_t>{-1, 1}));
}

TEST(MapperLocalOutlierFactor, BallTreeManhattan) {
  auto m = MapModel(Lof({{"_fit_method", Node::Str("ball_tree")},
                         {"_tree", BallTree()},
                         {"effective_metric_", Node::Str("manhattan")},
                         {"offset_", Node::Float(-1.25)}}),
                    Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<LocalOutlierFactor>(m->estimator.kind);
  EXPECT_EQ(k.algorithm, NeighborsAlgorithm::kBallTree);
  EXPECT_EQ(k.metric, NeighborsMetric::kManhattan);
  auto idx = k.idx_array.span<int64_t>();
  EXPECT_EQ(std::vector<int64_t>(idx.begin(), idx.end()),
            (std::vector<int64_t>{3, 1, 2, 0}));
  EXPECT_EQ(F64s(k.node_radius), (std::vector<double>{0.75}));
  EXPECT_EQ(k.node_bounds.shape(), (std::vector<uint64_t>{1, 1, 2}));
  EXPECT_EQ(k.offset, -1.25);
}

TEST(MapperLocalOutlierFactor, Refusals) {
  ExpectRefusals({
      {Lof({{"novelty", Node::Bool(false)}}), ErrorCode::kEstimatorParam,
       "novelty=False"},
      {Lof({{"effective_metric_", Node::Str("cosine")}}),
       ErrorCode::kEstimatorParam, "metric 'cosine'"},
      {Lof({{"effective_metric_", Node::Str("l2")}}),
       ErrorCode::kEstimatorParam, "metric 'l2' with brute force"},
      {Lof({{"_fit_X", Obj("scipy.sparse._csr", "csr_matrix", Dict({}))}}),
       ErrorCode::kEstimatorParam, "sparse"},
      {Lof({{"_fit_X", Arr<float>("<f4", {0, 0, 1, 0, 0, 1, 1, 1}, {4, 2})}}),
       ErrorCode::kEstimatorParam, "float32"},
      {Lof({{"n_neighbors_", Node::Int(5)}}), ErrorCode::kStateValue,
       "not in [1, n_samples_fit_ = 4]"},
      {Lof({{"_lrd", F64({1, 1.5, 1.5}, {3})}}), ErrorCode::kStateShape,
       "one per training row"},
      {Lof({{"_lrd", F64({1, 0, 1.5, 1}, {4})}}), ErrorCode::kStateValue,
       "entry 1 is not finite and > 0"},
      {Lof({{"_distances_fit_X_", F64({1, 1, 1, 1}, {4, 1})}}),
       ErrorCode::kStateShape, "(n_samples_fit_, n_neighbors_)"},
      {Lof({{"_distances_fit_X_",
             Arr<float>("<f4", {1, 1, 1, 1, 1, 1, 1, 1}, {4, 2})}}),
       ErrorCode::kEstimatorParam, "float32"},
  });
}

}  // namespace
}  // namespace modelseal::mapper
