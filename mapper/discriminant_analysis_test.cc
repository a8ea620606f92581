// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The discriminant analysis mappers on hand-built state trees:
// LinearDiscriminantAnalysis as a classifier (LinearModel) and, before
// another step, as its transform (Projection); QuadraticDiscriminantAnalysis
// with its release-dependent proba; the refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Arr;
using testing::Dict;
using testing::ExpectRefusals;
using testing::F64;
using testing::F64s;
using testing::I64;
using testing::Obj;
using testing::Options;
using testing::Override;
using testing::Refusal;

// Three classes, two features; scalings_ [2, 2] with _max_components 1.
Node Lda(std::vector<std::pair<std::string, Node>> extra = {}) {
  std::vector<std::pair<std::string, Node>> state = {
      {"solver", Node::Str("svd")},
      {"n_features_in_", Node::Int(2)},
      {"classes_", I64({0, 1, 2})},
      {"coef_", F64({1, 2, 3, 4, 5, 6}, {3, 2})},
      {"intercept_", F64({-1, 0, 1}, {3})},
      {"scalings_", F64({1, 2, 3, 4}, {2, 2})},
      {"xbar_", F64({0.5, -0.5}, {2})},
      {"_max_components", Node::Int(1)},
      {"_sklearn_version", Node::Str("1.9.1")}};
  return Obj("sklearn.discriminant_analysis", "LinearDiscriminantAnalysis",
             Dict(Override(std::move(state), std::move(extra))));
}

Node Logistic() {
  return Obj("sklearn.linear_model._logistic", "LogisticRegression",
             Dict({{"n_features_in_", Node::Int(1)},
                   {"classes_", I64({0, 1})},
                   {"coef_", F64({1}, {1, 1})},
                   {"intercept_", F64({0}, {1})},
                   {"_sklearn_version", Node::Str("1.9.1")}}));
}

Node Pipe(std::vector<Node> steps) {
  std::vector<Node> entries;
  for (size_t i = 0; i < steps.size(); ++i) {
    entries.push_back(
        Node::Tuple({Node::Str("s" + std::to_string(i)), std::move(steps[i])}));
  }
  return Obj("sklearn.pipeline", "Pipeline",
             Dict({{"steps", Node::List(std::move(entries))}}));
}

// Two classes, two features, r = 2.
Node Qda(const char* version,
         std::vector<std::pair<std::string, Node>> extra = {}) {
  std::vector<std::pair<std::string, Node>> state = {
      {"n_features_in_", Node::Int(2)},
      {"classes_", I64({3, 7})},
      {"means_", F64({0, 1, 2, 3}, {2, 2})},
      {"rotations_",
       Node::List({F64({1, 0, 0, 1}, {2, 2}), F64({0, 1, 1, 0}, {2, 2})})},
      {"scalings_", Node::List({F64({4, 1}, {2}), F64({2, 0.5}, {2})})},
      {"priors_", F64({0.25, 0.75}, {2})},
      {"_sklearn_version", Node::Str(version)}};
  return Obj("sklearn.discriminant_analysis", "QuadraticDiscriminantAnalysis",
             Dict(Override(std::move(state), std::move(extra))));
}

