// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <sodium.h>

#include <cstring>
#include <string>

#include "modelseal/signing.h"
#include "signing/text.h"

namespace modelseal::signing {
namespace {

SecureBuffer Pass(std::string_view s) {
  auto p = PassphraseFromBytes(s);
  EXPECT_TRUE(p.ok());
  return std::move(*p);
}

// Decodes the base64 line of a secret key file, lets `edit` change the
// 158 decoded bytes, re-encodes.
template <typename Edit>
std::string EditSecretKey(std::string_view text, Edit edit) {
  const size_t nl = text.find('\n');
  std::string_view b64 = text.substr(nl + 1, text.size() - nl - 2);
  uint8_t raw[158];
  EXPECT_TRUE(internal::Base64DecodeExact(b64, raw, sizeof raw, "t").ok());
  edit(raw);
  return std::string(text.substr(0, nl + 1)) +
         internal::Base64Encode(raw, sizeof raw) + "\n";
}

TEST(PublicKey, RoundTripsFileAndBase64) {
  auto sk = SecretKey::Generate();
  ASSERT_TRUE(sk.ok());
  const PublicKey pk = sk->public_key();
  const std::string file = FormatPublicKeyFile(pk);
  EXPECT_EQ(file.rfind("untrusted comment: minisign public key " +
                           FormatKeyId(pk.id) + "\n",
                       0),
            0u);
  auto back = ParsePublicKeyFile(file);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, pk);
  EXPECT_EQ(PublicKeyBase64(pk).size(), 56u);
  EXPECT_EQ(PublicKeyBase64(pk).substr(0, 2), "RW");  // "Ed" in base64
}

TEST(PublicKey, RejectsMalformed) {
  auto sk = SecretKey::Generate();
  ASSERT_TRUE(sk.ok());
  const std::string b64 = PublicKeyBase64(sk->public_key());
  EXPECT_EQ(ParsePublicKeyFile("comment\n" + b64 + "\n").status().code(),
            ErrorCode::kSignCommentPrefix);
  EXPECT_EQ(ParsePublicKeyFile("untrusted comment: x\n" + b64).status().code(),
            ErrorCode::kSignTextLineCount);
  EXPECT_EQ(ParsePublicKeyFile("untrusted comment: x\r\n" + b64 + "\n")
                .status()
                .code(),
            ErrorCode::kSignTextBadByte);
  EXPECT_EQ(ParsePublicKeyBase64(b64.substr(0, 52)).status().code(),
            ErrorCode::kDecodedLength);
  std::string bad = b64;
  bad[10] = '*';
  EXPECT_EQ(ParsePublicKeyBase64(bad).status().code(),
            ErrorCode::kBase64Character);
  // "ED" is a signature algorithm, not a key algorithm.
  PublicKey pk = sk->public_key();
  uint8_t raw[42];
  std::memcpy(raw, "ED", 2);
  std::memcpy(raw + 2, pk.id.data(), 8);
  std::memcpy(raw + 10, pk.key.data(), 32);
  EXPECT_EQ(
      ParsePublicKeyBase64(internal::Base64Encode(raw, 42)).status().code(),
      ErrorCode::kKeyAlgorithm);
  EXPECT_EQ(ParsePublicKeyFile(std::string(5000, 'a')).status().code(),
            ErrorCode::kSignTextTooLarge);
}

TEST(SecretKey, UnencryptedRoundTrip) {
  auto sk = SecretKey::Generate();
  ASSERT_TRUE(sk.ok());
  auto text = FormatSecretKeyFile(*sk, nullptr);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  auto enc = SecretKeyFileIsEncrypted(text->view());
  ASSERT_TRUE(enc.ok());
  EXPECT_FALSE(*enc);
  auto back = ParseSecretKeyFile(text->view(), nullptr);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->public_key(), sk->public_key());
  EXPECT_EQ(0, std::memcmp(back->bytes().data(), sk->bytes().data(), 64));
}

TEST(SecretKey, EncryptedRoundTripAndWrongPassphrase) {
  auto sk = SecretKey::Generate();
  ASSERT_TRUE(sk.ok());
  const SecureBuffer pass = Pass("correct horse");
  auto text = FormatSecretKeyFile(*sk, &pass, kKdfInteractive);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  auto enc = SecretKeyFileIsEncrypted(text->view());
  ASSERT_TRUE(enc.ok());
  EXPECT_TRUE(*enc);
  auto back = ParseSecretKeyFile(text->view(), &pass);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->public_key(), sk->public_key());

  const SecureBuffer wrong = Pass("correct horsf");
  EXPECT_EQ(ParseSecretKeyFile(text->view(), &wrong).status().code(),
            ErrorCode::kSecretKeyWrongPassphrase);
  EXPECT_EQ(ParseSecretKeyFile(text->view(), nullptr).status().code(),
            ErrorCode::kSecretKeyNeedsPassphrase);
}

