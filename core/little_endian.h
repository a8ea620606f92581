// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Little-endian loads and stores of fixed-width integers and IEEE-754 values:
// the one implementation behind the container header (format/), the model
// reply (format/model_reply.cc), the sandbox reply framing (sandbox/), .npy
// files (cli/input/) and minisign secret keys (signing/). Byte by byte, so
// any alignment and any host byte order.
//
// The fixed-width functions take spans of static extent, so the caller proves
// that the bytes are there when it builds the span: `subspan<offset, n>()` of
// a fixed-size view is checked at compile time; on a dynamic span, as when a
// size was read from untrusted input, the bounds check is the caller's (as
// everywhere untrusted bytes are read).
#ifndef MODELSEAL_CORE_LITTLE_ENDIAN_H_
#define MODELSEAL_CORE_LITTLE_ENDIAN_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace modelseal {

// The unsigned integer stored little-endian in `b`, whose size (0 to 8 bytes)
// is the width; bytes past the eighth are not read.
constexpr uint64_t LoadLe(std::span<const std::byte> b) noexcept {
  uint64_t v = 0;
  for (size_t i = 0; i < b.size() && i < 8; ++i) {
    v |= uint64_t{std::to_integer<uint8_t>(b[i])} << (8 * i);
  }
  return v;
}

constexpr uint16_t LoadLe16(std::span<const std::byte, 2> b) noexcept {
  return static_cast<uint16_t>(LoadLe(b));
}
constexpr uint32_t LoadLe32(std::span<const std::byte, 4> b) noexcept {
  return static_cast<uint32_t>(LoadLe(b));
}
constexpr uint64_t LoadLe64(std::span<const std::byte, 8> b) noexcept {
  return LoadLe(b);
}
constexpr float LoadLeF32(std::span<const std::byte, 4> b) noexcept {
  return std::bit_cast<float>(LoadLe32(b));
}
constexpr double LoadLeF64(std::span<const std::byte, 8> b) noexcept {
  return std::bit_cast<double>(LoadLe64(b));
}

// Stores the low b.size() bytes (at most 8) of `v` little-endian into `b`.
constexpr void StoreLe(std::span<std::byte> b, uint64_t v) noexcept {
  for (size_t i = 0; i < b.size() && i < 8; ++i) {
    b[i] = static_cast<std::byte>((v >> (8 * i)) & 0xff);
  }
}

constexpr void StoreLe16(std::span<std::byte, 2> b, uint16_t v) noexcept {
  StoreLe(b, v);
}
constexpr void StoreLe32(std::span<std::byte, 4> b, uint32_t v) noexcept {
  StoreLe(b, v);
}
constexpr void StoreLe64(std::span<std::byte, 8> b, uint64_t v) noexcept {
  StoreLe(b, v);
}
constexpr void StoreLeF32(std::span<std::byte, 4> b, float v) noexcept {
  StoreLe32(b, std::bit_cast<uint32_t>(v));
}
constexpr void StoreLeF64(std::span<std::byte, 8> b, double v) noexcept {
  StoreLe64(b, std::bit_cast<uint64_t>(v));
}

// Appends the low `n` bytes (at most 8) of `v` little-endian to `out`.
inline void AppendLe(std::vector<std::byte>* out, uint64_t v, size_t n) {
  for (size_t i = 0; i < n && i < 8; ++i) {
    out->push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
  }
}

inline void AppendLe16(std::vector<std::byte>* out, uint16_t v) {
  AppendLe(out, v, 2);
}
inline void AppendLe32(std::vector<std::byte>* out, uint32_t v) {
  AppendLe(out, v, 4);
}
inline void AppendLe64(std::vector<std::byte>* out, uint64_t v) {
  AppendLe(out, v, 8);
}
inline void AppendLeF32(std::vector<std::byte>* out, float v) {
  AppendLe32(out, std::bit_cast<uint32_t>(v));
}
inline void AppendLeF64(std::vector<std::byte>* out, double v) {
  AppendLe64(out, std::bit_cast<uint64_t>(v));
}

}  // namespace modelseal

#endif  // MODELSEAL_CORE_LITTLE_ENDIAN_H_
