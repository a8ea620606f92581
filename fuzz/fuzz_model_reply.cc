// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the host's decoder of the sandbox helper's model reply
// (DecodeModelReply), i.e. what a compromised helper controls.
//
// Input layout: a little-endian u32 N, then N bytes of reply payload, then
// the rest as the sealed input buffer the reply's tensors point into (copied
// to a 64-byte aligned buffer of its exact size). When N exceeds what
// follows, the whole remainder is the payload and the input is empty.
// Oracle: a decoded model that passes ValidateModel is re-encoded against
// the same input and decodes again.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/little_endian.h"
#include "format/model_reply.h"
#include "fuzz/fuzz_util.h"
#include "modelseal/format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using modelseal::fuzz::Fail;
  if (size < 4) return 0;
  const uint32_t n = modelseal::LoadLe32(
      std::as_bytes(std::span<const uint8_t>(data, size).first<4>()));
  data += 4;
  size -= 4;
  const size_t payload_size = n < size ? n : size;
  modelseal::fuzz::AlignedBytes payload =
      modelseal::fuzz::CopyAligned(data, payload_size);
  modelseal::fuzz::AlignedBytes input =
      modelseal::fuzz::CopyAligned(data + payload_size, size - payload_size);
  auto model =
      modelseal::DecodeModelReply(payload.bytes, input.bytes, input.owner);
  if (!model.ok()) return 0;
  if (!modelseal::ValidateModel(*model).ok()) return 0;
  auto again = modelseal::EncodeModelReply(*model, input.bytes);
  if (!again.ok()) Fail("decoded valid model does not re-encode");
  auto redecoded =
      modelseal::DecodeModelReply(*again, input.bytes, input.owner);
  if (!redecoded.ok()) Fail("re-encoded reply does not decode");
  return 0;
}
