// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "modelseal/loader.h"

#include <errno.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "core/file_util.h"
#include "format/model_reply.h"
#include "loader/read_and_hash.h"
#include "modelseal/format.h"

namespace modelseal {

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

Status CheckOptions(const LoadOptions& options) {
  if (!options.policy && !options.insecure_allow_unsigned) {
    return Status(ErrorCode::kUnsignedNotAllowed, "options",
                  "pass a trust policy, or set insecure_allow_unsigned for "
                  "local development");
  }
  if (options.max_file_size > limits::kMaxFileSize) {
    return Status(
        ErrorCode::kInvalidArgument, "options.max_file_size",
        "above the format's limit of " + std::to_string(limits::kMaxFileSize));
  }
  return Status::Ok();
}

// An unsigned load reads at most options.max_unsigned_file_size bytes.
Status CheckUnsignedSize(uint64_t size, const LoadOptions& options,
                         const std::string& context) {
  if (options.policy || size <= options.max_unsigned_file_size) {
    return Status::Ok();
  }
  return Status(ErrorCode::kUnsignedTooLarge, context,
                std::to_string(size) + " bytes, the limit of an unsigned " +
                    "load is " +
                    std::to_string(options.max_unsigned_file_size) +
                    " (raise it: CLI --max-unsigned-size BYTES, Python "
                    "max_unsigned_size=, C++ "
                    "LoadOptions::max_unsigned_file_size; or sign the model)");
}

// Everything after the bytes are sealed and hashed: signature, sandbox,
// decode, host-side validation.
Result<LoadedModel> LoadSealed(SealedBuffer sealed, const signing::Hash& hash,
                               std::string_view signature_text,
                               const LoadOptions& options, LoadedModel loaded) {
  loaded.file_size = sealed.size();
  if (options.policy) {
    auto start = Clock::now();
    int64_t now = options.now_unix != 0
                      ? options.now_unix
                      : static_cast<int64_t>(std::time(nullptr));
    MODELSEAL_ASSIGN_OR_RETURN(
        loaded.signature,
        signing::VerifyPrehashed(hash, sealed.size(), signature_text,
                                 *options.policy, now));
    loaded.timings.verify_ms = MsSince(start);
  }
  if (sealed.size() < limits::kHeaderSize) {
    return Status(ErrorCode::kFileTooSmall, "",
                  std::to_string(sealed.size()) + " bytes, header is " +
                      std::to_string(limits::kHeaderSize));
  }

  auto start = Clock::now();
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<std::byte> payload,
                             RunSandboxed(sealed, "model", options.sandbox));
  loaded.timings.sandbox_ms = MsSince(start);

  start = Clock::now();
  MODELSEAL_ASSIGN_OR_RETURN(
      loaded.model,
      DecodeModelReply(payload, sealed.bytes(), sealed.keepalive()));
  // The host trusts nothing the helper said: every rule again. The
  // predictor, if asked for, is built meanwhile (see
  // LoadOptions::build_predictor: Create only reads the model and checks
  // everything it relies on itself). The two jobs are claimed in order by
  // this thread and a short-lived worker: a worker that the scheduler starts
  // late (measured here: often only once this thread has finished its job)
  // finds nothing left, and this thread has done both one after the other.
  Status valid;
  Result<std::unique_ptr<Predictor>> built = Status();
  const int jobs = options.build_predictor ? 2 : 1;
  std::atomic<int> next_job{0};
  auto run_jobs = [&] {
    for (int job; (job = next_job.fetch_add(1)) < jobs;) {
      auto job_start = Clock::now();
      if (job == 0) {
        valid = ValidateModel(loaded.model);
        loaded.timings.decode_ms = MsSince(start);
      } else {
        built = Predictor::Create(loaded.model);
        loaded.timings.predictor_ms = MsSince(job_start);
      }
    }
  };
  std::thread worker;
  if (jobs > 1) {
    try {
      worker = std::thread(run_jobs);
    } catch (const std::system_error&) {
      // No worker: this thread does both.
    }
  }
  run_jobs();
  if (worker.joinable()) worker.join();
  MODELSEAL_RETURN_IF_ERROR(valid);
  if (options.build_predictor) {
    MODELSEAL_ASSIGN_OR_RETURN(loaded.predictor, std::move(built));
  }