TEST(SecretKey, RejectsTamperedKey) {
  auto sk = SecretKey::Generate();
  ASSERT_TRUE(sk.ok());
  auto text = FormatSecretKeyFile(*sk, nullptr);
  ASSERT_TRUE(text.ok());
  const std::string plain(text->view());
  // A flipped bit in the secret key: checksum.
  EXPECT_EQ(
      ParseSecretKeyFile(
          EditSecretKey(plain, [](uint8_t* r) { r[62 + 40] ^= 1; }), nullptr)
          .status()
          .code(),
      ErrorCode::kSecretKeyChecksum);
  // The public half replaced and the (unkeyed) checksum recomputed: the
  // halves no longer match.
  const std::string fixed = EditSecretKey(plain, [](uint8_t* r) {
    r[62 + 40] ^= 1;
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, 32);
    crypto_generichash_update(&st, r, 2);
    crypto_generichash_update(&st, r + 54, 8);
    crypto_generichash_update(&st, r + 62, 64);
    crypto_generichash_final(&st, r + 126, 32);
  });
  EXPECT_EQ(ParseSecretKeyFile(fixed, nullptr).status().code(),
            ErrorCode::kSecretKeyInconsistent);
  // Algorithm fields.
  EXPECT_EQ(ParseSecretKeyFile(
                EditSecretKey(plain, [](uint8_t* r) { r[1] = 'D'; }), nullptr)
                .status()
                .code(),
            ErrorCode::kKeyAlgorithm);
  EXPECT_EQ(ParseSecretKeyFile(
                EditSecretKey(plain, [](uint8_t* r) { r[2] = 'X'; }), nullptr)
                .status()
                .code(),
            ErrorCode::kSecretKeyKdfAlgorithm);
  EXPECT_EQ(ParseSecretKeyFile(
                EditSecretKey(plain, [](uint8_t* r) { r[5] = '3'; }), nullptr)
                .status()
                .code(),
            ErrorCode::kSecretKeyChecksumAlgorithm);
}

// minisign 0.11 writes unencrypted keys with an all-zero checksum.
TEST(SecretKey, AcceptsZeroChecksumOfUnencryptedKey) {
  auto sk = SecretKey::Generate();
  ASSERT_TRUE(sk.ok());
  auto text = FormatSecretKeyFile(*sk, nullptr);
  ASSERT_TRUE(text.ok());
  const std::string zeroed =
      EditSecretKey(std::string(text->view()),
                    [](uint8_t* r) { std::memset(r + 126, 0, 32); });
  auto back = ParseSecretKeyFile(zeroed, nullptr);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->public_key(), sk->public_key());
  // Without a checksum, tampering is still caught by the halves check.
  EXPECT_EQ(ParseSecretKeyFile(
                EditSecretKey(zeroed, [](uint8_t* r) { r[120] ^= 2; }), nullptr)
                .status()
                .code(),
            ErrorCode::kSecretKeyInconsistent);
}

TEST(SecretKey, RejectsKdfLimitsOutOfRange) {
  auto sk = SecretKey::Generate();
  ASSERT_TRUE(sk.ok());
  const SecureBuffer pass = Pass("pw");
  auto text = FormatSecretKeyFile(*sk, &pass, kKdfInteractive);
  ASSERT_TRUE(text.ok());
  const std::string enc(text->view());
  // memlimit (offset 46) = 2^40: would make scrypt allocate 1 TiB.
  EXPECT_EQ(ParseSecretKeyFile(
                EditSecretKey(enc, [](uint8_t* r) { r[46 + 5] = 1; }), &pass)
                .status()
                .code(),
            ErrorCode::kSecretKeyKdfLimits);
  // opslimit (offset 38) = 0.
  EXPECT_EQ(
      ParseSecretKeyFile(
          EditSecretKey(enc, [](uint8_t* r) { std::memset(r + 38, 0, 8); }),
          &pass)
          .status()
          .code(),
      ErrorCode::kSecretKeyKdfLimits);
  // A flipped bit in the encrypted part: indistinguishable from a wrong
  // passphrase, and rejected as such.
  EXPECT_EQ(ParseSecretKeyFile(
                EditSecretKey(enc, [](uint8_t* r) { r[100] ^= 0x80; }), &pass)
                .status()
                .code(),
            ErrorCode::kSecretKeyWrongPassphrase);
}

TEST(SecretKey, FromBytesChecksHalves) {
  auto sk = SecretKey::Generate();
  ASSERT_TRUE(sk.ok());
  uint8_t bytes[64];
  std::memcpy(bytes, sk->bytes().data(), 64);
  EXPECT_TRUE(SecretKey::FromBytes(sk->id(), bytes).ok());
  bytes[63] ^= 1;
  EXPECT_EQ(SecretKey::FromBytes(sk->id(), bytes).status().code(),
            ErrorCode::kSecretKeyInconsistent);
  sodium_memzero(bytes, sizeof bytes);
}

}  // namespace
}  // namespace modelseal::signing
