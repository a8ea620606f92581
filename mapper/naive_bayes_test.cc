// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The naive Bayes mappers (GaussianNB, MultinomialNB, ComplementNB,
// BernoulliNB) on hand-built state trees shaped as scikit-learn 1.9.1 fits
// them: the constants they compute once, and their refusals.
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
using testing::ExpectRefusals;
using testing::F64;
using testing::F64s;
using testing::I64;
using testing::Obj;
using testing::Options;
using testing::Override;
using testing::Refusal;

// `cls` fitted on 2 features and classes [0, 1, 2] (state entries in
// `extra` replace or add to the defaults).
Node Nb(const char* cls, std::vector<std::pair<std::string, Node>> extra = {}) {
  const std::string name = cls;
  std::vector<std::pair<std::string, Node>> state = {
      {"n_features_in_", Node::Int(2)},
      {"classes_", I64({0, 1, 2})},
      {"_sklearn_version", Node::Str("1.9.1")}};
  if (name == "GaussianNB") {
    state.emplace_back("theta_", F64({0, 1, 2, 3, 4, 5}, {3, 2}));
    state.emplace_back("var_", F64({1, 2, 0.5, 1, 4, 0.25}, {3, 2}));
    state.emplace_back("class_prior_", F64({0.25, 0.25, 0.5}, {3}));
  } else {
    state.emplace_back("feature_log_prob_",
                       F64({std::log(0.25), std::log(0.75), std::log(0.5),
                            std::log(0.5), std::log(0.125), std::log(0.875)},
                           {3, 2}));
    state.emplace_back(
        "class_log_prior_",
        F64({std::log(0.5), std::log(0.25), std::log(0.25)}, {3}));
    state.emplace_back("binarize", Node::Float(0.0));
  }
  return Obj("sklearn.naive_bayes", cls,
             Dict(Override(std::move(state), std::move(extra))));
}

