// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The trust policy file (FORMAT.md §6).
#include <algorithm>
#include <string>
#include <vector>

#include "core/file_util.h"
#include "modelseal/signing.h"
#include "signing/text.h"

namespace modelseal::signing {

namespace {
constexpr std::string_view kHeader = "modelseal-trust-policy v1";

std::vector<std::string_view> Tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ' ') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool ValidKeyName(std::string_view s) {
  if (s.empty() || s.size() > kMaxKeyNameBytes) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

// Model names follow the statement grammar: reuse its checker.
bool ValidModelName(std::string_view s) {
  SignedStatement st;
  st.name = std::string(s);
  return FormatStatement(st).ok();
}

Result<uint64_t> ParseU64(std::string_view s, const std::string& ctx) {
  if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) {
    return Status(ErrorCode::kPolicySyntax, ctx, "bad number");
  }
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9')
      return Status(ErrorCode::kPolicySyntax, ctx, "bad number");
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) {
      return Status(ErrorCode::kPolicySyntax, ctx, "number too large");
    }
    v = v * 10 + d;
  }
  return v;
}
}  // namespace

Result<TrustPolicy> TrustPolicy::Parse(std::string_view text) {
  auto split =
      internal::SplitLines(text, kMaxPolicyFileBytes, 0, 1024, "policy");
  if (!split.ok()) {
    // Text-structure problems in a policy are the operator's: kPolicySyntax.
    return Status(
        ErrorCode::kPolicySyntax, split.status().context(),
        std::string(ErrorCodeMessage(split.status().code())) +
            (split.status().detail().empty() ? ""
                                             : ": " + split.status().detail()));
  }
  const std::vector<std::string_view>& lines = *split;
  if (lines.empty() || lines[0] != kHeader) {
    return Status(ErrorCode::kPolicyHeader, "policy.line[0]",
                  "expected \"modelseal-trust-policy v1\"");
  }
  TrustPolicy policy;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string ctx = "policy.line[" + std::to_string(i) + "]";
    const std::string_view line = lines[i];
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string_view> t = Tokens(line);
    if (t[0] == "key") {
      if (t.size() != 3 || !ValidKeyName(t[1])) {
        return Status(ErrorCode::kPolicySyntax, ctx,
                      "expected \"key <name [A-Za-z0-9._-]{1,64}> "
                      "<base64 public key>\"");
      }
      auto key = ParsePublicKeyBase64(t[2]);
      if (!key.ok()) {
        return Status(ErrorCode::kPolicySyntax, ctx,
                      "public key: " +
                          std::string(ErrorCodeMessage(key.status().code())));
      }
      if (policy.keys_.size() >= kMaxPolicyKeys) {
        return Status(ErrorCode::kPolicyTooMany, ctx,
                      "more than " + std::to_string(kMaxPolicyKeys) + " keys");
      }
      for (const TrustedKey& k : policy.keys_) {
        if (k.name == t[1] || k.key.id == key->id) {
          return Status(ErrorCode::kPolicyDuplicate, ctx,
                        k.name == t[1]
                            ? "key name \"" + k.name + "\" repeated"
                            : "key id " + FormatKeyId(k.key.id) + " repeated");
        }
      }
      policy.keys_.push_back({std::string(t[1]), *key});
    } else if (t[0] == "model") {
      if (t.size() != 4 || !ValidModelName(t[1]) || t[2] != "min-version") {
        return Status(ErrorCode::kPolicySyntax, ctx,
                      "expected \"model <name> min-version <integer>\"");
      }
      MODELSEAL_ASSIGN_OR_RETURN(uint64_t v, ParseU64(t[3], ctx));
      if (policy.min_versions_.size() >= kMaxPolicyModels) {
        return Status(
            ErrorCode::kPolicyTooMany, ctx,
            "more than " + std::to_string(kMaxPolicyModels) + " models");
      }
      for (const auto& [name, unused] : policy.min_versions_) {
        if (name == t[1]) {
          return Status(ErrorCode::kPolicyDuplicate, ctx,
                        "model \"" + name + "\" repeated");
        }
      }
      policy.min_versions_.emplace_back(std::string(t[1]), v);
    } else if (t[0] == "pin-name") {
      if (t.size() != 2 || !ValidModelName(t[1])) {
        return Status(ErrorCode::kPolicySyntax, ctx,
                      "expected \"pin-name <model name>\"");
      }
      if (policy.pin_) {
        return Status(ErrorCode::kPolicyDuplicate, ctx, "pin-name repeated");
      }
      policy.pin_ = std::string(t[1]);
    } else {
      return Status(ErrorCode::kPolicySyntax, ctx,
                    "unknown directive (key, model, pin-name)");
    }
  }
  if (policy.keys_.empty()) {
    return Status(ErrorCode::kPolicyNoKeys, "policy", "");
  }
  return policy;
}

Result<TrustPolicy> TrustPolicy::Load(const std::string& path) {
  MODELSEAL_ASSIGN_OR_RETURN(std::string text,
                             ReadSigningFile(path, SigningFile::kPolicy));
  auto policy = Parse(text);
  if (!policy.ok()) return policy.status().WithPrefix(path);
  return policy;
}

Result<TrustPolicy> TrustPolicy::FromPublicKeys(std::vector<PublicKey> keys) {
  if (keys.empty()) return Status(ErrorCode::kPolicyNoKeys, "policy", "");
  if (keys.size() > kMaxPolicyKeys) {
    return Status(ErrorCode::kPolicyTooMany, "policy", "too many keys");
  }
  TrustPolicy policy;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (policy.FindKey(keys[i].id) != nullptr) {
      return Status(ErrorCode::kPolicyDuplicate,
                    "policy.keys[" + std::to_string(i) + "]",
                    "key id " + FormatKeyId(keys[i].id) + " repeated");
    }
    policy.keys_.push_back({"key" + std::to_string(i + 1), keys[i]});
  }
  return policy;
}

const TrustedKey* TrustPolicy::FindKey(const KeyId& id) const {
  for (const TrustedKey& k : keys_) {
    if (k.key.id == id) return &k;
  }
  return nullptr;
}

uint64_t TrustPolicy::MinVersion(std::string_view model_name) const {
  for (const auto& [name, v] : min_versions_) {
    if (name == model_name) return v;
  }
  return 0;
}

void TrustPolicy::SetMinVersion(std::string name, uint64_t version) {
  for (auto& [n, v] : min_versions_) {
    if (n == name) {
      v = version;
      return;
    }
  }
  min_versions_.emplace_back(std::move(name), version);
}

}  // namespace modelseal::signing
