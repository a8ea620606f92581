// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// libsvm's estimators: SVC, NuSVC, SVR, NuSVR, OneClassSVM. The arrays are
// the ones scikit-learn passes to libsvm's predict (sklearn/svm/_base.py,
// identical in 1.4.2 to 1.9.1): support_vectors_, _n_support, _dual_coef_,
// _intercept_ (libsvm's -rho), _probA and _probB, with _gamma as resolved at
// fit. class_weight, C, nu, epsilon, tol, shrinking and cache_size act at
// fit only.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

Result<SvmKernel> KernelOf(const Value& est) {
  Result<std::string> kernel = est.Get("kernel").AsStr();
  if (!kernel.ok()) {
    return Unsupported(est,
                       "a callable kernel is not supported (supported: "
                       "'linear', 'poly', 'rbf', 'sigmoid')");
  }
  if (*kernel == "linear") return SvmKernel::kLinear;
  if (*kernel == "poly") return SvmKernel::kPoly;
  if (*kernel == "rbf") return SvmKernel::kRbf;
  if (*kernel == "sigmoid") return SvmKernel::kSigmoid;
  return Unsupported(est, "kernel '" + *kernel +
                              "' is not supported (supported: 'linear', "
                              "'poly', 'rbf', 'sigmoid')");
}

Status MapSvm(const Value& est, SvmType type, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(bool sparse, est.Get("_sparse").AsBool());
  if (sparse) {
    return Unsupported(est,
                       "fitted on a sparse matrix (libsvm's sparse kernels; "
                       "supported: SVMs fitted on dense input)");
  }
  SupportVectorMachine k;
  k.type = type;
  MODELSEAL_ASSIGN_OR_RETURN(k.kernel, KernelOf(est));
  MODELSEAL_ASSIGN_OR_RETURN(k.gamma, est.Get("_gamma").AsFloat());
  MODELSEAL_ASSIGN_OR_RETURN(k.coef0, est.Get("coef0").AsFloat());
  MODELSEAL_ASSIGN_OR_RETURN(int64_t degree, est.Get("degree").AsInt());
  if (degree < 0 || degree > INT32_MAX) {
    return Unsupported(est, "degree " + std::to_string(degree) +
                                " is outside libsvm's [0, 2^31 - 1]");
  }
  k.degree = static_cast<uint64_t>(degree);
  MODELSEAL_ASSIGN_OR_RETURN(k.support_vectors,
                             F64Tensor(est.Get("support_vectors_")));
  MODELSEAL_ASSIGN_OR_RETURN(k.dual_coef, F64Tensor(est.Get("_dual_coef_")));
  MODELSEAL_ASSIGN_OR_RETURN(k.intercept, F64Tensor(est.Get("_intercept_")));
  Mapped m;
  if (IsSvmClassifier(type)) {
    MODELSEAL_ASSIGN_OR_RETURN(k.n_support,
                               ExactTensor<int32_t>(est.Get("_n_support")));
    MODELSEAL_ASSIGN_OR_RETURN(Tensor prob_a, F64Tensor(est.Get("_probA")));
    MODELSEAL_ASSIGN_OR_RETURN(Tensor prob_b, F64Tensor(est.Get("_probB")));
    if (prob_a.size() > 0 || prob_b.size() > 0) {
      k.prob_a = std::move(prob_a);
      k.prob_b = std::move(prob_b);
    }
    MODELSEAL_ASSIGN_OR_RETURN(std::string shape,
                               StrParam(est, "decision_function_shape"));
    k.decision_shape =
        shape == "ovo" ? SvmDecisionShape::kOvo : SvmDecisionShape::kOvr;
    MODELSEAL_ASSIGN_OR_RETURN(bool break_ties, est.Get("break_ties").AsBool());
    if (break_ties && k.decision_shape == SvmDecisionShape::kOvo) {
      return Unsupported(est,
                         "break_ties=True with decision_function_shape='ovo' "
                         "(scikit-learn's predict raises ValueError)");
    }
    k.ties = break_ties ? SvmTies::kDecision : SvmTies::kVotes;
    MODELSEAL_ASSIGN_OR_RETURN(m.output, ClassifierOutput(est));
  } else if (type == SvmType::kOneClass) {
    // predict is -1 or 1 (numpy intp).
    m.output.task = Task::kClassification;
    m.output.n_outputs = 1;
    ClassLabels labels;
    labels.int_labels = Tensor::FromVector(std::vector<int64_t>{-1, 1});
    m.output.classes.push_back(std::move(labels));
  } else {
    m.output = RegressionOutput(1);
  }
  m.estimator.kind = std::move(k);
  *out = std::move(m);
  return Status();
}

}  // namespace