  if (loaded.signature) {
    const auto& st = loaded.signature->statement;
    const auto& meta = loaded.model.metadata;
    if (st.name != meta.name || st.version != meta.version) {
      return Status(ErrorCode::kStatementMismatch, "statement",
                    "signed for \"" + st.name + "\" version " +
                        std::to_string(st.version) + ", model says \"" +
                        meta.name + "\" version " +
                        std::to_string(meta.version));
    }
  }
  return loaded;
}

Result<std::string> ReadSignatureText(const std::string& model_path,
                                      const LoadOptions& options) {
  std::string sig_path = options.signature_path.empty()
                             ? signing::DefaultSignaturePath(model_path)
                             : options.signature_path;
  struct stat st;
  if (::lstat(sig_path.c_str(), &st) != 0 && errno == ENOENT) {
    return Status(ErrorCode::kSignatureFileMissing, sig_path,
                  "a signed load needs the detached signature");
  }
  return signing::ReadSigningFile(sig_path, signing::SigningFile::kSignature);
}

}  // namespace

Result<LoadedModel> LoadModelFile(const std::string& path,
                                  const LoadOptions& options) {
  MODELSEAL_RETURN_IF_ERROR(CheckOptions(options));
  // The signature is small: read it first so a missing one fails fast.
  std::string signature_text;
  if (options.policy) {
    MODELSEAL_ASSIGN_OR_RETURN(signature_text,
                               ReadSignatureText(path, options));
  }

  auto start = Clock::now();
  MODELSEAL_ASSIGN_OR_RETURN(RegularFile file,
                             OpenRegularFile(path, options.max_file_size));
  const uint64_t size = file.size;
  if (size == 0) {
    return Status(ErrorCode::kFileTooSmall, path, "empty file");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckUnsignedSize(size, options, path));
  if (options.policy) {
    // Nothing of the file is read before its signed statement (checked by
    // the global signature alone) says how large it is: a file of another
    // size is refused here, not after copying it into memory.
    MODELSEAL_RETURN_IF_ERROR(
        signing::PrecheckSignature(signature_text, *options.policy, size)
            .status());
  }

  // Read exactly once into a sealed memfd and hash exactly those bytes
  // (loader/read_and_hash.h: on large files the copy runs on a second
  // thread while this one hashes).
  MODELSEAL_ASSIGN_OR_RETURN(SealedAndHashed read,
                             ReadSealAndHash(file.fd.get(), size, path));
  SealedBuffer sealed = std::move(read.sealed);
  signing::Hash hash = read.hash;
  LoadedModel loaded;
  loaded.timings.read_and_hash_ms = MsSince(start);

  auto result = LoadSealed(std::move(sealed), hash, signature_text, options,
                           std::move(loaded));
  if (!result.ok() && result.status().context().empty()) {
    return Status(result.status().code(), path, result.status().detail());
  }
  return result;
}

Result<LoadedModel> LoadModelBytes(std::span<const std::byte> bytes,
                                   std::string_view signature_text,
                                   const LoadOptions& options) {
  MODELSEAL_RETURN_IF_ERROR(CheckOptions(options));
  if (bytes.size() > options.max_file_size) {
    return Status(ErrorCode::kIoTooLarge, "bytes",
                  std::to_string(bytes.size()) + " bytes, limit " +
                      std::to_string(options.max_file_size));
  }
  if (bytes.empty()) {
    return Status(ErrorCode::kFileTooSmall, "bytes", "empty input");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckUnsignedSize(bytes.size(), options, "bytes"));
  if (options.policy) {
    // As for a file: the signed size first, before the copy.
    MODELSEAL_RETURN_IF_ERROR(signing::PrecheckSignature(
                                  signature_text, *options.policy, bytes.size())
                                  .status());
  }
  auto start = Clock::now();
  MODELSEAL_ASSIGN_OR_RETURN(SealedBuffer sealed,
                             SealedBuffer::FromBytes(bytes));
  // Hash the sealed copy, not the caller's buffer, which may still change.
  signing::Blake2b512 hasher;
  hasher.Update(sealed.bytes());
  MODELSEAL_ASSIGN_OR_RETURN(signing::Hash hash, hasher.Final());
  LoadedModel loaded;
  loaded.timings.read_and_hash_ms = MsSince(start);
  return LoadSealed(std::move(sealed), hash, signature_text, options,
                    std::move(loaded));
}

}  // namespace modelseal
