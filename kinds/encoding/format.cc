// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of the encoding kinds (format/model.fbs, format
// 1.1): OneHotEncoder, OrdinalEncoder, SimpleImputer and their shared
// CategoryList. The reader (Read*) and the writer (Write*). Compiled into the
// format library.
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {
namespace {

using StringVec = flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>;

// A list of u64 (kept, indicator): aligned (SPEC §2 rule 8) and bounded
// before allocating.
Status U64List(const flatbuffers::Vector<uint64_t>* v, uint64_t max,
               ErrorCode code, const std::string& ctx,
               std::vector<uint64_t>* out) {
  if (v != nullptr && v->size() > 0 &&
      reinterpret_cast<uintptr_t>(v->data()) % 8 != 0) {
    return Status(ErrorCode::kManifestVerify, ctx,
                  "vector of 8-byte elements not 8-byte aligned");
  }
  if (SizeOf(v) > max) {
    return Status(
        code, ctx,
        std::to_string(SizeOf(v)) + " items, limit " + std::to_string(max));
  }
  out->clear();
  out->reserve(SizeOf(v));
  for (flatbuffers::uoffset_t i = 0; i < SizeOf(v); ++i) {
    out->push_back(v->Get(i));
  }
  return Status::Ok();
}

// The columns vector of an encoder, bounded by kMaxFeatures before
// allocating (ValidateModel checks it against the input width).
template <typename T>
Status CheckColumnList(const flatbuffers::Vector<flatbuffers::Offset<T>>* v,
                       const std::string& ctx) {
  if (SizeOf(v) > limits::kMaxFeatures) {
    return Status(ErrorCode::kEstimatorFeatures, ctx,
                  std::to_string(SizeOf(v)) + " columns, limit " +
                      std::to_string(limits::kMaxFeatures));
  }
  return Status::Ok();
}

Status ReadCategories(Converter& conv, const fbs::CategoryList* c,
                      const std::string& ctx, CategoryList* out) {
  if (c == nullptr) return Missing(ctx);
  MODELSEAL_RETURN_IF_ERROR(
      conv.Ref(c->numbers(), JoinContext(ctx, "numbers"), &out->numbers));
  MODELSEAL_RETURN_IF_ERROR(conv.StringList(
      c->strings(), limits::kMaxCategories, ErrorCode::kCategoryCount,
      JoinContext(ctx, "strings"), &out->strings));
  out->missing = static_cast<Nullable>(static_cast<uint8_t>(c->missing()));
  return Status::Ok();
}

Offset<fbs::CategoryList> WriteCategories(ManifestWriter& w,
                                          const CategoryList& c) {
  int32_t numbers = w.Add(c.numbers);
  auto strings = w.StringVector(c.strings);
  return fbs::CreateCategoryList(w.fbb(), numbers, strings,
                                 static_cast<fbs::Nullable>(c.missing));
}

}  // namespace

Status Converter::ReadOneHotEncoder(const void* value, const std::string& ctx,
                                    uint64_t /*depth*/, Estimator* out) {
  const auto* e = static_cast<const fbs::OneHotEncoder*>(value);
  if (e == nullptr || e->columns() == nullptr) return Missing(ctx);
  const std::string columns_ctx = JoinContext(ctx, "columns");
  MODELSEAL_RETURN_IF_ERROR(CheckColumnList(e->columns(), columns_ctx));
  OneHotEncoder encoder;
  encoder.columns.resize(e->columns()->size());
  for (flatbuffers::uoffset_t i = 0; i < e->columns()->size(); ++i) {
    const auto* col = e->columns()->Get(i);
    const std::string col_ctx = IndexContext(columns_ctx, i);
    if (col == nullptr) return Missing(col_ctx);
    OneHotColumn& c = encoder.columns[i];
    MODELSEAL_RETURN_IF_ERROR(ReadCategories(*this, col->categories(),
                                             JoinContext(col_ctx, "categories"),
                                             &c.categories));
    MODELSEAL_RETURN_IF_ERROR(
        Ref(col->slots(), JoinContext(col_ctx, "slots"), &c.slots));
    c.width = col->width();
  }
  encoder.unknown =
      static_cast<UnknownCategory>(static_cast<uint8_t>(e->unknown()));
  out->kind = std::move(encoder);
  return Status::Ok();
}

Status Converter::ReadOrdinalEncoder(const void* value, const std::string& ctx,
                                     uint64_t /*depth*/, Estimator* out) {
  const auto* e = static_cast<const fbs::OrdinalEncoder*>(value);
  if (e == nullptr || e->columns() == nullptr) return Missing(ctx);
  const std::string columns_ctx = JoinContext(ctx, "columns");
  MODELSEAL_RETURN_IF_ERROR(CheckColumnList(e->columns(), columns_ctx));
  OrdinalEncoder encoder;
  encoder.columns.resize(e->columns()->size());
  for (flatbuffers::uoffset_t i = 0; i < e->columns()->size(); ++i) {
    const auto* col = e->columns()->Get(i);
    const std::string col_ctx = IndexContext(columns_ctx, i);
    if (col == nullptr) return Missing(col_ctx);
    OrdinalColumn& c = encoder.columns[i];
    MODELSEAL_RETURN_IF_ERROR(ReadCategories(*this, col->categories(),
                                             JoinContext(col_ctx, "categories"),
                                             &c.categories));
    MODELSEAL_RETURN_IF_ERROR(
        Ref(col->codes(), JoinContext(col_ctx, "codes"), &c.codes));
  }
  encoder.unknown =
      static_cast<UnknownCategory>(static_cast<uint8_t>(e->unknown()));
  encoder.unknown_value = e->unknown_value();
  out->kind = std::move(encoder);
  return Status::Ok();
}

Status Converter::ReadSimpleImputer(const void* value, const std::string& ctx,
                                    uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::SimpleImputer*>(value);
  if (s == nullptr) return Missing(ctx);
  SimpleImputer imputer;
  MODELSEAL_RETURN_IF_ERROR(Ref(s->fill_numbers(),
                                JoinContext(ctx, "fill_numbers"),
                                &imputer.fill_numbers));
  MODELSEAL_RETURN_IF_ERROR(StringList(
      s->fill_strings(), limits::kMaxFeatures, ErrorCode::kImputerFill,
      JoinContext(ctx, "fill_strings"), &imputer.fill_strings));
  MODELSEAL_RETURN_IF_ERROR(U64List(s->kept(), limits::kMaxFeatures,
                                    ErrorCode::kImputerColumns,
                                    JoinContext(ctx, "kept"), &imputer.kept));
  MODELSEAL_RETURN_IF_ERROR(
      U64List(s->indicator(), limits::kMaxFeatures, ErrorCode::kImputerColumns,
              JoinContext(ctx, "indicator"), &imputer.indicator));
  out->kind = std::move(imputer);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteOneHotEncoder(const OneHotEncoder& k) {
  std::vector<Offset<fbs::OneHotColumn>> columns;
  columns.reserve(k.columns.size());
  for (const auto& col : k.columns) {
    auto categories = WriteCategories(*this, col.categories);
    int32_t slots = Add(col.slots);
    columns.push_back(
        fbs::CreateOneHotColumn(fbb_, categories, slots, col.width));
  }
  auto columns_vec = fbb_.CreateVector(columns);
  return fbs::CreateOneHotEncoder(fbb_, columns_vec,
                                  static_cast<fbs::UnknownCategory>(k.unknown))
      .Union();
}

Offset<void> ManifestWriter::WriteOrdinalEncoder(const OrdinalEncoder& k) {
  std::vector<Offset<fbs::OrdinalColumn>> columns;
  columns.reserve(k.columns.size());
  for (const auto& col : k.columns) {
    auto categories = WriteCategories(*this, col.categories);
    int32_t codes = Add(col.codes);
    columns.push_back(fbs::CreateOrdinalColumn(fbb_, categories, codes));
  }
  auto columns_vec = fbb_.CreateVector(columns);
  return fbs::CreateOrdinalEncoder(fbb_, columns_vec,
                                   static_cast<fbs::UnknownCategory>(k.unknown),
                                   k.unknown_value)
      .Union();
}

Offset<void> ManifestWriter::WriteSimpleImputer(const SimpleImputer& k) {
  int32_t fill_numbers = Add(k.fill_numbers);
  auto fill_strings = StringVector(k.fill_strings);
  auto kept = fbb_.CreateVector(k.kept);
  auto indicator = fbb_.CreateVector(k.indicator);
  return fbs::CreateSimpleImputer(fbb_, fill_numbers, fill_strings, kept,
                                  indicator)
      .Union();
}

// ---- h-tenc: TargetEncoder ----
Status Converter::ReadTargetEncoder(const void* value, const std::string& ctx,
                                    uint64_t /*depth*/, Estimator* out) {
  const auto* e = static_cast<const fbs::TargetEncoder*>(value);
  if (e == nullptr || e->columns() == nullptr) return Missing(ctx);
  const std::string columns_ctx = JoinContext(ctx, "columns");
  MODELSEAL_RETURN_IF_ERROR(CheckColumnList(e->columns(), columns_ctx));
  TargetEncoder encoder;
  encoder.columns.resize(e->columns()->size());
  for (flatbuffers::uoffset_t i = 0; i < e->columns()->size(); ++i) {
    const auto* col = e->columns()->Get(i);
    const std::string col_ctx = IndexContext(columns_ctx, i);
    if (col == nullptr) return Missing(col_ctx);
    TargetColumn& c = encoder.columns[i];
    MODELSEAL_RETURN_IF_ERROR(ReadCategories(*this, col->categories(),
                                             JoinContext(col_ctx, "categories"),
                                             &c.categories));
    MODELSEAL_RETURN_IF_ERROR(
        Ref(col->encodings(), JoinContext(col_ctx, "encodings"), &c.encodings));
  }
  MODELSEAL_RETURN_IF_ERROR(Ref(
      e->target_mean(), JoinContext(ctx, "target_mean"), &encoder.target_mean));
  out->kind = std::move(encoder);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteTargetEncoder(const TargetEncoder& k) {
  std::vector<Offset<fbs::TargetColumn>> columns;
  columns.reserve(k.columns.size());
  for (const auto& col : k.columns) {
    auto categories = WriteCategories(*this, col.categories);
    int32_t encodings = Add(col.encodings);
    columns.push_back(fbs::CreateTargetColumn(fbb_, categories, encodings));
  }
  auto columns_vec = fbb_.CreateVector(columns);
  int32_t target_mean = Add(k.target_mean);
  return fbs::CreateTargetEncoder(fbb_, columns_vec, target_mean).Union();
}
// ---- end h-tenc ----

}  // namespace modelseal::format_internal
