// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The spline mapper (SplineTransformer) on hand-built state trees shaped as
// scikit-learn 1.9.1 (scipy 1.17.1) fits them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
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

// A BSpline as fit builds it: knots t, identity coefficients (periodic:
// [I; I[:k]]).
Node Spline(const std::vector<double>& t, int64_t k, bool periodic,
            bool extrapolate, bool new_layout = true) {
  const uint64_t rows = t.size() - static_cast<uint64_t>(k) - 1;
  const uint64_t ns = periodic ? rows - static_cast<uint64_t>(k) : rows;
  std::vector<double> c(rows * ns, 0.0);
  for (uint64_t r = 0; r < rows; ++r) c[r * ns + r % ns] = 1.0;
  return Obj("scipy.interpolate._bsplines", "BSpline",
             Dict({{new_layout ? "_t" : "t", F64(t, {t.size()})},
                   {new_layout ? "_c" : "c", F64(c, {rows, ns})},
                   {"k", Node::Int(k)},
                   {"extrapolate", Node::Bool(extrapolate)},
                   {"axis", Node::Int(0)}}));
}

// A SplineTransformer with n features, each on the same knots.
Node Transformer(int64_t n, const std::vector<double>& t, int64_t k,
                 const std::string& extrapolation, bool include_bias = true,
                 bool sparse = false, const std::string& version = "1.9.1") {
  const bool periodic = extrapolation == "periodic";
  const bool ext = periodic || extrapolation == "continue";
  std::vector<Node> splines;
  for (int64_t i = 0; i < n; ++i) {
    splines.push_back(Spline(t, k, periodic, ext));
  }
  const int64_t rows = static_cast<int64_t>(t.size()) - k - 1;
  const int64_t ns = periodic ? rows - k : rows;
  return Obj("sklearn.preprocessing._polynomial", "SplineTransformer",
             Dict({{"n_knots", Node::Int(5)},
                   {"degree", Node::Int(k)},
                   {"knots", Node::Str("uniform")},
                   {"extrapolation", Node::Str(extrapolation)},
                   {"include_bias", Node::Bool(include_bias)},
                   {"order", Node::Str("C")},
                   {"handle_missing", Node::Str("error")},
                   {"sparse_output", Node::Bool(sparse)},
                   {"n_features_in_", Node::Int(n)},
                   {"bsplines_", Node::List(std::move(splines))},
                   {"n_features_out_", Node::Int(n * (ns - !include_bias))},
                   {"_sklearn_version", Node::Str(version)}}));
}

const SplineTransformer& Get(const Result<Model>& m) {
  return std::get<SplineTransformer>(m->estimator.kind);
}

// Base knots 0, 1, 2, 3 with degree 3: three knots added at each end.
const std::vector<double> kCubic = {-3, -2, -1, 0, 1, 2, 3, 4, 5, 6};

TEST(MapperSpline, CubicConstantKeepsTheKnots) {
  auto m = MapModel(Transformer(2, kCubic, 3, "constant"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const SplineTransformer& s = Get(m);
  EXPECT_EQ(s.degree, 3u);
  EXPECT_EQ(s.extrapolation, SplineExtrapolation::kConstant);
  EXPECT_EQ(s.knots.shape(), (std::vector<uint64_t>{2, 10}));
  EXPECT_TRUE(s.bound.empty());
  EXPECT_EQ(s.derivative, SplineDerivative::kScipy117);
  EXPECT_EQ(m->output.task, Task::kTransform);
  EXPECT_EQ(m->output.n_outputs, 12u);  // 2 features x 6 splines
}

TEST(MapperSpline, LinearDegreeOneCarriesTheGrownDegree) {
  // scikit-learn's loop: feature 0 uses t[1], later ones t[2].
  const std::vector<double> t = {-1, 0, 1, 2, 3, 4};
  auto m = MapModel(Transformer(3, t, 1, "linear", false), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Get(m).bound, (std::vector<uint64_t>{1, 2, 2}));
  EXPECT_EQ(m->output.n_outputs, 9u);  // 3 x (4 - 1)
}

TEST(MapperSpline, LinearDegreeZero) {
  const std::vector<double> t = {0, 1, 2, 3};
  auto m = MapModel(Transformer(3, t, 0, "linear"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Get(m).bound, (std::vector<uint64_t>{0, 1, 2}));
}

TEST(MapperSpline, DerivativeRuleFollowsScipy) {
  MapOptions o = Options();
  o.scipy_version = "1.16.3";
  auto m = MapModel(Transformer(1, kCubic, 3, "linear"), o);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Get(m).derivative, SplineDerivative::kScipy115);
  o.scipy_version = "1.17.1";
  m = MapModel(Transformer(1, kCubic, 3, "linear"), o);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Get(m).derivative, SplineDerivative::kScipy117);
}

TEST(MapperSpline, Refusals) {
  // Periodic base knots 0..3 with degree 2: two knots added at each end.
  const std::vector<double> flat = {0, 0, 0, 0, 0, 0, 0};
  testing::ExpectRefusals({
      {Transformer(1, kCubic, 3, "constant", true, true),
       ErrorCode::kEstimatorParam, "sparse_output=True"},
      {Transformer(2, {0, 1}, 0, "linear"), ErrorCode::kEstimatorParam,
       "indexes outside"},
      {Transformer(1, flat, 2, "periodic", true, false, "1.7.2"),
       ErrorCode::kEstimatorParam, "zero period"},
      {Transformer(1, {0, 1, 2, std::nan(""), 4, 5, 6, 7, 8, 9}, 3, "constant"),
       ErrorCode::kEstimatorParam, "not finite and non-decreasing"},
  });
  // 1.8+ evaluates a zero period at 0.0.
  auto m = MapModel(Transformer(1, flat, 2, "periodic"), Options());
  EXPECT_TRUE(m.ok()) << m.status().ToString();
}

}  // namespace
}  // namespace modelseal::mapper
