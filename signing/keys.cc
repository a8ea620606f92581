// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// minisign public and secret key files (FORMAT.md §2).
#include <sodium.h>

#include <cstring>
#include <span>

#include "core/little_endian.h"
#include "modelseal/signing.h"
#include "signing/sodium_init.h"
#include "signing/text.h"

namespace modelseal::signing {

namespace {
using internal::Base64DecodeExact;
using internal::Base64Encode;
using internal::kUntrustedPrefix;

constexpr size_t kPublicKeyStructBytes = 2 + kKeyIdBytes + kPublicKeyBytes;
// Secret key file layout (offsets into the decoded 158 bytes).
constexpr size_t kSkSigAlg = 0;
constexpr size_t kSkKdfAlg = 2;
constexpr size_t kSkChkAlg = 4;
constexpr size_t kSkSalt = 6;
constexpr size_t kSaltBytes = 32;
constexpr size_t kSkOpslimit = kSkSalt + kSaltBytes;  // 38
constexpr size_t kSkMemlimit = kSkOpslimit + 8;       // 46
constexpr size_t kSkKeyId = kSkMemlimit + 8;          // 54: encrypted from here
constexpr size_t kSkSecret = kSkKeyId + kKeyIdBytes;  // 62
constexpr size_t kSkChecksum = kSkSecret + kSecretKeyBytes;  // 126
constexpr size_t kChecksumBytes = 32;
constexpr size_t kSkTotal = kSkChecksum + kChecksumBytes;  // 158
constexpr size_t kSkEncryptedBytes = kSkTotal - kSkKeyId;  // 104

constexpr uint64_t kMinOps = 32768, kMaxOps = uint64_t{1} << 30;
constexpr uint64_t kMinMem = uint64_t{16} << 20, kMaxMem = uint64_t{2} << 30;

static_assert(crypto_pwhash_scryptsalsa208sha256_SALTBYTES == kSaltBytes);

// The little-endian u64 at `offset` of a secret key structure.
template <size_t offset>
uint64_t LoadSkU64(const uint8_t* sk_struct) {
  return LoadLe64(
      std::as_bytes(std::span<const uint8_t, kSkTotal>(sk_struct, kSkTotal)
                        .subspan<offset, 8>()));
}
template <size_t offset>
void StoreSkU64(uint8_t* sk_struct, uint64_t v) {
  StoreLe64(
      std::as_writable_bytes(std::span<uint8_t, kSkTotal>(sk_struct, kSkTotal)
                                 .subspan<offset, 8>()),
      v);
}

// BLAKE2b-256(sig_alg || key id || secret key), minisign's checksum.
void SecretChecksum(const uint8_t* sk_struct, uint8_t* out) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, kChecksumBytes);
  crypto_generichash_update(&st, sk_struct + kSkSigAlg, 2);
  crypto_generichash_update(&st, sk_struct + kSkKeyId, kKeyIdBytes);
  crypto_generichash_update(&st, sk_struct + kSkSecret, kSecretKeyBytes);
  crypto_generichash_final(&st, out, kChecksumBytes);
  sodium_memzero(&st, sizeof st);
}

// XORs the 104 bytes from the key id on with scrypt(passphrase, salt).
Status ApplyKdfStream(uint8_t* sk_struct, const SecureBuffer& passphrase) {
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer stream,
                             SecureBuffer::Allocate(kSkEncryptedBytes));
  if (crypto_pwhash_scryptsalsa208sha256(
          stream.data(), stream.size(),
          reinterpret_cast<const char*>(passphrase.data()), passphrase.size(),
          sk_struct + kSkSalt, LoadSkU64<kSkOpslimit>(sk_struct),
          static_cast<size_t>(LoadSkU64<kSkMemlimit>(sk_struct))) != 0) {
    return Status(ErrorCode::kCrypto, "secret_key.kdf",
                  "scrypt failed (out of memory?)");
  }
  for (size_t i = 0; i < kSkEncryptedBytes; ++i) {
    sk_struct[kSkKeyId + i] ^= stream.data()[i];
  }
  return Status::Ok();
}

