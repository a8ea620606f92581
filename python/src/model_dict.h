// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Conversion between the exporter's nested Python dict and modelseal::Model,
// by one generic visitor over Model::Visit() (include/modelseal/model.h).
//
// The dict's keys are exactly the field names of the Visit() methods. An
// estimator is a dict with "kind" (a name of kEstimatorKindNames) plus its
// fields. Tensors are numpy.ndarray objects whose dtype must be exactly the
// one the field needs is not checked here (the validator does that) but the
// dtype must be one of DType, little-endian; enums are strings ("regression",
// "logistic_ovr", "log_loss_binary", ...). Missing keys leave the field at its
// default (absent tensor, empty string, 0); unknown keys, wrong Python types
// and unknown enum names are errors (kInvalidArgument) whose context is the
// path of the offending field, e.g. "estimator.trees[3].threshold".
//
// Both functions need the GIL.
#ifndef MODELSEAL_PYTHON_SRC_MODEL_DICT_H_
#define MODELSEAL_PYTHON_SRC_MODEL_DICT_H_

#include <nanobind/nanobind.h>

#include "modelseal/error.h"
#include "modelseal/model.h"

namespace modelseal::python {

// Builds a Model from `dict`. Tensors own copies of the array bytes.
[[nodiscard]] Result<Model> DictToModel(nanobind::handle dict);

// The inverse: a dict with the same keys; tensors become new numpy arrays
// (copies), enums their names.
nanobind::object ModelToDict(const Model& model);

}  // namespace modelseal::python

#endif  // MODELSEAL_PYTHON_SRC_MODEL_DICT_H_
