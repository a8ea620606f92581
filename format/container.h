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
// Header field offsets, all little-endian (core/little_endian.h).
inline constexpr size_t kMajorOffset = 8;      // u16
inline constexpr size_t kMinorOffset = 10;     // u16
inline constexpr size_t kReservedOffset = 12;  // u32, must be 0
inline constexpr size_t kLengthOffset = 16;    // u64 manifest_length

}  // namespace modelseal::format_internal

#endif  // MODELSEAL_FORMAT_CONTAINER_H_
