// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's naive Bayes classifiers: GaussianNB, MultinomialNB,
// ComplementNB, BernoulliNB, CategoricalNB (sklearn/naive_bayes.py, whose
// predict-time code is the same in 1.4.2 to 1.9.1). The constants
// scikit-learn computes at every predict from fitted attributes are computed
// here once, with numpy's log and exp (MapContext::NumpyLog/NumpyExp) and
// numpy's pairwise sums, so they are the values scikit-learn adds.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/pairwise_sum.h"
#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

// A float64 array attribute of shape [rows, cols] (cols = kAnyCols: any).
constexpr uint64_t kAnyCols = UINT64_MAX;
Result<Elements<double>> Matrix(const Value& est, const char* name,
                                uint64_t rows, uint64_t cols) {
  Value v = est.Get(name);
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> e, v.Numeric<double>());
  if (e.shape.size() != 2 || e.shape[0] != rows ||
      (cols != kAnyCols && e.shape[1] != cols)) {
    return v.Fail(ErrorCode::kStateShape,
                  "expected [" + std::to_string(rows) + ", " +
                      (cols == kAnyCols ? std::string("n_features")
                                        : std::to_string(cols)) +
                      "] for " + std::to_string(rows) + " classes");
  }
  return e;
}

Result<std::vector<double>> Vector(const Value& est, const char* name,
                                   uint64_t size) {
  Value v = est.Get(name);
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> e, v.Numeric<double>());
  if (e.shape != std::vector<uint64_t>{size}) {
    return v.Fail(ErrorCode::kStateShape,
                  "expected [" + std::to_string(size) + "], one per class");
  }
  return std::move(e.values);
}

// The classifier's output and its class count (at least 2).
Status ClassesOf(const Value& est, Mapped* m, uint64_t* classes) {
  MODELSEAL_ASSIGN_OR_RETURN(m->output, ClassifierOutput(est));
  *classes = m->output.classes.size() == 1 ? m->output.classes[0].count() : 0;
  if (*classes < 2) {
    return Unsupported(est,
                       "fitted on a single class (a naive Bayes model with "
                       "one class always predicts it; modelseal needs at "
                       "least 2)");
  }
  return Status();
}

// Log probabilities (class_log_prior_, log(class_prior_), CategoricalNB's
// feature_log_prob_) may hold -inf for a probability of 0; never NaN or
// +inf. `at` is the array.
Status CheckLogProbs(const Value& at, const std::vector<double>& v) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(v[i]) || v[i] == INFINITY) {
      return at.Fail(ErrorCode::kStateValue, "entry " + std::to_string(i) +
                                                 " is " + std::to_string(v[i]));
    }
  }
  return Status();
}

Status CheckFinite(const Value& est, const char* name,
                   const std::vector<double>& v, const char* why) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      return est.Get(name).Fail(
          ErrorCode::kStateValue,
          "entry " + std::to_string(i) + " is " + std::to_string(v[i]) + why);
    }
  }
  return Status();
}

// The discrete models: jll = X feature_log_prob_.T (+ class_log_prior_),
// BernoulliNB's after its binarize step.
enum class Discrete { kMultinomial, kComplement, kBernoulli };

