// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The numeric preprocessing mappers added with issue 13 (RobustScaler, ...)
// on hand-built state trees shaped as scikit-learn 1.9.1 fits them.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Dict;
using testing::F64;
using testing::F64s;
using testing::Obj;
using testing::Options;

// RobustScaler(with_centering, with_scaling) on 2 features; center_ /
// scale_ are None when their flag is False, as fit leaves them.
Node Robust(bool centering, bool scaling, Node center = F64({1.5, -2}, {2}),
            Node scale = F64({1, 0.25}, {2})) {
  return Obj("sklearn.preprocessing._data", "RobustScaler",
             Dict({{"with_centering", Node::Bool(centering)},
                   {"with_scaling", Node::Bool(scaling)},
                   {"quantile_range",
                    Node::Tuple({Node::Float(25.0), Node::Float(75.0)})},
                   {"unit_variance", Node::Bool(false)},
                   {"copy", Node::Bool(true)},
                   {"n_features_in_", Node::Int(2)},
                   {"center_", centering ? std::move(center) : Node::None()},
                   {"scale_", scaling ? std::move(scale) : Node::None()},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

TEST(MapperPreprocessing, RobustScalerKeepsTheFittedParts) {
  for (bool centering : {false, true}) {
    for (bool scaling : {false, true}) {
      auto m = MapModel(Robust(centering, scaling), Options());
      ASSERT_TRUE(m.ok()) << m.status().ToString();
      const auto& s = std::get<RobustScaler>(m->estimator.kind);
      EXPECT_EQ(s.center.present(), centering);
      EXPECT_EQ(s.scale.present(), scaling);
      if (centering) {
        EXPECT_EQ(F64s(s.center), (std::vector<double>{1.5, -2}));
      }
      if (scaling) {
        EXPECT_EQ(F64s(s.scale), (std::vector<double>{1, 0.25}));
      }
      EXPECT_EQ(m->output.task, Task::kTransform);
      EXPECT_EQ(m->output.n_outputs, 2u);
    }
  }
}

TEST(MapperNegative, RobustScalerNonFiniteStateRefused) {
  // A feature all NaN at fit: center_ and scale_ NaN.
  auto nan_center = MapModel(Robust(true, true, F64({NAN, 1}, {2})), Options());
  EXPECT_EQ(nan_center.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(nan_center.status().detail().find("center_[0]"), std::string::npos);
  // unit_variance with equal quantiles: an infinite scale_.
  auto inf_scale = MapModel(
      Robust(true, true, F64({0, 1}, {2}), F64({1, INFINITY}, {2})), Options());
  EXPECT_EQ(inf_scale.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(inf_scale.status().detail().find("scale_[1]"), std::string::npos);
  // unit_variance with quantile_range (0, 100): a zero scale_.
  auto zero_scale = MapModel(
      Robust(true, true, F64({0, 1}, {2}), F64({0, 1}, {2})), Options());
  EXPECT_EQ(zero_scale.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(zero_scale.status().detail().find("scale_[0]"), std::string::npos);
  // Not centering: center_ (None) is not read.
  EXPECT_TRUE(MapModel(Robust(false, true, Node::Str("x")), Options()).ok());
}

Node NormalizerState(const char* norm) {
  return Obj("sklearn.preprocessing._data", "Normalizer",
             Dict({{"norm", Node::Str(norm)},
                   {"copy", Node::Bool(true)},
                   {"n_features_in_", Node::Int(3)},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

TEST(MapperPreprocessing, NormalizerNorms) {
  for (const auto& [name, kind] :
       {std::pair<const char*, NormKind>("l1", NormKind::kL1),
        {"l2", NormKind::kL2},
        {"max", NormKind::kMax}}) {
    auto m = MapModel(NormalizerState(name), Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(std::get<Normalizer>(m->estimator.kind).norm, kind);
    EXPECT_EQ(m->output.n_outputs, 3u);
    EXPECT_EQ(m->input.n_features, 3u);
  }
}

TEST(MapperNegative, NormalizerUnknownNormRefused) {
  auto m = MapModel(NormalizerState("l3"), Options());
  EXPECT_EQ(m.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(m.status().detail().find("norm 'l3'"), std::string::npos);
}

TEST(MapperPreprocessing, BinarizerThreshold) {
  for (Node t : {Node::Float(0.25), Node::Int(-3)}) {
    const double want = t.kind() == Node::Kind::kInt ? -3.0 : 0.25;
    auto m = MapModel(Obj("sklearn.preprocessing._data", "Binarizer",
                          Dict({{"threshold", std::move(t)},
                                {"copy", Node::Bool(true)},
                                {"n_features_in_", Node::Int(4)},
                                {"_sklearn_version", Node::Str("1.9.1")}})),
                      Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(std::get<Binarizer>(m->estimator.kind).threshold, want);
    EXPECT_EQ(m->output.n_outputs, 4u);
  }
}

}  // namespace
}  // namespace modelseal::mapper
