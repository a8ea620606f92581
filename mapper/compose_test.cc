// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FeatureUnion, FunctionTransformer and TransformedTargetRegressor
// mappers on hand-built state trees shaped as scikit-learn 1.9.1 fits them.
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

Node Scaler(int64_t n) {
  return Obj("sklearn.preprocessing._data", "StandardScaler",
             Dict({{"with_mean", Node::Bool(true)},
                   {"with_std", Node::Bool(true)},
                   {"mean_", F64(std::vector<double>(n, 0), {uint64_t(n)})},
                   {"scale_", F64(std::vector<double>(n, 1), {uint64_t(n)})},
                   {"n_features_in_", Node::Int(n)}}));
}

// The fitted form of a "passthrough" entry.
Node Identity(int64_t n) {
  return Obj("sklearn.preprocessing._function_transformer",
             "FunctionTransformer",
             Dict({{"func", Node::None()},
                   {"inverse_func", Node::None()},
                   {"validate", Node::Bool(false)},
                   {"accept_sparse", Node::Bool(false)},
                   {"kw_args", Node::None()},
                   {"inv_kw_args", Node::None()},
                   {"n_features_in_", Node::Int(n)}}));
}

// ColumnTransformer([("c", OrdinalEncoder(), [1])]) on 2 columns, column 1
// strings "x", "y".
Node StringColumnTransformer() {
  Node ordinal =
      Obj("sklearn.preprocessing._encoders", "OrdinalEncoder",
          Dict({{"dtype", Node::Global("numpy", "float64")},
                {"handle_unknown", Node::Str("error")},
                {"n_features_in_", Node::Int(1)},
                {"categories_",
                 Node::List({ObjArr({Node::Str("x"), Node::Str("y")})})},
                {"_infrequent_enabled", Node::Bool(false)},
                {"_missing_indices", Dict({})},
                {"encoded_missing_value", Node::Float(NAN)},
                {"unknown_value", Node::None()}}));
  return Obj("sklearn.compose._column_transformer", "ColumnTransformer",
             Dict({{"n_features_in_", Node::Int(2)},
                   {"sparse_output_", Node::Bool(false)},
                   {"transformer_weights", Node::None()},
                   {"transformers_",
                    Node::List({Node::Tuple({Node::Str("c"), ordinal,
                                             Node::List({Node::Int(1)})})})},
                   {"_transformer_to_input_indices",
                    Dict({{"c", Node::List({Node::Int(1)})}})}}));
}

Node Entry(const char* name, Node t) {
  return Node::Tuple({Node::Str(name), std::move(t)});
}

Node Union(std::vector<Node> entries, Node weights) {
  return Obj("sklearn.pipeline", "FeatureUnion",
             Dict({{"transformer_list", Node::List(std::move(entries))},
                   {"n_jobs", Node::None()},
                   {"transformer_weights", std::move(weights)},
                   {"verbose", Node::Bool(false)}}));
}

