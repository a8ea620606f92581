// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's discriminant analysis (sklearn/discriminant_analysis.py):
// LinearDiscriminantAnalysis, a LinearModel where it predicts and a
// Projection where a transformer is needed (MapContext::as_transformer), and
// QuadraticDiscriminantAnalysis.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

// LinearDiscriminantAnalysis.transform (1.4.2 to 1.9.1): svd: (X - xbar_)
// @ scalings_; eigen: X @ scalings_; then the first _max_components
// columns. lsqr has no transform (NotImplementedError).
Status MapLdaTransform(const Value& est, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(std::string solver, StrParam(est, "solver"));
  if (solver != "svd" && solver != "eigen") {
    return Unsupported(est, "solver '" + solver +
                                "' has no transform (scikit-learn: only svd "
                                "and eigen); it can only be the last step");
  }
  const Value scalings = est.Get("scalings_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> s, Float64Array(est, scalings));
  if (s.shape.size() != 2 || s.shape[0] < 1 || s.shape[1] < 1) {
    return scalings.Fail(ErrorCode::kStateShape,
                         "expected [n_features, n_components]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(scalings, s.values));
  MODELSEAL_ASSIGN_OR_RETURN(int64_t max_components,
                             est.Get("_max_components").AsInt());
  if (max_components < 1) {
    return est.Get("_max_components")
        .Fail(ErrorCode::kStateValue,
              std::to_string(max_components) + " is not a component count");
  }
  const uint64_t n = s.shape[0];
  const uint64_t k =
      std::min<uint64_t>(s.shape[1], static_cast<uint64_t>(max_components));
  // components [k, n] = scalings_[:, :k].T.
  std::vector<double> c(k * n);
  for (uint64_t j = 0; j < k; ++j) {
    for (uint64_t i = 0; i < n; ++i)
      c[j * n + i] = s.values[i * s.shape[1] + j];
  }
  Projection p;
  p.centering = ProjectionCentering::kNone;
  if (solver == "svd") {
    const Value xbar = est.Get("xbar_");
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> mean, Float64Array(est, xbar));
    if (mean.shape != std::vector<uint64_t>{n}) {
      return xbar.Fail(ErrorCode::kStateShape,
                       "expected [" + std::to_string(n) + "]");
    }
    MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(xbar, mean.values));
    p.centering = ProjectionCentering::kBefore;
    p.mean = Tensor::FromVector(std::move(mean.values));
  }
  p.components = Tensor::FromVector(std::move(c), {k, n});
  *out = TransformerMapping(std::move(p), k);
  return Status();
}

// One f64 array per class from a list (QDA's rotations_ and scalings_),
// each of `shape`.
Result<std::vector<double>> PerClass(const Value& est, const char* name,
                                     size_t k,
                                     const std::vector<uint64_t>& shape) {
  const Value list = est.Get(name);
  MODELSEAL_ASSIGN_OR_RETURN(size_t size, list.Size());
  if (size != k) {
    return list.Fail(ErrorCode::kStateShape,
                     std::to_string(size) + " entries for " +
                         std::to_string(k) + " classes");
  }
  std::vector<double> all;
  for (size_t i = 0; i < k; ++i) {
    const Value a = list.At(i);
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> e, Float64Array(est, a));
    if (e.shape != shape) {
      std::string want;
      for (uint64_t d : shape) {
        want += (want.empty() ? "" : ", ") + std::to_string(d);
      }
      return a.Fail(ErrorCode::kStateShape,
                    "expected [" + want +
                        "] as class 0's (every class the same number of "
                        "components: a class with fewer samples than "
                        "features is not supported)");
    }
    MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(a, e.values));
    all.insert(all.end(), e.values.begin(), e.values.end());
  }
  return all;
}

}  // namespace

// LinearDiscriminantAnalysis (1.4.2 to 1.9.1): decision_function is
// LinearClassifierMixin's X @ coef_.T + intercept_; predict_proba expit
// (binary) or softmax; predict_log_proba the log of it, a zero probability
// first raised to the smallest normal (LinearOutput::kDiscriminant).
Status MapLinearDiscriminant(const Value& est, const MapContext& ctx,
                             Mapped* out) {
  if (ctx.as_transformer()) return MapLdaTransform(est, out);
  // Fitted on float32 X, its coef_ is float32 and so is its arithmetic.
  MODELSEAL_RETURN_IF_ERROR(Float64Array(est, est.Get("coef_")).status());
  MODELSEAL_ASSIGN_OR_RETURN(LinearModel lm,
                             MakeLinear(est.Get("coef_"), est.Get("intercept_"),
                                        LinearOutput::kDiscriminant));
  Mapped m;
  m.estimator.kind = std::move(lm);
  MODELSEAL_ASSIGN_OR_RETURN(m.output, ClassifierOutput(est));
  *out = std::move(m);
  return Status();
}

// QuadraticDiscriminantAnalysis: rotations_ [n, r] and scalings_ [r] per
// class, means_ [k, n], priors_ [k]. predict_proba's normalisation moved to
// DiscriminantAnalysisPredictionMixin in 1.6 (QuadraticProba).
Status MapQuadraticDiscriminant(const Value& est, const MapContext& ctx,
                                Mapped* out) {
  Mapped m;
  MODELSEAL_ASSIGN_OR_RETURN(m.output, ClassifierOutput(est));
  const size_t k = m.output.classes[0].count();
  const Value means = est.Get("means_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> mu, Float64Array(est, means));
  if (mu.shape.size() != 2 || mu.shape[0] != k || mu.shape[1] < 1) {
    return means.Fail(ErrorCode::kStateShape,
                      "expected [" + std::to_string(k) + ", n_features]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(means, mu.values));
  const uint64_t n = mu.shape[1];
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> s0,
                             Float64Array(est, est.Get("scalings_").At(0)));
  if (s0.shape.size() != 1 || s0.shape[0] < 1 || s0.shape[0] > n) {
    return est.Get("scalings_")
        .At(0)
        .Fail(ErrorCode::kStateShape,
              "expected [r], 1 <= r <= " + std::to_string(n));
  }
  const uint64_t r = s0.shape[0];
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<double> rotations,
                             PerClass(est, "rotations_", k, {n, r}));
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<double> scalings,
                             PerClass(est, "scalings_", k, {r}));
  MODELSEAL_RETURN_IF_ERROR(CheckPositiveValues(
      est, est.Get("scalings_"), scalings,
      "scalings_ (a variance along a component: zero makes scikit-learn's "
      "decision infinite; fit with reg_param > 0)"));
  const Value priors = est.Get("priors_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> pi, Float64Array(est, priors));
  if (pi.shape != std::vector<uint64_t>{k}) {
    return priors.Fail(ErrorCode::kStateShape,
                       "expected [" + std::to_string(k) + "]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(priors, pi.values));
  MODELSEAL_RETURN_IF_ERROR(
      CheckPositiveValues(est, priors, pi.values,
                          "priors_ (a class prior of 0 is never predicted)"));
  QuadraticDiscriminant q;
  q.proba = ctx.version() >= SklearnVersion{1, 6, 0}
                ? QuadraticProba::kLogSoftmax
                : QuadraticProba::kLikelihood;
  q.means = Tensor::FromVector(std::move(mu.values), {k, n});
  q.rotations = Tensor::FromVector(std::move(rotations), {k, n, r});
  q.scalings = Tensor::FromVector(std::move(scalings), {k, r});
  q.priors = Tensor::FromVector(std::move(pi.values));
  m.estimator.kind = std::move(q);
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper
