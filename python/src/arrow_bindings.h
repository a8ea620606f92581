// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Arrow input for the Python package: objects with __arrow_c_stream__
// (pyarrow Table / RecordBatch, polars DataFrame; the Arrow PyCapsule
// interface) are read batch by batch through the Arrow C stream interface
// (modelseal/arrow.h) and predicted through the Predictor's TableView
// methods, results concatenated.
#ifndef MODELSEAL_PYTHON_SRC_ARROW_BINDINGS_H_
#define MODELSEAL_PYTHON_SRC_ARROW_BINDINGS_H_

#include <nanobind/nanobind.h>

#include "modelseal/predictor.h"

namespace modelseal::python {

// Registers _native.ArrowInput(capsule): the "arrow_array_stream" capsule
// that X.__arrow_c_stream__() returned, consumed by one prediction call.
void RegisterArrowBindings(nanobind::module_& m);

// Whether `x` is an ArrowInput.
bool IsArrowInput(nanobind::handle x);

// Runs `method` on every batch of the ArrowInput `x`: predict gives the
// same array as the matrix path (class indices or values), predict_proba
// a list of arrays, decision_function and transform one array.
nanobind::object PredictArrow(const Predictor& predictor, nanobind::handle x,
                              PredictMethod method, unsigned n_threads);

}  // namespace modelseal::python

#endif  // MODELSEAL_PYTHON_SRC_ARROW_BINDINGS_H_