Status MapSvc(const Value& est, const MapContext&, Mapped* out) {
  return MapSvm(est, SvmType::kCSvc, out);
}
Status MapNuSvc(const Value& est, const MapContext&, Mapped* out) {
  return MapSvm(est, SvmType::kNuSvc, out);
}
Status MapSvr(const Value& est, const MapContext&, Mapped* out) {
  return MapSvm(est, SvmType::kEpsilonSvr, out);
}
Status MapNuSvr(const Value& est, const MapContext&, Mapped* out) {
  return MapSvm(est, SvmType::kNuSvr, out);
}
Status MapOneClassSvm(const Value& est, const MapContext&, Mapped* out) {
  return MapSvm(est, SvmType::kOneClass, out);
}

// KernelRidge (sklearn/kernel_ridge.py, 1.4.2 to 1.9.1): predict is
// np.dot(pairwise_kernels(X, X_fit_, metric=kernel, gamma, degree, coef0),
// dual_coef_): an SVR whose support vectors are X_fit_, whose dual
// coefficients are dual_coef_ and whose intercept is 0. pairwise_kernels'
// defaults: gamma None is 1 / n_features (rbf, poly, sigmoid); linear
// reads none of the three.
Status MapKernelRidge(const Value& est, const MapContext&, Mapped* out) {
  SupportVectorMachine k;
  k.type = SvmType::kEpsilonSvr;
  MODELSEAL_ASSIGN_OR_RETURN(k.kernel, KernelOf(est));
  const Value x_fit = est.Get("X_fit_");
  if (x_fit.ok() && x_fit.kind() != Node::Kind::kArray) {
    return Unsupported(est, "fitted on a sparse matrix (supported: dense X)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> sv, Float64Array(est, x_fit));
  if (sv.shape.size() != 2 || sv.shape[0] < 1 || sv.shape[1] < 1) {
    return x_fit.Fail(ErrorCode::kStateShape,
                      "expected [n_samples, n_features]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(x_fit, sv.values));
  const uint64_t l = sv.shape[0], n = sv.shape[1];
  const Value dual = est.Get("dual_coef_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> dc, Float64Array(est, dual));
  // dual_coef_ [l] for a 1-D y, [l, t] for t targets: stored [t, l], one
  // row per output.
  const bool one_d = dc.shape.size() == 1;
  if (!(one_d ? dc.shape[0] == l
              : dc.shape.size() == 2 && dc.shape[0] == l && dc.shape[1] > 0)) {
    return dual.Fail(ErrorCode::kStateShape,
                     "expected [" + std::to_string(l) + "] or [" +
                         std::to_string(l) +
                         ", n_targets], one row per row of X_fit_");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(dual, dc.values));
  if (!one_d && dc.shape[1] == 1) {
    return Unsupported(est,
                       "fitted on a 2-D y of one column (scikit-learn's "
                       "predict returns [n, 1], modelseal's [n]); fit on "
                       "y.ravel()");
  }
  const uint64_t t = one_d ? 1 : dc.shape[1];
  std::vector<double> coef(t * l);
  for (uint64_t i = 0; i < l; ++i) {
    for (uint64_t j = 0; j < t; ++j) coef[j * l + i] = dc.values[i * t + j];
  }
  const Value gamma = est.Get("gamma");
  if (gamma.is_none()) {
    k.gamma = 1.0 / static_cast<double>(n);
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(k.gamma, gamma.AsFloat());
  }
  MODELSEAL_ASSIGN_OR_RETURN(k.coef0, est.Get("coef0").AsFloat());
  MODELSEAL_ASSIGN_OR_RETURN(double degree, est.Get("degree").AsFloat());
  if (k.kernel == SvmKernel::kPoly &&
      !(degree >= 0 && degree <= INT32_MAX && degree == std::floor(degree))) {
    return Unsupported(est, "degree " + std::to_string(degree) +
                                " is not a whole number in [0, 2^31 - 1]");
  }
  k.degree = k.kernel == SvmKernel::kPoly ? static_cast<uint64_t>(degree) : 3;
  if (!std::isfinite(k.gamma) || !std::isfinite(k.coef0)) {
    return Unsupported(est, "gamma and coef0 must be finite");
  }
  k.support_vectors = Tensor::FromVector(std::move(sv.values), {l, n});
  k.dual_coef = Tensor::FromVector(std::move(coef), {t, l});
  k.intercept = Tensor::FromVector(std::vector<double>(t, 0.0));
  Mapped m;
  m.output = RegressionOutput(t);
  m.estimator.kind = std::move(k);
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper
