// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// A structure-aware libFuzzer mutator for .seal files (format/SPEC.md §2),
// used by the format and end_to_end targets in the libFuzzer build.
//
// Byte-level mutations that insert or erase bytes almost always break the
// container (manifest_length, zero padding, the data section ending at the
// end of the file), so the reader stops at the header and the semantic
// checks of the manifest and the tensors are rarely reached. This mutator
// splits the input into its container regions and, most of the time,
// mutates one region in place and keeps the header consistent:
//   - the manifest (FlatBuffer), with its length allowed to change: the
//     header's manifest_length and the zero padding are rewritten, and the
//     data section is kept (its offsets are relative to data_start);
//   - the tensor data section, size-preserving (indices, thresholds, ...);
//   - one aligned 4- or 8-byte word of the manifest or the data set to an
//     interesting value (0, 1, -1, -2, INT32_MAX, 2^31, 2^63, ...).
// Otherwise (and for inputs that are not a container) libFuzzer's own
// mutation runs on the whole input.
#ifndef MODELSEAL_FUZZ_SEAL_MUTATOR_H_
#define MODELSEAL_FUZZ_SEAL_MUTATOR_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "core/little_endian.h"

namespace modelseal::fuzz {

inline constexpr uint8_t kSealMagic[8] = {0x89, 'M',  'S',  'L',
                                          '\r', '\n', 0x1A, '\n'};
inline constexpr size_t kSealHeaderSize = 24;

// Where the regions of a well-formed-enough container lie.
struct SealRegions {
  size_t manifest_begin = kSealHeaderSize;
  size_t manifest_size = 0;
  size_t data_begin = 0;  // align64(24 + manifest_size)
  size_t data_size = 0;   // to the end of the input
};

// The regions of `data`, or nullopt when it is not a container whose
// manifest and padding fit in it (magic present, manifest_length sane).
inline std::optional<SealRegions> FindSealRegions(const uint8_t* data,
                                                  size_t size) {
  if (size < kSealHeaderSize) return std::nullopt;
  if (std::memcmp(data, kSealMagic, sizeof(kSealMagic)) != 0) {
    return std::nullopt;
  }
  const uint64_t length = LoadLe64(
      std::as_bytes(std::span<const uint8_t>(data, size).subspan<16, 8>()));
  if (length == 0 || length > size - kSealHeaderSize) return std::nullopt;
  SealRegions r;
  r.manifest_size = static_cast<size_t>(length);
  r.data_begin = (kSealHeaderSize + r.manifest_size + 63) / 64 * 64;
  if (r.data_begin > size) return std::nullopt;
  r.data_size = size - r.data_begin;
  return r;
}

// Rebuilds a container from `header` (24 bytes; manifest_length is
// rewritten), `manifest` and `tensor_data`, with zero padding between.
inline std::vector<uint8_t> AssembleSeal(const uint8_t* header,
                                         const uint8_t* manifest,
                                         size_t manifest_size,
                                         const uint8_t* tensor_data,
                                         size_t data_size) {
  const size_t data_begin = (kSealHeaderSize + manifest_size + 63) / 64 * 64;
  std::vector<uint8_t> out(data_begin + data_size, 0);
  std::memcpy(out.data(), header, kSealHeaderSize);
  StoreLe64(std::as_writable_bytes(std::span(out).subspan<16, 8>()),
            manifest_size);
  if (manifest_size != 0) {
    std::memcpy(out.data() + kSealHeaderSize, manifest, manifest_size);
  }
  if (data_size != 0) {
    std::memcpy(out.data() + data_begin, tensor_data, data_size);
  }
  return out;
}

}  // namespace modelseal::fuzz

#if defined(MODELSEAL_FUZZ_LIBFUZZER)
extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size,
                                          size_t max_size, unsigned seed) {
  namespace mf = modelseal::fuzz;
  const auto regions = mf::FindSealRegions(data, size);
  // One choice in 8 (and every non-container input) mutates the whole input.
  if (!regions || seed % 8 == 0) return LLVMFuzzerMutate(data, size, max_size);
  const unsigned choice = (seed / 8) % 4;
  const uint8_t* manifest = data + regions->manifest_begin;
  const uint8_t* tensors = data + regions->data_begin;
  std::vector<uint8_t> out;
  if (choice == 0 || regions->data_size == 0) {
    // The manifest, any length (libFuzzer may grow it up to the room left).
    const size_t fixed = size - regions->manifest_size;
    std::vector<uint8_t> m(manifest, manifest + regions->manifest_size);
    // Room to grow; the padding may take up to 63 more bytes (an output
    // past max_size falls back below).
    if (max_size > fixed + 64 && max_size - fixed - 64 > m.size()) {
      m.resize(max_size - fixed - 64);
    }
    const size_t n =
        LLVMFuzzerMutate(m.data(), regions->manifest_size, m.size());
    out = mf::AssembleSeal(data, m.data(), n, tensors, regions->data_size);
  } else if (choice == 1) {
    // The tensor data, in place.
    std::vector<uint8_t> d(tensors, tensors + regions->data_size);
    size_t n = LLVMFuzzerMutate(d.data(), d.size(), d.size());
    if (n < d.size()) std::memset(d.data() + n, 0, d.size() - n);
    out = mf::AssembleSeal(data, manifest, regions->manifest_size, d.data(),
                           d.size());
  } else {
    // One aligned word of the manifest (choice 2) or the data (3).
    static constexpr uint64_t kInteresting[] = {
        0,
        1,
        2,
        0xffffffffffffffffull,
        0xfffffffffffffffeull,
        0x7fffffff,
        0x80000000,
        0xffffffff,
        0x100000000ull,
        0x7fffffffffffffffull,
        0x8000000000000000ull,
        64,
        0x3ff0000000000000ull,  // 1.0
        0x7ff8000000000000ull,  // nan
        0x7ff0000000000000ull,  // inf
    };
    constexpr size_t kCount = sizeof(kInteresting) / sizeof(kInteresting[0]);
    out.assign(data, data + size);
    const bool in_manifest = choice == 2;
    const size_t begin =
        in_manifest ? regions->manifest_begin : regions->data_begin;
    const size_t len =
        in_manifest ? regions->manifest_size : regions->data_size;
    const size_t width = (seed >> 5) % 2 ? 8 : 4;
    if (len < width) return LLVMFuzzerMutate(data, size, max_size);
    const size_t slot = (seed >> 6) % (len / width);
    const uint64_t v = kInteresting[(seed >> 12) % kCount];
    std::memcpy(out.data() + begin + slot * width, &v, width);
  }
  if (out.size() > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data, out.data(), out.size());
  return out.size();
}
#endif  // MODELSEAL_FUZZ_LIBFUZZER

#endif  // MODELSEAL_FUZZ_SEAL_MUTATOR_H_
