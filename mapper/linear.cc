// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Linear models: LinearRegression, Ridge, Lasso, ElasticNet, SGDRegressor,
// LogisticRegression, LinearSVC, RidgeClassifier, SGDClassifier, and the
// rest of the linear family registered with these mappers (registry.cc):
// the least-angle, OMP, Bayesian, robust, quantile, cross-validated and
// multi-task regressors, LinearSVR, Perceptron, the passive-aggressive
// models, RidgeClassifierCV and LogisticRegressionCV; the GLMs
// (PoissonRegressor, GammaRegressor, TweedieRegressor) and RANSACRegressor.
#include <cmath>
#include <string>

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
  // predict is X @ coef_.T + intercept_: [n, 1] for a coef_ of one row
  // (LinearRegression and the multi-task models fitted on a 2-D y of one
  // column; the others store a 1-D coef_ then).
  if (a->shape.size() == 2 && n_targets == 1) {
    m.output.shape = OutputShape::kColumn;
  }
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

// PoissonRegressor, GammaRegressor and TweedieRegressor (sklearn.linear_model.
// _glm): predict is _base_loss.link.inverse(X @ coef_ + intercept_). The
// link is _get_loss's, the same in 1.4 and 1.9: Poisson and Gamma log;
// Tweedie's link "auto" is identity for power <= 0, else log. The power
// makes score() D^2 (LinearModel::deviance_power).
Status MapGlm(const Value& est, const MapContext&, Mapped* out) {
  const std::string cls = ClassOf(est);
  double power = cls == "PoissonRegressor" ? 1.0 : 2.0;
  bool log_link = true;
  if (cls == "TweedieRegressor") {
    MODELSEAL_ASSIGN_OR_RETURN(power, est.Get("power").AsFloat());
    MODELSEAL_ASSIGN_OR_RETURN(std::string link, StrParam(est, "link"));
    if (link != "auto" && link != "log" && link != "identity") {
      return Unsupported(est,
                         "link '" + link + "' is not auto, log or identity");
    }
    log_link = link == "log" || (link == "auto" && power > 0);
  }
  if (!std::isfinite(power) || (power > 0 && power < 1)) {
    return Unsupported(est, "power " + std::to_string(power) +
                                " is not a Tweedie power (<= 0 or >= 1)");
  }
  Mapped m;
  MODELSEAL_ASSIGN_OR_RETURN(
      LinearModel lm,
      MakeLinear(est.Get("coef_"), est.Get("intercept_"),
                 log_link ? LinearOutput::kExp : LinearOutput::kRegression));
  if (lm.coef.shape()[0] != 1) {
    return Unsupported(est, "a GLM has one target");
  }
  lm.deviance_power = power;
  m.estimator.kind = std::move(lm);
  m.output = RegressionOutput(1);
  *out = std::move(m);
  return Status();
}

// RANSACRegressor: predict is estimator_.predict (after its own
// validate_data, which lets NaN through to estimator_'s), so the model is
// estimator_'s, mapped as any regressor.
Status MapRansac(const Value& est, const MapContext& ctx, Mapped* out) {
  Mapped inner;
  MODELSEAL_RETURN_IF_ERROR(ctx.Map(
      est.Get("estimator_").WithPath(est.path() + ".estimator_"), &inner));
  if (inner.output.task != Task::kRegression) {
    return Unsupported(est, "estimator_ (" + ClassOf(est.Get("estimator_")) +
                                ") is not a regressor");
  }
  *out = std::move(inner);
  return Status();
}

}  // namespace modelseal::mapper
