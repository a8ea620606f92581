// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The TargetEncoder mapper (h-tenc) on hand-built state trees shaped as
// scikit-learn 1.9.1 fits them: categories_ (numbers, strings, a missing
// category), encodings_ feature-major per class, target_mean_.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Dict;
using testing::F64;
using testing::F64s;
using testing::Obj;
using testing::ObjArr;
using testing::Options;

Node F1(const std::vector<double>& v) { return F64(v, {v.size()}); }

// TargetEncoder fitted on a string column (a, b, None) and a numeric one
// (1, 2, NaN).
Node Target(const char* type, Node target_mean, std::vector<Node> encodings,
            std::vector<Node> extra = {}) {
  std::vector<std::pair<std::string, Node>> kv = {
      {"target_type_", Node::Str(type)},
      {"target_mean_", std::move(target_mean)},
      {"categories_",
       Node::List({ObjArr({Node::Str("a"), Node::Str("b"), Node::None()}),
                   F1({1, 2, std::nan("")})})},
      {"encodings_", Node::List(std::move(encodings))},
      {"n_features_in_", Node::Int(2)},
      {"_sklearn_version", Node::Str("1.9.1")}};
  if (!extra.empty()) kv.push_back({"classes_", std::move(extra[0])});
  return Obj("sklearn.preprocessing._target_encoder", "TargetEncoder",
             Dict(std::move(kv)));
}

TEST(MapperTargetEncoder, ContinuousEncodingsAndMean) {
  auto m = MapModel(
      Target("continuous", Node::Float(2.5), {F1({1, 2, 3}), F1({4, 5, 6})}),
      Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& e = std::get<TargetEncoder>(m->estimator.kind);
  ASSERT_EQ(e.columns.size(), 2u);
  EXPECT_EQ(F64s(e.target_mean), std::vector<double>({2.5}));
  EXPECT_EQ(e.columns[0].categories.strings,
            std::vector<std::string>({"a", "b"}));
  EXPECT_EQ(e.columns[0].categories.missing, Nullable::kYes);
  EXPECT_EQ(e.columns[1].categories.missing, Nullable::kYes);
  EXPECT_EQ(e.columns[0].encodings.shape(), std::vector<uint64_t>({3, 1}));
  EXPECT_EQ(F64s(e.columns[1].encodings), std::vector<double>({4, 5, 6}));
  EXPECT_EQ(m->output.n_outputs, 2u);
  // The string column is typed from its categories.
  ASSERT_EQ(m->input.columns.size(), 2u);
  EXPECT_EQ(m->input.columns[0].type, ColumnType::kString);
}

TEST(MapperTargetEncoder, MulticlassIsFeatureMajor) {
  // encodings_ = [f0 c0, f0 c1, f0 c2, f1 c0, f1 c1, f1 c2].
  auto m =
      MapModel(Target("multiclass", F1({0.2, 0.3, 0.5}),
                      {F1({1, 2, 3}), F1({4, 5, 6}), F1({7, 8, 9}),
                       F1({10, 11, 12}), F1({13, 14, 15}), F1({16, 17, 18})},
                      {testing::I64({0, 1, 2})}),
               Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& e = std::get<TargetEncoder>(m->estimator.kind);
  EXPECT_EQ(F64s(e.target_mean), std::vector<double>({0.2, 0.3, 0.5}));
  // Row = category, column = class.
  EXPECT_EQ(F64s(e.columns[0].encodings),
            std::vector<double>({1, 4, 7, 2, 5, 8, 3, 6, 9}));
  EXPECT_EQ(F64s(e.columns[1].encodings),
            std::vector<double>({10, 13, 16, 11, 14, 17, 12, 15, 18}));
  EXPECT_EQ(m->output.n_outputs, 6u);
}

TEST(MapperTargetEncoderNegative, ShapesAndTargetType) {
  auto bad_count =
      MapModel(Target("binary", Node::Float(0.5), {F1({1, 2, 3})}), Options());
  ASSERT_FALSE(bad_count.ok());
  EXPECT_EQ(bad_count.status().code(), ErrorCode::kStateShape);
  auto bad_len =
      MapModel(Target("binary", Node::Float(0.5), {F1({1, 2}), F1({1, 2, 3})}),
               Options());
  ASSERT_FALSE(bad_len.ok());
  EXPECT_EQ(bad_len.status().code(), ErrorCode::kStateShape);
  EXPECT_EQ(bad_len.status().context(), "estimator.encodings_[0]");
  auto bad_mean = MapModel(Target("multiclass", F1({0.5, 0.5}),
                                  {F1({1, 2, 3}), F1({1, 2, 3}), F1({1, 2, 3}),
                                   F1({1, 2, 3}), F1({1, 2, 3}), F1({1, 2, 3})},
                                  {testing::I64({0, 1, 2})}),
                           Options());
  ASSERT_FALSE(bad_mean.ok());
  EXPECT_EQ(bad_mean.status().code(), ErrorCode::kStateShape);
  auto bad_type = MapModel(Target("multilabel-indicator", Node::Float(0.5),
                                  {F1({1, 2, 3}), F1({1, 2, 3})}),
                           Options());
  ASSERT_FALSE(bad_type.ok());
  EXPECT_EQ(bad_type.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(bad_type.status().detail().find("target_type_"), std::string::npos);
}

}  // namespace
}  // namespace modelseal::mapper
