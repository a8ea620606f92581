// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The plain reproducer's main(): builds with any compiler, without libFuzzer.
// Usage: fuzz_<name>_replay PATH...
// Each PATH is a file (replayed) or a directory (every regular file in it,
// sorted by name, replayed). A missing PATH is an error; an empty directory
// is not. Prints each file before running it, so that the input that
// crashed is the last one named in the log. Exit status 0 when every input
// ran to completion, 2 on a usage or I/O error; a crash ends the process.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "fuzz/fuzz_util.h"

namespace {

// libFuzzer's default -max_len is far below this; the cap only keeps a stray
// huge file from exhausting memory.
constexpr std::uintmax_t kMaxInputBytes = 64ull << 20;

bool ReadInput(const std::filesystem::path& path, std::vector<uint8_t>* out) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxInputBytes) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in),
              std::istreambuf_iterator<char>());
  return out->size() == size;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
    return 2;
  }
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      for (const auto& entry : std::filesystem::directory_iterator(arg, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      if (ec) {
        std::fprintf(stderr, "cannot list %s: %s\n", argv[i],
                     ec.message().c_str());
        return 2;
      }
    } else if (std::filesystem::is_regular_file(arg, ec)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "no such file or directory: %s\n", argv[i]);
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<uint8_t> data;
  for (const auto& file : files) {
    if (!ReadInput(file, &data)) {
      std::fprintf(stderr, "cannot read %s\n", file.c_str());
      return 2;
    }
    std::fprintf(stderr, "replay %s (%zu bytes)\n", file.c_str(), data.size());
    // A copy of exactly the input's size, so ASan sees reads past its end.
    std::vector<uint8_t> exact(data.begin(), data.end());
    LLVMFuzzerTestOneInput(exact.data(), exact.size());
  }
  std::fprintf(stderr, "replayed %zu inputs\n", files.size());
  return 0;
}
