// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "signing/blake2b.h"

#include <bit>
#include <cstring>
#include <utility>

namespace modelseal::signing::internal {

namespace {

// RFC 7693 section 2.6: the SHA-512 initial values.
constexpr uint64_t kIv[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL,
                             0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
                             0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                             0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

// RFC 7693 section 2.7: message word permutations; rounds 10 and 11 reuse
// rows 0 and 1.
constexpr uint8_t kSigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

inline uint64_t RotR(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

inline uint64_t LoadLe64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) {
    v = __builtin_bswap64(v);
  }
  return v;
}

inline void StoreLe64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

// The mixing function G (RFC 7693 section 3.1).
[[gnu::always_inline]] inline void Mix(uint64_t& a, uint64_t& b, uint64_t& c,
                                       uint64_t& d, uint64_t x, uint64_t y) {
  a = a + b + x;
  d = RotR(d ^ a, 32);
  c = c + d;
  b = RotR(b ^ c, 24);
  a = a + b + y;
  d = RotR(d ^ a, 16);
  c = c + d;
  b = RotR(b ^ c, 63);
}

// The 16-word working vector as separate variables (kept in registers).
struct Work {
  uint64_t v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15;
};

// One round; R is a template argument so that every message index is a
// compile-time constant (this is what makes the scalar code fast).
template <int R>
[[gnu::always_inline]] inline void Round(Work& w, const uint64_t* m) {
  constexpr const uint8_t* s = kSigma[R];
  Mix(w.v0, w.v4, w.v8, w.v12, m[s[0]], m[s[1]]);
  Mix(w.v1, w.v5, w.v9, w.v13, m[s[2]], m[s[3]]);
  Mix(w.v2, w.v6, w.v10, w.v14, m[s[4]], m[s[5]]);
  Mix(w.v3, w.v7, w.v11, w.v15, m[s[6]], m[s[7]]);
  Mix(w.v0, w.v5, w.v10, w.v15, m[s[8]], m[s[9]]);
  Mix(w.v1, w.v6, w.v11, w.v12, m[s[10]], m[s[11]]);
  Mix(w.v2, w.v7, w.v8, w.v13, m[s[12]], m[s[13]]);
  Mix(w.v3, w.v4, w.v9, w.v14, m[s[14]], m[s[15]]);
}

template <int... R>
[[gnu::always_inline]] inline void AllRounds(Work& w, const uint64_t* m,
                                             std::integer_sequence<int, R...>) {
  (Round<R>(w, m), ...);
}

}  // namespace

Blake2b512State::Blake2b512State() {
  std::memcpy(h_, kIv, sizeof h_);
  // Parameter block: digest length 64, no key, fanout 1, depth 1.
  h_[0] ^= 0x01010000ULL ^ kDigestBytes;
  t_[0] = t_[1] = 0;
  std::memset(buf_, 0, sizeof buf_);
}

void Blake2b512State::AddToCounter(uint64_t n) {
  t_[0] += n;
  if (t_[0] < n) ++t_[1];
}

void Blake2b512State::Compress(const uint8_t* block, bool last) {
  uint64_t m[16];
  for (int i = 0; i < 16; ++i) m[i] = LoadLe64(block + 8 * i);
  Work w{
      h_[0],  h_[1],  h_[2],          h_[3],          h_[4],
      h_[5],  h_[6],  h_[7],          kIv[0],         kIv[1],
      kIv[2], kIv[3], kIv[4] ^ t_[0], kIv[5] ^ t_[1], last ? ~kIv[6] : kIv[6],
      kIv[7]};
  AllRounds(w, m, std::make_integer_sequence<int, 12>());
  h_[0] ^= w.v0 ^ w.v8;
  h_[1] ^= w.v1 ^ w.v9;
  h_[2] ^= w.v2 ^ w.v10;
  h_[3] ^= w.v3 ^ w.v11;
  h_[4] ^= w.v4 ^ w.v12;
  h_[5] ^= w.v5 ^ w.v13;
  h_[6] ^= w.v6 ^ w.v14;
  h_[7] ^= w.v7 ^ w.v15;
}

void Blake2b512State::Update(const uint8_t* data, size_t size) {
  if (size == 0) return;
  // A full buffer is compressed only once more input arrives: the last
  // block of the message must be compressed with the final flag.
  if (buf_len_ + size > kBlockBytes) {
    size_t fill = kBlockBytes - buf_len_;
    std::memcpy(buf_ + buf_len_, data, fill);
    data += fill;
    size -= fill;
    AddToCounter(kBlockBytes);
    Compress(buf_, false);
    buf_len_ = 0;
    while (size > kBlockBytes) {
      AddToCounter(kBlockBytes);
      Compress(data, false);
      data += kBlockBytes;
      size -= kBlockBytes;
    }
  }
  std::memcpy(buf_ + buf_len_, data, size);
  buf_len_ += size;
}

std::array<uint8_t, Blake2b512State::kDigestBytes> Blake2b512State::Final() {
  AddToCounter(buf_len_);
  std::memset(buf_ + buf_len_, 0, kBlockBytes - buf_len_);
  Compress(buf_, true);
  std::array<uint8_t, kDigestBytes> out;
  for (int i = 0; i < 8; ++i) StoreLe64(out.data() + 8 * i, h_[i]);
  return out;
}

}  // namespace modelseal::signing::internal
