// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Internal: unkeyed BLAKE2b with a 64-byte digest (RFC 7693), the prehash
// of minisign's "ED" signatures. Written from the RFC; its output is checked
// against libsodium's crypto_generichash in blake2b_test.cc.
//
// Why not libsodium's: on the CPUs we measured (AMD EPYC, AVX-512) libsodium
// 1.0.18 dispatches to its AVX2 compression function, which runs at about
// 735 MB/s there; this portable scalar code, with the message schedule
// resolved at compile time, runs at about 1.45 GB/s (bench/RESULTS.md). The
// loader hashes every byte of a model before parsing it, so the hash is most
// of the load time of a large model.
//
// Limits: the byte counter is 128 bits as the RFC says (no practical limit).
// Not constant-time in the message length only (like every hash); no secret
// data goes through it (keys use libsodium).
#ifndef MODELSEAL_SIGNING_BLAKE2B_H_
#define MODELSEAL_SIGNING_BLAKE2B_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace modelseal::signing::internal {

class Blake2b512State {
 public:
  static constexpr size_t kBlockBytes = 128;
  static constexpr size_t kDigestBytes = 64;

  Blake2b512State();
  // Absorbs `size` bytes (any split of a message gives the same digest).
  void Update(const uint8_t* data, size_t size);
  // The digest. The state must not be updated or finalised again after.
  std::array<uint8_t, kDigestBytes> Final();

 private:
  void Compress(const uint8_t* block, bool last);
  void AddToCounter(uint64_t n);

  uint64_t h_[8];
  uint64_t t_[2];  // bytes absorbed so far, low word first
  uint8_t buf_[kBlockBytes];
  size_t buf_len_ = 0;  // 0..128: the last block is kept until Final()
};

}  // namespace modelseal::signing::internal

#endif  // MODELSEAL_SIGNING_BLAKE2B_H_
