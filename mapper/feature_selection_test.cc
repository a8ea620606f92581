// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The feature selector mappers (h-sel) on hand-built state trees shaped as
// scikit-learn 1.9.1 fits them: the support mask as _get_support_mask
// computes it, and the refusals.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Arr;
using testing::Dict;
using testing::F64;
using testing::Obj;
using testing::Options;

constexpr const char* kUni = "sklearn.feature_selection._univariate_selection";

Node Variance(double threshold, std::vector<double> variances) {
  const uint64_t n = variances.size();
  return Obj("sklearn.feature_selection._variance_threshold",
             "VarianceThreshold",
             Dict({{"threshold", Node::Float(threshold)},
                   {"n_features_in_", Node::Int(static_cast<int64_t>(n))},
                   {"variances_", F64(variances, {n})},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

Node Univariate(const char* cls, const char* param, Node value,
                std::vector<double> scores) {
  const uint64_t n = scores.size();
  return Obj(kUni, cls,
             Dict({{param, std::move(value)},
                   {"n_features_in_", Node::Int(static_cast<int64_t>(n))},
                   {"scores_", F64(scores, {n})},
                   {"pvalues_", F64(scores, {n})},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

Node Support(const char* module, const char* cls, const char* est_module,
             const char* est_cls, std::vector<uint8_t> support) {
  const uint64_t n = support.size();
  return Obj(module, cls,
             Dict({{"estimator", Obj(est_module, est_cls, Dict({}))},
                   {"n_features_in_", Node::Int(static_cast<int64_t>(n))},
                   {"support_", Arr<uint8_t>("|b1", support, {n})},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

const FeatureSelector& Sel(const Result<Model>& m) {
  return std::get<FeatureSelector>(m->estimator.kind);
}

std::vector<uint64_t> Columns(const Node& n) {
  auto m = MapModel(n, Options());
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  if (!m.ok()) return {};
  EXPECT_EQ(m->output.n_outputs, Sel(m).columns.size());
  return Sel(m).columns;
}

void ExpectRefused(const Node& n, const std::string& needle) {
  auto m = MapModel(n, Options());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam)
      << m.status().ToString();
  EXPECT_NE(m.status().ToString().find(needle), std::string::npos)
      << m.status().ToString();
}

TEST(MapperFeatureSelection, VarianceThresholdStrictlyAboveAndNanDropped) {
  const double nan = std::nan("");
  auto m = MapModel(Variance(0.5, {0.5, 0.6, nan, 2}), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Sel(m).columns, (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(Sel(m).input, SelectorInput::kAny);  // allow_nan tag True
  ExpectRefused(Variance(3, {0.5, 2}), "selects no feature");
}

TEST(MapperFeatureSelection, SelectKBestStableOnTiesNanLowest) {
  const double nan = std::nan("");
  // Ties 2, 2, 2 at columns 1, 3, 4: the stable argsort puts them in column
  // order, and the last k win, so k=2 keeps 3 and 4.
  EXPECT_EQ(
      Columns(Univariate("SelectKBest", "k", Node::Int(2), {1, 2, nan, 2, 2})),
      (std::vector<uint64_t>{3, 4}));
  // A NaN score becomes np.finfo(float64).min, which is above -inf.
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(Columns(Univariate("SelectKBest", "k", Node::Int(1), {-inf, nan})),
            (std::vector<uint64_t>{1}));
  EXPECT_EQ(
      Columns(Univariate("SelectKBest", "k", Node::Str("all"), {1, nan, 0})),
      (std::vector<uint64_t>{0, 1, 2}));
  // k beyond n selects all (argsort(...)[-k:]).
  EXPECT_EQ(Columns(Univariate("SelectKBest", "k", Node::Int(9), {3, 1})),
            (std::vector<uint64_t>{0, 1}));
  ExpectRefused(Univariate("SelectKBest", "k", Node::Int(0), {3, 1}), "k=0");
}

TEST(MapperFeatureSelection, SelectPercentileNumpyThresholdAndTies) {
  // 10%: threshold = percentile(scores, 90) over 1..10 = 9.1: only 10.
  std::vector<double> s{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(
      Columns(Univariate("SelectPercentile", "percentile", Node::Int(10), s)),
      (std::vector<uint64_t>{9}));
  // All equal: threshold 1, no score above, every score a tie:
  // int(4 * 50 / 100) = 2 ties kept, the first two.
  EXPECT_EQ(Columns(Univariate("SelectPercentile", "percentile", Node::Int(50),
                               {1, 1, 1, 1})),
            (std::vector<uint64_t>{0, 1}));
  EXPECT_EQ(Columns(Univariate("SelectPercentile", "percentile",
                               Node::Float(100.0), {1, 2})),
            (std::vector<uint64_t>{0, 1}));
  ExpectRefused(
      Univariate("SelectPercentile", "percentile", Node::Int(0), {1, 2}),
      "percentile=");
}

TEST(MapperFeatureSelection, SupportSelectorsInputFromTheEstimator) {
  auto rfe = MapModel(Support("sklearn.feature_selection._rfe", "RFE",
                              "sklearn.linear_model._logistic",
                              "LogisticRegression", {1, 0, 1}),
                      Options());
  ASSERT_TRUE(rfe.ok()) << rfe.status().ToString();
  EXPECT_EQ(Sel(rfe).columns, (std::vector<uint64_t>{0, 2}));
  EXPECT_EQ(Sel(rfe).input, SelectorInput::kFinite);
  auto sfs = MapModel(
      Support("sklearn.feature_selection._sequential",
              "SequentialFeatureSelector",
              "sklearn.ensemble._hist_gradient_boosting.gradient_boosting",
              "HistGradientBoostingRegressor", {0, 1}),
      Options());
  ASSERT_TRUE(sfs.ok()) << sfs.status().ToString();
  EXPECT_EQ(Sel(sfs).columns, (std::vector<uint64_t>{1}));
  EXPECT_EQ(Sel(sfs).input, SelectorInput::kAny);
  // A linear model of the registry beyond the original list.
  auto lars =
      MapModel(Support("sklearn.feature_selection._rfe", "RFE",
                       "sklearn.linear_model._least_angle", "Lars", {1, 1}),
               Options());
  ASSERT_TRUE(lars.ok()) << lars.status().ToString();
  EXPECT_EQ(Sel(lars).input, SelectorInput::kFinite);
  ExpectRefused(Support("sklearn.feature_selection._rfe", "RFECV",
                        "sklearn.ensemble._weight_boosting",
                        "AdaBoostClassifier", {1, 1}),
                "estimator=AdaBoostClassifier");
  ExpectRefused(
      Support("sklearn.feature_selection._rfe", "RFE",
              "sklearn.linear_model._logistic", "LogisticRegression", {0, 0}),
      "selects no feature");
}

using Fields = std::vector<std::pair<std::string, Node>>;

// `base` with the entries of `over` replacing or adding keys.
Fields Override(Fields base, Fields over) {
  for (auto& [k, v] : over) {
    auto it = std::find_if(base.begin(), base.end(),
                           [&](const auto& p) { return p.first == k; });
    if (it != base.end()) {
      it->second = std::move(v);
    } else {
      base.emplace_back(k, std::move(v));
    }
  }
  return base;
}

Node PSelector(const char* cls, const char* param, Node value,
               std::vector<double> pvalues, Fields over = {}) {
  const uint64_t n = pvalues.size();
  return Obj(
      kUni, cls,
      Dict(Override({{param, std::move(value)},
                     {"n_features_in_", Node::Int(static_cast<int64_t>(n))},
                     {"scores_", F64(pvalues, {n})},
                     {"pvalues_", F64(pvalues, {n})},
                     {"_sklearn_version", Node::Str("1.9.1")}},
                    std::move(over))));
}

TEST(MapperFeatureSelection, PValueSelectors) {
  const double nan = std::nan("");
  // Fpr: p < alpha (strictly; NaN never).
  EXPECT_EQ(Columns(PSelector("SelectFpr", "alpha", Node::Float(0.05),
                              {0.01, 0.05, nan, 0.04})),
            (std::vector<uint64_t>{0, 3}));
  // Fwe: p < alpha / n = 0.0125.
  EXPECT_EQ(Columns(PSelector("SelectFwe", "alpha", Node::Float(0.05),
                              {0.01, 0.0125, 0.02, 0.001})),
            (std::vector<uint64_t>{0, 3}));
  // Fdr: sorted 0.001, 0.02, 0.03, 0.9 against 0.0125 * (1, 2, 3, 4) =
  // 0.0125, 0.025, 0.0375, 0.05: the first three pass; p <= 0.03.
  EXPECT_EQ(Columns(PSelector("SelectFdr", "alpha", Node::Float(0.05),
                              {0.9, 0.03, 0.001, 0.02})),
            (std::vector<uint64_t>{1, 2, 3}));
  // NaN sorts last and never passes (n counts it): 0.04 <= 0.13 / 3,
  // 0.095 > 0.13 / 3 * 2.
  EXPECT_EQ(Columns(PSelector("SelectFdr", "alpha", Node::Float(0.13),
                              {0.04, 0.095, nan})),
            (std::vector<uint64_t>{0}));
  ExpectRefused(PSelector("SelectFpr", "alpha", Node::Float(0.001), {0.5}),
                "selects no feature");
  ExpectRefused(PSelector("SelectFpr", "alpha", Node::Float(0.5), {0.1},
                          {{"pvalues_", Node::None()}}),
                "pvalues_ is None");
}

TEST(MapperFeatureSelection, GenericUnivariateSelectModes) {
  auto generic = [](const char* mode, Node param, std::vector<double> p) {
    return PSelector("GenericUnivariateSelect", "param", std::move(param),
                     std::move(p), {{"mode", Node::Str(mode)}});
  };
  EXPECT_EQ(Columns(generic("fpr", Node::Float(0.05), {0.01, 0.5})),
            (std::vector<uint64_t>{0}));
  // k_best ranks scores_ (here equal to pvalues_): the largest.
  EXPECT_EQ(Columns(generic("k_best", Node::Int(1), {0.01, 0.5})),
            (std::vector<uint64_t>{1}));
  EXPECT_EQ(Columns(generic("percentile", Node::Int(50), {0.01, 0.5})),
            (std::vector<uint64_t>{1}));
  ExpectRefused(generic("k_best", Node::Float(1e-5), {0.01, 0.5}),
                "mode='k_best'");
  ExpectRefused(generic("fdr", Node::Str("all"), {0.01, 0.5}), "alpha 'all'");
  ExpectRefused(generic("percentile", Node::Str("all"), {0.01, 0.5}),
                "percentile='all'");
  ExpectRefused(generic("other", Node::Int(1), {0.01, 0.5}), "mode='other'");
}

Node FromModel(Node coef, Node threshold, Node max_features,
               Fields fitted_over = {}, Fields over = {}) {
  Node fitted = Obj("sklearn.linear_model._logistic", "LogisticRegression",
                    Dict(Override({{"coef_", std::move(coef)},
                                   {"n_features_in_", Node::Int(4)},
                                   {"penalty", Node::Str("l2")}},
                                  std::move(fitted_over))));
  return Obj("sklearn.feature_selection._from_model", "SelectFromModel",
             Dict(Override({{"estimator", Obj("sklearn.linear_model._logistic",
                                              "LogisticRegression", Dict({}))},
                            {"estimator_", std::move(fitted)},
                            {"threshold", std::move(threshold)},
                            {"max_features", max_features},
                            {"max_features_", max_features},
                            {"importance_getter", Node::Str("auto")},
                            {"norm_order", Node::Int(1)},
                            {"prefit", Node::Bool(false)},
                            {"_sklearn_version", Node::Str("1.9.1")}},
                           std::move(over))));
}

TEST(MapperFeatureSelection, SelectFromModelThresholds) {
  // 1-D coef_: |coef_| = 1, 4, 2, 3; mean 2.5, median 2.5.
  const Node coef = F64({1, -4, 2, -3}, {4});
  EXPECT_EQ(Columns(FromModel(coef, Node::None(), Node::None())),
            (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(Columns(FromModel(coef, Node::Str("median"), Node::None())),
            (std::vector<uint64_t>{1, 3}));
  // 0.5*mean = 1.25: 1 dropped.
  EXPECT_EQ(Columns(FromModel(coef, Node::Str(" 0.5 * mean"), Node::None())),
            (std::vector<uint64_t>{1, 2, 3}));
  // A number: scores below it dropped (equal kept).
  EXPECT_EQ(Columns(FromModel(coef, Node::Float(2.0), Node::None())),
            (std::vector<uint64_t>{1, 2, 3}));
  // max_features 2 takes the two largest, then the threshold.
  EXPECT_EQ(Columns(FromModel(coef, Node::Float(-1), Node::Int(2))),
            (std::vector<uint64_t>{1, 3}));
  // L1 penalty: the default threshold is 1e-5.
  EXPECT_EQ(Columns(FromModel(F64({0, 1e-6, 2e-5, 1}, {4}), Node::None(),
                              Node::None(), {{"penalty", Node::Str("l1")}})),
            (std::vector<uint64_t>{2, 3}));
  // 2-D coef_, norm_order 1: column sums of |coef_| = 2, 2, 7, 1 (mean 3).
  const Node coef2 = F64({1, -1, 3, 0, -1, 1, 4, 1}, {2, 4});
  EXPECT_EQ(Columns(FromModel(coef2, Node::Str("mean"), Node::None())),
            (std::vector<uint64_t>{2}));
  // norm_order inf: column maxima 1, 1, 4, 1 (mean 1.75).
  EXPECT_EQ(Columns(FromModel(coef2, Node::Str("mean"), Node::None(), {},
                              {{"norm_order", Node::Float(INFINITY)}})),
            (std::vector<uint64_t>{2}));
  ExpectRefused(FromModel(coef2, Node::Str("mean"), Node::None(), {},
                          {{"norm_order", Node::Int(3)}}),
                "norm_order");
  ExpectRefused(FromModel(coef, Node::Str("1.5*max"), Node::None()),
                "threshold='1.5*max'");
  ExpectRefused(FromModel(coef, Node::Str("inf*mean"), Node::None()),
                "threshold scale 'inf'");
  ExpectRefused(FromModel(coef, Node::Str("mean"), Node::Float(2.5)),
                "max_features");
  ExpectRefused(FromModel(coef, Node::Str("mean"), Node::None(), {},
                          {{"estimator_",
                            Obj("sklearn.svm._classes", "SVC",
                                Dict({{"n_features_in_", Node::Int(4)}}))}}),
                "estimator SVC with importance_getter='auto'");
  ExpectRefused(
      FromModel(coef, Node::Str("mean"), Node::None(), {},
                {{"importance_getter", Node::Str("feature_importances_")}}),
      "estimator LogisticRegression with importance_getter");
  ExpectRefused(FromModel(coef, Node::Str("mean"), Node::None(), {},
                          {{"importance_getter", Node::Str("x.coef_")}}),
                "importance_getter");
}

// A fitted tree's tree_: nodes as {left, right, feature, impurity,
// weighted_n_node_samples} in node order (leaves: -1, -1, -2).
struct TestNode {
  int64_t left, right, feature;
  double impurity, weight;
};
Node TreeNodes(const std::vector<TestNode>& nodes) {
  ArrayData a;
  a.typestr = "|V56";
  a.itemsize = 56;
  a.fields = {{"left_child", "<i8", 0},
              {"right_child", "<i8", 8},
              {"feature", "<i8", 16},
              {"threshold", "<f8", 24},
              {"impurity", "<f8", 32},
              {"n_node_samples", "<i8", 40},
              {"weighted_n_node_samples", "<f8", 48}};
  a.shape = {nodes.size()};
  a.bytes.resize(nodes.size() * 56);
  for (size_t i = 0; i < nodes.size(); ++i) {
    std::byte* p = a.bytes.data() + i * 56;
    const TestNode& n = nodes[i];
    const int64_t samples = static_cast<int64_t>(n.weight);
    const double threshold = n.left == -1 ? -2.0 : 0.5;
    std::memcpy(p, &n.left, 8);
    std::memcpy(p + 8, &n.right, 8);
    std::memcpy(p + 16, &n.feature, 8);
    std::memcpy(p + 24, &threshold, 8);
    std::memcpy(p + 32, &n.impurity, 8);
    std::memcpy(p + 40, &samples, 8);
    std::memcpy(p + 48, &n.weight, 8);
  }
  return Obj(
      "sklearn.tree._tree", "Tree",
      Dict({{"nodes", Node::Array(std::move(a))},
            {"node_count", Node::Int(static_cast<int64_t>(nodes.size()))}}));
}
// A fitted DecisionTreeRegressor over 3 features.
Node TreeOf(const std::vector<TestNode>& nodes) {
  return Obj("sklearn.tree._classes", "DecisionTreeRegressor",
             Dict({{"criterion", Node::Str("squared_error")},
                   {"splitter", Node::Str("best")},
                   {"n_features_in_", Node::Int(3)},
                   {"tree_", TreeNodes(nodes)}}));
}
// One split on `feature` of weight 10 and impurity `gain` into two pure
// leaves: importance 10 * gain before normalisation (1 after).
std::vector<TestNode> StumpNodes(int64_t feature, double gain = 1) {
  return {{1, 2, feature, gain, 10}, {-1, -1, -2, 0, 5}, {-1, -1, -2, 0, 5}};
}
Node Stump(int64_t feature, double gain = 1) {
  return TreeOf(StumpNodes(feature, gain));
}
Node Leaf() { return TreeOf({{-1, -1, -2, 0.5, 10}}); }

// SelectFromModel over a fitted (module, cls) with `fitted_fields` (and
// n_features_in_ 3), its `estimator` parameter of that class with
// `params`.
Node FromTrees(const char* module, const char* cls, Fields params,
               Fields fitted_fields, Node threshold,
               const char* version = "1.9.1", const char* getter = "auto") {
  fitted_fields.push_back({"n_features_in_", Node::Int(3)});
  return Obj(
      "sklearn.feature_selection._from_model", "SelectFromModel",
      Dict({{"estimator", Obj(module, cls, Dict(std::move(params)))},
            {"estimator_", Obj(module, cls, Dict(std::move(fitted_fields)))},
            {"threshold", std::move(threshold)},
            {"max_features", Node::None()},
            {"importance_getter", Node::Str(getter)},
            {"norm_order", Node::Int(1)},
            {"prefit", Node::Bool(false)},
            {"_sklearn_version", Node::Str(version)}}));
}

TEST(MapperFeatureSelection, SelectFromModelTreeImportances) {
  // Root on feature 2 (w 10, impurity 1) with children w 6 (impurity 0.5,
  // split on feature 0 into two leaves w 3, impurity 0.1) and w 4
  // (impurity 0.2): feature 2 gains 10 - 3 - 0.8 = 6.2, feature 0 gains
  // 3 - 0.3 - 0.3 = 2.4; normalised 0.279, 0, 0.721.
  const std::vector<TestNode> tree = {{1, 4, 2, 1.0, 10},
                                      {2, 3, 0, 0.5, 6},
                                      {-1, -1, -2, 0.1, 3},
                                      {-1, -1, -2, 0.1, 3},
                                      {-1, -1, -2, 0.2, 4}};
  auto single = [&](Node threshold) {
    return FromTrees("sklearn.tree._classes", "DecisionTreeRegressor",
                     {{"criterion", Node::Str("squared_error")},
                      {"splitter", Node::Str("best")}},
                     {{"tree_", TreeNodes(tree)}}, std::move(threshold));
  };
  EXPECT_EQ(Columns(single(Node::None())), (std::vector<uint64_t>{2}));
  EXPECT_EQ(Columns(single(Node::Str("median"))),
            (std::vector<uint64_t>{0, 2}));
  EXPECT_EQ(Columns(single(Node::Float(0.28))), (std::vector<uint64_t>{2}));
  EXPECT_EQ(Columns(single(Node::Float(0.27))), (std::vector<uint64_t>{0, 2}));

  // A forest averages its trees' normalised importances, skipping a
  // single-node tree: stumps on 0, 0 (gain 5) and 1: (2/3, 1/3, 0).
  const char* kForest = "sklearn.ensemble._forest";
  Fields forest = {
      {"estimators_", Node::List({Stump(0), Stump(0, 5), Leaf(), Stump(1)})}};
  EXPECT_EQ(Columns(FromTrees(kForest, "RandomForestRegressor",
                              {{"criterion", Node::Str("squared_error")}},
                              forest, Node::Float(0.3))),
            (std::vector<uint64_t>{0, 1}));
  // GradientBoosting averages unnormalised importances: (6/7, 1/7, 0).
  ArrayData stages;
  stages.typestr = "|O";
  stages.itemsize = 8;
  stages.shape = {4, 1};
  stages.objects = {Stump(0), Stump(0, 5), Leaf(), Stump(1)};
  Fields gb = {{"estimators_", Node::Array(std::move(stages))}};
  EXPECT_EQ(
      Columns(FromTrees("sklearn.ensemble._gb", "GradientBoostingRegressor", {},
                        gb, Node::Float(0.3))),
      (std::vector<uint64_t>{0}));
  // Only single-node trees: importances all zero, every feature kept.
  EXPECT_EQ(
      Columns(FromTrees(kForest, "ExtraTreesRegressor",
                        {{"criterion", Node::Str("squared_error")}},
                        {{"estimators_", Node::List({Leaf()})}}, Node::None())),
      (std::vector<uint64_t>{0, 1, 2}));

  ExpectRefused(FromTrees(kForest, "RandomForestRegressor",
                          {{"criterion", Node::Str("squared_error")}}, forest,
                          Node::None(), "1.9.1", "coef_"),
                "importance_getter='coef_'");
  auto bad = MapModel(
      FromTrees(kForest, "RandomForestRegressor",
                {{"criterion", Node::Str("squared_error")}},
                {{"estimators_", Node::List({Stump(3)})}}, Node::None()),
      Options());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kStateValue)
      << bad.status().ToString();
}

TEST(MapperFeatureSelection, SelectFromModelTreeInputCheckPerRelease) {
  // transform's input check follows the allow_nan tag of SelectFromModel's
  // `estimator`, which each release computes from the class, criterion and
  // splitter (a forest: its tree class with the forest's criterion).
  const char* kTree = "sklearn.tree._classes";
  const char* kForest = "sklearn.ensemble._forest";
  auto input = [&](const char* module, const char* cls, const char* criterion,
                   const char* splitter, const char* version) {
    Fields params = {{"criterion", Node::Str(criterion)}};
    Fields fitted = {{"estimators_", Node::List({Stump(0)})}};
    if (std::string_view(module) == kTree) {
      params.push_back({"splitter", Node::Str(splitter)});
      fitted = {{"tree_", TreeNodes(StumpNodes(0))}};
    }
    auto m = MapModel(FromTrees(module, cls, std::move(params),
                                std::move(fitted), Node::None(), version),
                      Options());
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? Sel(m).input : SelectorInput::kFinite;
  };
  const SelectorInput kAny = SelectorInput::kAny;
  const SelectorInput kFinite = SelectorInput::kFinite;
  const char* kDtc = "DecisionTreeClassifier";
  EXPECT_EQ(input(kTree, kDtc, "gini", "best", "1.4.2"), kAny);
  EXPECT_EQ(input(kTree, kDtc, "gini", "random", "1.5.2"), kFinite);
  EXPECT_EQ(input(kTree, kDtc, "gini", "random", "1.6.1"), kAny);
  EXPECT_EQ(input(kTree, "ExtraTreeClassifier", "gini", "best", "1.8.0"),
            kFinite);
  EXPECT_EQ(
      input(kTree, "DecisionTreeRegressor", "absolute_error", "best", "1.8.0"),
      kFinite);
  EXPECT_EQ(
      input(kTree, "DecisionTreeRegressor", "absolute_error", "best", "1.9.1"),
      kAny);
  EXPECT_EQ(
      input(kTree, "ExtraTreeRegressor", "absolute_error", "best", "1.9.1"),
      kFinite);
  EXPECT_EQ(input(kForest, "RandomForestClassifier", "entropy", "", "1.4.2"),
            kAny);
  EXPECT_EQ(input(kForest, "ExtraTreesClassifier", "gini", "", "1.5.2"),
            kFinite);
  EXPECT_EQ(input(kForest, "ExtraTreesClassifier", "gini", "", "1.7.2"), kAny);
  EXPECT_EQ(
      input(kForest, "RandomForestRegressor", "absolute_error", "", "1.7.2"),
      kFinite);
  EXPECT_EQ(
      input(kForest, "RandomForestRegressor", "absolute_error", "", "1.9.1"),
      kAny);
  EXPECT_EQ(input("sklearn.ensemble._gb", "GradientBoostingRegressor",
                  "friedman_mse", "", "1.9.1"),
            kFinite);
}

TEST(MapperFeatureSelection, SelectFromModelDefaultThresholdVersions) {
  // LogisticRegression(penalty="elasticnet", l1_ratio=1): 1.8+ takes 1e-5
  // (|coef_| 1, 4, 2, 3 all kept), 1.4 - 1.7 "mean" (2.5: 4 and 3 kept).
  const Node coef = F64({1, -4, 2, -3}, {4});
  auto fitted_by = [&](const char* version, Node l1_ratio) {
    return FromModel(coef, Node::None(), Node::None(),
                     {{"penalty", Node::Str("elasticnet")},
                      {"l1_ratio", std::move(l1_ratio)}},
                     {{"_sklearn_version", Node::Str(version)}});
  };
  EXPECT_EQ(Columns(fitted_by("1.9.1", Node::Float(1.0))),
            (std::vector<uint64_t>{0, 1, 2, 3}));
  EXPECT_EQ(Columns(fitted_by("1.7.2", Node::Float(1.0))),
            (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(Columns(fitted_by("1.9.1", Node::Float(0.5))),
            (std::vector<uint64_t>{1, 3}));
  // l1_ratio None: 1.8+ raises in np.isclose (refused); 1.4 never reads it.
  ExpectRefused(fitted_by("1.9.1", Node::None()), "l1_ratio");
  EXPECT_EQ(Columns(fitted_by("1.4.2", Node::None())),
            (std::vector<uint64_t>{1, 3}));
}

Node Indicator(Node missing, const char* features, bool error_on_new,
               Node sparse, std::vector<int64_t> fitted, int64_t n = 3) {
  return Obj("sklearn.impute._base", "MissingIndicator",
             Dict({{"missing_values", std::move(missing)},
                   {"features", Node::Str(features)},
                   {"sparse", std::move(sparse)},
                   {"error_on_new", Node::Bool(error_on_new)},
                   {"n_features_in_", Node::Int(n)},
                   {"_n_features", Node::Int(n)},
                   {"features_", testing::I64(fitted)},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

TEST(MapperFeatureSelection, MissingIndicatorParameters) {
  auto m = MapModel(Indicator(Node::Float(std::nan("")), "missing-only", true,
                              Node::Str("auto"), {0, 2}),
                    Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& mi = std::get<MissingIndicator>(m->estimator.kind);
  EXPECT_EQ(mi.features, (std::vector<uint64_t>{0, 2}));
  EXPECT_TRUE(std::isnan(mi.missing_value));
  EXPECT_EQ(mi.on_new, IndicatorNew::kError);
  EXPECT_EQ(m->output.n_outputs, 2u);
  auto all = MapModel(
      Indicator(Node::Int(-1), "all", true, Node::Bool(false), {0, 1, 2}),
      Options());
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(std::get<MissingIndicator>(all->estimator.kind).on_new,
            IndicatorNew::kIgnore);
  EXPECT_EQ(std::get<MissingIndicator>(all->estimator.kind).missing_value, -1);
  ExpectRefused(Indicator(Node::Float(0.1), "missing-only", false,
                          Node::Str("auto"), {0}),
                "missing_values=");
  ExpectRefused(
      Indicator(Node::Str("?"), "missing-only", false, Node::Str("auto"), {0}),
      "missing_values");
  ExpectRefused(Indicator(Node::Float(std::nan("")), "missing-only", false,
                          Node::Bool(true), {0}),
                "sparse=True");
  ExpectRefused(Indicator(Node::Float(std::nan("")), "missing-only", false,
                          Node::Str("auto"), {}),
                "features_ is empty");
}

}  // namespace
}  // namespace modelseal::mapper
