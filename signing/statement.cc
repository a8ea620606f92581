// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The signed statement in the trusted comment (FORMAT.md §4).
#include <string>
#include <vector>

#include "modelseal/signing.h"

namespace modelseal::signing {

namespace {
constexpr std::string_view kMarker = "modelseal-statement";
constexpr std::string_view kVersion = "v1";

bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '/';
}

// Canonical decimal: "0" or no leading zero; value <= max.
Result<uint64_t> ParseDecimal(std::string_view s, uint64_t max,
                              const std::string& context) {
  if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) {
    return Status(ErrorCode::kStatementNumber, context,
                  "not a canonical decimal number");
  }
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return Status(ErrorCode::kStatementNumber, context,
                    "not a canonical decimal number");
    }
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (max - d) / 10) {
      return Status(ErrorCode::kStatementNumber, context,
                    "greater than " + std::to_string(max));
    }
    v = v * 10 + d;
  }
  return v;
}

std::vector<std::string_view> SplitSpaces(std::string_view s) {
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

Status CheckStatement(const SignedStatement& st) {
  MODELSEAL_RETURN_IF_ERROR(CheckModelName(st.name, "statement.name"));
  if (st.created < 0 || st.created > kMaxUnixTime) {
    return Status(ErrorCode::kStatementNumber, "statement.created",
                  "out of range");
  }
  if (st.expires) {
    if (*st.expires < 0 || *st.expires > kMaxUnixTime) {
      return Status(ErrorCode::kStatementNumber, "statement.expires",
                    "out of range");
    }
    if (*st.expires <= st.created) {
      return Status(ErrorCode::kStatementTimes, "statement.expires",
                    std::to_string(*st.expires) + " <= created " +
                        std::to_string(st.created));
    }
  }
  return Status::Ok();
}
}  // namespace

Status CheckModelName(std::string_view name, const std::string& context) {
  if (name.empty() || name.size() > kMaxModelNameBytes) {
    return Status(ErrorCode::kStatementName, context,
                  "length " + std::to_string(name.size()) + " not in [1, " +
                      std::to_string(kMaxModelNameBytes) + "]");
  }
  const char first = name[0];
  if (!NameChar(first) || first == '.' || first == '-' || first == '/' ||
      first == '_') {
    return Status(ErrorCode::kStatementName, context,
                  "must start with a letter or digit");
  }
  for (size_t i = 0; i < name.size(); ++i) {
    if (!NameChar(name[i])) {
      return Status(ErrorCode::kStatementName, context,
                    "character at offset " + std::to_string(i) +
                        " not in [A-Za-z0-9._/-]");
    }
  }
  return Status::Ok();
}

Result<SignedStatement> ParseStatement(std::string_view text) {
  if (text.size() > kMaxStatementBytes) {
    return Status(ErrorCode::kStatementField, "statement",
                  std::to_string(text.size()) + " bytes > " +
                      std::to_string(kMaxStatementBytes));
  }
  const std::vector<std::string_view> tok = SplitSpaces(text);
  if (tok[0] != kMarker) {
    return Status(ErrorCode::kStatementMarker, "statement",
                  "does not start with \"modelseal-statement \"");
  }
  if (tok.size() < 2 || tok[1] != kVersion) {
    return Status(ErrorCode::kStatementVersion, "statement.version",
                  "expected v1");
  }
  static constexpr std::string_view kKeys[] = {"name", "version", "size",
                                               "created", "expires"};
  if (tok.size() < 6 || tok.size() > 7) {
    return Status(ErrorCode::kStatementField, "statement",
                  std::to_string(tok.size() - 2) + " fields, expected 4 or 5");
  }
  SignedStatement st;
  for (size_t i = 2; i < tok.size(); ++i) {
    const std::string_view key = kKeys[i - 2];
    const std::string ctx = "statement." + std::string(key);
    if (tok[i].size() <= key.size() || tok[i].substr(0, key.size()) != key ||
        tok[i][key.size()] != '=') {
      return Status(ErrorCode::kStatementField, ctx,
                    "expected \"" + std::string(key) + "=\" as field " +
                        std::to_string(i - 1));
    }
    const std::string_view value = tok[i].substr(key.size() + 1);
    switch (i) {
      case 2:
        MODELSEAL_RETURN_IF_ERROR(CheckModelName(value, ctx));
        st.name = std::string(value);
        break;
      case 3: {
        MODELSEAL_ASSIGN_OR_RETURN(st.version,
                                   ParseDecimal(value, UINT64_MAX, ctx));
        break;
      }
      case 4: {
        MODELSEAL_ASSIGN_OR_RETURN(st.size,
                                   ParseDecimal(value, UINT64_MAX, ctx));
        break;
      }
      case 5: {
        MODELSEAL_ASSIGN_OR_RETURN(
            uint64_t t,
            ParseDecimal(value, static_cast<uint64_t>(kMaxUnixTime), ctx));
        st.created = static_cast<int64_t>(t);
        break;
      }
      default: {
        MODELSEAL_ASSIGN_OR_RETURN(
            uint64_t t,
            ParseDecimal(value, static_cast<uint64_t>(kMaxUnixTime), ctx));
        st.expires = static_cast<int64_t>(t);
        break;
      }
    }
  }
  MODELSEAL_RETURN_IF_ERROR(CheckStatement(st));
  return st;
}

Result<std::string> FormatStatement(const SignedStatement& st) {
  MODELSEAL_RETURN_IF_ERROR(CheckStatement(st));
  std::string out = std::string(kMarker) + " " + std::string(kVersion) +
                    " name=" + st.name +
                    " version=" + std::to_string(st.version) +
                    " size=" + std::to_string(st.size) +
                    " created=" + std::to_string(st.created);
  if (st.expires) out += " expires=" + std::to_string(*st.expires);
  return out;
}

}  // namespace modelseal::signing
