// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The state tree from Python (python/modelseal/_state.py builds it from a
// live estimator) into mapper::Node, and the mapper entry points of
// modelseal._native. Needs the GIL.
#ifndef MODELSEAL_PYTHON_SRC_STATE_BINDINGS_H_
#define MODELSEAL_PYTHON_SRC_STATE_BINDINGS_H_

#include <nanobind/nanobind.h>

namespace modelseal::python {

// Adds map_model, map_estimator, supported_estimators and
// check_sklearn_version to the module.
void RegisterMapper(nanobind::module_& m);

}  // namespace modelseal::python

#endif  // MODELSEAL_PYTHON_SRC_STATE_BINDINGS_H_
