// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The threshold classifiers (sklearn/model_selection/
// _classification_threshold.py): FixedThresholdClassifier and
// TunedThresholdClassifierCV, a ThresholdClassifier around estimator_.
//
// The hyper-parameter searches (sklearn/model_selection/_search.py,
// _search_successive_halving.py): GridSearchCV, RandomizedSearchCV,
// HalvingGridSearchCV and HalvingRandomSearchCV. A fitted search predicts,
// transforms and scores through best_estimator_ (BaseSearchCV's methods
// delegate to it, and n_features_in_ / feature_names_in_ are its
// properties), so the model is best_estimator_'s, mapped as any estimator.
// The search's own result, the best candidate's cross-validation score, is
// recorded in the model's provenance (Model.metadata.cv_scores) when the
// search is the estimator saved, so `modelseal check` can re-score it.
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {
namespace {

// The scorer name of one metric of the search, or nullopt where the scorer
// is not named by a string `modelseal check` could look up (a callable).
// `metric` is the cv_results_ key suffix: "score" for a single metric, else
// the name the user gave it (a list of scorer names, or a dict whose value
// may be a scorer name).
std::optional<std::string> ScorerName(const Value& est, const Task task,
                                      const std::string& metric) {
  Value scoring = est.Get("scoring");
  if (metric != "score") {
    if (scoring.ok() && scoring.kind() == Node::Kind::kDict) {
      Value named = scoring.Get(metric);
      if (named.is_str()) return named.AsStr().value();
    }
    return metric;
  }
  if (scoring.is_str()) return scoring.AsStr().value();
  if (scoring.is_none()) {
    // BaseSearchCV with scoring=None uses estimator.score: accuracy for
    // a classifier, r2 for a regressor (ClassifierMixin / RegressorMixin).
    if (task == Task::kClassification) return std::string("accuracy");
    if (task == Task::kRegression) return std::string("r2");
  }
  return std::nullopt;
}

// The best candidate's score under `metric`: cv_results_'s mean_test_ and
// std_test_ entries at best_index_. Nothing when not finite (every fold of
// every candidate failed: error_score=nan).
Result<std::optional<CvScore>> BestScore(const Value& est,
                                         const std::string& metric,
                                         std::string scorer, int64_t best,
                                         int64_t n_splits) {
  Value results = est.Get("cv_results_");
  double values[2];
  const char* prefixes[2] = {"mean_test_", "std_test_"};
  for (int i = 0; i < 2; ++i) {
    MODELSEAL_ASSIGN_OR_RETURN(
        Elements<double> e,
        results.Get(prefixes[i] + metric).Numeric<double>());
    if (best < 0 || static_cast<uint64_t>(best) >= e.values.size()) {
      return est.Get("best_index_")
          .Fail(ErrorCode::kStateValue,
                std::to_string(best) + " not an index of cv_results_ (" +
                    std::to_string(e.values.size()) + " candidates)");
    }
    values[i] = e.values[static_cast<size_t>(best)];
  }
  if (!std::isfinite(values[0]) || !std::isfinite(values[1])) {
    return std::optional<CvScore>();
  }
  CvScore s;
  s.scorer = std::move(scorer);
  s.mean = values[0];
  s.std = values[1];
  s.n_splits = static_cast<uint64_t>(n_splits);
  return std::optional<CvScore>(std::move(s));
}

// The index in `classes` of the label `pos_label` (a state value: int,
// bool, float or str), or nullopt when it is none of them.
std::optional<uint64_t> LabelIndex(const ClassLabels& classes,
                                   const Value& pos_label) {
  if (pos_label.is_str()) {
    const std::string label = pos_label.AsStr().value();
    for (size_t i = 0; i < classes.str_labels.size(); ++i) {
      if (classes.str_labels[i] == label) return i;
    }
    return std::nullopt;
  }
  if (!classes.int_labels.present()) return std::nullopt;
  // numpy's classes == pos_label: True == 1, 1.0 == 1.
  Result<double> v = pos_label.kind() == Node::Kind::kBool
                         ? Result<double>(*pos_label.AsBool() ? 1.0 : 0.0)
                         : pos_label.AsFloat();
  if (!v.ok()) return std::nullopt;
  const auto labels = classes.int_labels.span<int64_t>();
  for (size_t i = 0; i < labels.size(); ++i) {
    if (static_cast<double>(labels[i]) == *v) return i;
  }
  return std::nullopt;
}

}  // namespace

// FixedThresholdClassifier (1.5+): predict thresholds estimator_'s score
// of the positive class (pos_label, default classes_[1]) at `threshold`
// ("auto": 0.5 for predict_proba, 0.0 for decision_function);
// TunedThresholdClassifierCV (1.5+): at best_threshold_, the positive
// class the scorer's pos_label (_curve_scorer._kwargs). Both score with
// response_method ("auto": predict_proba, else decision_function).
Status MapThresholdClassifier(const Value& est, const MapContext& ctx,
                              Mapped* out) {
  Mapped inner;
  MODELSEAL_RETURN_IF_ERROR(ctx.Map(
      est.Get("estimator_").WithPath(est.path() + ".estimator_"), &inner));
  if (inner.output.task != Task::kClassification ||
      inner.output.n_outputs != 1 || inner.output.classes.size() != 1 ||
      inner.output.classes[0].count() != 2) {
    return Unsupported(est, "estimator_ (" + ClassOf(est.Get("estimator_")) +
                                ") is not a binary classifier");
  }
  // An outlier detector (OneClassSVM, IsolationForest) has two "classes"
  // but is no classifier: scikit-learn's predict raises for it.
  const Estimator* last = &inner.estimator;
  while (const auto* p = std::get_if<Pipeline>(&last->kind)) {
    if (p->steps.empty()) break;
    last = &p->steps.back();
  }
  const auto* svm = std::get_if<SupportVectorMachine>(&last->kind);
  if (std::holds_alternative<IsolationForest>(last->kind) ||
      (svm != nullptr && svm->type == SvmType::kOneClass)) {
    return Unsupported(est, "estimator_ (" + ClassOf(est.Get("estimator_")) +
                                ") is an outlier detector, not a classifier");
  }
  ThresholdClassifier t;
  MODELSEAL_ASSIGN_OR_RETURN(std::string response,
                             est.Get("response_method").AsStr());
  if (response == "auto") {
    t.response = ThresholdResponse::kAuto;
  } else if (response == "predict_proba") {
    t.response = ThresholdResponse::kProba;
  } else if (response == "decision_function") {
    t.response = ThresholdResponse::kDecision;
  } else {
    return Unsupported(est, "response_method " + response);
  }
  const bool tuned = ClassOf(est) == "TunedThresholdClassifierCV";
  // None (or absent): the positive class is classes_[1].
  std::optional<Value> pos_label;
  if (tuned) {
    MODELSEAL_ASSIGN_OR_RETURN(t.threshold,
                               est.Get("best_threshold_").AsFloat());
    Value kwargs = est.Get("_curve_scorer").Get("_kwargs");
    if (!kwargs.ok()) return kwargs.status();
    pos_label = kwargs.Find("pos_label");
  } else {
    pos_label = est.Find("pos_label");
    Value threshold = est.Get("threshold");
    if (threshold.is_str()) {
      MODELSEAL_ASSIGN_OR_RETURN(std::string s, threshold.AsStr());
      if (s != "auto") return Unsupported(est, "threshold " + s);
      t.source = ThresholdSource::kAuto;
    } else {
      MODELSEAL_ASSIGN_OR_RETURN(t.threshold, threshold.AsFloat());
    }
  }
  if (t.source == ThresholdSource::kValue && std::isnan(t.threshold)) {
    return Unsupported(est, "the threshold is NaN");
  }
  if (pos_label) {
    std::optional<uint64_t> i = LabelIndex(inner.output.classes[0], *pos_label);
    if (!i) {
      return Unsupported(est,
                         "pos_label is not one of estimator_'s classes_ "
                         "(scikit-learn's predict raises ValueError)");
    }
    t.positive = *i;
  }
  t.estimator.push_back(std::move(inner.estimator));
  out->estimator.kind = std::move(t);
  out->output = std::move(inner.output);
  return Status();
}

Status MapSearchCV(const Value& est, const MapContext& ctx, Mapped* out) {
  Value refit = est.Get("refit");
  if (refit.ok() && refit.kind() == Node::Kind::kBool && !*refit.AsBool()) {
    return Unsupported(est,
                       "refit=False: the search kept no best_estimator_ to "
                       "save; fit it with refit=True (or save the estimator "
                       "fitted with best_params_)");
  }
  if (!est.Has("best_estimator_")) {
    return Unsupported(est, "best_estimator_ is missing (refit was False)");
  }
  // Recorded before best_estimator_ is mapped: a search inside it is not
  // the saved estimator.
  const bool saved = ctx.at_root();
  Mapped inner;
  MODELSEAL_RETURN_IF_ERROR(ctx.Map(
      est.Get("best_estimator_").WithPath(est.path() + ".best_estimator_"),
      &inner));
  if (saved) {
    MODELSEAL_ASSIGN_OR_RETURN(int64_t best, est.Get("best_index_").AsInt());
    MODELSEAL_ASSIGN_OR_RETURN(int64_t n_splits, est.Get("n_splits_").AsInt());
    if (n_splits < 1) {
      return est.Get("n_splits_").Fail(ErrorCode::kStateValue, "not >= 1");
    }
    // The metrics cv_results_ holds, the one refit chose first (`check`
    // uses the first recorded score by default).
    std::vector<std::string> metrics;
    MODELSEAL_ASSIGN_OR_RETURN(bool multi, est.Get("multimetric_").AsBool());
    if (!multi) {
      metrics.push_back("score");
    } else {
      if (refit.is_str()) metrics.push_back(refit.AsStr().value());
      MODELSEAL_ASSIGN_OR_RETURN(std::vector<std::string> keys,
                                 est.Get("cv_results_").Keys());
      const std::string prefix = "mean_test_";
      for (const std::string& k : keys) {
        if (k.rfind(prefix, 0) != 0) continue;
        std::string m = k.substr(prefix.size());
        if (metrics.empty() || m != metrics[0]) metrics.push_back(m);
      }
    }
    for (const std::string& m : metrics) {
      std::optional<std::string> name = ScorerName(est, inner.output.task, m);
      if (!name) continue;
      MODELSEAL_ASSIGN_OR_RETURN(std::optional<CvScore> s,
                                 BestScore(est, m, *name, best, n_splits));
      if (s) ctx.RecordCvScore(std::move(*s));
    }
  }
  *out = std::move(inner);
  return Status();
}

}  // namespace modelseal::mapper
