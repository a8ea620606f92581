// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// RFC 8032 §7.1 Ed25519 vectors through the project's wrapper, BLAKE2b-512
// (RFC 7693 Appendix A), streamed file hashing, guarded memory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "modelseal/signing.h"
#include "signing/test_util.h"

namespace modelseal::signing {
namespace {

std::vector<uint8_t> Hex(std::string_view hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(
        static_cast<uint8_t>(std::stoi(std::string(hex.substr(i, 2)), 0, 16)));
  }
  return out;
}

struct Rfc8032Vector {
  const char* seed;
  const char* public_key;
  const char* message;
  const char* signature;
};

// RFC 8032 §7.1, TEST 1, 2 and 3.
constexpr Rfc8032Vector kVectors[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb882159"
     "0"
     "a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43"
     "e"
     "15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538"
     "d"
     "16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
};

TEST(Ed25519, Rfc8032Vectors) {
  for (const auto& v : kVectors) {
    const auto seed = Hex(v.seed);
    const auto pk_expected = Hex(v.public_key);
    const auto msg = Hex(v.message);
    const auto sig_expected = Hex(v.signature);
    std::array<uint8_t, kSecretKeyBytes> sk;
    std::array<uint8_t, kPublicKeyBytes> pk;
    ASSERT_TRUE(
        Ed25519FromSeed(std::span<const uint8_t, 32>(seed.data(), 32), sk, pk)
            .ok());
    EXPECT_EQ(std::vector<uint8_t>(pk.begin(), pk.end()), pk_expected);
    const auto sig = Ed25519Sign(sk, msg);
    EXPECT_EQ(std::vector<uint8_t>(sig.begin(), sig.end()), sig_expected);
    EXPECT_TRUE(Ed25519Verify(pk, msg, sig));
    // Every flipped bit of the signature is rejected.
    for (size_t bit = 0; bit < 512; bit += 37) {
      auto bad = sig;
      bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      EXPECT_FALSE(Ed25519Verify(pk, msg, bad)) << bit;
    }
    auto msg2 = msg;
    msg2.push_back(0);
    EXPECT_FALSE(Ed25519Verify(pk, msg2, sig));
  }
}

TEST(Ed25519, RejectsNonCanonicalS) {
  const auto& v = kVectors[0];
  const auto seed = Hex(v.seed);
  std::array<uint8_t, kSecretKeyBytes> sk;
  std::array<uint8_t, kPublicKeyBytes> pk;
  ASSERT_TRUE(
      Ed25519FromSeed(std::span<const uint8_t, 32>(seed.data(), 32), sk, pk)
          .ok());
  auto sig = Ed25519Sign(sk, {});
  // S + L (the group order) is the same scalar but not canonical.
  const auto l =
      Hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {
    const unsigned s = sig[32 + i] + l[i] + carry;
    sig[32 + i] = static_cast<uint8_t>(s);
    carry = s >> 8;
  }
  EXPECT_FALSE(Ed25519Verify(pk, {}, sig));
}

TEST(Blake2b512, MatchesRfc7693AndStreams) {
  Blake2b512 h;
  h.Update(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>("abc"), 3));
  const Result<Hash> got = h.Final();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  const auto want = Hex(
      "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c539"
      "2aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  EXPECT_EQ(std::vector<uint8_t>(got->begin(), got->end()), want);

  std::vector<uint8_t> data(100000);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<uint8_t>(i * 31);
  Blake2b512 one;
  one.Update(data);
  Blake2b512 pieces;
  for (size_t i = 0; i < data.size(); i += 4099) {
    pieces.Update(std::span<const uint8_t>(data).subspan(
        i, std::min<size_t>(4099, data.size() - i)));
  }
  const Result<Hash> whole = one.Final();
  const Result<Hash> split = pieces.Final();
  ASSERT_TRUE(whole.ok() && split.ok());
  EXPECT_EQ(*whole, *split);
}

TEST(HashFile, HashesStreamedAndCountsBytes) {
  testing::TempDir dir;
  std::string content(3 * (1 << 20) + 17, 'x');
  for (size_t i = 0; i < content.size(); i += 1001) content[i] = 'y';
  testing::WriteText(dir / "f", content);
  auto fh = HashFile(dir / "f");
  ASSERT_TRUE(fh.ok()) << fh.status().ToString();
  EXPECT_EQ(fh->size, content.size());
  Blake2b512 h;
  h.Update(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(content.data()), content.size()));
  const Result<Hash> want = h.Final();
  ASSERT_TRUE(want.ok()) << want.status().ToString();
  EXPECT_EQ(fh->hash, *want);
}

TEST(HashFile, RejectsSymlinkDirectoryAndMissing) {
  testing::TempDir dir;
  testing::WriteText(dir / "f", "x");
  ASSERT_EQ(::symlink((dir / "f").c_str(), (dir / "l").c_str()), 0);
  EXPECT_EQ(HashFile(dir / "l").status().code(), ErrorCode::kIoNotRegularFile);
  EXPECT_EQ(HashFile(dir.path()).status().code(), ErrorCode::kIoNotRegularFile);
  EXPECT_EQ(HashFile(dir / "missing").status().code(), ErrorCode::kIoOpen);
}

TEST(SecureBuffer, AllocatesZeroedAndMoves) {
  auto b = SecureBuffer::Allocate(40);
  ASSERT_TRUE(b.ok());
  for (uint8_t c : b->span()) EXPECT_EQ(c, 0);
  b->data()[0] = 7;
  SecureBuffer moved = std::move(*b);
  EXPECT_EQ(moved.size(), 40u);
  EXPECT_EQ(moved.data()[0], 7);
  EXPECT_EQ(b->data(), nullptr);
}

TEST(FormatKeyId, IsLittleEndianHex) {
  KeyId id = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
  EXPECT_EQ(FormatKeyId(id), "EFCDAB8967452301");
}

}  // namespace
}  // namespace modelseal::signing
