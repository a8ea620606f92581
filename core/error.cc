// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "modelseal/error.h"

#include <string>

namespace modelseal {

namespace {
struct CodeInfo {
  ErrorCode code;
  const char* name;
  ErrorCategory category;
  const char* message;
};

constexpr CodeInfo kCodes[] = {
#define MODELSEAL_X(name, number, category, message) \
  {ErrorCode::name, &#name[1], ErrorCategory::category, message},
#include "modelseal/errors/all.def"
#undef MODELSEAL_X
};

const CodeInfo* Find(ErrorCode code) {
  for (const auto& info : kCodes) {
    if (info.code == code) return &info;
  }
  return nullptr;
}
}  // namespace

std::string_view ErrorCodeMessage(ErrorCode code) {
  if (code == ErrorCode::kOk) return "ok";
  const CodeInfo* info = Find(code);
  return info ? info->message : "unknown error code";
}

std::string_view ErrorCodeName(ErrorCode code) {
  if (code == ErrorCode::kOk) return "Ok";
  const CodeInfo* info = Find(code);
  return info ? info->name : "Unknown";
}

ErrorCategory ErrorCodeCategory(ErrorCode code) {
  if (code == ErrorCode::kOk) return ErrorCategory::kOk;
  const CodeInfo* info = Find(code);
  return info ? info->category : ErrorCategory::kInternal;
}

std::string_view ErrorCategoryName(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::kOk:
      return "ok";
    case ErrorCategory::kUsage:
      return "usage";
    case ErrorCategory::kIo:
      return "io";
    case ErrorCategory::kFormat:
      return "format";
    case ErrorCategory::kUnsupported:
      return "unsupported";
    case ErrorCategory::kSignature:
      return "signature";
    case ErrorCategory::kUntrustedKey:
      return "untrusted_key";
    case ErrorCategory::kStatement:
      return "statement";
    case ErrorCategory::kSandbox:
      return "sandbox";
    case ErrorCategory::kInput:
      return "input";
    case ErrorCategory::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out;
  if (!context_.empty()) {
    out += context_;
    out += ": ";
  }
  out += ErrorCodeMessage(code_);
  if (!detail_.empty()) {
    out += ": ";
    out += detail_;
  }
  out += " (E";
  out += std::to_string(static_cast<unsigned>(code_));
  out += ' ';
  out += ErrorCodeName(code_);
  out += ')';
  return out;
}

Status Status::WithPrefix(std::string_view prefix) const {
  if (ok() || prefix.empty()) return *this;
  std::string ctx(prefix);
  if (!context_.empty()) {
    if (context_[0] != '[') ctx += '.';
    ctx += context_;
  }
  return Status(code_, std::move(ctx), detail_);
}

}  // namespace modelseal
