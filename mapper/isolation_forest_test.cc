// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The IsolationForest mapper on hand-built state trees: the path values
// per node, the features remapped through estimators_features_ (only when
// _max_features is not X's width), the denominator, the input rule per
// release, and the refusals.
#include <gtest/gtest.h>

#include <cmath>
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

// An ExtraTreeRegressor whose tree_ is one split on `feature` (of the
// tree's own columns) into two leaves.
Node Stump(int64_t feature) {
  ArrayData nodes;
  nodes.typestr = "|V64";
  nodes.itemsize = 64;
  nodes.fields = {{"left_child", "<i8", 0},
                  {"right_child", "<i8", 8},
                  {"feature", "<i8", 16},
                  {"threshold", "<f8", 24},
                  {"impurity", "<f8", 32},
                  {"n_node_samples", "<i8", 40},
                  {"weighted_n_node_samples", "<f8", 48},
                  {"missing_go_to_left", "|u1", 56}};
  nodes.shape = {3};
  nodes.bytes.resize(3 * 64);
  int64_t ints[3][3] = {{1, 2, feature}, {-1, -1, -2}, {-1, -1, -2}};
  for (int i = 0; i < 3; ++i) {
    std::memcpy(nodes.bytes.data() + i * 64, ints[i], 24);
    double t = i == 0 ? 0.5 : -2.0;
    std::memcpy(nodes.bytes.data() + i * 64 + 24, &t, 8);
  }
  Node tree = Obj("sklearn.tree._tree", "Tree",
                  Dict({{"nodes", Node::Array(std::move(nodes))},
                        {"values", F64({0, 0, 0}, {3, 1, 1})},
                        {"node_count", Node::Int(3)}}));
  return Obj("sklearn.tree._classes", "ExtraTreeRegressor",
             Dict({{"criterion", Node::Str("squared_error")},
                   {"splitter", Node::Str("random")},
                   {"tree_", std::move(tree)}}));
}

// Two stumps over 3 columns, each fitted on 2 of them.
Node Iforest(std::vector<std::pair<std::string, Node>> extra = {},
             const char* version = "1.9.1") {
  std::vector<std::pair<std::string, Node>> state = {
      {"n_features_in_", Node::Int(3)},
      {"_max_features", Node::Int(2)},
      {"max_samples_", Node::Int(256)},
      {"offset_", Node::Float(-0.5)},
      {"estimators_", Node::List({Stump(0), Stump(1)})},
      {"estimators_features_", Node::List({I64({2, 0}), I64({1, 2})})},
      {"_decision_path_lengths", Node::Tuple({I64({1, 2, 2}), I64({1, 2, 2})})},
      {"_average_path_length_per_tree",
       Node::Tuple({F64({5.5, 0, 1}, {3}), F64({5.5, 0.25, 0}, {3})})},
      {"_sklearn_version", Node::Str(version)}};
  return Obj("sklearn.ensemble._iforest", "IsolationForest",
             Dict(Override(std::move(state), std::move(extra))));
}

std::vector<int32_t> Features(const Tree& t) {
  auto s = t.feature.span<int32_t>();
  return std::vector<int32_t>(s.begin(), s.end());
}

