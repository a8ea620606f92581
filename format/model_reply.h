// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The model reply: how the sandboxed helper hands a validated model back to
// the host (format/REPLY.md describes the encoding byte by byte).
//
// The helper parses the .seal bytes with the full FlatBuffers reader, then
// encodes the resulting Model as a flat, strictly ordered list of fields: the
// scalars and strings themselves, and each tensor as (dtype, shape, offset,
// length) into the very same sealed input buffer the host holds. The host
// decodes that with the small bounds-checked decoder below, points the
// tensors into its own read-only mapping of the input, and runs
// ValidateModel() again. A lying helper can therefore make the load fail, but
// never make the host read out of bounds or accept a model that breaks a rule
// of format/SPEC.md.
#ifndef MODELSEAL_LOADER_MODEL_REPLY_H_
#define MODELSEAL_LOADER_MODEL_REPLY_H_

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "modelseal/error.h"
#include "modelseal/model.h"

namespace modelseal {

inline constexpr uint32_t kModelReplyMagic = 0x524d534d;  // "MSMR" LE
inline constexpr uint16_t kModelReplyVersion = 1;

// Hard caps of the decoder (independent of what the helper claims).
inline constexpr uint64_t kModelReplyMaxListItems = 1ull << 22;
inline constexpr uint64_t kModelReplyMaxDepth = 32;
// The items of all lists in a reply together may take at most this many
// bytes of host memory (their sizeof) per payload byte, plus a fixed
// allowance (format/REPLY.md, "Lists"); an honest reply needs less than 8.
inline constexpr uint64_t kModelReplyMaxItemBytesPerByte = 32;
inline constexpr uint64_t kModelReplyItemBytesAllowance = 64 << 10;

// Encodes `model`, whose tensors all point into `input`, as a reply payload.
// Fails with kInternal when a tensor lies outside `input`.
Result<std::vector<std::byte>> EncodeModelReply(
    const Model& model, std::span<const std::byte> input);

// Decodes a reply payload. Tensors become views into `input` (which
// `keepalive` keeps alive and unchanged): each must lie inside it, be
// 64-byte aligned relative to input.data() and have a byte length equal to
// its shape's product times the dtype size. Does NOT run ValidateModel();
// the loader does that next. `input.data()` must be 64-byte aligned.
Result<Model> DecodeModelReply(std::span<const std::byte> payload,
                               std::span<const std::byte> input,
                               std::shared_ptr<const void> keepalive);

// The sandbox helper's "model" validator: parses and validates `input` as a
// .seal file (ParseModel) and encodes the reply. A parse error is returned
// as is, so the host can report the exact rule that failed.
Status ValidateModelRequest(std::span<const std::byte> input,
                            std::vector<std::byte>* payload);

}  // namespace modelseal

#endif  // MODELSEAL_LOADER_MODEL_REPLY_H_
