// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal keygen`, `modelseal sign`, `modelseal verify`: minisign-like
// options (-G/-S/-V's -p, -s, -x, -m, -W, -c, -P, -f, -q) over the signing
// library. Passphrases come from the terminal, an environment variable
// (--passphrase-env NAME) or stdin (--passphrase-stdin), never from argv.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <string>

#include "cli/registry.h"
#include "core/file_util.h"
#include "modelseal/loader.h"
#include "modelseal/signing.h"

namespace modelseal::cli {

namespace {
using signing::SecureBuffer;

struct PassphraseSource {
  std::string env;
  bool from_stdin = false;
};

void AddPassphraseOptions(CLI::App* sub, PassphraseSource& src) {
  auto* env =
      sub->add_option("--passphrase-env", src.env,
                      "read the passphrase from this environment variable");
  auto* in = sub->add_flag("--passphrase-stdin", src.from_stdin,
                           "read the passphrase from the first line of stdin");
  env->excludes(in);
}

Result<SecureBuffer> GetPassphrase(const PassphraseSource& src, bool confirm) {
  if (!src.env.empty()) return signing::ReadPassphraseFromEnv(src.env);
  if (src.from_stdin) return signing::ReadPassphraseFromFd(STDIN_FILENO);
  return signing::ReadPassphraseFromTerminal("Passphrase: ", confirm);
}

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

// ---- keygen ----------------------------------------------------------------
struct KeygenArgs {
  std::string pub = "modelseal.pub";
  std::string sec = "modelseal.key";
  bool unencrypted = false;
  bool force = false;
  bool fast_kdf = false;
  PassphraseSource pass;
};

int RunKeygen(const KeygenArgs& a) {
  if (!a.force) {
    for (const std::string& p : {a.pub, a.sec}) {
      if (::access(p.c_str(), F_OK) == 0) {
        return ReportError(Status(ErrorCode::kInvalidArgument, p,
                                  "exists; use -f to overwrite"));
      }
    }
  }
  auto key = signing::SecretKey::Generate();
  if (!key.ok()) return ReportError(key.status());
  std::optional<SecureBuffer> pass;
  if (!a.unencrypted) {
    auto p = GetPassphrase(a.pass, /*confirm=*/true);
    if (!p.ok()) return ReportError(p.status());
    pass = std::move(*p);
  }
  auto text = signing::FormatSecretKeyFile(
      *key, pass ? &*pass : nullptr,
      a.fast_kdf ? signing::kKdfInteractive : signing::kKdfSensitive);
  if (!text.ok()) return ReportError(text.status());
  Status s = WriteFileAtomic(
      a.sec,
      std::span<const std::byte>(
          reinterpret_cast<const std::byte*>(text->data()), text->size()),
      0600, /*max_mode=*/0600);
  if (!s.ok()) return ReportError(s);
  const signing::PublicKey pk = key->public_key();
  s = WriteFileAtomic(a.pub, signing::FormatPublicKeyFile(pk), 0644);
  if (!s.ok()) return ReportError(s);
  std::printf("key id %s\npublic key %s (%s)\nsecret key %s (%s)\n",
              signing::FormatKeyId(pk.id).c_str(),
              signing::PublicKeyBase64(pk).c_str(), a.pub.c_str(),
              a.sec.c_str(), pass ? "encrypted" : "NOT encrypted");
  return kExitOk;
}

// ---- sign ------------------------------------------------------------------
struct SignArgs {
  std::string file;
  std::string sec = "modelseal.key";
  std::string sec_env;
  std::string sig;
  std::optional<std::string> name;
  std::optional<uint64_t> version;
  std::optional<int64_t> created;
  std::optional<int64_t> expires;
  std::optional<int64_t> expires_in;
  std::string comment = "signature from modelseal secret key";
  PassphraseSource pass;
};

Result<signing::SecretKey> LoadSecretKey(const SignArgs& a) {
  std::string text;
  if (!a.sec_env.empty()) {
    const char* v = std::getenv(a.sec_env.c_str());
    if (v == nullptr) {
      return Status(ErrorCode::kInvalidArgument, "--secret-key-env",
                    "environment variable " + a.sec_env + " is not set");
    }
    text = v;
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(
        text, signing::ReadSigningFile(a.sec, signing::SigningFile::kKey));
  }
  auto encrypted = signing::SecretKeyFileIsEncrypted(text);
  if (!encrypted.ok()) return encrypted.status();
  std::optional<SecureBuffer> pass;
  if (*encrypted) {
    MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer p, GetPassphrase(a.pass, false));
    pass = std::move(p);
  }
  auto key = signing::ParseSecretKeyFile(text, pass ? &*pass : nullptr);
  // The key file text may hold the plain key: wipe the heap copy.
  volatile char* t = text.data();
  for (size_t i = 0; i < text.size(); ++i) t[i] = 0;
  return key;
}

// The name and version the statement records: the options, else the
// model's own metadata, read through the sandbox like any other load (the
// loader rejects a signature whose statement disagrees with the metadata).
Status ResolveNameAndVersion(const SignArgs& a, std::string* name,
                             uint64_t* version) {
  if (!a.name || !a.version) {
    LoadOptions options;
    options.insecure_allow_unsigned = true;
    // The signer vouches for this file: no unsigned-load size limit.
    options.max_unsigned_file_size = options.max_file_size;
    MODELSEAL_ASSIGN_OR_RETURN(LoadedModel loaded,
                               LoadModelFile(a.file, options));
    *name = loaded.model.metadata.name;
    *version = loaded.model.metadata.version;
  }
  if (a.name) *name = *a.name;
  if (a.version) *version = *a.version;
  return Status::Ok();
}

int RunSign(const SignArgs& a) {
  auto key = LoadSecretKey(a);
  if (!key.ok()) return ReportError(key.status());
  signing::SignOptions opt;
  Status resolved = ResolveNameAndVersion(a, &opt.name, &opt.version);
  if (!resolved.ok()) return ReportError(resolved);
  opt.created = a.created ? *a.created : Now();
  if (a.expires) opt.expires = a.expires;
  if (a.expires_in) opt.expires = opt.created + *a.expires_in;
  opt.untrusted_comment = a.comment;
  auto sig = signing::SignFile(a.file, *key, opt);
  if (!sig.ok()) return ReportError(sig.status());
  const std::string sig_path =
      a.sig.empty() ? signing::DefaultSignaturePath(a.file) : a.sig;
  Status s = WriteFileAtomic(sig_path, signing::FormatSignatureFile(*sig));
  if (!s.ok()) return ReportError(s);
  std::printf("signed %s -> %s\ntrusted comment: %s\n", a.file.c_str(),
              sig_path.c_str(), sig->trusted_comment.c_str());
  return kExitOk;
}

// ---- verify ----------------------------------------------------------------
struct VerifyArgs {
  std::string file;
  std::string sig;
  std::string policy;
  std::string pub;
  std::string pub_b64;
  std::string name;
  std::optional<uint64_t> min_version;
  bool quiet = false;
};

Result<signing::TrustPolicy> LoadPolicy(const VerifyArgs& a) {
  if (!a.policy.empty()) return signing::TrustPolicy::Load(a.policy);
  signing::PublicKey pk;
  if (!a.pub_b64.empty()) {
    MODELSEAL_ASSIGN_OR_RETURN(pk, signing::ParsePublicKeyBase64(a.pub_b64));
  } else {
    const std::string path = a.pub.empty() ? "modelseal.pub" : a.pub;
    MODELSEAL_ASSIGN_OR_RETURN(
        std::string text,
        signing::ReadSigningFile(path, signing::SigningFile::kKey));
    auto parsed = signing::ParsePublicKeyFile(text);
    if (!parsed.ok()) return parsed.status().WithPrefix(path);
    pk = *parsed;
  }
  return signing::TrustPolicy::FromPublicKeys({pk});
}

int RunVerify(const VerifyArgs& a) {
  auto policy = LoadPolicy(a);
  if (!policy.ok()) return ReportError(policy.status());
  if (!a.name.empty()) policy->PinName(a.name);
  if (a.min_version) {
    if (a.name.empty()) {
      return ReportError(
          Status(ErrorCode::kInvalidArgument, "--min-version", "needs --name"));
    }
    policy->SetMinVersion(a.name, *a.min_version);
  }
  const std::string sig_path =
      a.sig.empty() ? signing::DefaultSignaturePath(a.file) : a.sig;
  auto v = signing::VerifyFile(a.file, sig_path, *policy);
  if (!v.ok()) return ReportError(v.status());
  if (!a.quiet) {
    const auto& st = v->statement;
    std::printf(
        "signature and statement verified\nsigner: %s (key id %s)\n"
        "name: %s\nversion: %llu\nsize: %llu\ncreated: %lld\n",
        v->key_name.c_str(), signing::FormatKeyId(v->key_id).c_str(),
        st.name.c_str(), static_cast<unsigned long long>(st.version),
        static_cast<unsigned long long>(st.size),
        static_cast<long long>(st.created));
    if (st.expires) {
      std::printf("expires: %lld\n", static_cast<long long>(*st.expires));
    }
  }
  return kExitOk;
}
}  // namespace

void RegisterSignCommands(CLI::App& app, CommandRegistry& registry) {
  {
    auto a = std::make_shared<KeygenArgs>();
    CLI::App* sub =
        registry.Add(app, "keygen", "generate a minisign-compatible key pair",
                     [a] { return RunKeygen(*a); });
    sub->add_option("-p,--public-key", a->pub, "public key file to write")
        ->capture_default_str();
    sub->add_option("-s,--secret-key", a->sec, "secret key file to write")
        ->capture_default_str();
    sub->add_flag("-W,--unencrypted", a->unencrypted,
                  "do not encrypt the secret key (CI signing keys)");
    sub->add_flag("-f,--force", a->force, "overwrite existing key files");
    sub->add_flag("--fast-kdf", a->fast_kdf,
                  "weaker scrypt limits (16 MiB) instead of minisign's 1 GiB");
    AddPassphraseOptions(sub, a->pass);
  }
  {
    auto a = std::make_shared<SignArgs>();
    CLI::App* sub =
        registry.Add(app, "sign", "sign a model file (writes <file>.minisig)",
                     [a] { return RunSign(*a); });
    sub->add_option("-m,--file", a->file, "file to sign")->required();
    auto* sec = sub->add_option("-s,--secret-key", a->sec, "secret key file")
                    ->capture_default_str();
    sub->add_option("--secret-key-env", a->sec_env,
                    "read the secret key file's text from this environment "
                    "variable (CI)")
        ->excludes(sec);
    sub->add_option("-x,--signature", a->sig,
                    "signature file (default <file>.minisig)");
    sub->add_option("--name", a->name,
                    "model name for the signed statement (default: the "
                    "model's metadata, read in the sandbox)");
    sub->add_option("--model-version", a->version,
                    "model version (integer) for the signed statement "
                    "(default: the model's metadata)");
    sub->add_option("--created", a->created,
                    "creation time, unix seconds (default: now)");
    auto* exp =
        sub->add_option("--expires", a->expires, "expiry time, unix seconds");
    sub->add_option("--expires-in", a->expires_in,
                    "expiry, seconds after the creation time")
        ->excludes(exp);
    sub->add_option("-c,--untrusted-comment", a->comment,
                    "one-line untrusted comment");
    AddPassphraseOptions(sub, a->pass);
  }
  {
    auto a = std::make_shared<VerifyArgs>();
    CLI::App* sub = registry.Add(
        app, "verify", "verify a model file's signature and signed statement",
        [a] { return RunVerify(*a); });
    sub->add_option("-m,--file", a->file, "file to verify")->required();
    sub->add_option("-x,--signature", a->sig,
                    "signature file (default <file>.minisig)");
    auto* pol = sub->add_option("--policy", a->policy, "trust policy file");
    auto* pub = sub->add_option("-p,--public-key", a->pub,
                                "trust this public key file only");
    auto* b64 = sub->add_option("-P,--public-key-base64", a->pub_b64,
                                "trust this base64 public key only");
    pol->excludes(pub)->excludes(b64);
    pub->excludes(b64);
    sub->add_option("--name", a->name, "require this model name");
    sub->add_option("--min-version", a->min_version,
                    "require at least this model version (with --name)");
    sub->add_flag("-q,--quiet", a->quiet, "print nothing on success");
  }
}

}  // namespace modelseal::cli
