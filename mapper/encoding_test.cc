// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The encoding and composition mappers (OneHotEncoder, OrdinalEncoder,
// SimpleImputer, ColumnTransformer, passthrough steps) and the input
// columns inferred from them, on hand-built state trees shaped as scikit-learn
// 1.9.1 fits them (values checked against its transform).
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
using testing::I64;
using testing::Obj;
using testing::ObjArr;
using testing::Options;

std::vector<Node> Strs(std::vector<std::string> v) {
  std::vector<Node> out;
  for (auto& s : v) out.push_back(Node::Str(std::move(s)));
  return out;
}

std::vector<int64_t> I64s(const Tensor& t) {
  auto s = t.span<int64_t>();
  return std::vector<int64_t>(s.begin(), s.end());
}
Node Float64Dtype() { return Node::Global("numpy", "float64"); }

// OneHotEncoder(min_frequency=2, handle_unknown=..., drop="first") fitted on
// a*5, b*5, c, d, None*4: categories a b c d None, c and d infrequent.
Node OneHotInfrequent(const char* handle_unknown, bool sparse = false) {
  std::vector<Node> cats = Strs({"a", "b", "c", "d"});
  cats.push_back(Node::None());
  return Obj("sklearn.preprocessing._encoders", "OneHotEncoder",
             Dict({{"dtype", Float64Dtype()},
                   {"handle_unknown", Node::Str(handle_unknown)},
                   {"sparse_output", Node::Bool(sparse)},
                   {"n_features_in_", Node::Int(1)},
                   {"categories_", Node::List({ObjArr(std::move(cats))})},
                   {"_infrequent_enabled", Node::Bool(true)},
                   {"_infrequent_indices", Node::List({I64({2, 3})})},
                   {"_default_to_infrequent_mappings",
                    Node::List({I64({0, 1, 3, 3, 2})})},
                   {"_drop_idx_after_grouping", ObjArr({Node::Int(0)})},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

TEST(MapperEncoding, OneHotInfrequentDroppedAndUnknownAsTransformComputes) {
  // sklearn: a -> [0 0 0], b -> [1 0 0], c, d -> [0 0 1], None -> [0 1 0],
  // unknown -> [0 0 1] (infrequent_if_exist).
  auto m = MapModel(OneHotInfrequent("infrequent_if_exist"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& enc = std::get<OneHotEncoder>(m->estimator.kind);
  ASSERT_EQ(enc.columns.size(), 1u);
  const OneHotColumn& c = enc.columns[0];
  EXPECT_EQ(c.categories.strings,
            (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(c.categories.missing, Nullable::kYes);
  EXPECT_EQ(I64s(c.slots), (std::vector<int64_t>{-1, 0, 2, 2, 1, 2}));
  EXPECT_EQ(c.width, 3u);
  EXPECT_EQ(enc.unknown, UnknownCategory::kSlot);
  EXPECT_EQ(m->output.task, Task::kTransform);
  EXPECT_EQ(m->output.n_outputs, 3u);
  ASSERT_EQ(m->input.columns.size(), 1u);
  EXPECT_EQ(m->input.columns[0].type, ColumnType::kString);
  EXPECT_EQ(m->input.columns[0].nullable, Nullable::kYes);

  // ignore: an unknown value sets no column even with infrequent ones.
  m = MapModel(OneHotInfrequent("ignore"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(I64s(std::get<OneHotEncoder>(m->estimator.kind).columns[0].slots),
            (std::vector<int64_t>{-1, 0, 2, 2, 1, -1}));
  // warn (1.6+) transforms as infrequent_if_exist.
  m = MapModel(OneHotInfrequent("warn"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(
      I64s(std::get<OneHotEncoder>(m->estimator.kind).columns[0].slots).back(),
      2);
  m = MapModel(OneHotInfrequent("error"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(std::get<OneHotEncoder>(m->estimator.kind).unknown,
            UnknownCategory::kError);
}

TEST(MapperEncoding, OneHotNumericCategoriesStayAFloatModel) {
  Node enc = Obj("sklearn.preprocessing._encoders", "OneHotEncoder",
                 Dict({{"dtype", Node::Str("<f8")},
                       {"handle_unknown", Node::Str("ignore")},
                       {"sparse_output", Node::Bool(false)},
                       {"n_features_in_", Node::Int(2)},
                       {"categories_",
                        Node::List({F64({1, 2, NAN}, {3}), F64({0, 5}, {2})})},
                       {"_infrequent_enabled", Node::Bool(false)},
                       {"_drop_idx_after_grouping",
                        ObjArr({Node::None(), Node::Int(0)})}}));
  auto m = MapModel(enc, Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& e = std::get<OneHotEncoder>(m->estimator.kind);
  EXPECT_EQ(F64s(e.columns[0].categories.numbers), (std::vector<double>{1, 2}));
  EXPECT_EQ(e.columns[0].categories.missing, Nullable::kYes);
  EXPECT_EQ(I64s(e.columns[0].slots), (std::vector<int64_t>{0, 1, 2, -1}));
  EXPECT_EQ(e.columns[0].width, 3u);
  EXPECT_EQ(I64s(e.columns[1].slots), (std::vector<int64_t>{-1, 0, -1}));
  EXPECT_EQ(e.columns[1].width, 1u);
  EXPECT_EQ(m->output.n_outputs, 4u);
  EXPECT_TRUE(m->input.columns.empty());  // numeric: a 1.0 model
}

TEST(MapperNegative, OneHotRefusals) {
  auto sparse =
      MapModel(OneHotInfrequent("ignore", /*sparse=*/true), Options());
  EXPECT_EQ(sparse.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(sparse.status().detail().find("sparse_output"), std::string::npos);
  auto bad_unknown = MapModel(OneHotInfrequent("explode"), Options());
  EXPECT_EQ(bad_unknown.status().code(), ErrorCode::kEstimatorParam);
  // Both None and NaN categories: one missing category cannot hold both.
  Node both = Obj(
      "sklearn.preprocessing._encoders", "OneHotEncoder",
      Dict({{"dtype", Float64Dtype()},
            {"handle_unknown", Node::Str("ignore")},
            {"sparse_output", Node::Bool(false)},
            {"n_features_in_", Node::Int(1)},
            {"categories_", Node::List({ObjArr({Node::Str("a"), Node::None(),
                                                Node::Float(NAN)})})},
            {"_drop_idx_after_grouping", Node::None()}}));
  auto m = MapModel(both, Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("None and NaN"), std::string::npos);
  Node f32 = Obj("sklearn.preprocessing._encoders", "OneHotEncoder",
                 Dict({{"dtype", Node::Global("numpy", "float32")},
                       {"n_features_in_", Node::Int(1)}}));
  m = MapModel(f32, Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("float32"), std::string::npos);
}

TEST(MapperEncoding, OrdinalInfrequentNoneCategoryAndNanMissing) {
  // OrdinalEncoder(min_frequency=2, handle_unknown="use_encoded_value",
  // unknown_value=-1, encoded_missing_value=-2): a None category is an
  // ordinary (here grouped) one; a NaN category becomes -2.
  std::vector<Node> cats = Strs({"a", "b", "c", "d"});
  cats.push_back(Node::None());
  Node enc = Obj(
      "sklearn.preprocessing._encoders", "OrdinalEncoder",
      Dict({{"dtype", Float64Dtype()},
            {"handle_unknown", Node::Str("use_encoded_value")},
            {"unknown_value", Node::Int(-1)},
            {"encoded_missing_value", Node::Int(-2)},
            {"n_features_in_", Node::Int(2)},
            {"categories_",
             Node::List({ObjArr(std::move(cats)), F64({1, 2, NAN}, {3})})},
            {"_infrequent_enabled", Node::Bool(true)},
            {"_infrequent_indices", Node::List({I64({2, 3}), Node::None()})},
            {"_default_to_infrequent_mappings",
             Node::List({I64({0, 1, 3, 3, 2}), Node::None()})}}));
  auto m = MapModel(enc, Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& e = std::get<OrdinalEncoder>(m->estimator.kind);
  EXPECT_EQ(F64s(e.columns[0].codes), (std::vector<double>{0, 1, 3, 3, 2}));
  EXPECT_EQ(F64s(e.columns[1].codes), (std::vector<double>{0, 1, -2}));
  EXPECT_EQ(e.unknown, UnknownCategory::kSlot);
  EXPECT_EQ(e.unknown_value, -1.0);
  EXPECT_EQ(m->output.n_outputs, 2u);
  ASSERT_EQ(m->input.columns.size(), 2u);
  EXPECT_EQ(m->input.columns[0].type, ColumnType::kString);
  EXPECT_EQ(m->input.columns[1].type, ColumnType::kFloat);
}

Node Imputer(Node stats, Node missing_values, bool keep_empty = false,
             const char* strategy = "mean") {
  return Obj(
      "sklearn.impute._base", "SimpleImputer",
      Dict({{"missing_values", std::move(missing_values)},
            {"strategy", Node::Str(strategy)},
            {"keep_empty_features", Node::Bool(keep_empty)},
            {"n_features_in_", Node::Int(3)},
            {"statistics_", std::move(stats)},
            {"indicator_", Obj("sklearn.impute._base", "MissingIndicator",
                               Dict({{"features_", I64({1, 2})}}))}}));
}

TEST(MapperEncoding, SimpleImputerDropsEmptyFeaturesUnlessKept) {
  auto m =
      MapModel(Imputer(F64({1.5, NAN, 3}, {3}), Node::Float(NAN)), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& imp = std::get<SimpleImputer>(m->estimator.kind);
  EXPECT_EQ(imp.kept, (std::vector<uint64_t>{0, 2}));
  EXPECT_EQ(imp.indicator, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(m->output.n_outputs, 4u);
  EXPECT_TRUE(m->input.columns.empty());
  m = MapModel(Imputer(F64({1.5, 0, 3}, {3}), Node::None(), true), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(std::get<SimpleImputer>(m->estimator.kind).kept,
            (std::vector<uint64_t>{0, 1, 2}));
  // pd.NA as missing_values.
  m = MapModel(Imputer(F64({1, 2, 3}, {3}), Node::Global("pandas", "NA")),
               Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
}

TEST(MapperEncoding, SimpleImputerStringStatisticsMakeStringColumns) {
  auto m = MapModel(Imputer(ObjArr(Strs({"x", "missing", "ü"})),
                            Node::Float(NAN), false, "most_frequent"),
                    Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& imp = std::get<SimpleImputer>(m->estimator.kind);
  EXPECT_EQ(imp.fill_strings, (std::vector<std::string>{"x", "missing", "ü"}));
  EXPECT_FALSE(imp.fill_numbers.present());
  ASSERT_EQ(m->input.columns.size(), 3u);
  for (const auto& c : m->input.columns) {
    EXPECT_EQ(c.type, ColumnType::kString);
  }
}

TEST(MapperNegative, SimpleImputerRefusals) {
  auto m = MapModel(Imputer(F64({1, 2, 3}, {3}), Node::Str("?")), Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("missing_values='?'"), std::string::npos);
  m = MapModel(Imputer(F64({1, 2, 3}, {3}), Node::Int(0)), Options());
  EXPECT_NE(m.status().detail().find("missing_values=0"), std::string::npos);
  m = MapModel(Imputer(ObjArr({Node::Str("a"), Node::Int(1), Node::Str("b")}),
                       Node::None(), false, "most_frequent"),
               Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  Node nan_fill = Obj("sklearn.impute._base", "SimpleImputer",
                      Dict({{"missing_values", Node::None()},
                            {"strategy", Node::Str("constant")},
                            {"fill_value", Node::Float(NAN)},
                            {"n_features_in_", Node::Int(1)},
                            {"statistics_", F64({NAN}, {1})}}));
  m = MapModel(nan_fill, Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("NaN fill_value"), std::string::npos);
  // An empty column of a constant imputer (1.6+ gives it a NaN statistic):
  // dropped.
  m = MapModel(Imputer(F64({1, NAN, 3}, {3}), Node::None(), false, "constant"),
               Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(std::get<SimpleImputer>(m->estimator.kind).kept,
            (std::vector<uint64_t>{0, 2}));
}

Node Scaler(int64_t n) {
  return Obj("sklearn.preprocessing._data", "StandardScaler",
             Dict({{"with_mean", Node::Bool(true)},
                   {"with_std", Node::Bool(true)},
                   {"mean_", F64(std::vector<double>(n, 0), {uint64_t(n)})},
                   {"scale_", F64(std::vector<double>(n, 1), {uint64_t(n)})},
                   {"n_features_in_", Node::Int(n)}}));
}

// ColumnTransformer([("num", SimpleImputer(), ["n"]),
//   ("cat", OneHotEncoder(handle_unknown="ignore"), ["c"]),
//   ("gone", "drop", ["g"]), ("none", StandardScaler(), []),
//   remainder="passthrough") on columns n, c, g, r.
Node ColumnTransformerState(bool sparse_output) {
  Node imputer = Obj("sklearn.impute._base", "SimpleImputer",
                     Dict({{"missing_values", Node::Float(NAN)},
                           {"strategy", Node::Str("mean")},
                           {"n_features_in_", Node::Int(1)},
                           {"statistics_", F64({2.5}, {1})}}));
  Node onehot =
      Obj("sklearn.preprocessing._encoders", "OneHotEncoder",
          Dict({{"dtype", Float64Dtype()},
                {"handle_unknown", Node::Str("ignore")},
                {"sparse_output", Node::Bool(true)},
                {"n_features_in_", Node::Int(1)},
                {"categories_", Node::List({ObjArr(Strs({"x", "y"}))})},
                {"_infrequent_enabled", Node::Bool(false)},
                {"_drop_idx_after_grouping", Node::None()}}));
  Node identity =
      Obj("sklearn.preprocessing._function_transformer", "FunctionTransformer",
          Dict({{"func", Node::None()}, {"n_features_in_", Node::Int(1)}}));
  auto entry = [](const char* name, Node t, Node cols) {
    return Node::Tuple({Node::Str(name), std::move(t), std::move(cols)});
  };
  return Obj(
      "sklearn.compose._column_transformer", "ColumnTransformer",
      Dict({{"n_features_in_", Node::Int(4)},
            {"feature_names_in_", ObjArr(Strs({"n", "c", "g", "r"}))},
            {"sparse_output_", Node::Bool(sparse_output)},
            {"transformer_weights", Node::None()},
            {"transformers_",
             Node::List(
                 {entry("num", imputer, Node::List(Strs({"n"}))),
                  entry("cat", onehot, Node::List(Strs({"c"}))),
                  entry("gone", Node::Str("drop"), Node::List(Strs({"g"}))),
                  entry("none", Scaler(0), Node::List({})),
                  entry("remainder", identity, Node::List({Node::Int(3)}))})},
            {"_transformer_to_input_indices",
             Dict({{"num", Node::List({Node::Int(0)})},
                   {"cat", Node::List({Node::Int(1)})},
                   {"gone", Node::List({Node::Int(2)})},
                   {"none", Node::List({})},
                   {"remainder", Node::List({Node::Int(3)})}})}}));
}

TEST(MapperCompose, ColumnTransformerGroupsAndStringColumns) {
  // Behind a passthrough first step: the input comes from the transformer.
  Node p = Obj(
      "sklearn.pipeline", "Pipeline",
      Dict({{"steps",
             Node::List(
                 {Node::Tuple({Node::Str("skip"), Node::Str("passthrough")}),
                  Node::Tuple({Node::Str("ct"), ColumnTransformerState(false)}),
                  Node::Tuple({Node::Str("none"), Node::None()})})}}));
  auto m = MapModel(p, Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& pipe = std::get<Pipeline>(m->estimator.kind);
  ASSERT_EQ(pipe.steps.size(), 1u);
  const auto& ct = std::get<ColumnTransformer>(pipe.steps[0].kind);
  ASSERT_EQ(ct.groups.size(), 3u);
  EXPECT_EQ(ct.groups[0].columns, (std::vector<uint64_t>{0}));
  EXPECT_TRUE(
      std::holds_alternative<SimpleImputer>(ct.groups[0].transformer[0].kind));
  EXPECT_EQ(ct.groups[1].columns, (std::vector<uint64_t>{1}));
  EXPECT_TRUE(
      std::holds_alternative<OneHotEncoder>(ct.groups[1].transformer[0].kind));
  EXPECT_EQ(ct.groups[2].columns, (std::vector<uint64_t>{3}));
  EXPECT_TRUE(
      std::holds_alternative<Passthrough>(ct.groups[2].transformer[0].kind));
  EXPECT_EQ(m->output.n_outputs, 1u + 2u + 1u);
  EXPECT_EQ(m->input.n_features, 4u);
  ASSERT_EQ(m->input.columns.size(), 4u);
  const char* names[] = {"n", "c", "g", "r"};
  for (size_t j = 0; j < 4; ++j) {
    EXPECT_EQ(m->input.columns[j].name, names[j]);
    EXPECT_EQ(m->input.columns[j].type,
              j == 1 ? ColumnType::kString : ColumnType::kFloat);
  }
}

TEST(MapperNegative, ColumnTransformerSparseOutputAndPassthroughOnlyPipeline) {
  auto m = MapModel(ColumnTransformerState(true), Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("sparse"), std::string::npos);
  Node p =
      Obj("sklearn.pipeline", "Pipeline",
          Dict({{"steps", Node::List({Node::Tuple(
                              {Node::Str("a"), Node::Str("passthrough")})})}}));
  m = MapModel(p, Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("passthrough"), std::string::npos);
}

}  // namespace
}  // namespace modelseal::mapper