// Decodes the structure of a secret key file into guarded memory and checks
// the algorithm fields (not the checksum).
Result<SecureBuffer> DecodeSecretKeyStruct(std::string_view text) {
  MODELSEAL_ASSIGN_OR_RETURN(
      auto lines,
      internal::SplitLines(text, kMaxKeyFileBytes, 2,
                           kUntrustedPrefix.size() + kMaxCommentBytes,
                           "secret_key"));
  MODELSEAL_RETURN_IF_ERROR(
      internal::StripPrefix(lines[0], kUntrustedPrefix, "secret_key.line[0]")
          .status());
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer sk, SecureBuffer::Allocate(kSkTotal));
  MODELSEAL_RETURN_IF_ERROR(
      Base64DecodeExact(lines[1], sk.data(), kSkTotal, "secret_key.line[1]"));
  const uint8_t* p = sk.data();
  if (std::memcmp(p + kSkSigAlg, "Ed", 2) != 0) {
    return Status(ErrorCode::kKeyAlgorithm, "secret_key.sig_alg",
                  "expected \"Ed\"");
  }
  const bool scrypt = std::memcmp(p + kSkKdfAlg, "Sc", 2) == 0;
  const bool none = p[kSkKdfAlg] == 0 && p[kSkKdfAlg + 1] == 0;
  if (!scrypt && !none) {
    return Status(ErrorCode::kSecretKeyKdfAlgorithm, "secret_key.kdf_alg",
                  "expected \"Sc\" or two zero bytes");
  }
  if (std::memcmp(p + kSkChkAlg, "B2", 2) != 0) {
    return Status(ErrorCode::kSecretKeyChecksumAlgorithm, "secret_key.chk_alg",
                  "expected \"B2\"");
  }
  if (scrypt) {
    const uint64_t ops = LoadSkU64<kSkOpslimit>(p);
    const uint64_t mem = LoadSkU64<kSkMemlimit>(p);
    if (ops < kMinOps || ops > kMaxOps) {
      return Status(ErrorCode::kSecretKeyKdfLimits, "secret_key.kdf_opslimit",
                    std::to_string(ops) + " out of range [" +
                        std::to_string(kMinOps) + ", " +
                        std::to_string(kMaxOps) + "]");
    }
    if (mem < kMinMem || mem > kMaxMem) {
      return Status(ErrorCode::kSecretKeyKdfLimits, "secret_key.kdf_memlimit",
                    std::to_string(mem) + " out of range [" +
                        std::to_string(kMinMem) + ", " +
                        std::to_string(kMaxMem) + "]");
    }
  }
  return sk;
}
}  // namespace

Result<PublicKey> ParsePublicKeyBase64(std::string_view base64) {
  uint8_t raw[kPublicKeyStructBytes];
  MODELSEAL_RETURN_IF_ERROR(
      Base64DecodeExact(base64, raw, sizeof raw, "public_key"));
  if (std::memcmp(raw, "Ed", 2) != 0) {
    return Status(ErrorCode::kKeyAlgorithm, "public_key.sig_alg",
                  "expected \"Ed\"");
  }
  PublicKey key;
  std::memcpy(key.id.data(), raw + 2, kKeyIdBytes);
  std::memcpy(key.key.data(), raw + 2 + kKeyIdBytes, kPublicKeyBytes);
  return key;
}

Result<PublicKey> ParsePublicKeyFile(std::string_view text) {
  MODELSEAL_ASSIGN_OR_RETURN(
      auto lines,
      internal::SplitLines(text, kMaxKeyFileBytes, 2,
                           kUntrustedPrefix.size() + kMaxCommentBytes,
                           "public_key"));
  MODELSEAL_RETURN_IF_ERROR(
      internal::StripPrefix(lines[0], kUntrustedPrefix, "public_key.line[0]")
          .status());
  auto key = ParsePublicKeyBase64(lines[1]);
  if (!key.ok()) return key.status().WithPrefix("public_key.line[1]");
  return key;
}

std::string PublicKeyBase64(const PublicKey& key) {
  uint8_t raw[kPublicKeyStructBytes];
  std::memcpy(raw, "Ed", 2);
  std::memcpy(raw + 2, key.id.data(), kKeyIdBytes);
  std::memcpy(raw + 2 + kKeyIdBytes, key.key.data(), kPublicKeyBytes);
  return Base64Encode(raw, sizeof raw);
}

std::string FormatPublicKeyFile(const PublicKey& key) {
  return std::string(kUntrustedPrefix) + "minisign public key " +
         FormatKeyId(key.id) + "\n" + PublicKeyBase64(key) + "\n";
}

Result<SecretKey> SecretKey::Generate() {
  internal::EnsureSodium();
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer seed, SecureBuffer::Allocate(32));
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer sk,
                             SecureBuffer::Allocate(kSecretKeyBytes));
  randombytes_buf(seed.data(), seed.size());
  std::array<uint8_t, kPublicKeyBytes> pk;
  MODELSEAL_RETURN_IF_ERROR(Ed25519FromSeed(
      std::span<const uint8_t, 32>(seed.data(), 32),
      std::span<uint8_t, kSecretKeyBytes>(sk.data(), kSecretKeyBytes), pk));
  KeyId id;
  randombytes_buf(id.data(), id.size());
  SecretKey key;
  key.id_ = id;
  key.secret_ = std::move(sk);
  return key;
}

Result<SecretKey> SecretKey::FromBytes(const KeyId& id,
                                       std::span<const uint8_t> secret_key) {
  if (secret_key.size() != kSecretKeyBytes) {
    return Status(ErrorCode::kInvalidArgument, "secret_key",
                  "expected 64 bytes");
  }
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer sk,
                             SecureBuffer::Allocate(kSecretKeyBytes));
  std::array<uint8_t, kPublicKeyBytes> pk;
  MODELSEAL_RETURN_IF_ERROR(Ed25519FromSeed(
      std::span<const uint8_t, 32>(secret_key.data(), 32),
      std::span<uint8_t, kSecretKeyBytes>(sk.data(), kSecretKeyBytes), pk));
  if (sodium_memcmp(sk.data(), secret_key.data(), kSecretKeyBytes) != 0) {
    return Status(ErrorCode::kSecretKeyInconsistent, "secret_key.sk",
                  "public half does not belong to the seed");
  }
  SecretKey key;
  key.id_ = id;
  key.secret_ = std::move(sk);
  return key;
}

