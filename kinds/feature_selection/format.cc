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

}  // namespace modelseal::format_internal