Status MapDiscrete(const Value& est, const MapContext& ctx, Discrete which,
                   Mapped* out) {
  Mapped m;
  uint64_t c = 0;
  MODELSEAL_RETURN_IF_ERROR(ClassesOf(est, &m, &c));
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> flp,
                             Matrix(est, "feature_log_prob_", c, kAnyCols));
  const uint64_t n = flp.shape[1];
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<double> prior,
                             Vector(est, "class_log_prior_", c));
  MODELSEAL_RETURN_IF_ERROR(CheckLogProbs(est.Get("class_log_prior_"), prior));
  MODELSEAL_RETURN_IF_ERROR(
      CheckFinite(est, "feature_log_prob_", flp.values, ""));
  NaiveBayes nb;
  nb.type = NaiveBayesType::kDiscrete;
  std::vector<double> coef = flp.values;
  std::vector<double> term = prior;
  switch (which) {
    case Discrete::kMultinomial:
      break;
    case Discrete::kComplement:
      // jll gains class_log_prior_ only with a single class (refused).
      term.assign(c, 0.0);
      break;
    case Discrete::kBernoulli: {
      // neg_prob = log(1 - exp(feature_log_prob_)); jll = X (flp -
      // neg_prob).T + (class_log_prior_ + neg_prob.sum(axis=1)).
      std::vector<double> neg = flp.values;
      ctx.NumpyExp(neg);
      for (double& v : neg) v = 1 - v;
      ctx.NumpyLog(neg);
      for (size_t i = 0; i < neg.size(); ++i) {
        if (std::isfinite(neg[i])) continue;
        return est.Get("feature_log_prob_")
            .Fail(ErrorCode::kStateValue,
                  "entry " + std::to_string(i) + " is " +
                      std::to_string(flp.values[i]) +
                      (std::isnan(neg[i])
                           ? ", a feature probability above 1 (fitted on "
                             "non-binary input with binarize=None?): "
                             "scikit-learn's own predictions are NaN"
                           : ", a feature probability of 1: log(1 - p) is "
                             "-inf"));
      }
      for (size_t i = 0; i < coef.size(); ++i) coef[i] -= neg[i];
      for (uint64_t i = 0; i < c; ++i) {
        term[i] += 0.0 + NumpyPairwiseSum(neg.data() + i * n, n);
      }
      break;
    }
  }
  nb.coef = Tensor::FromVector(std::move(coef), {c, n});
  nb.class_term = Tensor::FromVector(std::move(term));
  m.estimator.kind = std::move(nb);
  if (which == Discrete::kBernoulli) {
    Value binarize = est.Get("binarize");
    if (!binarize.ok()) return binarize.status();
    if (!binarize.is_none()) {
      // _check_X: binarize(X, threshold=self.binarize) before the jll; the
      // Binarizer kind does exactly that (float32 input included).
      Binarizer b;
      MODELSEAL_ASSIGN_OR_RETURN(b.threshold, binarize.AsFloat());
      Pipeline p;
      p.steps.push_back(Estimator{std::move(b)});
      p.steps.push_back(std::move(m.estimator));
      m.estimator.kind = std::move(p);
    }
  }
  *out = std::move(m);
  return Status();
}

}  // namespace

// GaussianNB: jll[i] = log(class_prior_[i]) + (-0.5 * sum(log(2 pi
// var_[i])) - 0.5 * sum((x - theta_[i])^2 / var_[i])).
Status MapGaussianNb(const Value& est, const MapContext& ctx, Mapped* out) {
  Mapped m;
  uint64_t c = 0;
  MODELSEAL_RETURN_IF_ERROR(ClassesOf(est, &m, &c));
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> theta,
                             Matrix(est, "theta_", c, kAnyCols));
  const uint64_t n = theta.shape[1];
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> var, Matrix(est, "var_", c, n));
  MODELSEAL_RETURN_IF_ERROR(CheckFinite(est, "theta_", theta.values, ""));
  for (size_t i = 0; i < var.values.size(); ++i) {
    if (!(std::isfinite(var.values[i]) && var.values[i] > 0)) {
      return est.Get("var_").Fail(ErrorCode::kStateValue,
                                  "entry " + std::to_string(i) + " is " +
                                      std::to_string(var.values[i]) +
                                      ", not finite and > 0");
    }
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<double> prior,
                             Vector(est, "class_prior_", c));
  ctx.NumpyLog(prior);
  MODELSEAL_RETURN_IF_ERROR(CheckLogProbs(est.Get("class_prior_"), prior));
  // -0.5 * np.sum(np.log(2.0 * np.pi * var_[i, :])): 2.0 * np.pi first.
  std::vector<double> logs = var.values;
  const double two_pi = 2.0 * M_PI;
  for (double& v : logs) v = two_pi * v;
  ctx.NumpyLog(logs);
  std::vector<double> norm(c);
  for (uint64_t i = 0; i < c; ++i) {
    norm[i] = -0.5 * NumpyPairwiseSum(logs.data() + i * n, n);
  }
  MODELSEAL_RETURN_IF_ERROR(
      CheckFinite(est, "var_", norm, " (the log normaliser of a class)"));
  NaiveBayes nb;
  nb.type = NaiveBayesType::kGaussian;
  nb.class_term = Tensor::FromVector(std::move(prior));
  nb.theta = Tensor::FromVector(std::move(theta.values), {c, n});
  nb.var = Tensor::FromVector(std::move(var.values), {c, n});
  nb.log_norm = Tensor::FromVector(std::move(norm));
  m.estimator.kind = std::move(nb);
  *out = std::move(m);
  return Status();
}

