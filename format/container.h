// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The fixed 24-byte container header of a .seal file (SPEC §2), shared by
// the reader and the writer. Private to format/.
#ifndef MODELSEAL_FORMAT_CONTAINER_H_
#define MODELSEAL_FORMAT_CONTAINER_H_

#include <array>
#include <cstddef>
#include <cstdint>

namespace modelseal::format_internal {

// 0x89 'M' 'S' 'L' '\r' '\n' 0x1A '\n': a non-ASCII first byte, then line
// ending and EOF characters that catch text-mode transfers (as PNG does).
inline constexpr std::array<uint8_t, 8> kMagic = {0x89, 'M',  'S',  'L',
                                                  '\r', '\n', 0x1A, '\n'};
// Header field offsets, all little-endian.
inline constexpr size_t kMajorOffset = 8;      // u16
inline constexpr size_t kMinorOffset = 10;     // u16
inline constexpr size_t kReservedOffset = 12;  // u32, must be 0
inline constexpr size_t kLengthOffset = 16;    // u64 manifest_length

inline uint64_t LoadLe(const std::byte* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    v |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
  }
  return v;
}

inline void StoreLe(std::byte* p, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    p[i] = static_cast<std::byte>((v >> (8 * i)) & 0xff);
  }
}

}  // namespace modelseal::format_internal

#endif  // MODELSEAL_FORMAT_CONTAINER_H_