TEST(MapperIsolationForest, PathValuesFeaturesAndDenominator) {
  auto m = MapModel(Iforest(), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& f = std::get<IsolationForest>(m->estimator.kind);
  ASSERT_EQ(f.trees.size(), 2u);
  // (depth + average) - 1.0 per node, shape [nodes, 1, 1].
  EXPECT_EQ(F64s(f.trees[0].value), (std::vector<double>{5.5, 1, 2}));
  EXPECT_EQ(F64s(f.trees[1].value), (std::vector<double>{5.5, 1.25, 1}));
  EXPECT_EQ(f.trees[0].value.shape(), (std::vector<uint64_t>{3, 1, 1}));
  // estimators_features_[i][feature]: tree 0 reads column 2, tree 1
  // column 2 (its second column).
  EXPECT_EQ(Features(f.trees[0])[0], 2);
  EXPECT_EQ(Features(f.trees[1])[0], 2);
  // 2 trees * c(256), c(n) = 2 (log(n - 1) + gamma) - 2 (n - 1) / n.
  const double c256 =
      2.0 * (std::log(255.0) + 0.5772156649015329) - 2.0 * 255.0 / 256.0;
  EXPECT_EQ(f.denominator, 2.0 * c256);
  EXPECT_EQ(f.offset, -0.5);
  EXPECT_EQ(f.input, IsolationInput::kAny);
  ASSERT_EQ(m->output.classes.size(), 1u);
  auto labels = m->output.classes[0].int_labels.span<int64_t>();
  EXPECT_EQ(std::vector<int64_t>(labels.begin(), labels.end()),
            (std::vector<int64_t>{-1, 1}));
}

TEST(MapperIsolationForest, AllColumnsKeepTheTreesFeatures) {
  // _max_features == n_features_in_: every tree was fitted on X itself
  // and score_samples reads X as it is (estimators_features_ unused).
  auto m = MapModel(Iforest({{"_max_features", Node::Int(3)},
                             {"estimators_features_",
                              Node::List({I64({2, 2, 0}), I64({1, 0, 0})})}}),
                    Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& f = std::get<IsolationForest>(m->estimator.kind);
  EXPECT_EQ(Features(f.trees[0])[0], 0);
  EXPECT_EQ(Features(f.trees[1])[0], 1);
}

TEST(MapperIsolationForest, SmallSamplesAndReleases) {
  struct Case {
    int64_t max_samples;
    double denominator;
  };
  for (const Case& c : {Case{1, 0.0}, Case{2, 2.0}}) {
    auto m = MapModel(Iforest({{"max_samples_", Node::Int(c.max_samples)},
                               {"offset_", Node::Float(-0.25)}},
                              "1.4.2"),
                      Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    const auto& f = std::get<IsolationForest>(m->estimator.kind);
    EXPECT_EQ(f.denominator, c.denominator);
    EXPECT_EQ(f.offset, -0.25);
    // 1.4 and 1.5 refuse non-finite X (force_all_finite), 1.6 on accept it.
    EXPECT_EQ(f.input, IsolationInput::kFinite);
  }
  for (const auto& [release, input] :
       {std::pair{"1.5.2", IsolationInput::kFinite},
        std::pair{"1.6.0", IsolationInput::kAny},
        std::pair{"1.7.2", IsolationInput::kAny}}) {
    auto m = MapModel(Iforest({}, release), Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(std::get<IsolationForest>(m->estimator.kind).input, input)
        << release;
  }
}

TEST(MapperIsolationForest, Refusals) {
  std::vector<Refusal> cases;
  // A state without the fitted path lengths (before 1.4).
  Node no_depths =
      Obj("sklearn.ensemble._iforest", "IsolationForest",
          Dict({{"n_features_in_", Node::Int(3)},
                {"_max_features", Node::Int(2)},
                {"max_samples_", Node::Int(256)},
                {"offset_", Node::Float(-0.5)},
                {"estimators_", Node::List({Stump(0)})},
                {"estimators_features_", Node::List({I64({2, 0})})},
                {"_sklearn_version", Node::Str("1.9.1")}}));
  cases.push_back(
      {std::move(no_depths), ErrorCode::kEstimatorParam, "_decision_path"});
  cases.push_back(
      {Iforest({{"_decision_path_lengths", Node::Tuple({I64({1, 2, 2})})}}),
       ErrorCode::kStateShape, "one entry per tree"});
  cases.push_back(
      {Iforest({{"_average_path_length_per_tree",
                 Node::Tuple({F64({5.5, 0, 1}, {3}), F64({5.5, 0}, {2})})}}),
       ErrorCode::kStateShape, "one average path length per node"});
  cases.push_back(
      {Iforest({{"_average_path_length_per_tree",
                 Node::Tuple({F64({5.5, 0, 1}, {3}),
                              Arr<float>("<f4", {5.5, 0, 1}, {3})})}}),
       ErrorCode::kEstimatorParam, "float32"});
  cases.push_back(
      {Iforest({{"estimators_features_", Node::List({I64({2, 0}), I64({1})})}}),
       ErrorCode::kStateValue, "outside estimators_features_"});
  cases.push_back({Iforest({{"estimators_features_",
                             Node::List({I64({2, 0}), I64({1, 7})})}}),
                   ErrorCode::kStateValue, "outside estimators_features_"});
  cases.push_back({Iforest({{"offset_", Node::Float(NAN)}}),
                   ErrorCode::kStateValue, "not finite"});
  ExpectRefusals(cases);
}

}  // namespace
}  // namespace modelseal::mapper
