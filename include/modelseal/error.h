// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Error codes, Status and Result<T>: how every library function in modelseal
// reports failure.
//
// Every error code is listed exactly once, in one of the files under
// include/modelseal/errors/ (one per component), as
//   X(Name, number, Category, "short lowercase message")
// The numbers are stable: they appear in `modelseal` CLI output, in the
// Python exception's `code` attribute and in format/SPEC.md. Never reuse a
// retired number.
//
// Library code never exits or aborts: it returns a Status (or a Result<T>)
// that carries the code, a path-like context naming where in the input the
// problem is (e.g. "estimator.steps[1].trees[17].children_left[5]") and a
// detail saying why (e.g. "9999 out of range [0, 311)").
#ifndef MODELSEAL_ERROR_H_
#define MODELSEAL_ERROR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace modelseal {

// Broad classes of failure. Each maps to one CLI exit code and one Python
// exception base class (see README.md, "Errors").
enum class ErrorCategory : uint8_t {
  kOk = 0,
  kUsage,         // the caller passed something invalid (not the file's fault)
  kIo,            // reading or writing a file failed
  kFormat,        // the model file breaks a rule of format/SPEC.md
  kUnsupported,   // valid but not supported here (e.g. a newer major version)
  kSignature,     // the signature or a key is malformed or does not verify
  kUntrustedKey,  // signed by a key the trust policy does not list
  kStatement,     // signed statement rejected: size, expiry, name, version
  kSandbox,       // the sandboxed helper failed or broke its policy
  kInput,         // prediction input (CSV, .npy, array) is invalid
  kInternal,      // a bug in modelseal
};

enum class ErrorCode : uint16_t {
  kOk = 0,
#define MODELSEAL_X(name, number, category, message) name = number,
#include "modelseal/errors/all.def"
#undef MODELSEAL_X
};

// The short, fixed message of a code ("tensor offset not aligned").
std::string_view ErrorCodeMessage(ErrorCode code);
// The identifier of a code without the leading k ("TensorMisaligned").
std::string_view ErrorCodeName(ErrorCode code);
ErrorCategory ErrorCodeCategory(ErrorCode code);
std::string_view ErrorCategoryName(ErrorCategory category);

// The result of an operation that returns no value. Cheap to copy when ok.
class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(ErrorCode code, std::string context, std::string detail)
      : code_(code), context_(std::move(context)), detail_(std::move(detail)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  ErrorCategory category() const { return ErrorCodeCategory(code_); }
  // Where the problem is, path-like; may be empty.
  const std::string& context() const { return context_; }
  // Why, specific to this occurrence; may be empty.
  const std::string& detail() const { return detail_; }

  // "context: message: detail (E1234 Name)"; "ok" when ok.
  std::string ToString() const;

  // Returns a copy whose context is `prefix` joined before this context
  // ("estimator" + "steps[1]" -> "estimator.steps[1]").
  Status WithPrefix(std::string_view prefix) const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string context_;
  std::string detail_;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT
  Result(ErrorCode code, std::string context, std::string detail)
      : v_(Status(code, std::move(context), std::move(detail))) {}

  bool ok() const { return std::holds_alternative<T>(v_); }
  // Precondition for value(): ok().
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }
  T& operator*() & { return std::get<T>(v_); }
  const T& operator*() const& { return std::get<T>(v_); }
  // Ok status when ok().
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace modelseal

// Returns early from the enclosing function when `expr` is not ok.
#define MODELSEAL_RETURN_IF_ERROR(expr)                    \
  do {                                                     \
    ::modelseal::Status modelseal_status_ = (expr);        \
    if (!modelseal_status_.ok()) return modelseal_status_; \
  } while (0)

#define MODELSEAL_CONCAT_INNER_(a, b) a##b
#define MODELSEAL_CONCAT_(a, b) MODELSEAL_CONCAT_INNER_(a, b)
// Declares `lhs` from the value of a Result, or returns its Status.
#define MODELSEAL_ASSIGN_OR_RETURN(lhs, expr)                       \
  auto MODELSEAL_CONCAT_(modelseal_result_, __LINE__) = (expr);     \
  if (!MODELSEAL_CONCAT_(modelseal_result_, __LINE__).ok())         \
    return MODELSEAL_CONCAT_(modelseal_result_, __LINE__).status(); \
  lhs = std::move(MODELSEAL_CONCAT_(modelseal_result_, __LINE__)).value()

#endif  // MODELSEAL_ERROR_H_
