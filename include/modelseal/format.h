// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Reading and writing .seal model files (format/SPEC.md).
//
// The writer is the only code that produces the format; the Python exporter
// calls it through the bindings. The reader validates in the order SPEC.md
// gives: size caps, container header, FlatBuffers verifier with explicit
// limits, then a semantic pass over every field.
#ifndef MODELSEAL_FORMAT_H_
#define MODELSEAL_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "modelseal/error.h"
#include "modelseal/model.h"

namespace modelseal {

inline constexpr uint16_t kFormatMajor = 1;
inline constexpr uint16_t kFormatMinor = 0;

// Checks every rule of SPEC.md that applies to an in-memory Model: tensor
// dtypes and shapes per field, indices, trees, enums, strings, limits. The
// reader calls it after decoding; the loader calls it again on the sandbox's
// reply so that the host trusts nothing the helper said.
Status ValidateModel(const Model& model);

// Serializes a valid Model into the bytes of a .seal file. Fails with the
// ValidateModel error for an invalid model (nothing is written).
Result<std::vector<std::byte>> SerializeModel(const Model& model);

// SerializeModel, then writes `path` atomically (temporary file + rename).
Status WriteModelFile(const Model& model, const std::string& path);

// Parses and validates the bytes of a .seal file. `bytes.data()` must be
// 64-byte aligned (a mapping or an aligned buffer; kInvalidArgument
// otherwise). The returned Model's tensors point into `bytes` and hold
// `keepalive`, which must keep those bytes alive and unchanged.
Result<Model> ParseModel(std::span<const std::byte> bytes,
                         std::shared_ptr<const void> keepalive);

// Reads `path` (bounded by limits::kMaxFileSize or `max_size`) into an
// aligned buffer and parses it. For tools and tests: production loading goes
// through the loader (signature check + sandbox).
Result<Model> ReadModelFileUnsandboxed(const std::string& path,
                                       uint64_t max_size);

}  // namespace modelseal

#endif  // MODELSEAL_FORMAT_H_
