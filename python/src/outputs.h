// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The one place where the Python methods run a Predictor method and turn
// its outputs into Python objects, whatever X is (a numpy matrix, a column
// table built by modelseal._predictor, or Arrow batches).
#ifndef MODELSEAL_PYTHON_SRC_OUTPUTS_H_
#define MODELSEAL_PYTHON_SRC_OUTPUTS_H_

#include <nanobind/nanobind.h>

#include <vector>

#include "modelseal/error.h"
#include "modelseal/predictor.h"
#include "modelseal/table.h"

namespace modelseal::python {

// The outputs of one method call; only the member of the method is set.
struct MethodOutputs {
  PredictOutput predict;              // kPredict
  std::vector<Matrix<double>> proba;  // kPredictProba, kPredictLogProba:
                                      // one per output
  Matrix<double> matrix;              // kDecisionFunction, kTransform
};

// Runs `method` of `p` on `X` into `out` (call without the GIL).
Status RunMethod(const Predictor& p, const MatrixView& X, PredictMethod method,
                 unsigned n_threads, MethodOutputs* out);
Status RunMethod(const Predictor& p, const TableView& X, PredictMethod method,
                 unsigned n_threads, MethodOutputs* out);

// What the Python method returns, the buffers moved into numpy arrays
// (needs the GIL): predict, the class indices of a classifier or the values
// of a regressor, rows x n_outputs; predict_proba and predict_log_proba, a
// list with one array per output; decision_function and transform, one
// array.
nanobind::object ToPython(const Predictor& p, PredictMethod method,
                          MethodOutputs&& out);

}  // namespace modelseal::python

#endif  // MODELSEAL_PYTHON_SRC_OUTPUTS_H_
