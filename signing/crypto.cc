// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Guarded memory, BLAKE2b-512 streaming, streamed file hashing and the
// Ed25519 wrapper over libsodium.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <type_traits>
#include <vector>

#include "modelseal/signing.h"
#include "signing/blake2b.h"
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

// The BLAKE2b state lives in the header's opaque storage (trivially
// destructible, so nothing to do on destruction).
using internal::Blake2b512State;
static_assert(sizeof(Blake2b512State) <= 384);
static_assert(alignof(Blake2b512State) <= 64);
static_assert(std::is_trivially_destructible_v<Blake2b512State>);

namespace {
Blake2b512State* StateOf(unsigned char* storage) {
  return std::launder(reinterpret_cast<Blake2b512State*>(storage));
}
}  // namespace

Blake2b512::Blake2b512() { new (state_) Blake2b512State(); }

void Blake2b512::Update(std::span<const uint8_t> data) {
  StateOf(state_)->Update(data.data(), data.size());
}

void Blake2b512::Update(std::span<const std::byte> data) {
  Update(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data.data()),
                                  data.size()));
}

Hash Blake2b512::Final() { return StateOf(state_)->Final(); }

namespace {
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};
}  // namespace

Result<FileHash> HashFile(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    if (errno == ELOOP) {
      return Status(ErrorCode::kIoNotRegularFile, path, "is a symbolic link");
    }
    return Status(ErrorCode::kIoOpen, path, std::strerror(errno));
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) {
    return Status(ErrorCode::kIoRead, path, std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return Status(ErrorCode::kIoNotRegularFile, path, "not a regular file");
  }
  Blake2b512 h;
  std::vector<uint8_t> buf(1 << 20);
  FileHash out;
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(ErrorCode::kIoRead, path, std::strerror(errno));
    }
    if (n == 0) break;
    h.Update(std::span<const uint8_t>(buf.data(), static_cast<size_t>(n)));
    out.size += static_cast<uint64_t>(n);
  }
  out.hash = h.Final();
  return out;
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