TEST(MapperNaiveBayes, GaussianConstants) {
  auto m = MapModel(Nb("GaussianNB"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<NaiveBayes>(m->estimator.kind);
  EXPECT_EQ(k.type, NaiveBayesType::kGaussian);
  EXPECT_EQ(
      F64s(k.class_term),
      (std::vector<double>{std::log(0.25), std::log(0.25), std::log(0.5)}));
  const double two_pi = 2.0 * M_PI;
  EXPECT_EQ(F64s(k.log_norm),
            (std::vector<double>{
                -0.5 * (std::log(two_pi * 1) + std::log(two_pi * 2)),
                -0.5 * (std::log(two_pi * 0.5) + std::log(two_pi * 1)),
                -0.5 * (std::log(two_pi * 4) + std::log(two_pi * 0.25))}));
  EXPECT_EQ(k.theta.shape(), (std::vector<uint64_t>{3, 2}));
  EXPECT_FALSE(k.coef.present());
  EXPECT_EQ(m->output.classes[0].count(), 3u);
}

TEST(MapperNaiveBayes, MultinomialAndComplement) {
  auto m = MapModel(Nb("MultinomialNB"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<NaiveBayes>(m->estimator.kind);
  EXPECT_EQ(k.type, NaiveBayesType::kDiscrete);
  EXPECT_EQ(
      F64s(k.class_term),
      (std::vector<double>{std::log(0.5), std::log(0.25), std::log(0.25)}));
  EXPECT_EQ(F64s(k.coef)[1], std::log(0.75));
  EXPECT_FALSE(k.theta.present());

  // ComplementNB adds no prior with 2 or more classes.
  m = MapModel(Nb("ComplementNB"), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(F64s(std::get<NaiveBayes>(m->estimator.kind).class_term),
            (std::vector<double>{0, 0, 0}));
}

TEST(MapperNaiveBayes, BernoulliFoldsNegativeLogProbabilities) {
  auto m = MapModel(Nb("BernoulliNB", {{"binarize", Node::None()}}), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<NaiveBayes>(m->estimator.kind);
  // Class 0: p = (0.25, 0.75): coef = log p - log(1 - p); the intercept
  // gains sum(log(1 - p)).
  const double neg0 = std::log(1 - std::exp(std::log(0.25)));
  const double neg1 = std::log(1 - std::exp(std::log(0.75)));
  EXPECT_EQ(F64s(k.coef)[0], std::log(0.25) - neg0);
  EXPECT_EQ(F64s(k.coef)[1], std::log(0.75) - neg1);
  EXPECT_EQ(F64s(k.class_term)[0], std::log(0.5) + (0.0 + (neg0 + neg1)));

  // binarize=0.0: a Binarizer step first.
  m = MapModel(Nb("BernoulliNB", {{"binarize", Node::Float(0.25)}}), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& p = std::get<Pipeline>(m->estimator.kind);
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_EQ(std::get<Binarizer>(p.steps[0].kind).threshold, 0.25);
  EXPECT_TRUE(std::holds_alternative<NaiveBayes>(p.steps[1].kind));
}

TEST(MapperNaiveBayes, CategoricalTable) {
  Node flp = Node::List(
      {F64({-1, -2, -3, -4, -5, -6}, {2, 3}), F64({-7, -8, -9, -10}, {2, 2})});
  Node state = Nb("CategoricalNB", {{"classes_", I64({0, 1})},
                                    {"class_log_prior_", F64({-0.5, -1}, {2})},
                                    {"feature_log_prob_", flp},
                                    {"n_categories_", I64({3, 2})}});
  auto m = MapModel(state, Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& k = std::get<NaiveBayes>(m->estimator.kind);
  EXPECT_EQ(k.type, NaiveBayesType::kCategorical);
  // Row t of feature j holds feature_log_prob_[j][:, t].
  EXPECT_EQ(k.category_log_prob.shape(), (std::vector<uint64_t>{5, 2}));
  EXPECT_EQ(F64s(k.category_log_prob),
            (std::vector<double>{-1, -4, -2, -5, -3, -6, -7, -9, -8, -10}));
  auto counts = k.n_categories.span<int64_t>();
  EXPECT_EQ(std::vector<int64_t>(counts.begin(), counts.end()),
            (std::vector<int64_t>{3, 2}));

  // n_categories_ disagreeing with an array's width.
  m = MapModel(Nb("CategoricalNB", {{"classes_", I64({0, 1})},
                                    {"class_log_prior_", F64({-0.5, -1}, {2})},
                                    {"feature_log_prob_", flp},
                                    {"n_categories_", I64({3, 3})}}),
               Options());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), ErrorCode::kStateShape);
  EXPECT_NE(m.status().ToString().find("n_categories_[1]"), std::string::npos)
      << m.status().ToString();
}

TEST(MapperNaiveBayes, Refusals) {
  std::vector<Refusal> cases;
  cases.push_back({Nb("GaussianNB", {{"classes_", I64({7})},
                                     {"theta_", F64({0, 1}, {1, 2})},
                                     {"var_", F64({1, 1}, {1, 2})},
                                     {"class_prior_", F64({1}, {1})}}),
                   ErrorCode::kEstimatorParam, "single class"});
  cases.push_back(
      {Nb("GaussianNB", {{"var_", F64({1, 2, 0, 1, 4, 1}, {3, 2})}}),
       ErrorCode::kStateValue, "not finite and > 0"});
  cases.push_back({Nb("GaussianNB", {{"theta_", F64({0, 1, 2, 3}, {2, 2})}}),
                   ErrorCode::kStateShape, "for 3 classes"});
  cases.push_back(
      {Nb("GaussianNB", {{"class_prior_", F64({0.5, NAN, 0.5}, {3})}}),
       ErrorCode::kStateValue, "entry 1"});
  cases.push_back(
      {Nb("MultinomialNB",
          {{"feature_log_prob_", F64({0, -HUGE_VAL, 0, 0, 0, 0}, {3, 2})}}),
       ErrorCode::kStateValue, "entry 1"});
  cases.push_back({Nb("BernoulliNB", {{"feature_log_prob_",
                                       F64({0, -1, -1, -1, -1, -1}, {3, 2})}}),
                   ErrorCode::kStateValue, "probability of 1"});
  cases.push_back(
      {Nb("MultinomialNB", {{"class_log_prior_", F64({0, 0}, {2})}}),
       ErrorCode::kStateShape, "one per class"});
  ExpectRefusals(cases);
}

}  // namespace
}  // namespace modelseal::mapper
