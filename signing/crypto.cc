// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Guarded memory and the Ed25519 wrapper over libsodium; BLAKE2b-512
// streaming over OpenSSL's libcrypto; streamed file hashing.
#include <openssl/err.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "core/file_util.h"
#include "modelseal/signing.h"
#include "signing/sodium_init.h"

namespace modelseal::signing {

namespace internal {
void EnsureSodium() {
  // sodium_init is thread-safe and idempotent; it returns -1 only when the
  // library cannot initialise, which leaves nothing safe to do.
  static const int kInit = sodium_init();
  (void)kInit;
}
}  // namespace internal

std::string FormatKeyId(const KeyId& id) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = kKeyIdBytes; i-- > 0;) {
    out.push_back(kHex[id[i] >> 4]);
    out.push_back(kHex[id[i] & 15]);
  }
  return out;
}

Result<SecureBuffer> SecureBuffer::Allocate(size_t size) {
  internal::EnsureSodium();
  SecureBuffer buf;
  void* p = sodium_malloc(size == 0 ? 1 : size);
  if (p == nullptr) {
    return Status(ErrorCode::kOutOfMemory, "secure_buffer",
                  "sodium_malloc of " + std::to_string(size) + " bytes");
  }
  sodium_memzero(p, size == 0 ? 1 : size);
  buf.data_ = static_cast<uint8_t*>(p);
  buf.size_ = size;
  return buf;
}

SecureBuffer::~SecureBuffer() {
  if (data_ != nullptr) sodium_free(data_);  // wipes before freeing
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) sodium_free(data_);
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

// ---- BLAKE2b-512 over OpenSSL's EVP interface -------------------------------

namespace {

// Removes from the thread's OpenSSL error queue whatever the calls made
// while it lives added, and nothing older (ERR_set_mark / ERR_pop_to_mark).
class OpensslErrorScope {
 public:
  OpensslErrorScope() { ERR_set_mark(); }
  ~OpensslErrorScope() { ERR_pop_to_mark(); }
  OpensslErrorScope(const OpensslErrorScope&) = delete;
  OpensslErrorScope& operator=(const OpensslErrorScope&) = delete;

  // "<call> failed", with OpenSSL's reason for the latest error if any.
  static std::string Describe(const char* call) {
    std::string out = std::string(call) + " failed";
    const unsigned long err = ERR_peek_last_error();
    const char* reason = err != 0 ? ERR_reason_error_string(err) : nullptr;
    if (reason != nullptr) out += std::string(": ") + reason;
    return out;
  }
};

}  // namespace

Blake2b512::Blake2b512() {
  OpensslErrorScope errors;
  ctx_ = EVP_MD_CTX_new();
  if (ctx_ == nullptr) {
    Fail("EVP_MD_CTX_new");
    return;
  }
  // EVP_blake2b512() names the algorithm; OpenSSL fetches the
  // implementation from the loaded providers here.
  if (EVP_DigestInit_ex(ctx_, EVP_blake2b512(), nullptr) != 1) {
    Fail("EVP_DigestInit_ex");
    return;
  }
  if (EVP_MD_CTX_get_size(ctx_) != static_cast<int>(kHashBytes)) {
    Fail("EVP_MD_CTX_get_size");
  }
}

Blake2b512::~Blake2b512() { EVP_MD_CTX_free(ctx_); }

Blake2b512::Blake2b512(Blake2b512&& other) noexcept
    : ctx_(other.ctx_), failure_(std::move(other.failure_)) {
  other.ctx_ = nullptr;
  other.failure_ = "used after move";
}

Blake2b512& Blake2b512::operator=(Blake2b512&& other) noexcept {
  if (this != &other) {
    EVP_MD_CTX_free(ctx_);
    ctx_ = other.ctx_;
    failure_ = std::move(other.failure_);
    other.ctx_ = nullptr;
    other.failure_ = "used after move";
  }
  return *this;
}

