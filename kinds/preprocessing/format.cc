// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of the preprocessing kinds (format/model.fbs): the
// reader (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

Status Converter::ReadStandardScaler(const void* value, const std::string& ctx,
                                     uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::StandardScaler*>(value);
  if (s == nullptr) return Missing(ctx);
  StandardScaler scaler;
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->mean(), JoinContext(ctx, "mean"), &scaler.mean));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->scale(), JoinContext(ctx, "scale"), &scaler.scale));
  out->kind = std::move(scaler);
  return Status::Ok();
}

Status Converter::ReadCategoryEncoder(const void* value, const std::string& ctx,
                                      uint64_t /*depth*/, Estimator* out) {
  const auto* c = static_cast<const fbs::CategoryEncoder*>(value);
  if (c == nullptr || c->columns() == nullptr) return Missing(ctx);
  const auto* columns = c->columns();
  // Bounded before allocating; ValidateModel checks the input width.
  if (columns->size() > limits::kMaxFeatures) {
    return Status(ErrorCode::kCategoryColumnCount, JoinContext(ctx, "columns"),
                  std::to_string(columns->size()) + " columns, limit " +
                      std::to_string(limits::kMaxFeatures));
  }
  CategoryEncoder encoder;
  encoder.columns.resize(columns->size());
  for (flatbuffers::uoffset_t i = 0; i < columns->size(); ++i) {
    const auto* col = columns->Get(i);
    const std::string col_ctx = IndexContext(JoinContext(ctx, "columns"), i);
    if (col == nullptr) return Missing(col_ctx);
    encoder.columns[i].column = col->column();
    MODELSEAL_RETURN_IF_ERROR(Ref(col->categories(),
                                  JoinContext(col_ctx, "categories"),
                                  &encoder.columns[i].categories));
  }
  out->kind = std::move(encoder);
  return Status::Ok();
}

Status Converter::ReadMinMaxScaler(const void* value, const std::string& ctx,
                                   uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::MinMaxScaler*>(value);
  if (s == nullptr) return Missing(ctx);
  MinMaxScaler scaler;
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->scale(), JoinContext(ctx, "scale"), &scaler.scale));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->min(), JoinContext(ctx, "min"), &scaler.min));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->clip_range(), JoinContext(ctx, "clip_range"), &scaler.clip_range));
  out->kind = std::move(scaler);
  return Status::Ok();
}

Status Converter::ReadMaxAbsScaler(const void* value, const std::string& ctx,
                                   uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::MaxAbsScaler*>(value);
  if (s == nullptr) return Missing(ctx);
  MaxAbsScaler scaler;
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->scale(), JoinContext(ctx, "scale"), &scaler.scale));
  out->kind = std::move(scaler);
  return Status::Ok();
}

Status Converter::ReadRobustScaler(const void* value, const std::string& ctx,
                                   uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::RobustScaler*>(value);
  if (s == nullptr) return Missing(ctx);
  RobustScaler scaler;
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->center(), JoinContext(ctx, "center"), &scaler.center));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->scale(), JoinContext(ctx, "scale"), &scaler.scale));
  out->kind = std::move(scaler);
  return Status::Ok();
}

Status Converter::ReadNormalizer(const void* value, const std::string& ctx,
                                 uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::Normalizer*>(value);
  if (s == nullptr) return Missing(ctx);
  Normalizer n;
  n.norm = static_cast<NormKind>(static_cast<uint8_t>(s->norm()));
  out->kind = n;
  return Status::Ok();
}

Status Converter::ReadBinarizer(const void* value, const std::string& ctx,
                                uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::Binarizer*>(value);
  if (s == nullptr) return Missing(ctx);
  Binarizer b;
  b.threshold = s->threshold();
  out->kind = b;
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteStandardScaler(const StandardScaler& k) {
  const auto* s = &k;
  int32_t mean = Add(s->mean);
  int32_t scale = Add(s->scale);
  return fbs::CreateStandardScaler(fbb_, mean, scale).Union();
}

Offset<void> ManifestWriter::WriteCategoryEncoder(const CategoryEncoder& k) {
  const auto* c = &k;
  std::vector<Offset<fbs::CategoryColumn>> columns;
  columns.reserve(c->columns.size());
  for (const auto& col : c->columns) {
    int32_t categories = Add(col.categories);
    columns.push_back(fbs::CreateCategoryColumn(fbb_, col.column, categories));
  }
  auto columns_vec = fbb_.CreateVector(columns);
  return fbs::CreateCategoryEncoder(fbb_, columns_vec).Union();
}

Offset<void> ManifestWriter::WriteMinMaxScaler(const MinMaxScaler& k) {
  int32_t scale = Add(k.scale);
  int32_t min = Add(k.min);
  int32_t clip_range = Add(k.clip_range);
  return fbs::CreateMinMaxScaler(fbb_, scale, min, clip_range).Union();
}

Offset<void> ManifestWriter::WriteMaxAbsScaler(const MaxAbsScaler& k) {
  int32_t scale = Add(k.scale);
  return fbs::CreateMaxAbsScaler(fbb_, scale).Union();
}

Offset<void> ManifestWriter::WriteRobustScaler(const RobustScaler& k) {
  int32_t center = Add(k.center);
  int32_t scale = Add(k.scale);
  return fbs::CreateRobustScaler(fbb_, center, scale).Union();
}

Offset<void> ManifestWriter::WriteNormalizer(const Normalizer& k) {
  return fbs::CreateNormalizer(fbb_, static_cast<fbs::NormKind>(k.norm))
      .Union();
}

Offset<void> ManifestWriter::WriteBinarizer(const Binarizer& k) {
  return fbs::CreateBinarizer(fbb_, k.threshold).Union();
}

Status Converter::ReadFunctionTransformer(const void* value,
                                          const std::string& ctx,
                                          uint64_t /*depth*/, Estimator* out) {
  const auto* f = static_cast<const fbs::FunctionTransformer*>(value);
  if (f == nullptr) return Missing(ctx);
  FunctionTransformer t;
  t.func = static_cast<Ufunc>(static_cast<uint8_t>(f->func()));
  out->kind = t;
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteFunctionTransformer(
    const FunctionTransformer& k) {
  return fbs::CreateFunctionTransformer(fbb_, static_cast<fbs::Ufunc>(k.func))
      .Union();
}

}  // namespace modelseal::format_internal