TEST(MapperCompose, FeatureUnionDropPassthroughWeightsAndStringColumns) {
  // The first entry is "drop": the input width comes from the next one.
  Node u = Union(
      {Entry("gone", Node::Str("drop")), Entry("ct", StringColumnTransformer()),
       Entry("pass", Identity(2)), Entry("none", Node::Str("drop")),
       Entry("ct2", StringColumnTransformer())},
      Dict({{"pass", Node::Float(0.5)},
            {"ct2", Node::Int(3)},
            {"none", Node::Float(7)},
            {"ct", Node::None()}}));
  auto m = MapModel(u, Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& fu = std::get<FeatureUnion>(m->estimator.kind);
  ASSERT_EQ(fu.transformers.size(), 3u);
  EXPECT_TRUE(
      std::holds_alternative<ColumnTransformer>(fu.transformers[0].kind));
  EXPECT_TRUE(std::holds_alternative<Passthrough>(fu.transformers[1].kind));
  // None and absent weights are 1 (no multiply).
  EXPECT_EQ(F64s(fu.weights), (std::vector<double>{1.0, 0.5, 3.0}));
  EXPECT_EQ(m->output.task, Task::kTransform);
  EXPECT_EQ(m->output.n_outputs, 1u + 2u + 1u);
  EXPECT_EQ(m->input.n_features, 2u);
  ASSERT_EQ(m->input.columns.size(), 2u);
  EXPECT_EQ(m->input.columns[0].type, ColumnType::kFloat);
  EXPECT_EQ(m->input.columns[1].type, ColumnType::kString);
}

TEST(MapperCompose, FeatureUnionWithoutWeightsInAPipeline) {
  for (Node weights : {Node::None(), Dict({})}) {
    Node u =
        Union({Entry("a", Scaler(3)), Entry("b", Node::Str("drop"))}, weights);
    Node p = Obj(
        "sklearn.pipeline", "Pipeline",
        Dict({{"steps", Node::List({Entry("u", u), Entry("s", Scaler(3))})}}));
    auto m = MapModel(p, Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    const auto& pipe = std::get<Pipeline>(m->estimator.kind);
    const auto& fu = std::get<FeatureUnion>(pipe.steps[0].kind);
    EXPECT_EQ(fu.transformers.size(), 1u);
    EXPECT_FALSE(fu.weights.present());
    EXPECT_EQ(m->input.n_features, 3u);
    EXPECT_TRUE(m->input.columns.empty());  // all numeric: format 1.0 input
  }
}

TEST(MapperNegative, FeatureUnionRefusals) {
  // Every entry dropped: no input width, no output column.
  auto m =
      MapModel(Union({Entry("a", Node::Str("drop"))}, Node::None()), Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  // Only "drop" and unfitted "passthrough": no input width.
  m = MapModel(Union({Entry("a", Node::Str("drop")),
                      Entry("b", Node::Str("passthrough"))},
                     Node::None()),
               Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("'drop' or 'passthrough'"),
            std::string::npos);
  // A weight that is not finite.
  m = MapModel(
      Union({Entry("a", Scaler(2))}, Dict({{"a", Node::Float(INFINITY)}})),
      Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("transformer_weights['a']"),
            std::string::npos);
  // A predictor among the transformers.
  Node lr = Obj("sklearn.linear_model._base", "LinearRegression",
                Dict({{"coef_", F64({1, 2}, {2})},
                      {"intercept_", Node::Float(0)},
                      {"n_features_in_", Node::Int(2)}}));
  m = MapModel(Union({Entry("a", Scaler(2)), Entry("lr", lr)}, Node::None()),
               Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("'lr' is not a transformer"),
            std::string::npos);
  // validate=True on an identity FunctionTransformer is no passthrough.
  Node checked =
      Obj("sklearn.preprocessing._function_transformer", "FunctionTransformer",
          Dict({{"func", Node::None()},
                {"validate", Node::Bool(true)},
                {"n_features_in_", Node::Int(2)}}));
  m = MapModel(Union({Entry("a", checked)}, Node::None()), Options());
  EXPECT_FALSE(m.ok());
}

// FunctionTransformer(func, validate, accept_sparse, kw_args) fitted on 2
// columns.
Node Function(Node func, bool validate = false, bool accept_sparse = false,
              Node kw_args = Node::None()) {
  return Obj("sklearn.preprocessing._function_transformer",
             "FunctionTransformer",
             Dict({{"func", std::move(func)},
                   {"inverse_func", Node::None()},
                   {"validate", Node::Bool(validate)},
                   {"accept_sparse", Node::Bool(accept_sparse)},
                   {"check_inverse", Node::Bool(true)},
                   {"feature_names_out", Node::None()},
                   {"kw_args", std::move(kw_args)},
                   {"inv_kw_args", Node::None()},
                   {"n_features_in_", Node::Int(2)}}));
}

TEST(MapperCompose, FunctionTransformerUfuncsAndIdentity) {
  const std::pair<const char*, Ufunc> cases[] = {
      {"log", Ufunc::kLog},
      {"log1p", Ufunc::kLog1p},
      {"exp", Ufunc::kExp},
      {"expm1", Ufunc::kExpm1},
      {"sqrt", Ufunc::kSqrt},
      {"absolute", Ufunc::kAbsolute},
      {"square", Ufunc::kSquare},
      {"negative", Ufunc::kNegative},
      {"reciprocal", Ufunc::kReciprocal},
      {"sin", Ufunc::kSin},
      {"cos", Ufunc::kCos},
      {"tanh", Ufunc::kTanh}};
  for (const auto& [name, u] : cases) {
    auto m = MapModel(Function(Node::Global("numpy", name)), Options());
    ASSERT_TRUE(m.ok()) << name << ": " << m.status().ToString();
    EXPECT_EQ(std::get<FunctionTransformer>(m->estimator.kind).func, u);
    EXPECT_EQ(m->output.n_outputs, 2u);
  }
  // func=None, kw_args={}: the identity.
  auto m = MapModel(Function(Node::None(), false, false, Dict({})), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_TRUE(std::holds_alternative<Passthrough>(m->estimator.kind));
  // In a FeatureUnion (its fitted "passthrough" entries) too.
  m = MapModel(Union({Entry("p", Function(Node::None())),
                      Entry("l", Function(Node::Global("numpy", "log")))},
                     Node::None()),
               Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& fu = std::get<FeatureUnion>(m->estimator.kind);
  EXPECT_TRUE(std::holds_alternative<Passthrough>(fu.transformers[0].kind));
  EXPECT_TRUE(
      std::holds_alternative<FunctionTransformer>(fu.transformers[1].kind));
  EXPECT_EQ(m->output.n_outputs, 4u);
}

TEST(MapperNegative, FunctionTransformerRefusals) {
  struct Case {
    Node state;
    const char* detail;
  };
  ObjectData partial;
  partial.module = "functools";
  partial.qualname = "partial";
  const Case cases[] = {
      {Function(Node::Global("__main__", "<lambda>")),
       "func=__main__.<lambda> is not supported"},
      {Function(Node::Global("numpy", "power")),
       "func=numpy.power is not supported"},
      {Function(Node::Global("math", "log")), "func=math.log"},
      {Function(Node::Object(partial)), "func (a partial)"},
      {Function(Node::Str("log")), "func (a str)"},
      {Function(Node::Global("numpy", "log"), true), "validate=True"},
      {Function(Node::Global("numpy", "log"), false, true),
       "accept_sparse=True"},
      {Function(Node::Global("numpy", "log"), false, false,
                Dict({{"out", Node::None()}})),
       "kw_args is not supported"},
  };
  for (const Case& c : cases) {
    auto m = MapModel(c.state, Options());
    EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam)
        << m.status().ToString();
    EXPECT_NE(m.status().detail().find(c.detail), std::string::npos)
        << m.status().detail();
  }
}

// TransformedTargetRegressor(LinearRegression on 2 features, transformer)
// fitted on a 1-D target.
Node Target(Node transformer, int64_t training_dim = 1) {
  Node lr = Obj(
      "sklearn.linear_model._base", "LinearRegression",
      Dict({{"coef_", F64({1, 2}, {2})},
            {"intercept_", Node::Float(0.5)},
            {"n_features_in_", Node::Int(2)},
            {"feature_names_in_", ObjArr({Node::Str("a"), Node::Str("b")})}}));
  return Obj(
      "sklearn.compose._target", "TransformedTargetRegressor",
      Dict({{"regressor", Node::None()},
            {"transformer", Node::None()},
            {"func", Node::None()},
            {"inverse_func", Node::None()},
            {"check_inverse", Node::Bool(true)},
            {"_training_dim", Node::Int(training_dim)},
            {"transformer_", std::move(transformer)},
            {"regressor_", std::move(lr)},
            {"feature_names_in_", ObjArr({Node::Str("a"), Node::Str("b")})}}));
}

Node TargetFunction(Node inverse, bool validate = true,
                    Node inv_kw_args = Node::None()) {
  return Obj("sklearn.preprocessing._function_transformer",
             "FunctionTransformer",
             Dict({{"func", Node::Global("numpy", "log")},
                   {"inverse_func", std::move(inverse)},
                   {"validate", Node::Bool(validate)},
                   {"accept_sparse", Node::Bool(false)},
                   {"kw_args", Node::None()},
                   {"inv_kw_args", std::move(inv_kw_args)},
                   {"n_features_in_", Node::Int(1)}}));
}

Node OneTargetScaler(const char* cls,
                     std::vector<std::pair<std::string, Node>> kv) {
  return Obj("sklearn.preprocessing._data", cls, Dict(std::move(kv)));
}

TEST(MapperCompose, TransformedTargetScalersFunctionsAndPipelines) {
  // StandardScaler: X *= scale_; X += mean_ (the first step checks, NaN
  // allowed).
  auto m = MapModel(Target(OneTargetScaler("StandardScaler",
                                           {{"with_mean", Node::Bool(true)},
                                            {"with_std", Node::Bool(true)},
                                            {"mean_", F64({3.5}, {1})},
                                            {"scale_", F64({2.0}, {1})},
                                            {"n_features_in_", Node::Int(1)}})),
                    Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->output.task, Task::kRegression);
  EXPECT_EQ(m->input.n_features, 2u);
  EXPECT_EQ(m->input.feature_names, (std::vector<std::string>{"a", "b"}));
  auto* t = std::get_if<TransformedTargetRegressor>(&m->estimator.kind);
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->regressor.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<LinearModel>(t->regressor[0].kind));
  ASSERT_EQ(t->inverse.size(), 2u);
  EXPECT_EQ(t->inverse[0].check, TargetCheck::kAllowNan);
  EXPECT_EQ(t->inverse[0].op, TargetOp::kMultiply);
  EXPECT_EQ(F64s(t->inverse[0].values), std::vector<double>{2.0});
  EXPECT_EQ(t->inverse[1].check, TargetCheck::kNone);
  EXPECT_EQ(t->inverse[1].op, TargetOp::kAdd);
  EXPECT_EQ(F64s(t->inverse[1].values), std::vector<double>{3.5});

  // FunctionTransformer(validate=True, inverse_func=np.exp): checked finite.
  m = MapModel(Target(TargetFunction(Node::Global("numpy", "exp"))), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  t = std::get_if<TransformedTargetRegressor>(&m->estimator.kind);
  ASSERT_EQ(t->inverse.size(), 1u);
  EXPECT_EQ(t->inverse[0].check, TargetCheck::kFinite);
  EXPECT_EQ(t->inverse[0].op, TargetOp::kUfunc);
  EXPECT_EQ(t->inverse[0].func, Ufunc::kExp);
  // inverse_func None (the default identity transformer), validate=False.
  m = MapModel(Target(TargetFunction(Node::None(), false)), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  t = std::get_if<TransformedTargetRegressor>(&m->estimator.kind);
  ASSERT_EQ(t->inverse.size(), 1u);
  EXPECT_EQ(t->inverse[0].check, TargetCheck::kNone);
  EXPECT_EQ(t->inverse[0].op, TargetOp::kIdentity);

  // Pipeline(MinMaxScaler, "passthrough", MaxAbsScaler): inverted in
  // reverse order.
  Node minmax =
      OneTargetScaler("MinMaxScaler", {{"min_", F64({-1.0}, {1})},
                                       {"scale_", F64({0.5}, {1})},
                                       {"clip", Node::Bool(true)},
                                       {"n_features_in_", Node::Int(1)}});
  Node maxabs = OneTargetScaler(
      "MaxAbsScaler",
      {{"scale_", F64({4.0}, {1})}, {"n_features_in_", Node::Int(1)}});
  Node pipe =
      Obj("sklearn.pipeline", "Pipeline",
          Dict({{"steps", Node::List({Entry("mm", minmax),
                                      Entry("p", Node::Str("passthrough")),
                                      Entry("ma", maxabs)})}}));
  m = MapModel(Target(pipe), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  t = std::get_if<TransformedTargetRegressor>(&m->estimator.kind);
  ASSERT_EQ(t->inverse.size(), 3u);
  EXPECT_EQ(t->inverse[0].op, TargetOp::kMultiply);
  EXPECT_EQ(F64s(t->inverse[0].values), std::vector<double>{4.0});
  EXPECT_EQ(t->inverse[1].check, TargetCheck::kAllowNan);
  EXPECT_EQ(t->inverse[1].op, TargetOp::kSubtract);
  EXPECT_EQ(F64s(t->inverse[1].values), std::vector<double>{-1.0});
  EXPECT_EQ(t->inverse[2].op, TargetOp::kDivide);
  EXPECT_EQ(F64s(t->inverse[2].values), std::vector<double>{0.5});

  // RobustScaler without centering: X *= scale_ only.
  m = MapModel(Target(OneTargetScaler("RobustScaler",
                                      {{"with_centering", Node::Bool(false)},
                                       {"with_scaling", Node::Bool(true)},
                                       {"center_", Node::None()},
                                       {"scale_", F64({1.5}, {1})},
                                       {"n_features_in_", Node::Int(1)}})),
               Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  t = std::get_if<TransformedTargetRegressor>(&m->estimator.kind);
  ASSERT_EQ(t->inverse.size(), 1u);
  EXPECT_EQ(t->inverse[0].op, TargetOp::kMultiply);
}

TEST(MapperNegative, TransformedTargetRefusals) {
  struct Case {
    Node state;
    const char* detail;
  };
  Node quantile = OneTargetScaler("QuantileTransformer",
                                  {{"n_features_in_", Node::Int(1)}});
  Node scaler =
      OneTargetScaler("StandardScaler", {{"with_mean", Node::Bool(true)},
                                         {"with_std", Node::Bool(false)},
                                         {"mean_", F64({1.0, 2.0}, {2})},
                                         {"scale_", Node::None()},
                                         {"n_features_in_", Node::Int(2)}});
  const Case cases[] = {
      {Target(quantile), "transformer_ QuantileTransformer is not supported"},
      {Target(TargetFunction(Node::Global("__main__", "<lambda>"))),
       "inverse_func=__main__.<lambda> is not supported"},
      {Target(TargetFunction(Node::Global("numpy", "exp"), true,
                             Dict({{"out", Node::None()}}))),
       "inv_kw_args is not supported"},
      {Target(TargetFunction(Node::Global("numpy", "exp")), 2),
       "a 2-D target with one column"},
  };
  for (const Case& c : cases) {
    auto m = MapModel(c.state, Options());
    EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam)
        << m.status().ToString();
    EXPECT_NE(m.status().detail().find(c.detail), std::string::npos)
        << m.status().detail();
  }
  // Fitted on 2 targets while the regressor predicts 1: a state error.
  auto m = MapModel(Target(scaler), Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kStateShape) << m.status().ToString();
  // A classifier as the regressor.
  Node clf = Obj("sklearn.linear_model._logistic", "LogisticRegression",
                 Dict({{"coef_", F64({1, 2}, {1, 2})},
                       {"intercept_", F64({0}, {1})},
                       {"classes_", testing::I64({0, 1})},
                       {"multi_class", Node::Str("auto")},
                       {"solver", Node::Str("lbfgs")},
                       {"n_features_in_", Node::Int(2)}}));
  Node bad = Obj("sklearn.compose._target", "TransformedTargetRegressor",
                 Dict({{"_training_dim", Node::Int(1)},
                       {"transformer_", TargetFunction(Node::None())},
                       {"regressor_", clf}}));
  m = MapModel(bad, Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam)
      << m.status().ToString();
  EXPECT_NE(m.status().detail().find("is not a regressor"), std::string::npos)
      << m.status().detail();
}

}  // namespace
}  // namespace modelseal::mapper