void Blake2b512::Fail(const char* call) {
  if (failure_.empty()) failure_ = OpensslErrorScope::Describe(call);
}

void Blake2b512::Update(std::span<const uint8_t> data) {
  if (!failure_.empty() || data.empty()) return;
  OpensslErrorScope errors;
  if (EVP_DigestUpdate(ctx_, data.data(), data.size()) != 1) {
    Fail("EVP_DigestUpdate");
  }
}

void Blake2b512::Update(std::span<const std::byte> data) {
  Update(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data.data()),
                                  data.size()));
}

Result<Hash> Blake2b512::Final() {
  if (failure_.empty()) {
    OpensslErrorScope errors;
    Hash out{};
    unsigned int len = 0;
    const bool ok = EVP_DigestFinal_ex(ctx_, out.data(), &len) == 1;
    if (ok && len == kHashBytes) {
      failure_ = "final called twice";  // OpenSSL's state is spent
      return out;
    }
    failure_ = ok ? "EVP_DigestFinal_ex returned " + std::to_string(len) +
                        " bytes, expected 64"
                  : OpensslErrorScope::Describe("EVP_DigestFinal_ex");
  }
  return Status(ErrorCode::kCrypto, "blake2b-512", failure_);
}

Result<FileHash> HashFile(const std::string& path) {
  MODELSEAL_ASSIGN_OR_RETURN(
      RegularFile file,
      OpenRegularFile(path, std::numeric_limits<uint64_t>::max()));
  const int fd = file.fd.get();
  Blake2b512 h;
  std::vector<uint8_t> buf(1 << 20);
  FileHash out;
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(ErrorCode::kIoRead, path, std::strerror(errno));
    }
    if (n == 0) break;
    h.Update(std::span<const uint8_t>(buf.data(), static_cast<size_t>(n)));
    out.size += static_cast<uint64_t>(n);
  }
  MODELSEAL_ASSIGN_OR_RETURN(out.hash, h.Final());
  return out;
}

Result<std::string> ReadSigningFile(const std::string& path, SigningFile kind) {
  const uint64_t limit = kind == SigningFile::kSignature
                             ? kMaxSignatureFileBytes
                         : kind == SigningFile::kKey ? kMaxKeyFileBytes
                                                     : kMaxPolicyFileBytes;
  Result<std::string> text = ReadTextFileBounded(path, limit);
  if (!text.ok() && text.status().code() == ErrorCode::kIoTooLarge) {
    // The size rule of FORMAT.md §1, as the parser would report it.
    return Status(kind == SigningFile::kPolicy ? ErrorCode::kPolicySyntax
                                               : ErrorCode::kSignTextTooLarge,
                  path, text.status().detail());
  }
  return text;
}

std::array<uint8_t, kSignatureBytes> Ed25519Sign(
    std::span<const uint8_t, kSecretKeyBytes> secret_key,
    std::span<const uint8_t> message) {
  internal::EnsureSodium();
  std::array<uint8_t, kSignatureBytes> sig{};
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(),
                       secret_key.data());
  return sig;
}

bool Ed25519Verify(std::span<const uint8_t, kPublicKeyBytes> public_key,
                   std::span<const uint8_t> message,
                   std::span<const uint8_t, kSignatureBytes> signature) {
  internal::EnsureSodium();
  return crypto_sign_verify_detached(signature.data(), message.data(),
                                     message.size(), public_key.data()) == 0;
}

Status Ed25519FromSeed(std::span<const uint8_t, 32> seed,
                       std::span<uint8_t, kSecretKeyBytes> secret_key,
                       std::span<uint8_t, kPublicKeyBytes> public_key) {
  internal::EnsureSodium();
  if (crypto_sign_seed_keypair(public_key.data(), secret_key.data(),
                               seed.data()) != 0) {
    return Status(ErrorCode::kCrypto, "ed25519", "seed_keypair failed");
  }
  return Status::Ok();
}

}  // namespace modelseal::signing
