// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// HistGradientBoosting's categorical preprocessing (`_preprocessor`): string
// categories map to a ColumnTransformer of the OrdinalEncoder and a
// Passthrough, numeric ones to a CategoryEncoder. State trees shaped as
// scikit-learn 1.9.1 fits HistGradientBoostingRegressor(max_iter=1) on a
// frame x (float), city, colour (pandas category columns of strings).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Arr;
using testing::Dict;
using testing::F64;
using testing::Obj;
using testing::ObjArr;
using testing::Options;

Node Strs(std::vector<std::string> v) {
  std::vector<Node> out;
  for (auto& s : v) out.push_back(Node::Str(std::move(s)));
  return ObjArr(std::move(out));
}

Node Bools(const std::vector<uint8_t>& v) {
  return Arr<uint8_t>("|b1", v, {v.size()});
}

// One leaf (TreePredictor.nodes, PREDICTOR_RECORD_DTYPE subset).
Node LeafPredictor(double value) {
  ArrayData a;
  a.typestr = "|V35";
  a.itemsize = 35;
  a.shape = {1};
  a.fields = {{"value", "<f8", 0},          {"feature_idx", "<u4", 8},
              {"num_threshold", "<f8", 12}, {"missing_go_to_left", "|u1", 20},
              {"left", "<u4", 21},          {"right", "<u4", 25},
              {"is_leaf", "|u1", 29},       {"is_categorical", "|u1", 30},
              {"bitset_idx", "<u4", 31}};
  a.bytes.resize(35);
  std::memcpy(a.bytes.data(), &value, sizeof value);
  a.bytes[29] = std::byte{1};
  return Obj("sklearn.ensemble._hist_gradient_boosting.predictor",
             "TreePredictor",
             Dict({{"nodes", Node::Array(std::move(a))},
                   {"raw_left_cat_bitsets",
                    Arr<uint32_t>("<u4", std::vector<uint32_t>{}, {0, 8})}}));
}

// The OrdinalEncoder's categories_ are `categories` (one list per
// categorical column: city and colour, columns 1 and 2).
Node Hgb(Node categories) {
  Node encoder = Obj("sklearn.preprocessing._encoders", "OrdinalEncoder",
                     Dict({{"dtype", Node::Global("numpy", "float64")},
                           {"handle_unknown", Node::Str("use_encoded_value")},
                           {"unknown_value", Node::Float(NAN)},
                           {"encoded_missing_value", Node::Float(NAN)},
                           {"n_features_in_", Node::Int(2)},
                           {"categories_", std::move(categories)},
                           {"_infrequent_enabled", Node::Bool(false)}}));
  Node pre = Obj(
      "sklearn.compose._column_transformer", "ColumnTransformer",
      Dict({{"transformers_",
             Node::List({Node::Tuple({Node::Str("encoder"), std::move(encoder),
                                      Bools({0, 1, 1})}),
                         Node::Tuple({Node::Str("numerical"), Node::None(),
                                      Bools({1, 0, 0})})})}}));
  Node bin_mapper =
      Obj("sklearn.ensemble._hist_gradient_boosting.binning", "_BinMapper",
          Dict({{"is_categorical_", Bools({1, 1, 0})},
                {"bin_thresholds_",
                 Node::List({F64({0, 1, 2}, {3}), F64({0, 1}, {2}),
                             F64({0.5}, {1})})}}));
  return Obj(
      "sklearn.ensemble._hist_gradient_boosting.gradient_boosting",
      "HistGradientBoostingRegressor",
      Dict({{"loss", Node::Str("squared_error")},
            {"n_features_in_", Node::Int(3)},
            {"feature_names_in_", Strs({"x", "city", "colour"})},
            {"is_categorical_", Bools({0, 1, 1})},
            {"_is_categorical_remapped", Bools({1, 1, 0})},
            {"_preprocessor", std::move(pre)},
            {"_bin_mapper", std::move(bin_mapper)},
            {"_predictors", Node::List({Node::List({LeafPredictor(0.25)})})},
            {"_baseline_prediction", Node::Float(1.5)},
            {"_sklearn_version", Node::Str("1.9.1")}}));
}

