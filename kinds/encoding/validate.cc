// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of the encoding transformers (format/SPEC.md §7, format 1.1):
// OneHotEncoder, OrdinalEncoder, SimpleImputer and their CategoryList.
// Compiled into the format library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {
namespace {

// SPEC §7 CategoryList.
Status ValidateCategories(const CategoryList& c, const std::string& ctx) {
  const bool numbers = c.numbers.present();
  const bool strings = !c.strings.empty();
  if (numbers == strings) {
    return Status(
        ErrorCode::kCategoryListKind, ctx,
        numbers ? "both numbers and strings" : "neither numbers nor strings");
  }
  if (numbers) {
    const std::string numbers_ctx = JoinContext(ctx, "numbers");
    MODELSEAL_RETURN_IF_ERROR(
        ExpectTensor(c.numbers, numbers_ctx, DType::kFloat64, {kAny}, true));
    auto v = c.numbers.span<double>();
    if (v.empty() || v.size() > limits::kMaxCategories) {
      return Status(ErrorCode::kCategoryCount, numbers_ctx,
                    std::to_string(v.size()) + " categories, expected 1 to " +
                        std::to_string(limits::kMaxCategories));
    }
    MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(c.numbers, numbers_ctx));
    MODELSEAL_RETURN_IF_ERROR(CheckStrictlyIncreasing(
        v, ErrorCode::kCategoriesNotSorted, numbers_ctx));
  } else {
    const std::string strings_ctx = JoinContext(ctx, "strings");
    const auto& s = c.strings;
    if (s.size() > limits::kMaxCategories) {
      return Status(ErrorCode::kCategoryCount, strings_ctx,
                    std::to_string(s.size()) + " categories, expected 1 to " +
                        std::to_string(limits::kMaxCategories));
    }
    for (size_t i = 0; i < s.size(); ++i) {
      MODELSEAL_RETURN_IF_ERROR(CheckString(s[i], IndexContext(strings_ctx, i),
                                            limits::kMaxStringBytes, false));
      // Byte order of UTF-8 is code point order, Python's order for str.
      if (i > 0 && !(s[i - 1] < s[i])) {
        return Status(ErrorCode::kCategoriesNotSorted,
                      IndexContext(strings_ctx, i),
                      "'" + s[i] + "' after '" + s[i - 1] + "'");
      }
    }
  }
  if (!IsKnown(c.missing)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "missing"),
        "Nullable " + std::to_string(static_cast<uint8_t>(c.missing)));
  }
  return Status::Ok();
}

Status CheckUnknownEnum(UnknownCategory u, const std::string& ctx) {
  if (!IsKnown(u)) {
    return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, "unknown"),
                  "UnknownCategory " + std::to_string(static_cast<uint8_t>(u)));
  }
  return Status::Ok();
}

// An encoder has one column per input column.
Status CheckEncoderColumns(uint64_t columns, const std::string& ctx,
                           uint64_t n_in) {
  if (columns != n_in) {
    return Status(ErrorCode::kEstimatorFeatures, JoinContext(ctx, "columns"),
                  std::to_string(columns) + " columns for " +
                      std::to_string(n_in) + " input features");
  }
  return Status::Ok();
}

}  // namespace

Status ValidateOneHotEncoder(const OneHotEncoder& k, const std::string& ctx,
                             uint64_t n_in, uint64_t* width_out) {
  MODELSEAL_RETURN_IF_ERROR(CheckEncoderColumns(k.columns.size(), ctx, n_in));
  MODELSEAL_RETURN_IF_ERROR(CheckUnknownEnum(k.unknown, ctx));
  const std::string columns_ctx = JoinContext(ctx, "columns");
  uint64_t width = 0;
  for (size_t i = 0; i < k.columns.size(); ++i) {
    const OneHotColumn& col = k.columns[i];
    const std::string col_ctx = IndexContext(columns_ctx, i);
    MODELSEAL_RETURN_IF_ERROR(
        ValidateCategories(col.categories, JoinContext(col_ctx, "categories")));
    const std::string slots_ctx = JoinContext(col_ctx, "slots");
    // count() <= kMaxCategories + 1 here: no overflow.
    MODELSEAL_RETURN_IF_ERROR(ExpectTensor(col.slots, slots_ctx, DType::kInt64,
                                           {col.categories.count() + 1}, true));
    if (col.width > limits::kMaxFeatures - width) {
      return Status(ErrorCode::kTransformWidth, JoinContext(col_ctx, "width"),
                    "the columns' widths add up to more than " +
                        std::to_string(limits::kMaxFeatures));
    }
    width += col.width;
    auto slots = col.slots.span<int64_t>();
    for (size_t s = 0; s < slots.size(); ++s) {
      if (slots[s] < -1 ||
          (slots[s] >= 0 && static_cast<uint64_t>(slots[s]) >= col.width)) {
        return Status(ErrorCode::kOneHotSlot, IndexContext(slots_ctx, s),
                      std::to_string(slots[s]) + " not -1 or in [0, " +
                          std::to_string(col.width) + ")");
      }
    }
  }
  *width_out = width;
  return Status::Ok();
}

