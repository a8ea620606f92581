// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of the feature selection kinds (format/model.fbs):
// the reader (Read*) and the writer (Write*). Compiled into the format
// library.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

// ---- FeatureSelector ----

Status Converter::ReadFeatureSelector(const void* value, const std::string& ctx,
                                      uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::FeatureSelector*>(value);
  if (s == nullptr || s->columns() == nullptr) return Missing(ctx);
  const auto* columns = s->columns();
  const std::string columns_ctx = JoinContext(ctx, "columns");
  if (columns->size() > 0 &&
      reinterpret_cast<uintptr_t>(columns->data()) % 8 != 0) {
    return Status(ErrorCode::kManifestVerify, columns_ctx,
                  "vector of 8-byte elements not 8-byte aligned");
  }
  // Bounded before allocating; ValidateModel checks each index.
  if (columns->size() > limits::kMaxFeatures) {
    return Status(ErrorCode::kSelectorColumns, columns_ctx,
                  std::to_string(columns->size()) + " entries, limit " +
                      std::to_string(limits::kMaxFeatures));
  }
  FeatureSelector fs;
  fs.columns.reserve(columns->size());
  for (flatbuffers::uoffset_t i = 0; i < columns->size(); ++i) {
    fs.columns.push_back(columns->Get(i));
  }
  fs.input = static_cast<SelectorInput>(static_cast<uint8_t>(s->input()));
  out->kind = std::move(fs);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteFeatureSelector(const FeatureSelector& k) {
  auto columns = fbb_.CreateVector(k.columns);
  return fbs::CreateFeatureSelector(fbb_, columns,
                                    static_cast<fbs::SelectorInput>(k.input))
      .Union();
}

// ---- end FeatureSelector ----

// ---- MissingIndicator ----

Status Converter::ReadMissingIndicator(const void* value,
                                       const std::string& ctx,
                                       uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::MissingIndicator*>(value);
  if (s == nullptr || s->features() == nullptr) return Missing(ctx);
  const auto* features = s->features();
  const std::string features_ctx = JoinContext(ctx, "features");
  if (features->size() > 0 &&
      reinterpret_cast<uintptr_t>(features->data()) % 8 != 0) {
    return Status(ErrorCode::kManifestVerify, features_ctx,
                  "vector of 8-byte elements not 8-byte aligned");
  }
  if (features->size() > limits::kMaxFeatures) {
    return Status(ErrorCode::kIndicatorFeatures, features_ctx,
                  std::to_string(features->size()) + " entries, limit " +
                      std::to_string(limits::kMaxFeatures));
  }
  MissingIndicator mi;
  mi.features.reserve(features->size());
  for (flatbuffers::uoffset_t i = 0; i < features->size(); ++i) {
    mi.features.push_back(features->Get(i));
  }
  mi.missing_value = s->missing_value();
  mi.on_new = static_cast<IndicatorNew>(static_cast<uint8_t>(s->on_new()));
  out->kind = std::move(mi);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteMissingIndicator(const MissingIndicator& k) {
  auto features = fbb_.CreateVector(k.features);
  return fbs::CreateMissingIndicator(fbb_, features, k.missing_value,
                                     static_cast<fbs::IndicatorNew>(k.on_new))
      .Union();
}

// ---- end MissingIndicator ----

}  // namespace modelseal::format_internal
