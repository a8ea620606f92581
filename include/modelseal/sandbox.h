// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Running a validator on untrusted bytes inside the seccomp-restricted
// `modelseal-sandbox` helper process (docs/ARCHITECTURE.md, The sandbox;
// sandbox/README.md).
//
// The input lives in a SealedBuffer: a memfd that is filled once, sealed
// against every change (F_SEAL_WRITE|SHRINK|GROW|SEAL) and mapped read-only.
// The same bytes are handed to the helper as fd 3 and can be used in place
// by the host afterwards (tensors of a loaded model point into the mapping).
//
// RunSandboxed() starts a fresh helper with posix_spawn (never fork), waits
// for it with a deadline, always reaps it, caps and strictly decodes its
// reply, and maps its exit status to one error code per outcome:
//   ok                    -> the validator's payload
//   invalid input         -> the helper's error code (format or unsupported
//                            category only) with its context and detail
//   policy violation      -> kSandboxViolation   (killed by SIGSYS)
//   resource limit        -> kSandboxResourceLimit (memory, CPU seconds)
//   timeout               -> kSandboxTimeout     (killed at the deadline)
//   crash                 -> kSandboxCrash       (other signal or exit code)
//   helper missing        -> kSandboxHelperMissing
// Linux only. Thread-safe: any number of threads may run helpers at once.
#ifndef MODELSEAL_SANDBOX_H_
#define MODELSEAL_SANDBOX_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/error.h"

namespace modelseal {

// Largest input a SealedBuffer holds (the format's file-size limit).
inline constexpr uint64_t kSandboxMaxInputSize = 1ull << 36;  // 64 GiB
// Hard cap on a reply, whatever SandboxOptions says.
inline constexpr uint64_t kSandboxHardMaxReplySize = 1ull << 30;  // 1 GiB

// Immutable bytes in a sealed memfd, mapped read-only. Owns the fd and the
// mapping (both released by the destructor, or when the last keepalive()
// holder goes away, whichever is later for the mapping). Movable, not
// copyable. A default-constructed or moved-from buffer is empty (fd() == -1).
class SealedBuffer {
 public:
  SealedBuffer() = default;
  ~SealedBuffer();
  SealedBuffer(SealedBuffer&& other) noexcept;
  SealedBuffer& operator=(SealedBuffer&& other) noexcept;
  SealedBuffer(const SealedBuffer&) = delete;
  SealedBuffer& operator=(const SealedBuffer&) = delete;

  // Copies `bytes` into a new sealed buffer (with write(2)).
  // Errors: kSandboxInputTooLarge, kSandboxMemfd.
  static Result<SealedBuffer> FromBytes(std::span<const std::byte> bytes);

  // The memfd (close-on-exec; sealed with all four seals). Owned by this.
  int fd() const { return fd_; }
  // The read-only mapping; data() is page-aligned (empty span for size 0).
  std::span<const std::byte> bytes() const;
  uint64_t size() const { return size_; }
  // Keeps the mapping alive after this object is destroyed or moved from;
  // null for an empty buffer.
  std::shared_ptr<const void> keepalive() const { return mapping_; }

 private:
  friend class SealedBufferBuilder;
  SealedBuffer(int fd, uint64_t size, std::shared_ptr<const void> mapping);
  int fd_ = -1;
  uint64_t size_ = 0;
  std::shared_ptr<const void> mapping_;  // owns the PROT_READ mapping
};

// Fills a memfd of a fixed size, in pieces if the caller likes (the loader
// hashes each piece as it lands), then seals it.
//   MODELSEAL_ASSIGN_OR_RETURN(auto builder,
//                              SealedBufferBuilder::CreateUnmapped(n));
//   CopyFdExactly(file_fd, builder.fd(), n, path);  // core/file_util.h
//   MODELSEAL_ASSIGN_OR_RETURN(SealedBuffer sealed, builder.Seal());
// Create() instead gives a writable mapping to fill in place; Seal() unmaps
// it before adding the seals (F_SEAL_WRITE fails while a shared writable
// mapping exists), so writable() spans die with it. A builder not sealed
// releases everything when destroyed.
class SealedBufferBuilder {
 public:
  SealedBufferBuilder() = default;
  ~SealedBufferBuilder();
  SealedBufferBuilder(SealedBufferBuilder&& other) noexcept;
  SealedBufferBuilder& operator=(SealedBufferBuilder&& other) noexcept;
  SealedBufferBuilder(const SealedBufferBuilder&) = delete;
  SealedBufferBuilder& operator=(const SealedBufferBuilder&) = delete;

