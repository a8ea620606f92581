// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// File helpers every component uses: the one way to open an input file
// (OpenRegularFile: regular files only, size cap, never blocks on a FIFO),
// bounded whole-file reads built on it, and atomic writes (temporary file in
// the same directory, fsync, rename) so a failed write never leaves a half-
// written output behind and never replaces anything but a regular file.
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

// Owns a file descriptor: closes it when destroyed or reset. Move-only.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) Reset(other.Release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  // Gives up ownership without closing.
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  // Closes the owned fd (if any) and takes `fd`.
  void Reset(int fd = -1);

 private:
  int fd_ = -1;
};

// An input file opened by OpenRegularFile, at offset 0.
struct RegularFile {
  UniqueFd fd;
  uint64_t size = 0;  // st_size when opened
};

// Opens `path` for reading, the way every input file (model, signature,
// key, policy, rows) is opened. The last component must not be a symlink
// and the file must be a regular file: a FIFO, socket, device or directory
// is refused without blocking and without side effects (lstat first, then
// open with O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC and fstat, so a
// file swapped in between is still caught; O_NONBLOCK is cleared again on
// the returned fd). Errors, with `path` as the context:
//   kIoNotRegularFile  "is a symbolic link", "a fifo", "a directory",
//                      "a socket", "a character device", "a block device"
//   kIoOpen            the errno text (e.g. missing, no permission)
//   kIoTooLarge        "<size> bytes, limit <max_bytes>"
//   kIoRead            fstat / fcntl failed
Result<RegularFile> OpenRegularFile(const std::string& path,
                                    uint64_t max_bytes);

// Reads the whole regular file at `path` (opened by OpenRegularFile, with
// its errors). Fails with kIoTooLarge when it is larger than `max_size`
// bytes, kIoRead when it shrinks or grows while being read.
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

// Writes `path` atomically (an AtomicFile: see there for the modes and
// which existing entries are refused).
Status WriteFileAtomic(const std::string& path, std::span<const std::byte> data,
                       unsigned mode = 0644, unsigned max_mode = 0777);
Status WriteFileAtomic(const std::string& path, std::string_view data,
                       unsigned mode = 0644, unsigned max_mode = 0777);

// An output file built incrementally, replaced atomically on Commit(). If
// the object is destroyed without a successful Commit() the temporary file
// is removed and `path` is untouched.
//
// Only a regular file is ever replaced: when `path` exists as anything else
// (a symlink, FIFO, device, socket or directory) Open() fails with
// kIoNotRegularFile ("exists as a fifo; refusing to replace it"), and Commit()
// checks again right before the rename. Permissions: a new file gets `mode`; a
// replaced regular file keeps its permission bits (st_mode & 0777), limited to
// `max_mode` (secret keys pass 0600 so that replacing a key never leaves it
// readable by others).
class AtomicFile {
 public:
  AtomicFile() = default;
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  Status Open(const std::string& path, unsigned mode = 0644,
              unsigned max_mode = 0777);
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
