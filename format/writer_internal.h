// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Writer internals for tests and fuzz seeds. Private to format/.
#ifndef MODELSEAL_FORMAT_WRITER_INTERNAL_H_
#define MODELSEAL_FORMAT_WRITER_INTERNAL_H_

#include <cstddef>
#include <vector>

#include "modelseal/error.h"
#include "modelseal/model.h"

namespace modelseal::format_internal {

// SerializeModel without the ValidateModel call: writes whatever the Model
// holds (tensor dtype, shape and bytes as they are), so that tests can make
// files that break exactly one semantic rule. Still refuses what it cannot
// encode (kTooManyTensors, kManifestLength, kFileTooLarge). Never use it for
// real output.
Result<std::vector<std::byte>> SerializeUnvalidated(const Model& model);

}  // namespace modelseal::format_internal

#endif  // MODELSEAL_FORMAT_WRITER_INTERNAL_H_
