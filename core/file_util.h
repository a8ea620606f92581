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
