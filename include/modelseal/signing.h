// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Signing: minisign-compatible keys and detached signatures, the signed
// statement carried in the trusted comment, and the trust policy.
// signing/FORMAT.md is the normative description of every format here.
//
// Contract shared by every function in this header:
// - All parsers are pure functions over bytes: they take the whole text of
//   a file as a string_view, never touch the file system, enforce a hard
//   size limit first, and return a specific error code (errors/signing.def)
//   with a path-like context ("signature.line[2]") on the first violation.
// - Only prehashed signatures ("ED": Ed25519 over the BLAKE2b-512 of the
//   file) are accepted; legacy "Ed" signatures are rejected
//   (kSigLegacyAlgorithm), because the algorithm bytes are not signed.
// - Secrets (secret keys, passphrases, secret key file text) live in
//   sodium_malloc'd memory (SecureBuffer) and are wiped when freed.
// - Every function calls sodium_init() itself (thread-safe, idempotent).
#ifndef MODELSEAL_SIGNING_H_
#define MODELSEAL_SIGNING_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/error.h"

// OpenSSL's EVP_MD_CTX (<openssl/types.h>), used opaquely by Blake2b512.
struct evp_md_ctx_st;

namespace modelseal::signing {

// ---- Limits (FORMAT.md §1) ------------------------------------------------
inline constexpr size_t kMaxSignatureFileBytes = 16 * 1024;
inline constexpr size_t kMaxKeyFileBytes = 4 * 1024;
inline constexpr size_t kMaxPolicyFileBytes = 64 * 1024;
inline constexpr size_t kMaxCommentBytes = 1024;         // untrusted comments
inline constexpr size_t kMaxTrustedCommentBytes = 8192;  // minisign's limit
inline constexpr size_t kMaxStatementBytes = 512;
inline constexpr size_t kMaxModelNameBytes = 128;
inline constexpr size_t kMaxKeyNameBytes = 64;
inline constexpr size_t kMaxPolicyKeys = 64;
inline constexpr size_t kMaxPolicyModels = 1024;
inline constexpr size_t kMaxPassphraseBytes = 1024;

inline constexpr size_t kHashBytes = 64;  // BLAKE2b-512
inline constexpr size_t kKeyIdBytes = 8;
inline constexpr size_t kPublicKeyBytes = 32;
inline constexpr size_t kSecretKeyBytes = 64;  // seed || public key
inline constexpr size_t kSignatureBytes = 64;

using Hash = std::array<uint8_t, kHashBytes>;
using KeyId = std::array<uint8_t, kKeyIdBytes>;

// minisign's display form of a key id: the 8 bytes read as a little-endian
// u64, printed as 16 uppercase hex digits.
std::string FormatKeyId(const KeyId& id);

// ---- Guarded memory --------------------------------------------------------

// A fixed-size buffer in sodium_malloc'd memory (guard pages, canary),
// zeroed on creation and wiped by sodium_free on destruction. Move-only.
class SecureBuffer {
 public:
  SecureBuffer() = default;
  // Fails with kOutOfMemory when sodium_malloc fails.
  static Result<SecureBuffer> Allocate(size_t size);
  ~SecureBuffer();
  SecureBuffer(SecureBuffer&& other) noexcept;
  SecureBuffer& operator=(SecureBuffer&& other) noexcept;
  SecureBuffer(const SecureBuffer&) = delete;
  SecureBuffer& operator=(const SecureBuffer&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  std::span<uint8_t> span() { return {data_, size_}; }
  std::span<const uint8_t> span() const { return {data_, size_}; }
  std::string_view view() const {
    return {reinterpret_cast<const char*>(data_), size_};
  }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// ---- Hashing ---------------------------------------------------------------

// Streaming BLAKE2b-512 (RFC 7693, no key, 64-byte digest: the same digest
// as libsodium's crypto_generichash and Python's hashlib.blake2b), the
// prehash of "ED" signatures. Backed by OpenSSL 3's libcrypto (EVP, the
// "BLAKE2B-512" digest of its default provider): about 1.4 GB/s on the AMD
// EPYC we measured, where libsodium 1.0.18's AVX2 code runs at 0.74 GB/s.
//
// Update() any number of times, then Final() once. Owns an OpenSSL digest
// context (freed by the destructor); movable, not copyable. Not thread-safe:
// one object per thread.
//
// Errors: OpenSSL can fail (out of memory, or no provider offering BLAKE2b,
// e.g. a configuration that loads only the FIPS provider). No call here
// aborts: the first failure is remembered, later Update()s do nothing, and
// Final() returns kCrypto with context "blake2b-512" and the failed call as
// detail ("EVP_DigestInit_ex failed: ..."). Final() on a moved-from object
// or a second Final() is kCrypto too. OpenSSL errors raised here are removed
// from the thread's OpenSSL error queue (other users of libcrypto in the
// process, such as Python's ssl module, do not see them).
//
// Limits: none on the length (OpenSSL keeps a 128-bit byte counter). The
// process's OpenSSL configuration (OPENSSL_CONF, /etc/ssl/openssl.cnf) is
// read on first use, as by every libcrypto user.
class Blake2b512 {
 public:
  Blake2b512();
  ~Blake2b512();
  Blake2b512(Blake2b512&& other) noexcept;
  Blake2b512& operator=(Blake2b512&& other) noexcept;
  Blake2b512(const Blake2b512&) = delete;
  Blake2b512& operator=(const Blake2b512&) = delete;

  void Update(std::span<const uint8_t> data);
  void Update(std::span<const std::byte> data);
  Result<Hash> Final();

 private:
  void Fail(const char* call);

  // OpenSSL's EVP_MD_CTX, declared below without an OpenSSL header.
  evp_md_ctx_st* ctx_ = nullptr;
  // Empty while every call succeeded, else why the first one failed.
  std::string failure_;
};

struct FileHash {
  Hash hash;
  uint64_t size = 0;
};
// Hashes the regular file at `path` in 1 MiB chunks (never holds it whole
// in memory; works for files larger than memory). Refuses symlinks and
// non-regular files (kIoNotRegularFile), kIoOpen / kIoRead on I/O errors.
Result<FileHash> HashFile(const std::string& path);

// The kinds of small text file this header parses, for ReadSigningFile.
enum class SigningFile { kSignature, kKey, kPolicy };
// Reads the text of a signature, key (public or secret) or policy file
// (OpenRegularFile: no symlink, regular files only, never blocks on a
// FIFO). A file over its limit (kMaxSignatureFileBytes, kMaxKeyFileBytes,
// kMaxPolicyFileBytes) is refused before it is read, with the code
// FORMAT.md §1 gives that rule: kSignTextTooLarge for signatures and keys,
// kPolicySyntax for policies (context: the path, detail "<size> bytes,
// limit <limit>"). Other errors: kIoNotRegularFile, kIoOpen, kIoRead.
Result<std::string> ReadSigningFile(const std::string& path, SigningFile kind);

// ---- Ed25519 wrapper (internal building block, exposed for test vectors) --

// Signs `message` with a 64-byte libsodium secret key (seed || public key).
std::array<uint8_t, kSignatureBytes> Ed25519Sign(
    std::span<const uint8_t, kSecretKeyBytes> secret_key,
    std::span<const uint8_t> message);
// True when `signature` is valid for `message` under `public_key`
// (libsodium's strict verification: canonical S, no small-order R or A).
bool Ed25519Verify(std::span<const uint8_t, kPublicKeyBytes> public_key,
                   std::span<const uint8_t> message,
                   std::span<const uint8_t, kSignatureBytes> signature);
// Derives the 64-byte secret key and the public key from a 32-byte seed.
Status Ed25519FromSeed(std::span<const uint8_t, 32> seed,
                       std::span<uint8_t, kSecretKeyBytes> secret_key,
                       std::span<uint8_t, kPublicKeyBytes> public_key);

// ---- Keys (FORMAT.md §2) ---------------------------------------------------

struct PublicKey {
  KeyId id{};
  std::array<uint8_t, kPublicKeyBytes> key{};
  bool operator==(const PublicKey&) const = default;
};

// Parses the base64 line of a public key ("RW..."; 56 characters).
Result<PublicKey> ParsePublicKeyBase64(std::string_view base64);
// Parses a minisign public key file: "untrusted comment: ...\n<base64>\n".
Result<PublicKey> ParsePublicKeyFile(std::string_view text);
std::string PublicKeyBase64(const PublicKey& key);
// "untrusted comment: minisign public key <ID>\n<base64>\n".
std::string FormatPublicKeyFile(const PublicKey& key);

// scrypt limits stored in encrypted secret keys. kKdfSensitive is what
// minisign uses; kKdfInteractive is for tests. Parsers accept opslimit in
// [32768, 2^30] and memlimit in [16 MiB, 2 GiB] (kSecretKeyKdfLimits).
struct KdfLimits {
  uint64_t opslimit;
  uint64_t memlimit;
};
inline constexpr KdfLimits kKdfSensitive{33554432, 1073741824};
inline constexpr KdfLimits kKdfInteractive{524288, 16777216};

// An Ed25519 secret key with its key id, held in guarded memory. Move-only.
class SecretKey {
 public:
  // A fresh random key pair with a random key id.
  static Result<SecretKey> Generate();
  // From a 64-byte libsodium secret key; checks that its public half
  // matches its seed (kSecretKeyInconsistent).
  static Result<SecretKey> FromBytes(const KeyId& id,
                                     std::span<const uint8_t> secret_key);

  const KeyId& id() const { return id_; }
  PublicKey public_key() const;
  // The 64-byte secret key (seed || public key). Do not copy it out.
  std::span<const uint8_t, kSecretKeyBytes> bytes() const {
    return std::span<const uint8_t, kSecretKeyBytes>(secret_.data(),
                                                     kSecretKeyBytes);
  }

 private:
  KeyId id_{};
  SecureBuffer secret_;
};

// True when the secret key file's key derivation algorithm is scrypt ("Sc"),
// false when it is unencrypted (two zero bytes). Checks the structure.
Result<bool> SecretKeyFileIsEncrypted(std::string_view text);
// Parses (and, when encrypted, decrypts) a minisign secret key file.
// `passphrase` is required for an encrypted key
// (kSecretKeyNeedsPassphrase) and ignored for an unencrypted one. A wrong
// passphrase gives kSecretKeyWrongPassphrase; a corrupted unencrypted key
// kSecretKeyChecksum.
Result<SecretKey> ParseSecretKeyFile(std::string_view text,
                                     const SecureBuffer* passphrase);
// Formats a minisign secret key file. With a passphrase the key is
// encrypted with scrypt (`limits`) exactly as minisign does; with nullptr
// it is written unencrypted (for CI). The text is returned in guarded
// memory because it may hold the plain secret key.
Result<SecureBuffer> FormatSecretKeyFile(const SecretKey& key,
                                         const SecureBuffer* passphrase,
                                         KdfLimits limits = kKdfSensitive);

// ---- Signature files (FORMAT.md §3) ---------------------------------------

struct SignatureFile {
  std::string untrusted_comment;  // without "untrusted comment: "
  KeyId key_id{};
  std::array<uint8_t, kSignatureBytes> signature{};  // over BLAKE2b-512
  std::string trusted_comment;  // without "trusted comment: "
  std::array<uint8_t, kSignatureBytes> global_signature{};
};

// Parses the four-line signature file. Checks structure only: algorithm
// "ED" (legacy "Ed" → kSigLegacyAlgorithm), lengths, base64, line rules.
// No cryptography.
Result<SignatureFile> ParseSignatureFile(std::string_view text);
std::string FormatSignatureFile(const SignatureFile& sig);

// Signs a prehashed file: the signature over `hash`, then the global
// signature over (signature || trusted_comment). Comments must be one line
// each within their limits (kInvalidArgument otherwise).
Result<SignatureFile> SignPrehashed(const SecretKey& key,
                                    std::span<const uint8_t, kHashBytes> hash,
                                    std::string_view trusted_comment,
                                    std::string_view untrusted_comment);
// Cryptographic check under one known key: the key ids must agree
// (kSigKeyIdMismatch), the signature must verify over `hash` (kSigInvalid)
// and the global signature over signature || trusted comment
// (kSigTrustedCommentInvalid). Enforces no statement.
Status VerifyWithKey(const PublicKey& key,
                     std::span<const uint8_t, kHashBytes> hash,
                     const SignatureFile& sig);

// ---- Signed statement (FORMAT.md §4) --------------------------------------

// The trusted comment modelseal writes:
//   modelseal-statement v1 name=<name> version=<u64> size=<u64>
//   created=<unix seconds> [expires=<unix seconds>]
// (one line, single spaces, fields in this order).
struct SignedStatement {
  std::string name;
  uint64_t version = 0;
  uint64_t size = 0;
  int64_t created = 0;
  std::optional<int64_t> expires;
  bool operator==(const SignedStatement&) const = default;
};
inline constexpr int64_t kMaxUnixTime = 253402300799;  // 9999-12-31T23:59:59Z

Result<SignedStatement> ParseStatement(std::string_view text);
// The model name rule of the statement and the trust policy (FORMAT.md §4):
// 1..kMaxModelNameBytes of [A-Za-z0-9._/-], starting with a letter or digit
// (kStatementName, reported with `context`). The Python save() applies it
// too, so that a model it writes can be signed under its own name.
Status CheckModelName(std::string_view name, const std::string& context);
// Checks the same rules as ParseStatement, then formats.
Result<std::string> FormatStatement(const SignedStatement& statement);

// ---- Trust policy (FORMAT.md §6) ------------------------------------------

struct TrustedKey {
  std::string name;
  PublicKey key;
};

class TrustPolicy {
 public:
  // Parses the policy text (limits: kMaxPolicyFileBytes, kMaxPolicyKeys,
  // kMaxPolicyModels).
  static Result<TrustPolicy> Parse(std::string_view text);
  // Reads `path` (bounded, no symlink) and parses it.
  static Result<TrustPolicy> Load(const std::string& path);
  // A policy that trusts exactly these keys (named "key1", "key2", ... ),
  // no pins. Duplicate key ids → kPolicyDuplicate; none → kPolicyNoKeys.
  static Result<TrustPolicy> FromPublicKeys(std::vector<PublicKey> keys);

  const std::vector<TrustedKey>& keys() const { return keys_; }
  // The key with this id, or nullptr.
  const TrustedKey* FindKey(const KeyId& id) const;
  // The pinned model name, if any.
  const std::optional<std::string>& pinned_name() const { return pin_; }
  // The minimum version for `model_name` (0 when none is set).
  uint64_t MinVersion(std::string_view model_name) const;

  // Adds/overrides pins (for callers that pin programmatically, e.g. the
  // CLI's --name / --min-version).
  void PinName(std::string name) { pin_ = std::move(name); }
  void SetMinVersion(std::string name, uint64_t version);

 private:
  std::vector<TrustedKey> keys_;
  std::vector<std::pair<std::string, uint64_t>> min_versions_;
  std::optional<std::string> pin_;
};

// ---- Verification (FORMAT.md §5) ------------------------------------------

struct VerifiedSignature {
  SignedStatement statement;
  std::string key_name;  // the policy's name for the signer
  KeyId key_id{};
  std::string untrusted_comment;
};

// Verifies a signature over a file the caller already hashed (the loader
// hashes the buffer it will parse, so nothing is re-read). In order:
// parse the signature file; look up its key id (kUnknownKeyId; no other
// key is tried); signature and global signature (VerifyWithKey); parse the
// statement; size (kStatementSizeMismatch); expiry: expired when
// now_unix >= expires (kStatementExpired); name pin
// (kStatementNameMismatch); minimum version (kStatementRollback).
Result<VerifiedSignature> VerifyPrehashed(
    std::span<const uint8_t, kHashBytes> blake2b512, uint64_t file_size,
    std::string_view signature_file_text, const TrustPolicy& policy,
    int64_t now_unix);
// The checks of VerifyPrehashed that need only the signature file, for a
// caller that has not read the file yet (FORMAT.md §5, "before reading"):
// parse the signature file; key id in the policy (kUnknownKeyId); global
// signature over signature || trusted comment (kSigTrustedCommentInvalid);
// parse the statement; its size equals `file_size` (kStatementSizeMismatch).
// The statement is authenticated by the global signature alone, so a file whose
// size (st_size) differs from the signed size is refused before any of its
// bytes is read. Returns the statement. VerifyPrehashed must still be called on
// the bytes read.
Result<SignedStatement> PrecheckSignature(std::string_view signature_file_text,
                                          const TrustPolicy& policy,
                                          uint64_t file_size);
// Convenience: reads `sig_path` (ReadSigningFile), opens `path`,
// PrecheckSignature against its size, hashes it (streamed) and calls
// VerifyPrehashed with the current time.
Result<VerifiedSignature> VerifyFile(const std::string& path,
                                     const std::string& sig_path,
                                     const TrustPolicy& policy);

// The default signature path: "<file>.minisig".
std::string DefaultSignaturePath(const std::string& path);

// Signs `path` (streamed hashing): the statement's size is the number of
// bytes hashed, so callers leave it 0. Returns the signature file.
struct SignOptions {
  std::string name;
  uint64_t version = 0;
  int64_t created = 0;  // unix seconds
  std::optional<int64_t> expires;
  std::string untrusted_comment = "signature from modelseal secret key";
};
Result<SignatureFile> SignFile(const std::string& path, const SecretKey& key,
                               const SignOptions& options);

// ---- Passphrases -----------------------------------------------------------

// Reads a passphrase (never from argv), into guarded memory:
// - FromTerminal: prompts on /dev/tty with echo off (twice when
//   `confirm`; mismatch → kPassphrase).
// - FromEnv: the value of environment variable `name`.
// - FromFd: one line from `fd` (e.g. stdin for CI), final newline removed.
// Empty or longer than kMaxPassphraseBytes → kPassphrase.
Result<SecureBuffer> ReadPassphraseFromTerminal(std::string_view prompt,
                                                bool confirm);
Result<SecureBuffer> ReadPassphraseFromEnv(const std::string& name);
Result<SecureBuffer> ReadPassphraseFromFd(int fd);
// A passphrase from bytes (tests, bindings).
Result<SecureBuffer> PassphraseFromBytes(std::string_view bytes);

}  // namespace modelseal::signing

#endif  // MODELSEAL_SIGNING_H_
