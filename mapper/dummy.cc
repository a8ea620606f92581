// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's dummy estimators (sklearn/dummy.py): DummyRegressor (every
// strategy: constant_ is fitted) and DummyClassifier with the strategies
// that do not draw random numbers (prior, most_frequent, constant).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

Status MapDummyRegressor(const Value& est, const MapContext&, Mapped* out) {
  Value v = est.Get("constant_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> c, Float64Array(est, v));
  // constant_ is [1, n_outputs].
  if (c.shape.size() != 2 || c.shape[0] != 1 || c.shape[1] < 1) {
    return v.Fail(ErrorCode::kStateShape, "expected [1, n_outputs]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(v, c.values));
  const uint64_t n = c.shape[1];
  Constant k;
  k.values = Tensor::FromVector(std::move(c.values));
  Mapped m;
  m.estimator.kind = std::move(k);
  m.output = RegressionOutput(n);
  *out = std::move(m);
  return Status();
}

// predict_proba's row: class_prior_ (prior), one-hot at its first largest
// entry (most_frequent), or one-hot at the constant's class (constant).
Status MapDummyClassifier(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(std::string strategy,
                             est.Get("_strategy").AsStr());
  if (strategy != "prior" && strategy != "most_frequent" &&
      strategy != "constant") {
    return Unsupported(est, "strategy '" + strategy +
                                "' draws random predictions (supported: "
                                "prior, most_frequent, constant)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n_outputs, est.Get("n_outputs_").AsInt());
  if (n_outputs != 1) {
    return Unsupported(est, "multi-output dummy classifiers are not supported");
  }
  MODELSEAL_ASSIGN_OR_RETURN(OutputSpec output, ClassifierOutput(est));
  Value pv = est.Get("class_prior_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> prior, Float64Array(est, pv));
  const uint64_t c = output.classes[0].count();
  if (prior.shape != std::vector<uint64_t>{c}) {
    return pv.Fail(ErrorCode::kStateShape,
                   "expected [" + std::to_string(c) + "], one per class");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(pv, prior.values));
  std::vector<double> row = prior.values;
  if (strategy != "prior") {
    size_t at = 0;
    if (strategy == "most_frequent") {
      for (size_t i = 1; i < c; ++i) {
        if (prior.values[i] > prior.values[at]) at = i;  // np.argmax
      }
    } else {
      // The class equal to `constant` (fit checked that there is one).
      const ClassLabels& labels = output.classes[0];
      Value constant = est.Get("constant");
      at = c;
      if (constant.is_str()) {
        MODELSEAL_ASSIGN_OR_RETURN(std::string s, constant.AsStr());
        for (size_t i = 0; i < labels.str_labels.size(); ++i) {
          if (labels.str_labels[i] == s) at = i;
        }
      } else if (labels.int_labels.present()) {
        auto ints = labels.int_labels.span<int64_t>();
        auto as_int = constant.AsInt();
        if (as_int.ok()) {
          for (size_t i = 0; i < ints.size(); ++i) {
            if (ints[i] == *as_int) at = i;
          }
        }
      }
      if (at == c) {
        return Unsupported(est,
                           "constant is not one of classes_ (a str or "
                           "an int is supported)");
      }
    }
    row.assign(c, 0.0);
    row[at] = 1.0;
  }
  Constant k;
  k.values = Tensor::FromVector(std::move(row));
  Mapped m;
  m.estimator.kind = std::move(k);
  m.output = std::move(output);
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper
