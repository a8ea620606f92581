// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// libsvm's estimators: SVC, NuSVC, SVR, NuSVR, OneClassSVM. The arrays are
// the ones scikit-learn passes to libsvm's predict (sklearn/svm/_base.py,
// identical in 1.4.2 to 1.9.1): support_vectors_, _n_support, _dual_coef_,
// _intercept_ (libsvm's -rho), _probA and _probB, with _gamma as resolved at
// fit. class_weight, C, nu, epsilon, tol, shrinking and cache_size act at
// fit only.
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

}  // namespace modelseal::mapper
