// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The mappers of model_selection.cc: a hyper-parameter search's model is
// best_estimator_'s, the best candidate's score recorded when the search is
// the saved estimator; a threshold classifier is a ThresholdClassifier.
#include <gtest/gtest.h>

#include <limits>
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
using testing::Override;

Node Regressor() {
  return Obj("sklearn.linear_model._base", "LinearRegression",
             Dict({{"coef_", F64({1, 2}, {2})},
                   {"intercept_", Node::Float(3)},
                   {"n_features_in_", Node::Int(2)}}));
}

Node Classifier() {
  return Obj("sklearn.linear_model._logistic", "LogisticRegression",
             Dict({{"coef_", F64({1, 2}, {1, 2})},
                   {"intercept_", F64({0}, {1})},
                   {"classes_", I64({0, 1})},
                   {"n_features_in_", Node::Int(2)}}));
}

std::vector<std::pair<std::string, Node>> SearchState(Node best, Node scoring) {
  return {{"scoring", std::move(scoring)},
          {"refit", Node::Bool(true)},
          {"best_estimator_", std::move(best)},
          {"best_index_", Node::Int(1)},
          {"n_splits_", Node::Int(5)},
          {"multimetric_", Node::Bool(false)},
          {"cv_results_", Dict({{"mean_test_score", F64({0.5, 0.75}, {2})},
                                {"std_test_score", F64({0.1, 0.25}, {2})}})}};
}

Node Search(std::vector<std::pair<std::string, Node>> state,
            const char* qualname = "GridSearchCV") {
  return Obj("sklearn.model_selection._search", qualname,
             Dict(std::move(state)));
}

TEST(MapperSearch, ModelIsBestEstimatorsWithItsScore) {
  for (const char* q : {"GridSearchCV", "RandomizedSearchCV"}) {
    auto m =
        MapModel(Search(SearchState(Regressor(), Node::None()), q), Options());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_TRUE(std::holds_alternative<LinearModel>(m->estimator.kind));
    EXPECT_EQ(m->input.n_features, 2u);
    ASSERT_EQ(m->metadata.cv_scores.size(), 1u);
    const CvScore& s = m->metadata.cv_scores[0];
    // scoring=None: the regressor's score, r2.
    EXPECT_EQ(s.scorer, "r2");
    EXPECT_EQ(s.mean, 0.75);
    EXPECT_EQ(s.std, 0.25);
    EXPECT_EQ(s.n_splits, 5u);
  }
  auto halving = MapModel(
      Obj("sklearn.model_selection._search_successive_halving",
          "HalvingGridSearchCV",
          Dict(SearchState(Classifier(), Node::Str("balanced_accuracy")))),
      Options());
  ASSERT_TRUE(halving.ok()) << halving.status().ToString();
  ASSERT_EQ(halving->metadata.cv_scores.size(), 1u);
  EXPECT_EQ(halving->metadata.cv_scores[0].scorer, "balanced_accuracy");
  auto clf =
      MapModel(Search(SearchState(Classifier(), Node::None())), Options());
  ASSERT_TRUE(clf.ok()) << clf.status().ToString();
  EXPECT_EQ(clf->metadata.cv_scores[0].scorer, "accuracy");
}

TEST(MapperSearch, MultimetricRecordsEveryMetricRefitFirst) {
  auto state = Override(
      SearchState(Classifier(), Dict({{"acc", Node::Str("accuracy")},
                                      {"mine", Node::Str("f1")}})),
      {{"multimetric_", Node::Bool(true)},
       {"refit", Node::Str("mine")},
       {"cv_results_", Dict({{"mean_test_acc", F64({0.5, 0.75}, {2})},
                             {"std_test_acc", F64({0.1, 0.25}, {2})},
                             {"mean_test_mine", F64({0.25, 0.5}, {2})},
                             {"std_test_mine", F64({0.0, 0.125}, {2})}})}});
  auto m = MapModel(Search(std::move(state)), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->metadata.cv_scores.size(), 2u);
  // The dict's values are the scorer names recorded.
  EXPECT_EQ(m->metadata.cv_scores[0].scorer, "f1");
  EXPECT_EQ(m->metadata.cv_scores[0].mean, 0.5);
  EXPECT_EQ(m->metadata.cv_scores[0].std, 0.125);
  EXPECT_EQ(m->metadata.cv_scores[1].scorer, "accuracy");
  EXPECT_EQ(m->metadata.cv_scores[1].mean, 0.75);
}

TEST(MapperSearch, UnnamedOrNonFiniteScoresAreNotRecorded) {
  // A callable scorer: no name `check` could use.
  Node callable = Obj("sklearn.metrics._scorer", "_Scorer", Dict({}));
  auto m = MapModel(Search(SearchState(Regressor(), callable)), Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_TRUE(m->metadata.cv_scores.empty());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto failed = Override(
      SearchState(Regressor(), Node::None()),
      {{"cv_results_", Dict({{"mean_test_score", F64({nan, nan}, {2})},
                             {"std_test_score", F64({nan, nan}, {2})}})}});
  auto f = MapModel(Search(std::move(failed)), Options());
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_TRUE(f->metadata.cv_scores.empty());
}

TEST(MapperSearch, NestedSearchRecordsNothing) {
  // A search inside a Pipeline scores the step, not the saved model.
  Node search = Search(SearchState(Regressor(), Node::None()));
  Node pipe = Obj(
      "sklearn.pipeline", "Pipeline",
      Dict({{"steps",
             Node::List({Node::Tuple({Node::Str("s"), std::move(search)})})}}));
  auto m = MapModel(pipe, Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_TRUE(std::holds_alternative<Pipeline>(m->estimator.kind) ||
              std::holds_alternative<LinearModel>(m->estimator.kind));
  EXPECT_TRUE(m->metadata.cv_scores.empty());
}

TEST(MapperSearch, RefusesRefitFalseAndABadBestIndex) {
  auto no_refit = Override(SearchState(Regressor(), Node::None()),
                           {{"refit", Node::Bool(false)}});
  auto r = MapModel(Search(std::move(no_refit)), Options());
  EXPECT_EQ(r.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(r.status().detail().find("refit=False"), std::string::npos);
  auto bad = Override(SearchState(Regressor(), Node::None()),
                      {{"best_index_", Node::Int(2)}});
  auto b = MapModel(Search(std::move(bad)), Options());
  EXPECT_EQ(b.status().code(), ErrorCode::kStateValue);
  EXPECT_EQ(b.status().context(), "estimator.best_index_");
}

Node Fixed(Node threshold, Node pos_label, const char* response = "auto") {
  return Obj("sklearn.model_selection._classification_threshold",
             "FixedThresholdClassifier",
             Dict({{"estimator_", Classifier()},
                   {"response_method", Node::Str(response)},
                   {"threshold", std::move(threshold)},
                   {"pos_label", std::move(pos_label)},
                   {"n_features_in_", Node::Int(2)}}));
}

TEST(MapperThreshold, FixedAndTunedClassifiers) {
  auto m = MapModel(Fixed(Node::Float(0.3), Node::Int(0), "predict_proba"),
                    Options());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto& t = std::get<ThresholdClassifier>(m->estimator.kind);
  EXPECT_EQ(t.response, ThresholdResponse::kProba);
  EXPECT_EQ(t.source, ThresholdSource::kValue);
  EXPECT_EQ(t.threshold, 0.3);
  EXPECT_EQ(t.positive, 0u);
  ASSERT_EQ(t.estimator.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<LinearModel>(t.estimator[0].kind));
  EXPECT_EQ(m->output.task, Task::kClassification);
  auto a = MapModel(Fixed(Node::Str("auto"), Node::None()), Options());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  const auto& ta = std::get<ThresholdClassifier>(a->estimator.kind);
  EXPECT_EQ(ta.source, ThresholdSource::kAuto);
  EXPECT_EQ(ta.response, ThresholdResponse::kAuto);
  EXPECT_EQ(ta.positive, 1u);
  // Tuned: best_threshold_ and the scorer's pos_label.
  Node tuned =
      Obj("sklearn.model_selection._classification_threshold",
          "TunedThresholdClassifierCV",
          Dict({{"estimator_", Classifier()},
                {"response_method", Node::Str("decision_function")},
                {"best_threshold_", Node::Float(-0.25)},
                {"_curve_scorer",
                 Obj("sklearn.metrics._scorer", "_CurveScorer",
                     Dict({{"_kwargs", Dict({{"pos_label", Node::Int(0)}})}}))},
                {"n_features_in_", Node::Int(2)}}));
  auto u = MapModel(tuned, Options());
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  const auto& tu = std::get<ThresholdClassifier>(u->estimator.kind);
  EXPECT_EQ(tu.response, ThresholdResponse::kDecision);
  EXPECT_EQ(tu.threshold, -0.25);
  EXPECT_EQ(tu.positive, 0u);
}

TEST(MapperThreshold, RefusesWhatScikitLearnCannotPredict) {
  auto bad = MapModel(Fixed(Node::Float(0.5), Node::Int(5)), Options());
  EXPECT_EQ(bad.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(bad.status().detail().find("pos_label"), std::string::npos);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto n = MapModel(Fixed(Node::Float(nan), Node::None()), Options());
  EXPECT_EQ(n.status().code(), ErrorCode::kEstimatorParam);
  // A regressor is not a binary classifier.
  Node reg = Obj("sklearn.model_selection._classification_threshold",
                 "FixedThresholdClassifier",
                 Dict({{"estimator_", Regressor()},
                       {"response_method", Node::Str("auto")},
                       {"threshold", Node::Float(0.5)},
                       {"pos_label", Node::None()},
                       {"n_features_in_", Node::Int(2)}}));
  auto r = MapModel(reg, Options());
  EXPECT_EQ(r.status().code(), ErrorCode::kEstimatorParam);
  EXPECT_NE(r.status().detail().find("binary classifier"), std::string::npos);
}

}  // namespace
}  // namespace modelseal::mapper