Status ValidateOrdinalEncoder(const OrdinalEncoder& k, const std::string& ctx,
                              uint64_t n_in, uint64_t* width_out) {
  MODELSEAL_RETURN_IF_ERROR(CheckEncoderColumns(k.columns.size(), ctx, n_in));
  MODELSEAL_RETURN_IF_ERROR(CheckUnknownEnum(k.unknown, ctx));
  if (k.unknown == UnknownCategory::kError &&
      !(k.unknown_value == 0 && !std::signbit(k.unknown_value))) {
    return Status(ErrorCode::kOrdinalUnknownValue,
                  JoinContext(ctx, "unknown_value"),
                  std::to_string(k.unknown_value) +
                      " with UnknownCategory Error (must be 0)");
  }
  const std::string columns_ctx = JoinContext(ctx, "columns");
  for (size_t i = 0; i < k.columns.size(); ++i) {
    const OrdinalColumn& col = k.columns[i];
    const std::string col_ctx = IndexContext(columns_ctx, i);
    MODELSEAL_RETURN_IF_ERROR(
        ValidateCategories(col.categories, JoinContext(col_ctx, "categories")));
    MODELSEAL_RETURN_IF_ERROR(
        ExpectTensor(col.codes, JoinContext(col_ctx, "codes"), DType::kFloat64,
                     {col.categories.count()}, true));
  }
  *width_out = n_in;
  return Status::Ok();
}

namespace {

// kept, indicator: strictly increasing indices below n_in.
Status CheckImputerIndices(const std::vector<uint64_t>& v,
                           const std::string& ctx, uint64_t n_in) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] >= n_in || (i > 0 && !(v[i - 1] < v[i]))) {
      return Status(ErrorCode::kImputerColumns, IndexContext(ctx, i),
                    std::to_string(v[i]) +
                        (v[i] >= n_in ? " not below the input width " +
                                            std::to_string(n_in)
                                      : " after " + std::to_string(v[i - 1])));
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateSimpleImputer(const SimpleImputer& k, const std::string& ctx,
                             uint64_t n_in, uint64_t* width_out) {
  const std::string numbers_ctx = JoinContext(ctx, "fill_numbers");
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(k.fill_numbers, numbers_ctx,
                                         DType::kFloat64, {kAny}, false));
  if (k.fill_numbers.present() && k.fill_numbers.shape()[0] != n_in) {
    return Status(ErrorCode::kEstimatorFeatures, numbers_ctx,
                  std::to_string(k.fill_numbers.shape()[0]) + " entries for " +
                      std::to_string(n_in) + " input features");
  }
  const std::string strings_ctx = JoinContext(ctx, "fill_strings");
  if (!k.fill_strings.empty() && k.fill_strings.size() != n_in) {
    return Status(ErrorCode::kImputerFill, strings_ctx,
                  std::to_string(k.fill_strings.size()) + " entries for " +
                      std::to_string(n_in) + " input features");
  }
  if (!k.fill_numbers.present() && k.fill_strings.empty()) {
    return Status(ErrorCode::kImputerFill, ctx,
                  "neither fill_numbers nor fill_strings");
  }
  for (size_t i = 0; i < k.fill_strings.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(CheckString(k.fill_strings[i],
                                          IndexContext(strings_ctx, i),
                                          limits::kMaxStringBytes, false));
  }
  MODELSEAL_RETURN_IF_ERROR(
      CheckImputerIndices(k.kept, JoinContext(ctx, "kept"), n_in));
  MODELSEAL_RETURN_IF_ERROR(
      CheckImputerIndices(k.indicator, JoinContext(ctx, "indicator"), n_in));
  // Each list has at most n_in <= kMaxFeatures entries: no overflow.
  *width_out = k.kept.size() + k.indicator.size();
  return Status::Ok();
}

// ---- h-tenc: TargetEncoder ----
Status ValidateTargetEncoder(const TargetEncoder& k, const std::string& ctx,
                             uint64_t n_in, uint64_t* width_out) {
  MODELSEAL_RETURN_IF_ERROR(CheckEncoderColumns(k.columns.size(), ctx, n_in));
  const std::string mean_ctx = JoinContext(ctx, "target_mean");
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(k.target_mean, mean_ctx, DType::kFloat64, {kAny}, true));
  const uint64_t t = k.target_mean.shape()[0];
  if (t == 0 || t > limits::kMaxClasses) {
    return Status(ErrorCode::kTargetCount, mean_ctx,
                  std::to_string(t) + " targets, expected 1 to " +
                      std::to_string(limits::kMaxClasses));
  }
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(k.target_mean, mean_ctx));
  // n_in, t <= 2^24: the product does not overflow.
  if (n_in * t > limits::kMaxFeatures) {
    return Status(ErrorCode::kTransformWidth, ctx,
                  std::to_string(n_in) + " columns times " + std::to_string(t) +
                      " targets is more than " +
                      std::to_string(limits::kMaxFeatures));
  }
  const std::string columns_ctx = JoinContext(ctx, "columns");
  for (size_t i = 0; i < k.columns.size(); ++i) {
    const TargetColumn& col = k.columns[i];
    const std::string col_ctx = IndexContext(columns_ctx, i);
    MODELSEAL_RETURN_IF_ERROR(
        ValidateCategories(col.categories, JoinContext(col_ctx, "categories")));
    const std::string enc_ctx = JoinContext(col_ctx, "encodings");
    MODELSEAL_RETURN_IF_ERROR(ExpectTensor(col.encodings, enc_ctx,
                                           DType::kFloat64,
                                           {col.categories.count(), t}, true));
    MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(col.encodings, enc_ctx));
  }
  *width_out = n_in * t;
  return Status::Ok();
}
// ---- end h-tenc ----

}  // namespace modelseal::format_internal