PublicKey SecretKey::public_key() const {
  PublicKey pk;
  pk.id = id_;
  std::memcpy(pk.key.data(), secret_.data() + 32, kPublicKeyBytes);
  return pk;
}

Result<bool> SecretKeyFileIsEncrypted(std::string_view text) {
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer sk, DecodeSecretKeyStruct(text));
  return sk.data()[kSkKdfAlg] != 0;
}

Result<SecretKey> ParseSecretKeyFile(std::string_view text,
                                     const SecureBuffer* passphrase) {
  internal::EnsureSodium();
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer sk, DecodeSecretKeyStruct(text));
  uint8_t* p = sk.data();
  const bool encrypted = p[kSkKdfAlg] != 0;
  if (encrypted) {
    if (passphrase == nullptr) {
      return Status(ErrorCode::kSecretKeyNeedsPassphrase, "secret_key", "");
    }
    MODELSEAL_RETURN_IF_ERROR(ApplyKdfStream(p, *passphrase));
  }
  // minisign 0.11 writes unencrypted keys (-W) with an all-zero checksum;
  // such keys are accepted and rely on the halves check in FromBytes.
  const bool no_checksum =
      !encrypted && sodium_is_zero(p + kSkChecksum, kChecksumBytes);
  uint8_t chk[kChecksumBytes];
  SecretChecksum(p, chk);
  if (!no_checksum &&
      sodium_memcmp(chk, p + kSkChecksum, kChecksumBytes) != 0) {
    sodium_memzero(chk, sizeof chk);
    if (encrypted) {
      return Status(ErrorCode::kSecretKeyWrongPassphrase, "secret_key",
                    "checksum mismatch after decryption");
    }
    return Status(ErrorCode::kSecretKeyChecksum, "secret_key.checksum",
                  "BLAKE2b-256 of the key differs");
  }
  sodium_memzero(chk, sizeof chk);
  KeyId id;
  std::memcpy(id.data(), p + kSkKeyId, kKeyIdBytes);
  return SecretKey::FromBytes(
      id, std::span<const uint8_t>(p + kSkSecret, kSecretKeyBytes));
}

Result<SecureBuffer> FormatSecretKeyFile(const SecretKey& key,
                                         const SecureBuffer* passphrase,
                                         KdfLimits limits) {
  internal::EnsureSodium();
  if (passphrase != nullptr &&
      (limits.opslimit < kMinOps || limits.opslimit > kMaxOps ||
       limits.memlimit < kMinMem || limits.memlimit > kMaxMem)) {
    return Status(ErrorCode::kInvalidArgument, "kdf_limits", "out of range");
  }
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer sk, SecureBuffer::Allocate(kSkTotal));
  uint8_t* p = sk.data();
  std::memcpy(p + kSkSigAlg, "Ed", 2);
  std::memcpy(p + kSkChkAlg, "B2", 2);
  std::memcpy(p + kSkKeyId, key.id().data(), kKeyIdBytes);
  std::memcpy(p + kSkSecret, key.bytes().data(), kSecretKeyBytes);
  SecretChecksum(p, p + kSkChecksum);
  if (passphrase != nullptr) {
    std::memcpy(p + kSkKdfAlg, "Sc", 2);
    randombytes_buf(p + kSkSalt, kSaltBytes);
    StoreSkU64<kSkOpslimit>(p, limits.opslimit);
    StoreSkU64<kSkMemlimit>(p, limits.memlimit);
    MODELSEAL_RETURN_IF_ERROR(ApplyKdfStream(p, *passphrase));
  }
  const std::string_view comment = passphrase != nullptr
                                       ? "minisign encrypted secret key"
                                       : "minisign unencrypted secret key";
  // Encode into guarded memory: the text holds the plain key when
  // unencrypted.
  const size_t b64_len = (kSkTotal + 2) / 3 * 4;
  const size_t total =
      kUntrustedPrefix.size() + comment.size() + 1 + b64_len + 1;
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer out, SecureBuffer::Allocate(total));
  char* o = reinterpret_cast<char*>(out.data());
  std::memcpy(o, kUntrustedPrefix.data(), kUntrustedPrefix.size());
  o += kUntrustedPrefix.size();
  std::memcpy(o, comment.data(), comment.size());
  o += comment.size();
  *o++ = '\n';
  if (sodium_bin2base64(o, b64_len + 1, p, kSkTotal,
                        sodium_base64_VARIANT_ORIGINAL) == nullptr) {
    return Status(ErrorCode::kCrypto, "secret_key", "base64 encoding failed");
  }
  o += b64_len;
  *o = '\n';
  return out;
}

}  // namespace modelseal::signing
