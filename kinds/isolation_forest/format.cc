// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of IsolationForest (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadIsolationForest(const void* value, const std::string& ctx,
                                      uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::IsolationForest*>(value);
  if (s == nullptr) return Missing(ctx);
  IsolationForest f;
  MODELSEAL_RETURN_IF_ERROR(
      ConvertTrees(s->trees(), JoinContext(ctx, "trees"), &f.trees));
  f.denominator = s->denominator();
  f.offset = s->offset();
  f.input = static_cast<IsolationInput>(static_cast<uint8_t>(s->input()));
  out->kind = std::move(f);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteIsolationForest(const IsolationForest& k) {
  auto trees = BuildTrees(k.trees);
  return fbs::CreateIsolationForest(fbb_, trees, k.denominator, k.offset,
                                    static_cast<fbs::IsolationInput>(k.input))
      .Union();
}

}  // namespace modelseal::format_internal
