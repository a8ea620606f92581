// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the fuzz targets (fuzz/README.md). Not a public header:
// only fuzz/ includes it.
//
// Every target defines LLVMFuzzerTestOneInput. With MODELSEAL_BUILD_FUZZERS
// it is linked with libFuzzer; otherwise with replay_main.cc, which feeds it
// every file of the corpus directories named on its command line.
#ifndef MODELSEAL_FUZZ_FUZZ_UTIL_H_
#define MODELSEAL_FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace modelseal::fuzz {

// Stops the process so that libFuzzer (or the replay runner, through the
// sanitizer's signal handler) reports the current input as a crash. Used for
// broken invariants, e.g. a parser accepting something it then cannot
// re-serialize. Fuzz code only: library code never aborts.
[[noreturn]] inline void Fail(const char* what) {
  __builtin_fprintf(stderr, "fuzz invariant broken: %s\n", what);
  __builtin_trap();
}

// A copy of `data` in a fresh 64-byte aligned heap allocation of exactly
// `size` bytes (ParseModel and the reply decoder require aligned input).
// ASan tracks the exact requested size, so a read one byte past the input is
// reported. `owner` keeps the bytes alive (pass it as a keepalive).
struct AlignedBytes {
  std::shared_ptr<std::byte> owner;
  std::span<const std::byte> bytes;
};

inline AlignedBytes CopyAligned(const uint8_t* data, size_t size) {
  constexpr size_t kAlign = 64;
  // A zero-size input still gets a valid (1-byte) allocation.
  const size_t alloc = size == 0 ? 1 : size;
  std::byte* p =
      static_cast<std::byte*>(::operator new(alloc, std::align_val_t(kAlign)));
  if (size != 0) std::memcpy(p, data, size);
  AlignedBytes out;
  out.owner = std::shared_ptr<std::byte>(
      p, [](std::byte* q) { ::operator delete(q, std::align_val_t(kAlign)); });
  out.bytes = std::span<const std::byte>(p, size);
  return out;
}

inline std::string_view AsStringView(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace modelseal::fuzz

#endif  // MODELSEAL_FUZZ_FUZZ_UTIL_H_
