// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Detached signature files, signing and verification (FORMAT.md §3, §5).
#include <sodium.h>

#include <cstring>
#include <ctime>
#include <limits>
#include <vector>

#include "core/file_util.h"
#include "modelseal/signing.h"
#include "signing/sodium_init.h"
#include "signing/text.h"

namespace modelseal::signing {

namespace {
using internal::kTrustedPrefix;
using internal::kUntrustedPrefix;

constexpr size_t kSigStructBytes = 2 + kKeyIdBytes + kSignatureBytes;  // 74

Status CheckCommentLength(std::string_view comment, size_t max,
                          const std::string& context) {
  if (comment.size() > max) {
    return Status(ErrorCode::kSignTextLineTooLong, context,
                  "comment of " + std::to_string(comment.size()) + " bytes > " +
                      std::to_string(max));
  }
  return Status::Ok();
}

// The message of the global signature: signature || trusted comment.
std::vector<uint8_t> GlobalMessage(const SignatureFile& sig) {
  std::vector<uint8_t> m(sig.signature.begin(), sig.signature.end());
  m.insert(m.end(), sig.trusted_comment.begin(), sig.trusted_comment.end());
  return m;
}

bool IsOneLine(std::string_view s) {
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && u != '\t') || u == 0x7f) return false;
  }
  return true;
}
}  // namespace

Result<SignatureFile> ParseSignatureFile(std::string_view text) {
  MODELSEAL_ASSIGN_OR_RETURN(
      auto lines,
      internal::SplitLines(text, kMaxSignatureFileBytes, 4,
                           kTrustedPrefix.size() + kMaxTrustedCommentBytes,
                           "signature"));
  SignatureFile sig;
  MODELSEAL_ASSIGN_OR_RETURN(
      std::string_view untrusted,
      internal::StripPrefix(lines[0], kUntrustedPrefix, "signature.line[0]"));
  MODELSEAL_RETURN_IF_ERROR(
      CheckCommentLength(untrusted, kMaxCommentBytes, "signature.line[0]"));
  sig.untrusted_comment = std::string(untrusted);

  uint8_t raw[kSigStructBytes];
  MODELSEAL_RETURN_IF_ERROR(internal::Base64DecodeExact(
      lines[1], raw, sizeof raw, "signature.line[1]"));
  if (std::memcmp(raw, "Ed", 2) == 0) {
    return Status(ErrorCode::kSigLegacyAlgorithm, "signature.sig_alg",
                  "only prehashed \"ED\" signatures are accepted");
  }
  if (std::memcmp(raw, "ED", 2) != 0) {
    return Status(ErrorCode::kSigUnknownAlgorithm, "signature.sig_alg",
                  "expected \"ED\"");
  }
  std::memcpy(sig.key_id.data(), raw + 2, kKeyIdBytes);
  std::memcpy(sig.signature.data(), raw + 2 + kKeyIdBytes, kSignatureBytes);

  MODELSEAL_ASSIGN_OR_RETURN(
      std::string_view trusted,
      internal::StripPrefix(lines[2], kTrustedPrefix, "signature.line[2]"));
  sig.trusted_comment = std::string(trusted);
  MODELSEAL_RETURN_IF_ERROR(
      internal::Base64DecodeExact(lines[3], sig.global_signature.data(),
                                  kSignatureBytes, "signature.line[3]"));
  return sig;
}

std::string FormatSignatureFile(const SignatureFile& sig) {
  uint8_t raw[kSigStructBytes];
  std::memcpy(raw, "ED", 2);
  std::memcpy(raw + 2, sig.key_id.data(), kKeyIdBytes);
  std::memcpy(raw + 2 + kKeyIdBytes, sig.signature.data(), kSignatureBytes);
  return std::string(kUntrustedPrefix) + sig.untrusted_comment + "\n" +
         internal::Base64Encode(raw, sizeof raw) + "\n" +
         std::string(kTrustedPrefix) + sig.trusted_comment + "\n" +
         internal::Base64Encode(sig.global_signature.data(), kSignatureBytes) +
         "\n";
}

