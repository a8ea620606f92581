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
// The newest format_minor this library reads and writes (SPEC §10). The
// writer writes the lowest minor a model needs: 0 unless it uses a format
// 1.1 feature (typed input columns, the encoder, imputer and
// ColumnTransformer kinds).
inline constexpr uint16_t kFormatMinor = 1;

// Checks every rule of SPEC.md that applies to an in-memory Model (§4 rules
// 13-14 and §5-§8): each tensor's dtype, rank, element count, byte length and
// data alignment, dtypes and shapes per field, stored indices, trees (every
// node reached exactly once from node 0, checked without recursion), enums
// (the C++ enums may hold any byte), strings (UTF-8, length caps), list caps,
// the composite nesting depth and the fit between the final estimator and
// the output spec. Complete on its own: the reader calls it after decoding;
// the loader calls it again on the sandbox's reply so that the host trusts
// nothing the helper said. After it succeeds every array access inference
// makes is in bounds. Errors: the format codes (100-399) with a path-like
// context, e.g. "estimator.trees[1].children_left[2]"; kUnsupportedMajorVersion
// when format_major is not kFormatMajor. Does not allocate more than
// O(largest tree) and never reads a tensor before its size is checked.
Status ValidateModel(const Model& model);

// Serializes a valid Model into the bytes of a .seal file (format
// kFormatMajor.0, or kFormatMajor.1 when the model uses a format 1.1
// feature, whatever the Model's own version fields say).
// Fails with the ValidateModel error for an invalid model; with
// kTooManyTensors, kManifestLength or kFileTooLarge past the limits of
// limits.h. Deterministic: the same Model always gives the same bytes.
// Tensor indices follow the order fields are met walking the model; tensors
// are laid out canonically (SPEC §4).
Result<std::vector<std::byte>> SerializeModel(const Model& model);

// SerializeModel, then writes `path` atomically (temporary file in the same
// directory, fsync, rename): on any error `path` is left untouched. I/O
// errors are the kIo* codes.
Status WriteModelFile(const Model& model, const std::string& path);

// Parses and validates the bytes of a .seal file in the order of SPEC §9
// (size caps, header, identifier, FlatBuffers verifier with explicit limits,
// tensor table, conversion, ValidateModel). `bytes.data()` must be 64-byte
// aligned (a mapping or an aligned buffer; kInvalidArgument otherwise). The
// returned Model's tensors point into `bytes` (no copies) and hold
// `keepalive`, which must keep those bytes alive and unchanged. Accepts a
// newer format_minor of format_major 1 (SPEC §10) and refuses a format 1.0
// file that uses a 1.1 feature (kMinorVersionFeature); rejects any other major
// with kUnsupportedMajorVersion (category kUnsupported); every other failure
// is a kFormat code naming the broken rule. Never reads outside `bytes`.
Result<Model> ParseModel(std::span<const std::byte> bytes,
                         std::shared_ptr<const void> keepalive);

// Reads `path` (bounded by limits::kMaxFileSize or `max_size`) into an
// aligned buffer and parses it. For tools and tests: production loading goes
// through the loader (signature check + sandbox).
Result<Model> ReadModelFileUnsandboxed(const std::string& path,
                                       uint64_t max_size);

}  // namespace modelseal

#endif  // MODELSEAL_FORMAT_H_
