// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Shared by the sandbox tests: run a validator of the probe helper.
#ifndef MODELSEAL_SANDBOX_TEST_UTIL_H_
#define MODELSEAL_SANDBOX_TEST_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/little_endian.h"
#include "modelseal/sandbox.h"

namespace modelseal::sandbox_test {

inline SandboxOptions ProbeOptions() {
  SandboxOptions o;
  o.helper_path = MODELSEAL_SANDBOX_PROBE_HELPER;
  o.timeout = std::chrono::seconds(20);
  return o;
}

inline std::vector<std::byte> Bytes(std::string_view s) {
  const auto* p = reinterpret_cast<const std::byte*>(s.data());
  return {p, p + s.size()};
}

inline std::vector<std::byte> U64Bytes(uint64_t v) {
  std::vector<std::byte> out;
  AppendLe64(&out, v);
  return out;
}

inline Result<std::vector<std::byte>> RunProbe(
    std::string_view validator, std::span<const std::byte> input = {},
    const SandboxOptions& options = ProbeOptions()) {
  MODELSEAL_ASSIGN_OR_RETURN(SealedBuffer buf, SealedBuffer::FromBytes(input));
  return RunSandboxed(buf, validator, options);
}

}  // namespace modelseal::sandbox_test

#endif  // MODELSEAL_SANDBOX_TEST_UTIL_H_
