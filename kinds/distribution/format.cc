// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of the distribution kinds (format/model.fbs):
// the reader (Read*) and the writer (Write*). Compiled into the format
// library.
#include <cstdint>
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

// ---- QuantileTransformer ----

Status Converter::ReadQuantileTransformer(const void* value,
                                          const std::string& ctx,
                                          uint64_t /*depth*/, Estimator* out) {
  const auto* q = static_cast<const fbs::QuantileTransformer*>(value);
  if (q == nullptr) return Missing(ctx);
  QuantileTransformer qt;
  MODELSEAL_RETURN_IF_ERROR(
      Ref(q->quantiles(), JoinContext(ctx, "quantiles"), &qt.quantiles));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(q->references(), JoinContext(ctx, "references"), &qt.references));
  qt.output = static_cast<QuantileOutput>(static_cast<uint8_t>(q->output()));
  out->kind = std::move(qt);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteQuantileTransformer(
    const QuantileTransformer& k) {
  int32_t quantiles = Add(k.quantiles);
  int32_t references = Add(k.references);
  return fbs::CreateQuantileTransformer(
             fbb_, quantiles, references,
             static_cast<fbs::QuantileOutput>(k.output))
      .Union();
}

// ---- end QuantileTransformer ----

}  // namespace modelseal::format_internal
