// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "python/src/outputs.h"

#include <nanobind/ndarray.h>

#include <utility>

namespace nb = nanobind;

namespace modelseal::python {
namespace {

// A numpy array that owns `m`'s buffer (moved into a capsule).
template <typename T>
nb::object ToNumpy(Matrix<T>&& m) {
  auto* heap = new std::vector<T>(std::move(m.data));
  nb::capsule owner(
      heap, [](void* p) noexcept { delete static_cast<std::vector<T>*>(p); });
  size_t shape[2] = {m.rows, m.cols};
  return nb::cast(
      nb::ndarray<nb::numpy, T, nb::ndim<2>>(heap->data(), 2, shape, owner));
}

template <typename View>
Status Run(const Predictor& p, const View& X, PredictMethod method,
           unsigned n_threads, MethodOutputs* out) {
  const PredictOptions options{n_threads};
  switch (method) {
    case PredictMethod::kPredict:
      return p.Predict(X, &out->predict, options);
    case PredictMethod::kPredictProba:
      return p.PredictProba(X, &out->proba, options);
    case PredictMethod::kPredictLogProba:
      return p.PredictLogProba(X, &out->proba, options);
    case PredictMethod::kDecisionFunction:
      return p.DecisionFunction(X, &out->matrix, options);
    case PredictMethod::kTransform:
      return p.Transform(X, &out->matrix, options);
  }
  return Status(ErrorCode::kInternal, "method", "unknown method");
}

}  // namespace

Status RunMethod(const Predictor& p, const MatrixView& X, PredictMethod method,
                 unsigned n_threads, MethodOutputs* out) {
  return Run(p, X, method, n_threads, out);
}

Status RunMethod(const Predictor& p, const TableView& X, PredictMethod method,
                 unsigned n_threads, MethodOutputs* out) {
  return Run(p, X, method, n_threads, out);
}

nb::object ToPython(const Predictor& p, PredictMethod method,
                    MethodOutputs&& out) {
  switch (method) {
    case PredictMethod::kPredict:
      if (p.task() == Task::kClassification) {
        return ToNumpy(std::move(out.predict.classes));
      }
      return ToNumpy(std::move(out.predict.values));
    case PredictMethod::kPredictProba:
    case PredictMethod::kPredictLogProba: {
      nb::list result;
      for (Matrix<double>& m : out.proba) result.append(ToNumpy(std::move(m)));
      return result;
    }
    case PredictMethod::kDecisionFunction:
    case PredictMethod::kTransform:
      break;
  }
  return ToNumpy(std::move(out.matrix));
}

}  // namespace modelseal::python