Result<SignatureFile> SignPrehashed(const SecretKey& key,
                                    std::span<const uint8_t, kHashBytes> hash,
                                    std::string_view trusted_comment,
                                    std::string_view untrusted_comment) {
  if (!IsOneLine(trusted_comment) ||
      trusted_comment.size() > kMaxTrustedCommentBytes) {
    return Status(ErrorCode::kInvalidArgument, "trusted_comment",
                  "must be one line of at most 8192 bytes");
  }
  if (!IsOneLine(untrusted_comment) ||
      untrusted_comment.size() > kMaxCommentBytes) {
    return Status(ErrorCode::kInvalidArgument, "untrusted_comment",
                  "must be one line of at most 1024 bytes");
  }
  SignatureFile sig;
  sig.untrusted_comment = std::string(untrusted_comment);
  sig.trusted_comment = std::string(trusted_comment);
  sig.key_id = key.id();
  sig.signature = Ed25519Sign(key.bytes(), hash);
  sig.global_signature = Ed25519Sign(key.bytes(), GlobalMessage(sig));
  // Never hand out a signature that does not verify (e.g. a fault while
  // signing); minisign does the same check.
  MODELSEAL_RETURN_IF_ERROR(VerifyWithKey(key.public_key(), hash, sig));
  return sig;
}

namespace {

Status CheckSize(const SignedStatement& st, uint64_t file_size) {
  if (st.size != file_size) {
    return Status(ErrorCode::kStatementSizeMismatch, "statement.size",
                  "signed " + std::to_string(st.size) + ", file has " +
                      std::to_string(file_size));
  }
  return Status::Ok();
}

// The signature file, parsed, and the policy's key for its key id.
struct KeyedSignature {
  SignatureFile sig;
  const TrustedKey* trusted = nullptr;
};

Result<KeyedSignature> ParseAndFindKey(std::string_view signature_file_text,
                                       const TrustPolicy& policy) {
  KeyedSignature out;
  MODELSEAL_ASSIGN_OR_RETURN(out.sig, ParseSignatureFile(signature_file_text));
  out.trusted = policy.FindKey(out.sig.key_id);
  if (out.trusted == nullptr) {
    return Status(
        ErrorCode::kUnknownKeyId, "signature.key_id",
        "key " + FormatKeyId(out.sig.key_id) + " is not in the policy");
  }
  return out;
}

}  // namespace

Status VerifyWithKey(const PublicKey& key,
                     std::span<const uint8_t, kHashBytes> hash,
                     const SignatureFile& sig) {
  if (sig.key_id != key.id) {
    return Status(ErrorCode::kSigKeyIdMismatch, "signature.key_id",
                  FormatKeyId(sig.key_id) + " != " + FormatKeyId(key.id));
  }
  if (!Ed25519Verify(key.key, hash, sig.signature)) {
    return Status(ErrorCode::kSigInvalid, "signature",
                  "the file or the signature was modified, or another key "
                  "with the same id signed it");
  }
  if (!Ed25519Verify(key.key, GlobalMessage(sig), sig.global_signature)) {
    return Status(ErrorCode::kSigTrustedCommentInvalid,
                  "signature.trusted_comment", "");
  }
  return Status::Ok();
}

Result<SignedStatement> PrecheckSignature(std::string_view signature_file_text,
                                          const TrustPolicy& policy,
                                          uint64_t file_size) {
  MODELSEAL_ASSIGN_OR_RETURN(KeyedSignature keyed,
                             ParseAndFindKey(signature_file_text, policy));
  SignatureFile& sig = keyed.sig;
  const TrustedKey* trusted = keyed.trusted;
  // (FindKey matched the key id.)
  if (!Ed25519Verify(trusted->key.key, GlobalMessage(sig),
                     sig.global_signature)) {
    return Status(ErrorCode::kSigTrustedCommentInvalid,
                  "signature.trusted_comment", "");
  }
  MODELSEAL_ASSIGN_OR_RETURN(SignedStatement st,
                             ParseStatement(sig.trusted_comment));
  MODELSEAL_RETURN_IF_ERROR(CheckSize(st, file_size));
  return st;
}