TEST(MapperDiscriminant, LdaPredictsAsALinearModel) {
  auto m = MapModel(Lda(), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& l = std::get<LinearModel>(m->estimator.kind);
  EXPECT_EQ(l.output, LinearOutput::kDiscriminant);
  EXPECT_EQ(F64s(l.coef), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(m->output.task, Task::kClassification);
}

TEST(MapperDiscriminant, LdaBeforeAnotherStepIsItsTransform) {
  // svd: (X - xbar_) @ scalings_[:, :1].
  auto m = MapModel(Pipe({Lda(), Logistic()}), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& pipe = std::get<Pipeline>(m->estimator.kind);
  const auto& p = std::get<Projection>(pipe.steps[0].kind);
  EXPECT_EQ(p.centering, ProjectionCentering::kBefore);
  EXPECT_EQ(p.components.shape(), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(F64s(p.components), (std::vector<double>{1, 3}));
  EXPECT_EQ(F64s(p.mean), (std::vector<double>{0.5, -0.5}));
  // eigen: X @ scalings_, no mean; two components.
  m = MapModel(Pipe({Lda({{"solver", Node::Str("eigen")},
                          {"_max_components", Node::Int(2)}}),
                     Logistic()}),
               Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& e =
      std::get<Projection>(std::get<Pipeline>(m->estimator.kind).steps[0].kind);
  EXPECT_EQ(e.centering, ProjectionCentering::kNone);
  EXPECT_EQ(F64s(e.components), (std::vector<double>{1, 3, 2, 4}));
  EXPECT_FALSE(e.mean.present());
  // The last step of a pipeline that is itself a step before another.
  m = MapModel(Pipe({Pipe({Lda()}), Logistic()}), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  // Last step of a top-level pipeline: the classifier again.
  m = MapModel(Pipe({Lda()}), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_TRUE(std::holds_alternative<LinearModel>(
      std::get<Pipeline>(m->estimator.kind).steps[0].kind));
}

TEST(MapperDiscriminant, QdaProbaFollowsTheFittingRelease) {
  for (const auto& [version, proba] :
       {std::pair{"1.4.2", QuadraticProba::kLikelihood},
        std::pair{"1.5.2", QuadraticProba::kLikelihood},
        std::pair{"1.6.1", QuadraticProba::kLogSoftmax},
        std::pair{"1.9.1", QuadraticProba::kLogSoftmax}}) {
    auto m = MapModel(Qda(version), Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    const auto& q = std::get<QuadraticDiscriminant>(m->estimator.kind);
    EXPECT_EQ(q.proba, proba) << version;
    EXPECT_EQ(q.rotations.shape(), (std::vector<uint64_t>{2, 2, 2}));
    EXPECT_EQ(F64s(q.rotations), (std::vector<double>{1, 0, 0, 1, 0, 1, 1, 0}));
    EXPECT_EQ(F64s(q.scalings), (std::vector<double>{4, 1, 2, 0.5}));
    EXPECT_EQ(F64s(q.priors), (std::vector<double>{0.25, 0.75}));
  }
}

TEST(MapperDiscriminant, Refusals) {
  std::vector<Refusal> cases;
  cases.push_back(
      {Lda({{"coef_", Arr<float>("<f4", {1, 2, 3, 4, 5, 6}, {3, 2})}}),
       ErrorCode::kEstimatorParam, "float32"});
  cases.push_back({Pipe({Lda({{"solver", Node::Str("lsqr")}}), Logistic()}),
                   ErrorCode::kEstimatorParam, "has no transform"});
  cases.push_back({Pipe({Lda({{"xbar_", F64({0.5}, {1})}}), Logistic()}),
                   ErrorCode::kStateShape, "expected [2]"});
  cases.push_back({Pipe({Lda({{"_max_components", Node::Int(0)}}), Logistic()}),
                   ErrorCode::kStateValue, "not a component count"});
  // A class with fewer components (fewer samples than features).
  cases.push_back(
      {Qda("1.9.1", {{"rotations_", Node::List({F64({1, 0, 0, 1}, {2, 2}),
                                                F64({0, 1}, {2, 1})})}}),
       ErrorCode::kStateShape, "fewer samples than features"});
  cases.push_back(
      {Qda("1.9.1",
           {{"scalings_", Node::List({F64({4, 1}, {2}), F64({2, 0}, {2})})}}),
       ErrorCode::kEstimatorParam, "reg_param"});
  cases.push_back({Qda("1.9.1", {{"priors_", F64({0, 1}, {2})}}),
                   ErrorCode::kEstimatorParam, "never predicted"});
  cases.push_back({Qda("1.9.1", {{"means_", F64({0, 1, 2, NAN}, {2, 2})}}),
                   ErrorCode::kStateValue, "entry 3"});
  cases.push_back(
      {Qda("1.9.1", {{"rotations_", Node::List({F64({1, 0, 0, 1}, {2, 2})})}}),
       ErrorCode::kStateShape, "1 entries for 2 classes"});
  ExpectRefusals(cases);
}

}  // namespace
}  // namespace modelseal::mapper
