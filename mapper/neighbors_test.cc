// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The KNeighborsClassifier and KNeighborsRegressor mappers on hand-built
// state trees: brute force and a KDTree's arrays, the metric from
// effective_metric_, the targets, and the refusals.
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
using testing::Refusal;

const std::vector<double> kX = {0, 0, 1, 0, 0, 1, 1, 1};  // 4 rows, 2 cols

// A KDTree of one leaf over kX, as BinaryTree.__reduce__ pickles it.
Node KdTree(std::vector<double> data = kX) {
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
  return Obj("sklearn.neighbors._kd_tree", "newObj",
             Node::Tuple({F64(data, {4, 2}), I64({3, 1, 2, 0}),
                          Node::Array(std::move(nodes)),
                          F64({0, 0, 1, 1}, {2, 1, 2}), Node::Int(30)}));
}

Node Knn(const char* cls, std::vector<std::pair<std::string, Node>> extra) {
  const bool classifier = std::string(cls) == "KNeighborsClassifier";
  std::vector<std::pair<std::string, Node>> state = {
      {"n_features_in_", Node::Int(2)},
      {"n_neighbors", Node::Int(3)},
      {"weights", Node::Str("uniform")},
      {"effective_metric_", Node::Str("euclidean")},
      {"effective_metric_params_", Dict({})},
      {"_fit_method", Node::Str("brute")},
      {"_fit_X", F64(kX, {4, 2})},
      {"_y", classifier ? I64({0, 1, 1, 0}) : F64({1.5, 2, 3, 4}, {4})},
      {"classes_", Arr<int64_t>("<i8", {7, 9}, {2})},
      {"outputs_2d_", Node::Bool(false)},
      {"_sklearn_version", Node::Str("1.9.1")}};
  return Obj(classifier ? "sklearn.neighbors._classification"
                        : "sklearn.neighbors._regression",
             cls, Dict(Override(std::move(state), std::move(extra))));
}

TEST(MapperNeighbors, BruteClassifier) {
  auto m = MapModel(Knn("KNeighborsClassifier", {}), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& nb = std::get<Neighbors>(m->estimator.kind);
  EXPECT_EQ(nb.algorithm, NeighborsAlgorithm::kBrute);
  EXPECT_EQ(nb.metric, NeighborsMetric::kEuclidean);
  EXPECT_EQ(nb.weights, NeighborsWeights::kUniform);
  EXPECT_EQ(nb.n_neighbors, 3u);
  EXPECT_EQ(F64s(nb.fit_x), kX);
  EXPECT_EQ(nb.y.shape(), (std::vector<uint64_t>{4, 1}));
  auto y = nb.y.span<int32_t>();
  EXPECT_EQ(std::vector<int32_t>(y.begin(), y.end()),
            (std::vector<int32_t>{0, 1, 1, 0}));
  EXPECT_FALSE(nb.node_data.present());
  ASSERT_EQ(m->output.classes.size(), 1u);
  EXPECT_EQ(m->output.task, Task::kClassification);
}

TEST(MapperNeighbors, KdTreeMinkowskiRegressor) {
  auto m = MapModel(
      Knn("KNeighborsRegressor",
          {{"_fit_method", Node::Str("kd_tree")},
           {"_tree", KdTree()},
           {"weights", Node::Str("distance")},
           {"effective_metric_", Node::Str("minkowski")},
           {"effective_metric_params_", Dict({{"p", Node::Float(3)}})}}),
      Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& nb = std::get<Neighbors>(m->estimator.kind);
  EXPECT_EQ(nb.algorithm, NeighborsAlgorithm::kKdTree);
  EXPECT_EQ(nb.metric, NeighborsMetric::kMinkowski);
  EXPECT_EQ(nb.p, 3.0);
  EXPECT_EQ(nb.weights, NeighborsWeights::kDistance);
  auto idx = nb.idx_array.span<int64_t>();
  EXPECT_EQ(std::vector<int64_t>(idx.begin(), idx.end()),
            (std::vector<int64_t>{3, 1, 2, 0}));
  auto nodes = nb.node_data.span<int64_t>();
  EXPECT_EQ(std::vector<int64_t>(nodes.begin(), nodes.end()),
            (std::vector<int64_t>{0, 4, 1}));
  EXPECT_EQ(F64s(nb.node_radius), (std::vector<double>{0.75}));
  EXPECT_EQ(nb.node_bounds.shape(), (std::vector<uint64_t>{2, 1, 2}));
  EXPECT_EQ(F64s(nb.y), (std::vector<double>{1.5, 2, 3, 4}));
  EXPECT_EQ(m->output.task, Task::kRegression);
  EXPECT_EQ(m->output.n_outputs, 1u);
}

TEST(MapperNeighbors, Refusals) {
  ExpectRefusals({
      {Knn("KNeighborsClassifier",
           {{"effective_metric_", Node::Str("cosine")}}),
       ErrorCode::kEstimatorParam, "metric 'cosine'"},
      {Knn("KNeighborsClassifier",
           {{"weights", Node::Global("mymodule", "weigh")}}),
       ErrorCode::kEstimatorParam, "callable weights"},
      {Knn("KNeighborsClassifier",
           {{"_fit_X", Obj("scipy.sparse._csr", "csr_matrix", Dict({}))}}),
       ErrorCode::kEstimatorParam, "sparse"},
      {Knn("KNeighborsClassifier",
           {{"_fit_X", Arr<float>("<f4", {0, 0, 1, 0, 0, 1, 1, 1}, {4, 2})}}),
       ErrorCode::kEstimatorParam, "float32"},
      {Knn("KNeighborsClassifier",
           {{"effective_metric_", Node::Str("minkowski")},
            {"effective_metric_params_", Dict({{"p", Node::Float(0.5)}})}}),
       ErrorCode::kEstimatorParam, "finite p >= 1"},
      {Knn("KNeighborsClassifier",
           {{"effective_metric_params_", Dict({{"w", F64({1, 2}, {2})}})}}),
       ErrorCode::kEstimatorParam, "metric_params key 'w'"},
      {Knn("KNeighborsClassifier", {{"n_neighbors", Node::Int(5)}}),
       ErrorCode::kStateValue, "not in [1, n_samples_fit_ = 4]"},
      {Knn("KNeighborsClassifier",
           {{"_fit_method", Node::Str("kd_tree")},
            {"_tree", KdTree({0, 0, 1, 0, 0, 1, 1, 2})}}),
       ErrorCode::kStateValue, "the tree's data is not _fit_X"},
      {Knn("KNeighborsRegressor",
           {{"_y", Arr<float>("<f4", {1, 2, 3, 4}, {4})}}),
       ErrorCode::kEstimatorParam, "float64 or integer targets"},
  });
}

}  // namespace
}  // namespace modelseal::mapper
