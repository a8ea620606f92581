// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Benchmark (not a test): throughput of signature verification, i.e.
// streamed BLAKE2b-512 hashing of a file plus the Ed25519 checks and the
// statement (signing::VerifyFile), on a large file (default 1 GiB).
//
// Usage: signing_bench [--size-mib N] [--dir DIR] [--repeat R]
// Writes DIR/signing_bench.bin (removed afterwards), signs it with a fresh
// key, then times VerifyFile R times (the first run may read from disk, the
// rest from the page cache) and the in-memory hash of a 64 MiB buffer.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "core/file_util.h"
#include "modelseal/signing.h"

namespace ms = modelseal::signing;

namespace {
double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}
int Fail(const modelseal::Status& s) {
  std::fprintf(stderr, "signing_bench: %s\n", s.ToString().c_str());
  return 1;
}
}  // namespace

int main(int argc, char** argv) {
  uint64_t size_mib = 1024;
  std::string dir = "/tmp";
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--size-mib") {
      size_mib = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (a == "--dir") {
      dir = argv[i + 1];
    } else if (a == "--repeat") {
      repeat = std::atoi(argv[i + 1]);
    } else {
      std::fprintf(stderr, "usage: %s [--size-mib N] [--dir D] [--repeat R]\n",
                   argv[0]);
      return 2;
    }
  }
  const std::string path = dir + "/signing_bench.bin";
  const uint64_t size = size_mib << 20;
  {
    modelseal::AtomicFile f;
    modelseal::Status s = f.Open(path);
    if (!s.ok()) return Fail(s);
    std::vector<std::byte> chunk(1 << 20);
    for (size_t i = 0; i < chunk.size(); ++i) {
      chunk[i] = static_cast<std::byte>((i * 2654435761u) >> 13);
    }
    for (uint64_t done = 0; done < size; done += chunk.size()) {
      chunk[0] = static_cast<std::byte>(done >> 20);
      s = f.Write(chunk);
      if (!s.ok()) return Fail(s);
    }
    s = f.Commit();
    if (!s.ok()) return Fail(s);
  }
  auto key = ms::SecretKey::Generate();
  if (!key.ok()) return Fail(key.status());
  ms::SignOptions opt;
  opt.name = "bench";
  opt.version = 1;
  opt.created = 1700000000;
  const auto t_sign = std::chrono::steady_clock::now();
  auto sig = ms::SignFile(path, *key, opt);
  if (!sig.ok()) return Fail(sig.status());
  const double sign_s = Seconds(std::chrono::steady_clock::now() - t_sign);
  const std::string sig_path = ms::DefaultSignaturePath(path);
  modelseal::Status s =
      modelseal::WriteFileAtomic(sig_path, ms::FormatSignatureFile(*sig));
  if (!s.ok()) return Fail(s);
  auto policy = ms::TrustPolicy::FromPublicKeys({key->public_key()});
  if (!policy.ok()) return Fail(policy.status());

  const double mb = static_cast<double>(size) / 1e6;
  std::printf("file: %llu MiB (%.1f MB)\n",
              static_cast<unsigned long long>(size_mib), mb);
  std::printf("sign (hash + 2 signatures): %.3f s, %.0f MB/s\n", sign_s,
              mb / sign_s);
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    auto v = ms::VerifyFile(path, sig_path, *policy);
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    const double sec = Seconds(std::chrono::steady_clock::now() - t0);
    if (!v.ok()) return Fail(v.status());
    // Wall time depends on the machine's load and the page cache; CPU time
    // (user + system of this process) is the cost of the work itself.
    std::printf(
        "verify run %d (hash + verify + statement): %.3f s wall, %.0f MB/s; "
        "%.3f s cpu, %.0f MB/s per core\n",
        r + 1, sec, mb / sec, cpu, mb / cpu);
  }
  // In-memory hashing, no I/O.
  std::vector<uint8_t> buf(64 << 20, 0x5a);
  const auto t1 = std::chrono::steady_clock::now();
  ms::Blake2b512 h;
  h.Update(buf);
  auto hash = h.Final();
  if (!hash.ok()) return Fail(hash.status());
  const double sec = Seconds(std::chrono::steady_clock::now() - t1);
  std::printf("blake2b-512 in memory (64 MiB): %.0f MB/s (first byte %02x)\n",
              static_cast<double>(buf.size()) / 1e6 / sec, (*hash)[0]);
  ::unlink(path.c_str());
  ::unlink(sig_path.c_str());
  return 0;
}
