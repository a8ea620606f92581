// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The feature selector mappers (h-sel) on hand-built state trees shaped as
// scikit-learn 1.9.1 fits them: the support mask as _get_support_mask
// computes it, and the refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
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
  ExpectRefused(
      Support("sklearn.feature_selection._rfe", "RFECV",
              "sklearn.tree._classes", "DecisionTreeClassifier", {1, 1}),
      "estimator=DecisionTreeClassifier");
  ExpectRefused(
      Support("sklearn.feature_selection._rfe", "RFE",
              "sklearn.linear_model._logistic", "LogisticRegression", {0, 0}),
      "selects no feature");
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
