// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Loading a model safely: the one entry point production code should use.
//
//   file --OpenRegularFile: no symlink, regular file (a FIFO is refused
//          without blocking), size cap (max_file_size; unsigned:
//          max_unsigned_file_size)
//        --signed: read the detached signature, check its global signature
//          and the statement's size against st_size (PrecheckSignature)
//          before any byte of the file is read
//        --read once into a sealed memfd (sendfile) and hash those bytes
//          (BLAKE2b-512; files of 2 MiB or more: a short-lived second
//          thread copies while the calling thread hashes)
//        --verify the detached signature over that hash and enforce the
//          signed statement against the trust policy
//        --parse and validate inside the seccomp-restricted helper
//        --decode the helper's reply strictly, re-run ValidateModel()
//          (with build_predictor: while a second thread builds the
//          Predictor)
//   -> a Model whose tensors point into the sealed, read-only mapping
//      (and its Predictor).
//
// No byte is read from the path after it was hashed: the helper and the
// host both work on the sealed memfd, which nobody can modify any more.
//
// Example:
//   auto policy = signing::TrustPolicy::Load("trust.policy");
//   LoadOptions options;
//   options.policy = *policy;
//   options.build_predictor = true;
//   auto loaded = LoadModelFile("model.seal", options);
//   loaded->predictor->Predict(...);
#ifndef MODELSEAL_LOADER_H_
#define MODELSEAL_LOADER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "modelseal/error.h"
#include "modelseal/limits.h"
#include "modelseal/model.h"
#include "modelseal/predictor.h"
#include "modelseal/sandbox.h"
#include "modelseal/signing.h"

namespace modelseal {

// The default LoadOptions::max_unsigned_file_size: 256 MiB.
inline constexpr uint64_t kDefaultMaxUnsignedFileSize = 256ull << 20;

struct LoadOptions {
  // The keys (and pins) a signed model is checked against. Required unless
  // insecure_allow_unsigned is set; without either, loading fails with
  // kUnsignedNotAllowed.
  std::optional<signing::TrustPolicy> policy;
  // The detached signature; empty: "<model path>.minisig". Ignored by
  // LoadModelBytes, which takes the signature text directly.
  std::string signature_path;
  // INSECURE: load without any signature check (local development only).
  // The sandbox and every validation still run. Ignored when `policy` is set.
  bool insecure_allow_unsigned = false;
  // Helper path, timeout, memory and reply limits of the sandbox.
  SandboxOptions sandbox;
  // Largest model file accepted (at most limits::kMaxFileSize).
  uint64_t max_file_size = limits::kMaxFileSize;
  // Largest model an unsigned load (no `policy`) reads or copies, checked
  // on st_size (or the buffer's size) before anything is read; larger:
  // kUnsignedTooLarge. A signed load is bounded by the size its verified
  // statement gives instead (checked before reading, see above).
  uint64_t max_unsigned_file_size = kDefaultMaxUnsignedFileSize;
  // The time expiry is checked against (unix seconds); 0: now.
  int64_t now_unix = 0;
  // Also build the model's Predictor (LoadedModel::predictor). It is built
  // on a second thread while this one re-validates the decoded model: that
  // is safe because Predictor::Create re-checks everything inference reads
  // and only reads the model. The load fails if either fails (the
  // validation's error first); the result equals Predictor::Create(model).
  // Without a second thread (it cannot start) the two run one after the
  // other.
  bool build_predictor = false;
};

// Wall-clock milliseconds spent in each stage of a load.
struct LoadTimings {
  double read_and_hash_ms = 0;  // read into the sealed memfd + BLAKE2b-512
  double verify_ms = 0;         // signature + statement + policy
  double sandbox_ms = 0;        // spawn, parse and validate, reply
  double decode_ms = 0;         // decode the reply, re-validate in the host
  double predictor_ms = 0;      // Predictor::Create (build_predictor);
                                // overlaps decode_ms
};

struct LoadedModel {
  // Validated; tensors point into the sealed read-only mapping of the file
  // and keep it alive.
  Model model;
  // The verified signature and statement; absent for an unsigned load.
  std::optional<signing::VerifiedSignature> signature;
  // Built when LoadOptions::build_predictor is set; null otherwise.
  std::unique_ptr<Predictor> predictor;
  uint64_t file_size = 0;
  LoadTimings timings;
};

// Loads `path` as described above. Errors: kIo* (file; a non-regular file
// is kIoNotRegularFile), kFileTooSmall, kUnsignedTooLarge,
// kUnsignedNotAllowed, kSignatureFileMissing, any signing error
// (kSignature / kUntrustedKey / kStatement categories), kStatementMismatch,
// any format error the helper found (kFormat / kUnsupported categories, with
// the helper's context), sandbox outcomes (kSandbox category), and reply
// decoding errors (kReply*), and with build_predictor kPredictor* errors.
Result<LoadedModel> LoadModelFile(const std::string& path,
                                  const LoadOptions& options);

// Same for a model already in memory (copied once into a sealed memfd) and
// the text of its detached signature (empty for an unsigned load).
Result<LoadedModel> LoadModelBytes(std::span<const std::byte> bytes,
                                   std::string_view signature_text,
                                   const LoadOptions& options);

}  // namespace modelseal

#endif  // MODELSEAL_LOADER_H_
