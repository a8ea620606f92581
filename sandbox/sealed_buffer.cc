// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <utility>

#include "modelseal/sandbox.h"

namespace modelseal {

namespace {

constexpr int kAllSeals =
    F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

Status MemfdError(const char* what, int err) {
  return Status(ErrorCode::kSandboxMemfd, "sealed_buffer",
                std::string(what) + ": " + std::strerror(err));
}

}  // namespace

SealedBuffer::SealedBuffer(int fd, uint64_t size,
                           std::shared_ptr<const void> mapping)
    : fd_(fd), size_(size), mapping_(std::move(mapping)) {}

SealedBuffer::~SealedBuffer() {
  if (fd_ >= 0) ::close(fd_);
}

SealedBuffer::SealedBuffer(SealedBuffer&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      size_(std::exchange(other.size_, 0)),
      mapping_(std::move(other.mapping_)) {}

SealedBuffer& SealedBuffer::operator=(SealedBuffer&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = std::exchange(other.size_, 0);
    mapping_ = std::move(other.mapping_);
  }
  return *this;
}

std::span<const std::byte> SealedBuffer::bytes() const {
  if (!mapping_) return {};
  return {static_cast<const std::byte*>(mapping_.get()), size_};
}

Result<SealedBuffer> SealedBuffer::FromBytes(std::span<const std::byte> bytes) {
  // write(2), not a writable mapping: no page faults in this process, and a
  // failure to allocate the memfd's pages is an error, not a SIGBUS.
  MODELSEAL_ASSIGN_OR_RETURN(auto builder,
                             SealedBufferBuilder::CreateUnmapped(bytes.size()));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pwrite(builder.fd(), bytes.data() + done, bytes.size() - done,
                         static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return MemfdError("write", errno);
    }
    done += static_cast<size_t>(n);
  }
  return builder.Seal();
}

SealedBufferBuilder::~SealedBufferBuilder() { Release(); }

void SealedBufferBuilder::Release() {
  if (data_ != nullptr) ::munmap(data_, size_);
  if (ro_data_ != nullptr) {
    ::munmap(const_cast<std::byte*>(ro_data_), size_);
  }
  if (fd_ >= 0) ::close(fd_);
  data_ = nullptr;
  ro_data_ = nullptr;
  fd_ = -1;
  size_ = 0;
}

SealedBufferBuilder::SealedBufferBuilder(SealedBufferBuilder&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      data_(std::exchange(other.data_, nullptr)),
      ro_data_(std::exchange(other.ro_data_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

SealedBufferBuilder& SealedBufferBuilder::operator=(
    SealedBufferBuilder&& other) noexcept {
  if (this != &other) {
    Release();
    fd_ = std::exchange(other.fd_, -1);
    data_ = std::exchange(other.data_, nullptr);
    ro_data_ = std::exchange(other.ro_data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

Result<SealedBufferBuilder> SealedBufferBuilder::Create(uint64_t size) {
  MODELSEAL_ASSIGN_OR_RETURN(SealedBufferBuilder b, CreateUnmapped(size));
  if (size > 0) {
    void* p =
        ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, b.fd_, 0);
    if (p == MAP_FAILED) return MemfdError("mmap", errno);
    b.data_ = static_cast<std::byte*>(p);
  }
  return b;
}

Result<SealedBufferBuilder> SealedBufferBuilder::CreateUnmapped(uint64_t size) {
  if (size > kSandboxMaxInputSize) {
    return Status(ErrorCode::kSandboxInputTooLarge, "sealed_buffer",
                  std::to_string(size) + " bytes, limit " +
                      std::to_string(kSandboxMaxInputSize));
  }
  SealedBufferBuilder b;
  b.fd_ = ::memfd_create("modelseal-input", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (b.fd_ < 0) return MemfdError("memfd_create", errno);
  if (::ftruncate(b.fd_, static_cast<off_t>(size)) != 0) {
    return MemfdError("ftruncate", errno);
  }
  b.size_ = size;
  return b;
}

Result<std::span<const std::byte>> SealedBufferBuilder::MapReadOnly() {
  if (fd_ < 0) {
    return Status(ErrorCode::kInvalidArgument, "sealed_buffer",
                  "builder is empty or already sealed");
  }
  if (size_ == 0) return std::span<const std::byte>();
  if (ro_data_ == nullptr) {
    // MAP_PRIVATE: a shared mapping of a writable memfd counts as writable
    // even with PROT_READ, and F_SEAL_WRITE then fails with EBUSY. A private
    // read-only mapping is never copied on write, so it shows the memfd's
    // own pages, including bytes written after it was made.
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (p == MAP_FAILED) return MemfdError("mmap", errno);
    ro_data_ = static_cast<const std::byte*>(p);
  }
  return std::span<const std::byte>(ro_data_, size_);
}

Result<SealedBuffer> SealedBufferBuilder::Seal() {
  if (fd_ < 0) {
    return Status(ErrorCode::kInvalidArgument, "sealed_buffer",
                  "builder is empty or already sealed");
  }
  // F_SEAL_WRITE fails with EBUSY while a shared writable mapping exists.
  if (data_ != nullptr) {
    ::munmap(data_, size_);
    data_ = nullptr;
  }
  if (::fcntl(fd_, F_ADD_SEALS, kAllSeals) != 0) {
    return MemfdError("F_ADD_SEALS", errno);
  }
  // Writes through fd() could have grown the file before the seals.
  struct stat st;
  if (::fstat(fd_, &st) != 0) return MemfdError("fstat", errno);
  if (static_cast<uint64_t>(st.st_size) != size_) {
    return Status(ErrorCode::kSandboxMemfd, "sealed_buffer",
                  "size changed: " + std::to_string(st.st_size) +
                      " bytes, created with " + std::to_string(size_));
  }
  std::shared_ptr<const void> mapping;
  if (size_ > 0) {
    void* p = const_cast<std::byte*>(std::exchange(ro_data_, nullptr));
    if (p == nullptr) {
      p = ::mmap(nullptr, size_, PROT_READ, MAP_SHARED | MAP_POPULATE, fd_, 0);
      if (p == MAP_FAILED) return MemfdError("mmap", errno);
    }
    // The deleter unmaps; if the control block cannot be allocated the
    // constructor calls it before throwing.
    size_t len = size_;
    mapping = std::shared_ptr<const void>(
        p, [len](const void* addr) { ::munmap(const_cast<void*>(addr), len); });
  }
  int fd = std::exchange(fd_, -1);
  uint64_t size = std::exchange(size_, 0);
  return SealedBuffer(fd, size, std::move(mapping));
}

}  // namespace modelseal