  // Errors: kSandboxInputTooLarge (size > kSandboxMaxInputSize),
  // kSandboxMemfd (memfd_create, ftruncate or mmap failed; errno text in
  // the detail).
  static Result<SealedBufferBuilder> Create(uint64_t size);
  // Same, without the writable mapping: fill the buffer through fd() with
  // write(2) or sendfile(2) (a copy inside the kernel: no page faults in
  // this process, no user-space copy). writable() is empty then.
  static Result<SealedBufferBuilder> CreateUnmapped(uint64_t size);

  // The whole buffer, writable until Seal(). Zero-filled initially.
  std::span<std::byte> writable() {
    if (data_ == nullptr) return {};
    return {data_, size_};
  }
  // The memfd (owned by the builder; its file offset starts at 0). Writes
  // past the size given to Create*() grow it, and Seal() then fails with
  // kSandboxMemfd "size changed".
  int fd() const { return fd_; }

  // A read-only view of the whole buffer before it is sealed, for reading
  // bytes as they are written through fd() (e.g. hashing while another
  // thread copies; a private read-only mapping, which sees the memfd's pages
  // and does not block F_SEAL_WRITE). Created on the first call; Seal() keeps
  // this very
  // mapping as the SealedBuffer's, so pages read through it stay mapped.
  // Empty for size 0. Errors: kSandboxMemfd (mmap failed), kInvalidArgument
  // (after Seal()).
  Result<std::span<const std::byte>> MapReadOnly();

  // Seals and maps read-only, with the page tables populated up front
  // (MAP_POPULATE: callers read every byte, e.g. to hash it). Errors:
  // kSandboxMemfd. Precondition: Create*() succeeded and Seal() was not
  // called yet (kInvalidArgument otherwise).
  Result<SealedBuffer> Seal();

 private:
  void Release();
  int fd_ = -1;
  std::byte* data_ = nullptr;           // writable mapping (Create)
  const std::byte* ro_data_ = nullptr;  // read-only mapping (MapReadOnly)
  uint64_t size_ = 0;
};

struct SandboxOptions {
  // The helper executable. Empty: the environment variable
  // MODELSEAL_SANDBOX_HELPER, else `modelseal-sandbox` in the directory of
  // the binary or shared object that contains this library, else (an
  // installed libmodelseal.so in lib/) the one `cmake --install` put in the
  // same prefix's bin/.
  std::string helper_path;
  // Wall-clock deadline from spawn to exit; the helper is SIGKILLed then.
  // Must be in [1 ms, 1 h].
  std::chrono::milliseconds timeout{10'000};
  // RLIMIT_AS of the helper. 0: input size + 1 GiB headroom.
  uint64_t memory_limit = 0;
  // RLIMIT_CPU of the helper, in seconds (1..3600).
  uint32_t cpu_seconds = 10;
  // Largest reply accepted; at most kSandboxHardMaxReplySize.
  uint64_t max_reply_size = 64ull << 20;
};

// Runs validator `validator` (e.g. "model") of the helper on `input` and
// returns the validator's payload. `input` must stay alive during the call.
// Errors: kInvalidArgument (bad options, empty input buffer, validator name
// not [a-z0-9:_-]{1,64}), any kSandbox* code (see the table above; the
// detail names the signal or exit code), or the helper's own kFormat /
// kUnsupported code for invalid input.
Result<std::vector<std::byte>> RunSandboxed(const SealedBuffer& input,
                                            std::string_view validator,
                                            const SandboxOptions& options);

// The helper RunSandboxed would use with `options` (discovery order above).
// Errors: kSandboxHelperMissing (not found, or not an executable regular
// file).
Result<std::string> FindSandboxHelper(const SandboxOptions& options);

}  // namespace modelseal

#endif  // MODELSEAL_SANDBOX_H_
