// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "python/src/signing_bindings.h"

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/file_util.h"
#include "modelseal/signing.h"
#include "python/src/path_arg.h"

namespace nb = nanobind;

namespace modelseal::python {
namespace {

using signing::PublicKey;
using signing::SecretKey;
using signing::SecureBuffer;
using signing::TrustPolicy;

template <typename T>
T Take(Result<T> r) {
  if (!r.ok()) Raise(r.status());
  return std::move(r).value();
}

// A passphrase from a Python bytes/str object, into guarded memory. The
// Python object itself cannot be wiped; callers that care pass it via an
// environment variable instead (passphrase_env).
std::optional<SecureBuffer> Passphrase(const std::optional<std::string>& text,
                                       const std::optional<std::string>& env) {
  if (env) return Take(signing::ReadPassphraseFromEnv(*env));
  if (text) return Take(signing::PassphraseFromBytes(*text));
  return std::nullopt;
}

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// keygen(secret_key_path, public_key_path, passphrase, passphrase_env,
//        fast_kdf) -> key id. The secret key file is written with mode 0600.
std::string Keygen(nb::handle secret_path_arg, nb::handle public_path_arg,
                   std::optional<std::string> passphrase,
                   std::optional<std::string> passphrase_env, bool fast_kdf) {
  const std::string secret_path = PathArg(secret_path_arg, "secret_key_path");
  const std::string public_path = PathArg(public_path_arg, "public_key_path");
  std::optional<SecureBuffer> pass = Passphrase(passphrase, passphrase_env);
  Status s;
  std::string id;
  {
    nb::gil_scoped_release release;
    Result<SecretKey> key = SecretKey::Generate();
    if (!key.ok()) {
      s = key.status();
    } else {
      Result<SecureBuffer> text = signing::FormatSecretKeyFile(
          *key, pass ? &*pass : nullptr,
          fast_kdf ? signing::kKdfInteractive : signing::kKdfSensitive);
      if (!text.ok()) {
        s = text.status();
      } else {
        s = WriteFileAtomic(secret_path, text->view(), 0600,
                            /*max_mode=*/0600);
        if (s.ok()) {
          s = WriteFileAtomic(public_path,
                              signing::FormatPublicKeyFile(key->public_key()));
        }
        id = signing::FormatKeyId(key->id());
      }
    }
  }
  if (!s.ok()) Raise(s);
  return id;
}

// sign(model_path, secret_key_path, name, version, expires, passphrase,
//      passphrase_env, signature_path) -> signature path (a str).
nb::object Sign(nb::handle path_arg, nb::handle secret_path_arg,
                const std::string& name, uint64_t version,
                std::optional<int64_t> expires,
                std::optional<std::string> passphrase,
                std::optional<std::string> passphrase_env,
                nb::handle signature_path_arg) {
  const std::string path = PathArg(path_arg, "path");
  const std::string secret_path = PathArg(secret_path_arg, "secret_key_path");
  const std::optional<std::string> signature_path =
      OptionalPathArg(signature_path_arg, "signature_path");
  std::optional<SecureBuffer> pass = Passphrase(passphrase, passphrase_env);
  std::string sig_path =
      signature_path ? *signature_path : signing::DefaultSignaturePath(path);
  Status s;
  {
    nb::gil_scoped_release release;
    s = [&]() -> Status {
      MODELSEAL_ASSIGN_OR_RETURN(
          std::string text,
          signing::ReadSigningFile(secret_path, signing::SigningFile::kKey));
      MODELSEAL_ASSIGN_OR_RETURN(
          SecretKey key,
          signing::ParseSecretKeyFile(text, pass ? &*pass : nullptr));
      signing::SignOptions options;
      options.name = name;
      options.version = version;
      options.created = NowUnix();
      options.expires = expires;
      MODELSEAL_ASSIGN_OR_RETURN(signing::SignatureFile sig,
                                 signing::SignFile(path, key, options));
      return WriteFileAtomic(sig_path, signing::FormatSignatureFile(sig));
    }();
  }
  if (!s.ok()) Raise(s);
  // As os.fsdecode: an undecodable name comes back with surrogate escapes.
  return nb::steal(PyUnicode_DecodeFSDefaultAndSize(
      sig_path.data(), static_cast<Py_ssize_t>(sig_path.size())));
}

}  // namespace

nb::dict VerifiedSignatureDict(const signing::VerifiedSignature& v) {
  nb::dict d;
  d["name"] = v.statement.name;
  d["version"] = v.statement.version;
  d["size"] = v.statement.size;
  d["created"] = v.statement.created;
  d["expires"] =
      v.statement.expires ? nb::cast(*v.statement.expires) : nb::none();
  d["key_name"] = v.key_name;
  d["key_id"] = signing::FormatKeyId(v.key_id);
  return d;
}

namespace {

nb::dict Verify(nb::handle path_arg, nb::handle trusted_keys_arg,
                nb::handle policy_arg, nb::handle signature_path_arg,
                std::optional<std::string> name, uint64_t min_version) {
  const std::string path = PathArg(path_arg, "path");
  const std::vector<std::string> trusted_keys =
      PathListArg(trusted_keys_arg, "trusted_keys");
  const std::optional<std::string> policy =
      OptionalPathArg(policy_arg, "policy");
  const std::optional<std::string> signature_path =
      OptionalPathArg(signature_path_arg, "signature_path");
  std::string sig_path =
      signature_path ? *signature_path : signing::DefaultSignaturePath(path);
  Result<signing::VerifiedSignature> r = Status();
  {
    nb::gil_scoped_release release;
    r = [&]() -> Result<signing::VerifiedSignature> {
      MODELSEAL_ASSIGN_OR_RETURN(
          TrustPolicy p, MakePolicy(policy, trusted_keys, name, min_version));
      return signing::VerifyFile(path, sig_path, p);
    }();
  }
  return VerifiedSignatureDict(Take(std::move(r)));
}

}  // namespace

Result<TrustPolicy> MakePolicy(const std::optional<std::string>& policy_path,
                               const std::vector<std::string>& key_paths,
                               const std::optional<std::string>& name,
                               uint64_t min_version) {
  Result<TrustPolicy> policy = Status();
  if (policy_path) {
    policy = TrustPolicy::Load(*policy_path);
  } else {
    std::vector<PublicKey> keys;
    for (const auto& p : key_paths) {
      MODELSEAL_ASSIGN_OR_RETURN(
          std::string text,
          signing::ReadSigningFile(p, signing::SigningFile::kKey));
      Result<PublicKey> key = signing::ParsePublicKeyFile(text);
      if (!key.ok()) return key.status().WithPrefix(p);
      keys.push_back(*key);
    }
    policy = TrustPolicy::FromPublicKeys(std::move(keys));
  }
  if (!policy.ok()) return policy;
  if (name) policy->PinName(*name);
  if (min_version != 0) {
    if (!name) {
      return Status(ErrorCode::kInvalidArgument, "min_version",
                    "needs a model name");
    }
    policy->SetMinVersion(*name, min_version);
  }
  return policy;
}

void RegisterSigning(nb::module_& m) {
  m.def(
      "check_model_name",
      [](const std::string& name) {
        Status s = signing::CheckModelName(name, "name");
        if (!s.ok()) Raise(s);
      },
      nb::arg("name"),
      "Raises StatementError (E443) for a name a signature cannot carry.");
  m.def("keygen", &Keygen, nb::arg("secret_key_path").none(),
        nb::arg("public_key_path").none(), nb::arg("passphrase").none(),
        nb::arg("passphrase_env").none(), nb::arg("fast_kdf"));
  m.def("sign", &Sign, nb::arg("path").none(),
        nb::arg("secret_key_path").none(), nb::arg("name"), nb::arg("version"),
        nb::arg("expires").none(), nb::arg("passphrase").none(),
        nb::arg("passphrase_env").none(), nb::arg("signature_path").none());
  m.def("verify", &Verify, nb::arg("path").none(),
        nb::arg("trusted_keys").none(), nb::arg("policy").none(),
        nb::arg("signature_path").none(), nb::arg("name").none(),
        nb::arg("min_version"));
}

}  // namespace modelseal::python
