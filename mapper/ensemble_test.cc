// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The mappers of ensemble.cc: VotingClassifier and VotingRegressor are a
// Voting of estimators_, with the weights of the estimators not "drop".
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "mapper/test_util.h"

namespace modelseal::mapper {
namespace {

using testing::Dict;
using testing::F64;
using testing::I64;
using testing::Obj;
using testing::Options;

// A logistic regression fitted on the class indices 0, 1, 2 (or `classes`).
Node IndexClassifier(std::vector<int64_t> classes = {0, 1, 2}) {
  const uint64_t k = classes.size();
  return Obj("sklearn.linear_model._logistic", "LogisticRegression",
             Dict({{"coef_", F64(std::vector<double>(k * 2, 0.5), {k, 2})},
                   {"intercept_", F64(std::vector<double>(k, 0.0), {k})},
                   {"classes_", I64(std::move(classes))},
                   {"multi_class", Node::Str("multinomial")},
                   {"solver", Node::Str("lbfgs")},
                   {"n_features_in_", Node::Int(2)}}));
}

Node Regressor(double b) {
  return Obj("sklearn.linear_model._base", "LinearRegression",
             Dict({{"coef_", F64({1, 2}, {2})},
                   {"intercept_", Node::Float(b)},
                   {"n_features_in_", Node::Int(2)}}));
}

Node Pair(const char* name, Node est) {
  return Node::Tuple({Node::Str(name), std::move(est)});
}

Node VotingClassifier(const char* voting, Node weights, Node fitted,
                      Node estimators) {
  return Obj("sklearn.ensemble._voting", "VotingClassifier",
             Dict({{"estimators", std::move(estimators)},
                   {"estimators_", std::move(fitted)},
                   {"voting", Node::Str(voting)},
                   {"weights", std::move(weights)},
                   {"classes_", I64({10, 20, 30})}}));
}

TEST(MapperVoting, ClassifierOfItsFittedEstimators) {
  // "b" is dropped: estimators_ has two, _weights_not_none is [2, 0.5].
  Node v = VotingClassifier(
      "soft", Node::List({Node::Int(2), Node::Float(7), Node::Float(0.5)}),
      Node::List({IndexClassifier(), IndexClassifier()}),
      Node::List({Pair("a", Node::None()), Pair("b", Node::Str("drop")),
                  Pair("c", Node::None())}));
  auto m = MapModel(v, Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<Voting>(m->estimator.kind);
  EXPECT_EQ(k.rule, VotingRule::kSoft);
  ASSERT_EQ(k.estimators.size(), 2u);
  ASSERT_TRUE(k.weights.present());
  EXPECT_EQ(std::vector<double>(k.weights.span<double>().begin(),
                                k.weights.span<double>().end()),
            (std::vector<double>{2, 0.5}));
  EXPECT_EQ(m->output.task, Task::kClassification);
  EXPECT_EQ(m->output.classes[0].int_labels.span<int64_t>()[2], 30);
  EXPECT_EQ(m->input.n_features, 2u);  // estimators_[0]'s
}

TEST(MapperVoting, RegressorAndRefusals) {
  Node r = Obj("sklearn.ensemble._voting", "VotingRegressor",
               Dict({{"estimators", Node::List({Pair("a", Node::None()),
                                                Pair("b", Node::None())})},
                     {"estimators_", Node::List({Regressor(1), Regressor(2)})},
                     {"weights", Node::None()}}));
  auto m = MapModel(r, Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<Voting>(m->estimator.kind);
  EXPECT_EQ(k.rule, VotingRule::kAverage);
  EXPECT_FALSE(k.weights.present());
  EXPECT_EQ(m->output.task, Task::kRegression);

  // Weights that sum to zero.
  Node z = VotingClassifier(
      "hard", Node::List({Node::Float(1), Node::Float(-1)}),
      Node::List({IndexClassifier(), IndexClassifier()}),
      Node::List({Pair("a", Node::None()), Pair("b", Node::None())}));
  auto zs = MapModel(z, Options());
  EXPECT_EQ(zs.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(zs.status().detail().find("sum to zero"), std::string::npos);

  // An estimator not fitted on the class indices.
  Node w = VotingClassifier(
      "hard", Node::None(),
      Node::List({IndexClassifier(), IndexClassifier({0, 1, 3})}),
      Node::List({Pair("a", Node::None()), Pair("b", Node::None())}));
  auto ws = MapModel(w, Options());
  EXPECT_EQ(ws.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(ws.status().detail().find("estimators_[1]"), std::string::npos);

  // An unknown voting.
  Node u = VotingClassifier("majority", Node::None(),
                            Node::List({IndexClassifier()}),
                            Node::List({Pair("a", Node::None())}));
  EXPECT_EQ(MapModel(u, Options()).status().code(), ErrorCode::kEstimatorParam);
}

}  // namespace
}  // namespace modelseal::mapper
