// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's Gaussian mixtures (sklearn/mixture/_gaussian_mixture.py
// and _bayesian_mixture.py, 1.4 to 1.9): GaussianMixture and
// BayesianGaussianMixture, each a classifier whose classes are the component
// indices 0..k-1. The per-component constants scikit-learn computes at every
// predict from the fitted attributes (the log weights, and the Bayesian
// mixture's degrees-of-freedom terms, which need scipy's digamma) are
// computed here, in its order of operations.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/pairwise_sum.h"
#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

// Horner's rule over c[0..count) (c[0] the highest power), as cephes's
// polevl.
double Polynomial(double x, const double* c, int count) {
  double r = c[0];
  for (int i = 1; i < count; ++i) r = r * x + c[i];
  return r;
}

// The digamma function for x > 0, the algorithm of scipy.special.digamma
// (cephes psi; scipy 1.13 to 1.17 reach it for every x > 0): integers up to
// 10 by the harmonic sum minus Euler's constant; otherwise the recurrence
// psi(x) = psi(x + 1) - 1/x (x < 1) or psi(x) = psi(x - 1) + 1/(x - 1)
// (2 < x < 10) into [1, 2], where Boost's rational approximation around the
// positive root applies; above that the asymptotic series in 1/x^2.
// Measured against scipy's digamma in python/tests/test_mixture_parity.py.
double Digamma(double x) {
  constexpr double kEuler = 0.57721566490153286061;
  double y = 0.0;
  if (x <= 10.0 && x == std::floor(x)) {
    const int n = static_cast<int>(x);
    for (int i = 1; i < n; ++i) y += 1.0 / i;
    return y - kEuler;
  }
  if (x < 1.0) {
    y -= 1.0 / x;
    x += 1.0;
  } else if (x < 10.0) {
    while (x > 2.0) {
      x -= 1.0;
      y += 1.0 / x;
    }
  }
  if (x >= 1.0 && x <= 2.0) {
    // Boost's digamma_imp_1_2: (x - root) * (Y + R(x - 1)), the root split
    // in three parts.
    static constexpr double kP[] = {
        -0.0020713321167745952, -0.045251321448739056, -0.28919126444774784,
        -0.65031853770896507,   -0.32555031186804491,  0.25479851061131551};
    static constexpr double kQ[] = {-0.55789841321675513e-6,
                                    0.0021284987017821144,
                                    0.054151797245674225,
                                    0.43593529692665969,
                                    1.4606242909763515,
                                    2.0767117023730469,
                                    1.0};
    const double kY = static_cast<double>(0.99558162689208984f);
    const double root1 = 1569415565.0 / 1073741824.0;
    const double root2 = (381566830.0 / 1073741824.0) / 1073741824.0;
    const double root3 = 0.9016312093258695918615325266959189453125e-19;
    double g = x - root1;
    g -= root2;
    g -= root3;
    const double r = Polynomial(x - 1.0, kP, 6) / Polynomial(x - 1.0, kQ, 7);
    return y + (g * kY + g * r);
  }
  static constexpr double kA[] = {
      8.33333333333333333333E-2, -2.10927960927960927961E-2,
      7.57575757575757575758E-3, -4.16666666666666666667E-3,
      3.96825396825396825397E-3, -8.33333333333333333333E-3,
      8.33333333333333333333E-2};
  double s = 0.0;
  if (x < 1.0e17) {
    const double z = 1.0 / (x * x);
    s = z * Polynomial(z, kA, 7);
  }
  return y + ((std::log(x) - (0.5 / x)) - s);
}

// A float64 array attribute of shape `shape`, finite.
Result<Elements<double>> FiniteArray(const Value& est, const char* name,
                                     const std::vector<uint64_t>& shape) {
  Value v = est.Get(name);
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> a, Float64Array(est, v));
  if (a.shape != shape) {
    std::string want = "[";
    for (size_t i = 0; i < shape.size(); ++i) {
      want += (i ? ", " : "") + std::to_string(shape[i]);
    }
    return v.Fail(ErrorCode::kStateShape, "expected " + want + "]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(v, a.values));
  return a;
}

// Entries of `v` that are each > 0 (E1114 at `at` otherwise).
Status CheckPositive(const Value& at, const std::vector<double>& v,
                     const char* why) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (!(v[i] > 0)) {
      return at.Fail(ErrorCode::kStateValue, "entry " + std::to_string(i) +
                                                 " is not > 0 (" + why + ")");
    }
  }
  return Status();
}