Result<VerifiedSignature> VerifyPrehashed(
    std::span<const uint8_t, kHashBytes> blake2b512, uint64_t file_size,
    std::string_view signature_file_text, const TrustPolicy& policy,
    int64_t now_unix) {
  MODELSEAL_ASSIGN_OR_RETURN(KeyedSignature keyed,
                             ParseAndFindKey(signature_file_text, policy));
  SignatureFile& sig = keyed.sig;
  const TrustedKey* trusted = keyed.trusted;
  MODELSEAL_RETURN_IF_ERROR(VerifyWithKey(trusted->key, blake2b512, sig));
  MODELSEAL_ASSIGN_OR_RETURN(SignedStatement st,
                             ParseStatement(sig.trusted_comment));
  MODELSEAL_RETURN_IF_ERROR(CheckSize(st, file_size));
  if (st.expires && now_unix >= *st.expires) {
    return Status(ErrorCode::kStatementExpired, "statement.expires",
                  "expired at " + std::to_string(*st.expires) + ", now " +
                      std::to_string(now_unix));
  }
  if (policy.pinned_name() && *policy.pinned_name() != st.name) {
    return Status(
        ErrorCode::kStatementNameMismatch, "statement.name",
        "\"" + st.name + "\", pinned \"" + *policy.pinned_name() + "\"");
  }
  const uint64_t min_version = policy.MinVersion(st.name);
  if (st.version < min_version) {
    return Status(ErrorCode::kStatementRollback, "statement.version",
                  std::to_string(st.version) + " < minimum " +
                      std::to_string(min_version));
  }
  VerifiedSignature out;
  out.statement = std::move(st);
  out.key_name = trusted->name;
  out.key_id = sig.key_id;
  out.untrusted_comment = std::move(sig.untrusted_comment);
  return out;
}

Result<VerifiedSignature> VerifyFile(const std::string& path,
                                     const std::string& sig_path,
                                     const TrustPolicy& policy) {
  MODELSEAL_ASSIGN_OR_RETURN(
      std::string sig_text, ReadSigningFile(sig_path, SigningFile::kSignature));
  {
    // The signed size against st_size before the file is hashed.
    MODELSEAL_ASSIGN_OR_RETURN(
        RegularFile file,
        OpenRegularFile(path, std::numeric_limits<uint64_t>::max()));
    MODELSEAL_RETURN_IF_ERROR(
        PrecheckSignature(sig_text, policy, file.size).status());
  }
  // HashFile opens `path` again; VerifyPrehashed checks the size of what
  // it hashed, so a file changed in between is still caught.
  MODELSEAL_ASSIGN_OR_RETURN(FileHash fh, HashFile(path));
  return VerifyPrehashed(fh.hash, fh.size, sig_text, policy,
                         static_cast<int64_t>(std::time(nullptr)));
}

std::string DefaultSignaturePath(const std::string& path) {
  return path + ".minisig";
}

Result<SignatureFile> SignFile(const std::string& path, const SecretKey& key,
                               const SignOptions& options) {
  MODELSEAL_ASSIGN_OR_RETURN(FileHash fh, HashFile(path));
  SignedStatement st;
  st.name = options.name;
  st.version = options.version;
  st.size = fh.size;
  st.created = options.created;
  st.expires = options.expires;
  auto text = FormatStatement(st);
  if (!text.ok()) {
    return Status(ErrorCode::kInvalidArgument, text.status().context(),
                  std::string(ErrorCodeMessage(text.status().code())) + ": " +
                      text.status().detail());
  }
  return SignPrehashed(key, fh.hash, *text, options.untrusted_comment);
}

}  // namespace modelseal::signing
