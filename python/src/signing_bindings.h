// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Registers keygen / sign / verify on the extension module (when the signing
// library is built). Errors are raised through `raise` (modelseal.errors).
#ifndef MODELSEAL_PYTHON_SRC_SIGNING_BINDINGS_H_
#define MODELSEAL_PYTHON_SRC_SIGNING_BINDINGS_H_

#include <nanobind/nanobind.h>

#include <optional>
#include <string>
#include <vector>

#include "modelseal/error.h"
#include "modelseal/signing.h"

namespace modelseal::python {

// Raises the modelseal.errors exception for a non-ok status (bindings.cc).
[[noreturn]] void Raise(const Status& status);

void RegisterSigning(nanobind::module_& m);

// The verified statement and signer as the dict Python sees
// (name, version, size, created, expires, key_name, key_id).
nanobind::dict VerifiedSignatureDict(const signing::VerifiedSignature& v);

// The trust policy from a policy file, or else from public key files (each
// a minisign public key file), pinned to `name` / `min_version` when given.
// Needs no GIL.
Result<signing::TrustPolicy> MakePolicy(
    const std::optional<std::string>& policy_path,
    const std::vector<std::string>& key_paths,
    const std::optional<std::string>& name, uint64_t min_version);

}  // namespace modelseal::python

#endif  // MODELSEAL_PYTHON_SRC_SIGNING_BINDINGS_H_