// BayesianGaussianMixture._estimate_log_weights.
Result<std::vector<double>> BayesLogWeights(const Value& est, uint64_t k) {
  MODELSEAL_ASSIGN_OR_RETURN(std::string prior,
                             StrParam(est, "weight_concentration_prior_type"));
  Value wc = est.Get("weight_concentration_");
  std::vector<double> out(k);
  if (prior == "dirichlet_process") {
    // weight_concentration_ is a tuple (alpha, beta) of [k] arrays:
    // digamma_a - digamma_sum + hstack((0, cumsum(digamma_b -
    // digamma_sum)[:-1])), digamma_sum = digamma(alpha + beta).
    if (!wc.ok()) return wc.status();
    const bool sequence =
        wc.kind() == Node::Kind::kTuple || wc.kind() == Node::Kind::kList;
    MODELSEAL_ASSIGN_OR_RETURN(size_t parts,
                               sequence ? wc.Size() : Result<size_t>(0));
    if (parts != 2) {
      return wc.Fail(ErrorCode::kStateShape,
                     "expected a pair of arrays (dirichlet_process)");
    }
    std::vector<double> ab[2];
    for (size_t p = 0; p < 2; ++p) {
      Value part = wc.At(p);
      MODELSEAL_ASSIGN_OR_RETURN(Elements<double> a, Float64Array(est, part));
      if (a.shape != std::vector<uint64_t>{k}) {
        return part.Fail(ErrorCode::kStateShape,
                         "expected [" + std::to_string(k) + "]");
      }
      MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(part, a.values));
      MODELSEAL_RETURN_IF_ERROR(
          CheckPositive(part, a.values, "a Beta concentration"));
      ab[p] = std::move(a.values);
    }
    double cum = 0.0;  // np.cumsum: left to right
    for (uint64_t j = 0; j < k; ++j) {
      const double dsum = Digamma(ab[0][j] + ab[1][j]);
      out[j] = (Digamma(ab[0][j]) - dsum) + cum;
      cum += Digamma(ab[1][j]) - dsum;
    }
    return out;
  }
  if (prior != "dirichlet_distribution") {
    return Unsupported(est, "weight_concentration_prior_type '" + prior +
                                "' is not dirichlet_process or "
                                "dirichlet_distribution");
  }
  // digamma(wc) - digamma(np.sum(wc)).
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> a,
                             FiniteArray(est, "weight_concentration_", {k}));
  MODELSEAL_RETURN_IF_ERROR(
      CheckPositive(wc, a.values, "a Dirichlet concentration"));
  const double total = Digamma(0.0 + NumpyPairwiseSum(a.values.data(), k));
  for (uint64_t j = 0; j < k; ++j) out[j] = Digamma(a.values[j]) - total;
  return out;
}

// degrees_of_freedom_: [k], or one value for covariance_type tied (a numpy
// float64 scalar there).
Result<std::vector<double>> DegreesOfFreedom(const Value& est, uint64_t k,
                                             bool tied) {
  Value v = est.Get("degrees_of_freedom_");
  std::vector<double> dof;
  if (tied && v.ok() && v.kind() != Node::Kind::kArray) {
    MODELSEAL_ASSIGN_OR_RETURN(double d, v.AsFloat());
    dof.assign(k, d);
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> a, Float64Array(est, v));
    if (tied && a.shape.empty() && a.values.size() == 1) {
      dof.assign(k, a.values[0]);
    } else if (a.shape == std::vector<uint64_t>{k}) {
      dof = std::move(a.values);
    } else {
      return v.Fail(ErrorCode::kStateShape, "expected [" + std::to_string(k) +
                                                "]" +
                                                (tied ? " or a scalar" : ""));
    }
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(v, dof));
  MODELSEAL_RETURN_IF_ERROR(CheckPositive(v, dof, "degrees of freedom"));
  return dof;
}

}  // namespace

