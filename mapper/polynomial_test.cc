// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The polynomial mappers (PolynomialFeatures) on hand-built state trees
// shaped as scikit-learn 1.9.1 fits them.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Dict;
using testing::Obj;
using testing::Options;

// PolynomialFeatures fitted on n features: the fitted attributes fit sets.
Node Poly(int64_t n, int64_t min_degree, int64_t max_degree,
          bool interaction_only, bool include_bias, int64_t n_out,
          int64_t n_full) {
  return Obj("sklearn.preprocessing._polynomial", "PolynomialFeatures",
             Dict({{"degree", Node::Tuple({Node::Int(min_degree),
                                           Node::Int(max_degree)})},
                   {"interaction_only", Node::Bool(interaction_only)},
                   {"include_bias", Node::Bool(include_bias)},
                   {"order", Node::Str("C")},
                   {"n_features_in_", Node::Int(n)},
                   {"_min_degree", Node::Int(min_degree)},
                   {"_max_degree", Node::Int(max_degree)},
                   {"n_output_features_", Node::Int(n_out)},
                   {"_n_out_full", Node::Int(n_full)},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

const PolynomialFeatures& Get(const Result<Model>& m) {
  return std::get<PolynomialFeatures>(m->estimator.kind);
}

using U = std::vector<uint64_t>;

TEST(MapperPolynomial, DegreeTwoWithBiasFollowsTheTransformLoop) {
  // powers_ (0,0) (1,0) (0,1) (2,0) (1,1) (0,2): x0^2 = XP[:, 1] * x0,
  // x0 x1 = XP[:, 2] * x0, x1^2 = XP[:, 2] * x1.
  auto m = MapModel(Poly(2, 0, 2, false, true, 6, 6), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Get(m).base, (U{0, 0, 0, 2, 3, 3}));
  EXPECT_EQ(Get(m).feature, (U{0, 1, 2, 1, 1, 2}));
  EXPECT_EQ(Get(m).output, (U{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(m->output.task, Task::kTransform);
  EXPECT_EQ(m->output.n_outputs, 6u);
}

TEST(MapperPolynomial, DegreeThreeReusesTheSquares) {
  // One feature, degree 3, no bias: x, x^2 = x * x, x^3 = x^2 * x.
  auto m = MapModel(Poly(1, 0, 3, false, false, 3, 3), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Get(m).base, (U{0, 1, 2}));
  EXPECT_EQ(Get(m).feature, (U{1, 1, 1}));
}

TEST(MapperPolynomial, MinDegreeKeepsTheLastColumns) {
  // degree=(2, 3), 2 features, no bias: XP has 9 columns (degree 1 to 3),
  // the output its last 7 (degrees 2 and 3).
  auto m = MapModel(Poly(2, 2, 3, false, false, 7, 9), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Get(m).base.size(), 9u);
  EXPECT_EQ(Get(m).output, (U{2, 3, 4, 5, 6, 7, 8}));
  // With the bias: column 0 and then the degree 2 and 3 columns.
  m = MapModel(Poly(2, 2, 3, false, true, 8, 10), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Get(m).output, (U{0, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(MapperPolynomial, InteractionOnlyStopsWhenNoTermIsLeft) {
  // 2 features, degree 3, interaction_only: 1, x0, x1, x0 x1; degree 3 has
  // no term (the loop breaks at once).
  auto m = MapModel(Poly(2, 0, 3, true, true, 4, 4), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Get(m).base, (U{0, 0, 0, 3}));
  EXPECT_EQ(Get(m).feature, (U{0, 1, 2, 1}));
  // A huge max_degree costs nothing once a degree adds no term.
  m = MapModel(Poly(2, 0, int64_t{1} << 40, true, false, 3, 3), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Get(m).base.size(), 3u);
}

TEST(MapperPolynomial, DegreeZeroIsTheBiasAlone) {
  auto m = MapModel(Poly(3, 0, 0, false, true, 1, 1), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Get(m).base, (U{0}));
  EXPECT_EQ(Get(m).feature, (U{0}));
}

TEST(MapperNegative, PolynomialCountsMustMatchTheLoop) {
  // n_output_features_ or _n_out_full that the loop does not produce.
  EXPECT_EQ(
      MapModel(Poly(2, 0, 2, false, true, 5, 6), Options()).status().code(),
      ErrorCode::kStateValue);
  EXPECT_EQ(
      MapModel(Poly(2, 0, 2, false, true, 6, 7), Options()).status().code(),
      ErrorCode::kStateValue);
  EXPECT_EQ(
      MapModel(Poly(2, 0, 2, false, true, 5, 5), Options()).status().code(),
      ErrorCode::kStateValue);
  // The cut for min_degree must land on the degree boundary.
  EXPECT_EQ(
      MapModel(Poly(2, 2, 3, false, false, 8, 9), Options()).status().code(),
      ErrorCode::kStateValue);
  EXPECT_EQ(
      MapModel(Poly(2, 3, 2, false, false, 0, 5), Options()).status().code(),
      ErrorCode::kStateValue);
}

TEST(MapperNegative, PolynomialWidthLimitAndEmptyOutput) {
  // More product columns than kMaxFeatures: refused before building.
  Status s =
      MapModel(Poly(1000, 0, 3, false, true, 167668501, 167668501), Options())
          .status();
  EXPECT_EQ(s.code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(s.detail().find("degree"), std::string::npos) << s.ToString();
  // interaction_only, degree=(3, 3) on 2 features: no column at all.
  s = MapModel(Poly(2, 3, 3, true, false, 0, 3), Options()).status();
  EXPECT_EQ(s.code(), ErrorCode::kEstimatorParam);
}

}  // namespace
}  // namespace modelseal::mapper
