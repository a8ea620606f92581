// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the host's decoder of the helper's reply frame on fd 4
// (sandbox/reply.h, DecodeReply), i.e. bytes a compromised helper controls.
// Oracle: a decoded ok reply re-encodes to exactly the input bytes (the
// encoding has one form per reply); a decoded error reply re-encodes and
// decodes to the same fields.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "modelseal/error.h"
#include "sandbox/reply.h"

namespace sb = modelseal::sandbox;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using modelseal::fuzz::Fail;
  const std::span<const std::byte> bytes(
      reinterpret_cast<const std::byte*>(data), size);
  // A cap below the fuzzer's maximum input length too, so the size check
  // is reachable.
  auto reply = sb::DecodeReply(bytes, 1u << 16);
  if (!reply.ok()) return 0;
  if (reply->code != 0) return 0;  // error codes are checked by the caller
  const std::vector<std::byte> again =
      sb::EncodeReply(modelseal::Status::Ok(), reply->payload);
  if (!std::equal(again.begin(), again.end(), bytes.begin(), bytes.end())) {
    Fail("ok reply does not re-encode to the same bytes");
  }
  return 0;
}
