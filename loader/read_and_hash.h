// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Internal to the loader: the first stage of a load ("read + hash"). Copies
// a model file exactly once into a sealed memfd and computes the BLAKE2b-512
// of exactly those bytes; nothing is parsed here.
//
// Two ways, same result (the tests check both against each other):
//   sequential  copy the whole file into the memfd (sendfile), seal, then
//               hash the sealed mapping;
//   pipelined   a worker thread copies the file in 512 KiB pieces (and maps
//               each piece's pages) while the calling thread hashes every
//               piece as soon as it is in the memfd, through the read-only
//               view that becomes the sealed mapping; then seal. On two
//               cores the copy (kernel page allocation) hides behind the
//               hash. The memfd is only reachable through this process
//               until it is sealed, as in the sequential way.
// kAuto pipelines files of at least kPipelineMinBytes, and falls back to
// sequential when no thread can be started.
#ifndef MODELSEAL_LOADER_READ_AND_HASH_H_
#define MODELSEAL_LOADER_READ_AND_HASH_H_

#include <cstdint>
#include <string>

#include "core/file_util.h"
#include "modelseal/error.h"
#include "modelseal/sandbox.h"
#include "modelseal/signing.h"

namespace modelseal {

inline constexpr uint64_t kPipelineMinBytes = 2ull << 20;
inline constexpr uint64_t kPipelinePieceBytes = 512ull << 10;

enum class ReadMode { kAuto, kSequential, kPipelined };

struct SealedAndHashed {
  SealedBuffer sealed;
  signing::Hash hash;
};

// Copies exactly `size` bytes from `fd` (a regular file, at its current
// offset, which advances) into a new sealed buffer and hashes them.
// `context` (the path) is the error context. Errors: kIoRead ("file shrank
// while reading", "file grew while reading", errno text), kIoWrite,
// kSandboxInputTooLarge, kSandboxMemfd. `copy` is passed to CopyFdBytes
// (tests use kReadWrite to cover the fallback).
Result<SealedAndHashed> ReadSealAndHash(int fd, uint64_t size,
                                        const std::string& context,
                                        ReadMode mode = ReadMode::kAuto,
                                        CopyMethod copy = CopyMethod::kAuto);

}  // namespace modelseal

#endif  // MODELSEAL_LOADER_READ_AND_HASH_H_
