// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Conversion between the exporter's nested Python dict and modelseal::Model,
// by one generic visitor over Model::Visit() (include/modelseal/model.h).
//
// The dict's keys are exactly the field names of the Visit() methods. An
// estimator is a dict with "kind" (a name of kEstimatorKindNames) plus its
// fields. A tensor is a C-contiguous numpy.ndarray whose dtype is one of
// DType in little-endian order ("<f8", "<f4", "<i8", "<i4", "<u4", "|u1"),
// or None for an absent tensor; whether that dtype and shape suit the field
// is the validator's job (ValidateModel), not this one's. Enums are strings
// ("regression", "logistic_ovr", "log_loss_binary", ...). Integers must be
// Python or numpy ints within the field's range; floats any real number.
// Missing keys leave the field at its default (absent tensor, empty string,
// 0); unknown keys, wrong Python types, unknown enum or kind names are
// kInvalidArgument errors whose context is the path of the offending field,
// e.g. "estimator.trees[3].threshold". The first error wins.
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
