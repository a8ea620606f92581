// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Linear models: LinearRegression, Ridge, Lasso, ElasticNet, SGDRegressor,
// LogisticRegression, LinearSVC, RidgeClassifier, SGDClassifier, and the
// rest of the linear family registered with these mappers (registry.cc):
// the least-angle, OMP, Bayesian, robust, quantile, cross-validated and
// multi-task regressors, LinearSVR, Perceptron, the passive-aggressive
// models, RidgeClassifierCV and LogisticRegressionCV.
#include "mapper/common.h"

namespace modelseal::mapper {

Status MapLinearRegressor(const Value& est, const MapContext&, Mapped* out) {
  Value coef = est.Get("coef_");
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, coef.AsArray());
  uint64_t n_targets = a->shape.size() == 1 ? 1 : a->shape.at(0);
  Mapped m;
  MODELSEAL_ASSIGN_OR_RETURN(
      LinearModel lm,
      MakeLinear(coef, est.Get("intercept_"), LinearOutput::kRegression));
  m.estimator.kind = std::move(lm);
  m.output = RegressionOutput(n_targets);
  *out = std::move(m);
  return Status();
}

namespace {

Result<size_t> ClassCount(const Value& est) {
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* c, est.Get("classes_").AsArray());
  size_t n = 1;
  for (uint64_t d : c->shape) n *= d;
  return n;
}

Status Classifier(const Value& est, LinearOutput output, Mapped* out) {
  Mapped m;
  MODELSEAL_ASSIGN_OR_RETURN(
      LinearModel lm,
      MakeLinear(est.Get("coef_"), est.Get("intercept_"), output));
  m.estimator.kind = std::move(lm);
  MODELSEAL_ASSIGN_OR_RETURN(m.output, ClassifierOutput(est));
  *out = std::move(m);
  return Status();
}

}  // namespace

// Whether predict_proba of the fitting release uses one-vs-rest logistic
// normalisation (else softmax). 1.4 - 1.7 have the `multi_class` parameter;
// 1.8 and later: binary logistic, multiclass softmax.
Status MapLogisticRegression(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(size_t n_classes, ClassCount(est));
  if (n_classes < 2) return Unsupported(est, "fitted on a single class");
  bool ovr = n_classes <= 2;
  if (est.Has("multi_class")) {
    MODELSEAL_ASSIGN_OR_RETURN(std::string mc, StrParam(est, "multi_class"));
    MODELSEAL_ASSIGN_OR_RETURN(std::string solver, StrParam(est, "solver"));
    ovr = mc == "ovr" || mc == "warn" ||
          ((mc == "auto" || mc == "deprecated") &&
           (n_classes <= 2 || solver == "liblinear"));
  }
  return Classifier(
      est, ovr ? LinearOutput::kLogisticOvr : LinearOutput::kSoftmax, out);
}

Status MapLinearDecision(const Value& est, const MapContext&, Mapped* out) {
  if (auto lb = est.Find("_label_binarizer")) {
    if (auto y_type = lb->Find("y_type_")) {
      MODELSEAL_ASSIGN_OR_RETURN(std::string t, y_type->AsStr());
      if (t == "multilabel-indicator") {
        return Unsupported(est, "multilabel targets are not supported");
      }
    }
  }
  // RidgeClassifier's classes_ is a property over its label binarizer in
  // 1.4 - 1.7 (stored from 1.8).
  if (!est.Has("classes_") && est.Has("_label_binarizer")) {
    Mapped m;
    MODELSEAL_ASSIGN_OR_RETURN(
        LinearModel lm, MakeLinear(est.Get("coef_"), est.Get("intercept_"),
                                   LinearOutput::kDecision));
    m.estimator.kind = std::move(lm);
    MODELSEAL_ASSIGN_OR_RETURN(m.output,
                               ClassifierOutput(est.Get("_label_binarizer")));
    *out = std::move(m);
    return Status();
  }
  return Classifier(est, LinearOutput::kDecision, out);
}

Status MapSgdClassifier(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(std::string loss, StrParam(est, "loss"));
  return Classifier(est,
                    loss == "log_loss"         ? LinearOutput::kLogisticOvr
                    : loss == "modified_huber" ? LinearOutput::kModifiedHuber
                                               : LinearOutput::kDecision,
                    out);
}

}  // namespace modelseal::mapper