// GaussianMixture and BayesianGaussianMixture: BaseMixture.predict,
// predict_proba and score_samples read means_, precisions_cholesky_ and
// _estimate_log_weights (log(weights_); the Bayesian mixture's from
// weight_concentration_), and for the Bayesian mixture degrees_of_freedom_
// and mean_precision_ (the same in 1.4.2, 1.7.2 and 1.9.1).
Status MapGaussianMixture(const Value& est, const MapContext&, Mapped* out) {
  Result<std::string> type_or = StrParam(est, "covariance_type");
  if (!type_or.ok()) return type_or.status();
  const std::string type = *type_or;
  GaussianMixture g;
  if (type == "full") {
    g.covariance_type = CovarianceType::kFull;
  } else if (type == "tied") {
    g.covariance_type = CovarianceType::kTied;
  } else if (type == "diag") {
    g.covariance_type = CovarianceType::kDiag;
  } else if (type == "spherical") {
    g.covariance_type = CovarianceType::kSpherical;
  } else {
    return Unsupported(est, "covariance_type '" + type +
                                "' is not full, tied, diag or spherical");
  }
  Value mv = est.Get("means_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> means, Float64Array(est, mv));
  if (means.shape.size() != 2 || means.shape[0] < 1 || means.shape[1] < 1) {
    return mv.Fail(ErrorCode::kStateShape,
                   "expected [n_components, n_features]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(mv, means.values));
  const uint64_t k = means.shape[0], n = means.shape[1];
  std::vector<uint64_t> shape;
  switch (g.covariance_type) {
    case CovarianceType::kFull:
      shape = {k, n, n};
      break;
    case CovarianceType::kTied:
      shape = {n, n};
      break;
    case CovarianceType::kDiag:
      shape = {k, n};
      break;
    case CovarianceType::kSpherical:
      shape = {k};
      break;
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> pc,
                             FiniteArray(est, "precisions_cholesky_", shape));
  {
    // The entries whose logs make the log-determinant.
    const bool matrix = g.covariance_type == CovarianceType::kFull ||
                        g.covariance_type == CovarianceType::kTied;
    std::vector<double> diag;
    for (size_t i = 0; i < pc.values.size(); ++i) {
      if (!matrix || (i % (n * n)) % (n + 1) == 0) diag.push_back(pc.values[i]);
    }
    MODELSEAL_RETURN_IF_ERROR(CheckPositive(est.Get("precisions_cholesky_"),
                                            diag, "a Cholesky diagonal"));
  }
  std::vector<double> log_weights(k);
  MODELSEAL_ASSIGN_OR_RETURN(auto cls, est.ClassName());
  const bool bayes = cls.second == "BayesianGaussianMixture";
  if (bayes) {
    MODELSEAL_ASSIGN_OR_RETURN(log_weights, BayesLogWeights(est, k));
    MODELSEAL_ASSIGN_OR_RETURN(
        std::vector<double> dof,
        DegreesOfFreedom(est, k, g.covariance_type == CovarianceType::kTied));
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> mp,
                               FiniteArray(est, "mean_precision_", {k}));
    MODELSEAL_RETURN_IF_ERROR(
        CheckPositive(est.Get("mean_precision_"), mp.values, "a precision"));
    // _estimate_log_prob: log_gauss - 0.5 * n_features * np.log(dof), then
    // + 0.5 * (log_lambda - n_features / mean_precision_) with log_lambda =
    // n_features * np.log(2.0) + np.sum(digamma(0.5 * (dof -
    // np.arange(n)[:, None])), 0) (a sum down axis 0: left to right).
    std::vector<double> dof_term(k), lambda_term(k);
    const double nf = static_cast<double>(n);
    for (uint64_t j = 0; j < k; ++j) {
      dof_term[j] = 0.5 * nf * std::log(dof[j]);
      double s = Digamma(0.5 * (dof[j] - 0.0));
      for (uint64_t i = 1; i < n; ++i) {
        s += Digamma(0.5 * (dof[j] - static_cast<double>(i)));
      }
      const double log_lambda = nf * std::log(2.0) + s;
      lambda_term[j] = 0.5 * (log_lambda - nf / mp.values[j]);
    }
    g.dof_term = Tensor::FromVector(std::move(dof_term));
    g.lambda_term = Tensor::FromVector(std::move(lambda_term));
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> w,
                               FiniteArray(est, "weights_", {k}));
    MODELSEAL_RETURN_IF_ERROR(
        CheckPositive(est.Get("weights_"), w.values, "a mixture weight"));
    for (uint64_t j = 0; j < k; ++j) log_weights[j] = std::log(w.values[j]);
  }
  g.means = Tensor::FromVector(std::move(means.values), {k, n});
  g.precisions_cholesky = Tensor::FromVector(std::move(pc.values), shape);
  g.log_weights = Tensor::FromVector(std::move(log_weights));
  std::vector<int64_t> labels(k);
  for (uint64_t i = 0; i < k; ++i) labels[i] = static_cast<int64_t>(i);
  ClassLabels classes;
  classes.int_labels = Tensor::FromVector(std::move(labels));
  classes.label_type = LabelType::kInt64;
  out->estimator.kind = std::move(g);
  out->output = OutputSpec();
  out->output.task = Task::kClassification;
  out->output.n_outputs = 1;
  out->output.classes.push_back(std::move(classes));
  return Status();
}

}  // namespace modelseal::mapper
