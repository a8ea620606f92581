// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The distribution mappers (QuantileTransformer, PowerTransformer) on
// hand-built state trees shaped as scikit-learn 1.9.1 fits them.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Dict;
using testing::F64;
using testing::Obj;
using testing::Options;

// QuantileTransformer(n_quantiles=3) fitted on 2 features: quantiles_
// [[0, 10], [1, 20], [2, 30]], references_ [0, 0.5, 1].
Node Quantile(const char* dist, std::vector<double> q = {0, 10, 1, 20, 2, 30},
              std::vector<double> refs = {0, 0.5, 1}, uint64_t cols = 2) {
  const uint64_t rows = q.size() / cols;
  return Obj("sklearn.preprocessing._data", "QuantileTransformer",
             Dict({{"n_quantiles", Node::Int(3)},
                   {"output_distribution", Node::Str(dist)},
                   {"ignore_implicit_zeros", Node::Bool(false)},
                   {"subsample", Node::Int(10000)},
                   {"n_features_in_", Node::Int(2)},
                   {"n_quantiles_", Node::Int(static_cast<int64_t>(rows))},
                   {"quantiles_", F64(q, {rows, cols})},
                   {"references_", F64(refs, {refs.size()})},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

TEST(MapperDistribution, QuantileUniformAndNormal) {
  auto m = MapModel(Quantile("uniform"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& q = std::get<QuantileTransformer>(m->estimator.kind);
  EXPECT_EQ(q.output, QuantileOutput::kUniform);
  EXPECT_EQ(q.quantiles.shape(), (std::vector<uint64_t>{3, 2}));
  auto s = q.quantiles.span<double>();
  EXPECT_EQ(std::vector<double>(s.begin(), s.end()),
            (std::vector<double>{0, 10, 1, 20, 2, 30}));
  EXPECT_EQ(q.references.shape(), (std::vector<uint64_t>{3}));
  EXPECT_EQ(m->output.task, Task::kTransform);
  EXPECT_EQ(m->output.n_outputs, 2u);
  auto n = MapModel(Quantile("normal"), Options());
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(std::get<QuantileTransformer>(n->estimator.kind).output,
            QuantileOutput::kNormal);
}

TEST(MapperNegative, QuantileUnknownDistributionNamed) {
  auto m = MapModel(Quantile("lognormal"), Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("output_distribution"), std::string::npos)
      << m.status().ToString();
}

TEST(MapperNegative, QuantileNaNOrDecreasingQuantilesRefused) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto all_nan =
      MapModel(Quantile("uniform", {0, nan, 1, nan, 2, nan}), Options());
  EXPECT_EQ(all_nan.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(all_nan.status().detail().find("feature 1"), std::string::npos)
      << all_nan.status().ToString();
  auto decreasing =
      MapModel(Quantile("uniform", {0, 10, 1, 20, 0.5, 30}), Options());
  EXPECT_EQ(decreasing.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(decreasing.status().detail().find("feature 0"), std::string::npos);
}

TEST(MapperNegative, QuantileInconsistentState) {
  // references_ of another length than quantiles_.
  auto refs =
      MapModel(Quantile("uniform", {0, 10, 1, 20, 2, 30}, {0, 1}), Options());
  EXPECT_EQ(refs.status().code(), ErrorCode::kStateShape);
  auto outside = MapModel(
      Quantile("uniform", {0, 10, 1, 20, 2, 30}, {0, 0.5, 1.5}), Options());
  EXPECT_EQ(outside.status().code(), ErrorCode::kStateValue);
  // quantiles_ with another column count than n_features_in_ (2).
  auto cols =
      MapModel(Quantile("uniform", {0, 1, 2}, {0, 0.5, 1}, 1), Options());
  EXPECT_EQ(cols.status().code(), ErrorCode::kStateShape);
}

// ---- PowerTransformer ----

// PowerTransformer(method, standardize) fitted on 2 features by `version`:
// lambdas_ [0.5, -1.5], _scaler.mean_ [0.25, -0.5], _scaler.scale_ [2,
// 0.5].
Node Power(const char* method, bool standardize, const char* version = "1.9.1",
           std::vector<double> lambdas = {0.5, -1.5},
           std::vector<double> scale = {2, 0.5}) {
  std::vector<std::pair<std::string, Node>> state = {
      {"method", Node::Str(method)},
      {"standardize", Node::Bool(standardize)},
      {"copy", Node::Bool(true)},
      {"n_features_in_", Node::Int(2)},
      {"lambdas_", F64(lambdas, {lambdas.size()})},
      {"_sklearn_version", Node::Str(version)}};
  if (standardize) {
    state.emplace_back("_scaler",
                       Obj("sklearn.preprocessing._data", "StandardScaler",
                           Dict({{"with_mean", Node::Bool(true)},
                                 {"with_std", Node::Bool(true)},
                                 {"copy", Node::Bool(false)},
                                 {"n_features_in_", Node::Int(2)},
                                 {"mean_", F64({0.25, -0.5}, {2})},
                                 {"var_", F64({4, 0.25}, {2})},
                                 {"scale_", F64(scale, {scale.size()})},
                                 {"_sklearn_version", Node::Str(version)}})));
  }
  return Obj("sklearn.preprocessing._data", "PowerTransformer",
             Dict(std::move(state)));
}

TEST(MapperDistribution, PowerMethodsAndStandardize) {
  auto m = MapModel(Power("yeo-johnson", true), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& p = std::get<PowerTransformer>(m->estimator.kind);
  EXPECT_EQ(p.method, PowerMethod::kYeoJohnsonExpm1);
  auto l = p.lambdas.span<double>();
  EXPECT_EQ(std::vector<double>(l.begin(), l.end()),
            (std::vector<double>{0.5, -1.5}));
  auto mean = p.mean.span<double>();
  EXPECT_EQ(std::vector<double>(mean.begin(), mean.end()),
            (std::vector<double>{0.25, -0.5}));
  auto scale = p.scale.span<double>();
  EXPECT_EQ(std::vector<double>(scale.begin(), scale.end()),
            (std::vector<double>{2, 0.5}));
  EXPECT_EQ(m->output.task, Task::kTransform);
  EXPECT_EQ(m->output.n_outputs, 2u);
  auto b = MapModel(Power("box-cox", false), Options());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const auto& bp = std::get<PowerTransformer>(b->estimator.kind);
  EXPECT_EQ(bp.method, PowerMethod::kBoxCox);
  EXPECT_FALSE(bp.mean.present());
  EXPECT_FALSE(bp.scale.present());
}

TEST(MapperDistribution, PowerYeoJohnsonFormulaFollowsTheFittingRelease) {
  for (const char* v : {"1.4.2", "1.7.2", "1.8.0"}) {
    auto m = MapModel(Power("yeo-johnson", true, v), Options());
    ASSERT_TRUE(m.ok()) << v << " " << m.status().ToString();
    EXPECT_EQ(std::get<PowerTransformer>(m->estimator.kind).method,
              PowerMethod::kYeoJohnsonPower)
        << v;
  }
  auto m = MapModel(Power("yeo-johnson", true, "1.9.0"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(std::get<PowerTransformer>(m->estimator.kind).method,
            PowerMethod::kYeoJohnsonExpm1);
}

TEST(MapperNegative, PowerUnknownMethodNamed) {
  auto m = MapModel(Power("log", true), Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("method"), std::string::npos)
      << m.status().ToString();
}

TEST(MapperNegative, PowerNonFiniteStateRefused) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto lambdas =
      MapModel(Power("yeo-johnson", true, "1.9.1", {0.5, nan}), Options());
  EXPECT_EQ(lambdas.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(lambdas.status().detail().find("feature 1"), std::string::npos)
      << lambdas.status().ToString();
  auto scale = MapModel(
      Power("yeo-johnson", true, "1.9.1", {0.5, -1.5}, {0, 1}), Options());
  EXPECT_EQ(scale.status().code(), ErrorCode::kEstimatorParam);
  auto shape = MapModel(Power("yeo-johnson", true, "1.9.1", {0.5}), Options());
  EXPECT_EQ(shape.status().code(), ErrorCode::kStateShape);
}

// ---- end PowerTransformer ----

}  // namespace
}  // namespace modelseal::mapper
