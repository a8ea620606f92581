// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Overflow-checked arithmetic for sizes read from untrusted input.
#ifndef MODELSEAL_CORE_CHECKED_MATH_H_
#define MODELSEAL_CORE_CHECKED_MATH_H_

#include <cstdint>
#include <optional>

namespace modelseal {

// a * b, or nullopt on overflow.
inline std::optional<uint64_t> CheckedMul(uint64_t a, uint64_t b) {
  uint64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// a + b, or nullopt on overflow.
inline std::optional<uint64_t> CheckedAdd(uint64_t a, uint64_t b) {
  uint64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// The smallest multiple of `alignment` (a power of two) >= v, or nullopt on
// overflow.
inline std::optional<uint64_t> AlignUp(uint64_t v, uint64_t alignment) {
  auto s = CheckedAdd(v, alignment - 1);
  if (!s) return std::nullopt;
  return *s & ~(alignment - 1);
}

}  // namespace modelseal

#endif  // MODELSEAL_CORE_CHECKED_MATH_H_
