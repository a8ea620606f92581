// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Blake2b512 (OpenSSL's BLAKE2b-512 behind include/modelseal/signing.h)
// against known answers (RFC 7693 Appendix A and values from CPython's
// hashlib) and, for every length and many splits, against libsodium's
// crypto_generichash, an independent implementation. Failure paths:
// blake2b512_failure_test.cc.
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "modelseal/signing.h"

namespace modelseal::signing {
namespace {

std::string ToHex(const std::array<uint8_t, 64>& d) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (uint8_t b : d) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 15]);
  }
  return s;
}

// The digest, or a failed test and an all-zero array.
Hash Digest(Blake2b512& h) {
  Result<Hash> r = h.Final();
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : Hash{};
}

Hash Ours(const std::vector<uint8_t>& msg) {
  Blake2b512 h;
  h.Update(msg);
  return Digest(h);
}

std::array<uint8_t, 64> Sodium(const std::vector<uint8_t>& msg) {
  EXPECT_GE(sodium_init(), 0);
  std::array<uint8_t, 64> out;
  crypto_generichash(out.data(), out.size(), msg.data(), msg.size(), nullptr,
                     0);
  return out;
}

std::vector<uint8_t> Pattern(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i % 251);
  return v;
}

TEST(Blake2b, KnownAnswers) {
  // RFC 7693 Appendix A.
  EXPECT_EQ(ToHex(Ours({'a', 'b', 'c'})),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  // The empty message and a 1000-byte pattern (hashlib.blake2b).
  EXPECT_EQ(ToHex(Ours({})),
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
            "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
  EXPECT_EQ(ToHex(Ours(Pattern(1000))),
            "c11e1c0340bd7e5a1b275f1230c962fad215ecb1391486e74e31b960a2f29963"
            "81a5fad092da06841d5f26e38f6ecfeaf441acbcd1c2de61aef121e7927175f5");
}

TEST(Blake2b, MatchesLibsodiumForEveryLengthUpTo1100) {
  // Covers 0, block boundaries 127/128/129, 255/256/257, ... in one pass.
  std::vector<uint8_t> msg;
  for (size_t n = 0; n <= 1100; ++n) {
    ASSERT_EQ(Ours(msg), Sodium(msg)) << "length " << n;
    msg.push_back(static_cast<uint8_t>((n * 131 + 7) & 0xff));
  }
}

TEST(Blake2b, AnySplitGivesTheSameDigest) {
  std::mt19937_64 rng(12345);
  std::vector<uint8_t> msg(70000);
  for (auto& b : msg) b = static_cast<uint8_t>(rng());
  const auto expected = Sodium(msg);
  // Fixed chunk sizes around the block size, then random splits (including
  // empty updates).
  for (size_t chunk : {1, 7, 127, 128, 129, 256, 4096, 65536}) {
    Blake2b512 h;
    for (size_t off = 0; off < msg.size(); off += chunk) {
      h.Update(std::span<const uint8_t>(msg).subspan(
          off, std::min(chunk, msg.size() - off)));
    }
    EXPECT_EQ(Digest(h), expected) << "chunk " << chunk;
  }
  for (int trial = 0; trial < 50; ++trial) {
    Blake2b512 h;
    size_t off = 0;
    while (off < msg.size()) {
      size_t n = std::min<size_t>(rng() % 700, msg.size() - off);
      h.Update(std::span<const uint8_t>(msg).subspan(off, n));
      off += n;
    }
    EXPECT_EQ(Digest(h), expected) << "trial " << trial;
  }
}

TEST(Blake2b, LargeInputMatchesLibsodium) {
  // Several MiB, as the loader hashes them (1 MiB updates).
  std::mt19937_64 rng(7);
  std::vector<uint8_t> msg((5u << 20) + 333);
  for (auto& b : msg) b = static_cast<uint8_t>(rng() >> 17);
  Blake2b512 h;
  for (size_t off = 0; off < msg.size(); off += 1u << 20) {
    h.Update(std::span<const uint8_t>(msg).subspan(
        off, std::min<size_t>(1u << 20, msg.size() - off)));
  }
  EXPECT_EQ(Digest(h), Sodium(msg));
}

TEST(Blake2b, DigestDependsOnEveryByte) {
  // A test that can fail: flipping any single bit of a 300-byte message
  // (spanning three blocks) changes the digest.
  std::vector<uint8_t> msg = Pattern(300);
  const auto base = Ours(msg);
  for (size_t i = 0; i < msg.size(); ++i) {
    msg[i] ^= 0x10;
    EXPECT_NE(Ours(msg), base) << "byte " << i;
    msg[i] ^= 0x10;
  }
}

TEST(Blake2b, ByteSpansAndEmptyUpdates) {
  std::vector<uint8_t> msg = Pattern(5000);
  Blake2b512 h;
  h.Update(std::span<const uint8_t>());
  h.Update(std::span<const uint8_t>(msg.data(), 1234));
  h.Update(std::span<const std::byte>());
  h.Update(std::span<const std::byte>(
      reinterpret_cast<const std::byte*>(msg.data() + 1234), 5000 - 1234));
  EXPECT_EQ(Digest(h), Sodium(msg));
}

TEST(Blake2b, SecondFinalIsAnError) {
  Blake2b512 h;
  h.Update(std::vector<uint8_t>{'a', 'b', 'c'});
  ASSERT_TRUE(h.Final().ok());
  h.Update(std::vector<uint8_t>{'d'});  // ignored, no crash
  Result<Hash> again = h.Final();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kCrypto);
  EXPECT_EQ(again.status().context(), "blake2b-512");
  EXPECT_EQ(again.status().detail(), "final called twice");
}

TEST(Blake2b, MovesTheStateAndLeavesTheSourceUnusable) {
  const std::vector<uint8_t> msg = Pattern(3000);
  Blake2b512 a;
  a.Update(std::span<const uint8_t>(msg).first(1000));
  Blake2b512 b(std::move(a));  // the state moves with the context
  b.Update(std::span<const uint8_t>(msg).subspan(1000));
  EXPECT_EQ(Digest(b), Sodium(msg));

  a.Update(msg);  // NOLINT(bugprone-use-after-move): harmless by contract
  Result<Hash> moved_from = a.Final();
  ASSERT_FALSE(moved_from.ok());
  EXPECT_EQ(moved_from.status().code(), ErrorCode::kCrypto);
  EXPECT_EQ(moved_from.status().detail(), "used after move");

  // Move assignment over a live context frees it and takes the other's.
  Blake2b512 c;
  c.Update(msg);
  Blake2b512 d;
  d.Update(std::span<const uint8_t>(msg).first(10));
  c = std::move(d);
  EXPECT_EQ(Digest(c),
            Sodium(std::vector<uint8_t>(msg.begin(), msg.begin() + 10)));
}

}  // namespace
}  // namespace modelseal::signing