TEST(MapperHistGradientBoosting,
     StringCategoriesMapToOrdinalColumnTransformer) {
  // city: categories "", "Lyon", "東京"; colour: "blue", "red" and NaN
  // (missing values seen in fit), which OrdinalEncoder lists last.
  std::vector<Node> colour = {Node::Str("blue"), Node::Str("red"),
                              Node::Float(NAN)};
  auto m = MapModel(
      Hgb(Node::List({Strs({"", "Lyon", "東京"}), ObjArr(std::move(colour))})),
      Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& p = std::get<Pipeline>(m->estimator.kind);
  ASSERT_EQ(p.steps.size(), 2u);
  const auto& ct = std::get<ColumnTransformer>(p.steps[0].kind);
  ASSERT_EQ(ct.groups.size(), 2u);
  // The trees index the categorical columns first, then the others.
  EXPECT_EQ(ct.groups[0].columns, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(ct.groups[1].columns, (std::vector<uint64_t>{0}));
  EXPECT_TRUE(
      std::holds_alternative<Passthrough>(ct.groups[1].transformer[0].kind));
  const auto& enc = std::get<OrdinalEncoder>(ct.groups[0].transformer[0].kind);
  EXPECT_EQ(enc.unknown, UnknownCategory::kSlot);
  EXPECT_TRUE(std::isnan(enc.unknown_value));
  ASSERT_EQ(enc.columns.size(), 2u);
  EXPECT_EQ(enc.columns[0].categories.strings,
            (std::vector<std::string>{"", "Lyon", "東京"}));
  EXPECT_EQ(enc.columns[1].categories.strings,
            (std::vector<std::string>{"blue", "red"}));
  EXPECT_EQ(enc.columns[1].categories.missing, Nullable::kYes);
  auto codes = enc.columns[1].codes.span<double>();
  ASSERT_EQ(codes.size(), 3u);
  EXPECT_EQ(codes[0], 0.0);
  EXPECT_EQ(codes[1], 1.0);
  EXPECT_TRUE(std::isnan(codes[2]));  // missing -> NaN
  const auto& hgb = std::get<HistGradientBoosting>(p.steps[1].kind);
  auto f_idx = hgb.f_idx_map.span<int32_t>();
  EXPECT_EQ(std::vector<int32_t>(f_idx.begin(), f_idx.end()),
            (std::vector<int32_t>{0, 1, -1}));
  ASSERT_EQ(m->input.columns.size(), 3u);
  EXPECT_EQ(m->input.columns[0].type, ColumnType::kFloat);
  EXPECT_EQ(m->input.columns[1].type, ColumnType::kString);
  EXPECT_EQ(m->input.columns[2].type, ColumnType::kString);
  EXPECT_EQ(m->input.columns[1].name, "city");
}

TEST(MapperHistGradientBoosting, NumericCategoriesKeepTheCategoryEncoder) {
  auto m = MapModel(
      Hgb(Node::List({F64({1, 4, 9}, {3}), F64({0, 2, NAN}, {3})})), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& p = std::get<Pipeline>(m->estimator.kind);
  const auto& enc = std::get<CategoryEncoder>(p.steps[0].kind);
  ASSERT_EQ(enc.columns.size(), 2u);
  EXPECT_EQ(enc.columns[0].column, 1u);
  EXPECT_EQ(enc.columns[1].column, 2u);
  EXPECT_EQ(enc.columns[1].categories.size(), 2u);  // NaN dropped
  EXPECT_TRUE(m->input.columns.empty());            // a 1.0 model
}

TEST(MapperNegative, HistGradientBoostingStringCategoryListsMismatch) {
  // Three category lists for two categorical features.
  auto m = MapModel(Hgb(Node::List({Strs({"a"}), Strs({"b"}), Strs({"c"})})),
                    Options());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), ErrorCode::kStateShape);
  EXPECT_NE(m.status().ToString().find("categories_"), std::string::npos);
}

}  // namespace
}  // namespace modelseal::mapper
