// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// File helpers every component uses: bounded whole-file reads that refuse
// symlinks and non-regular files, and atomic writes (temporary file in the
// same directory, fsync, rename) so a failed write never leaves a half-
// written output behind.
#ifndef MODELSEAL_CORE_FILE_UTIL_H_
#define MODELSEAL_CORE_FILE_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/error.h"

namespace modelseal {

// Reads the whole regular file at `path` (the last component must not be a
// symlink). Fails with kIoTooLarge when it is larger than `max_size` bytes.
Result<std::vector<std::byte>> ReadFileBounded(const std::string& path,
                                               uint64_t max_size);
// Same, as a string (for text files: keys, signatures, policies, CSV).
Result<std::string> ReadTextFileBounded(const std::string& path,
                                        uint64_t max_size);

// How CopyFdExactly moves the bytes. kAuto: sendfile(2) (a copy inside the
// kernel, no user-space buffer), falling back to read/write through a
// 256 KiB buffer when the kernel cannot sendfile between the two fds (EINVAL,
// ENOSYS). kReadWrite: always the buffer (tests use it to cover the fallback).
enum class CopyMethod { kAuto, kReadWrite };

// Copies exactly `size` bytes from the current file offset of `from_fd` to
// the current file offset of `to_fd` (both offsets advance), then checks that
// `from_fd` has nothing more. Neither fd is closed. Errors, with `context` as
// the context (e.g. the source path): kIoRead "file shrank while reading"
// (fewer than `size` bytes), kIoRead "file grew while reading" (more than
// `size`), kIoRead / kIoWrite with the errno text on other failures (a
// failure of sendfile itself is reported as kIoRead). On error some bytes may
// have been written to `to_fd`.
Status CopyFdExactly(int from_fd, int to_fd, uint64_t size,
                     const std::string& context,
                     CopyMethod method = CopyMethod::kAuto);

// The two halves of CopyFdExactly, for copying in pieces: CopyFdBytes copies
// exactly `size` bytes (kIoRead "file shrank while reading" if `from_fd`
// ends first) without looking further; ExpectEndOfFile fails with kIoRead
// "file grew while reading" when `fd` has more bytes at its offset.
Status CopyFdBytes(int from_fd, int to_fd, uint64_t size,
                   const std::string& context,
                   CopyMethod method = CopyMethod::kAuto);
Status ExpectEndOfFile(int fd, const std::string& context);

// Writes `path` atomically. `mode` applies to the new file (e.g. 0600 for
// secret keys). The directory entry is replaced only after every byte was
// written and fsync'ed.
Status WriteFileAtomic(const std::string& path, std::span<const std::byte> data,
                       unsigned mode = 0644);
Status WriteFileAtomic(const std::string& path, std::string_view data,
                       unsigned mode = 0644);

// An output file built incrementally, replaced atomically on Commit(). If
// the object is destroyed without a successful Commit() the temporary file
// is removed and `path` is untouched.
class AtomicFile {
 public:
  AtomicFile() = default;
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  Status Open(const std::string& path, unsigned mode = 0644);
  Status Write(std::span<const std::byte> data);
  Status Write(std::string_view data);
  Status Commit();

 private:
  void Discard();
  std::string path_;
  std::string tmp_path_;
  int fd_ = -1;
};

}  // namespace modelseal

#endif  // MODELSEAL_CORE_FILE_UTIL_H_
