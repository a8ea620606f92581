// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Registers keygen / sign / verify on the extension module (when the signing
// library is built). Errors are raised through `raise` (modelseal.errors).
#ifndef MODELSEAL_PYTHON_SRC_SIGNING_BINDINGS_H_
#define MODELSEAL_PYTHON_SRC_SIGNING_BINDINGS_H_

#include <nanobind/nanobind.h>

#include "modelseal/error.h"

namespace modelseal::python {

// Raises the modelseal.errors exception for a non-ok status (bindings.cc).
[[noreturn]] void Raise(const Status& status);

void RegisterSigning(nanobind::module_& m);

}  // namespace modelseal::python

#endif  // MODELSEAL_PYTHON_SRC_SIGNING_BINDINGS_H_