// CategoricalNB: jll = sum_j feature_log_prob_[j][:, x_j] + class_log_prior_;
// the per-feature [c, k_j] arrays become one [sum k_j, c] table.
Status MapCategoricalNb(const Value& est, const MapContext&, Mapped* out) {
  Mapped m;
  uint64_t c = 0;
  MODELSEAL_RETURN_IF_ERROR(ClassesOf(est, &m, &c));
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<double> prior,
                             Vector(est, "class_log_prior_", c));
  MODELSEAL_RETURN_IF_ERROR(CheckLogProbs(est.Get("class_log_prior_"), prior));
  Value counts_v = est.Get("n_categories_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<int64_t> counts,
                             counts_v.Numeric<int64_t>());
  Value flp = est.Get("feature_log_prob_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, flp.Size());
  if (counts.shape != std::vector<uint64_t>{n}) {
    return counts_v.Fail(ErrorCode::kStateShape,
                         "expected [" + std::to_string(n) +
                             "], one per feature_log_prob_ entry");
  }
  std::vector<double> table;
  for (size_t j = 0; j < n; ++j) {
    Value fj = flp.At(j);
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> e, fj.Numeric<double>());
    if (e.shape.size() != 2 || e.shape[0] != c || counts.values[j] < 1 ||
        e.shape[1] != static_cast<uint64_t>(counts.values[j])) {
      return fj.Fail(ErrorCode::kStateShape,
                     "expected [" + std::to_string(c) + ", " +
                         std::to_string(counts.values[j]) +
                         "] (classes, n_categories_[" + std::to_string(j) +
                         "])");
    }
    MODELSEAL_RETURN_IF_ERROR(CheckLogProbs(fj, e.values));
    const uint64_t k = e.shape[1];
    for (uint64_t t = 0; t < k; ++t) {
      for (uint64_t i = 0; i < c; ++i) table.push_back(e.values[i * k + t]);
    }
  }
  NaiveBayes nb;
  nb.type = NaiveBayesType::kCategorical;
  nb.class_term = Tensor::FromVector(std::move(prior));
  const uint64_t rows = table.size() / c;
  nb.category_log_prob = Tensor::FromVector(std::move(table), {rows, c});
  nb.n_categories = Tensor::FromVector(std::move(counts.values));
  m.estimator.kind = std::move(nb);
  *out = std::move(m);
  return Status();
}

Status MapMultinomialNb(const Value& est, const MapContext& ctx, Mapped* out) {
  return MapDiscrete(est, ctx, Discrete::kMultinomial, out);
}
Status MapComplementNb(const Value& est, const MapContext& ctx, Mapped* out) {
  return MapDiscrete(est, ctx, Discrete::kComplement, out);
}
Status MapBernoulliNb(const Value& est, const MapContext& ctx, Mapped* out) {
  return MapDiscrete(est, ctx, Discrete::kBernoulli, out);
}

}  // namespace modelseal::mapper
