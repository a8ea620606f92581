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

// ---- PowerTransformer ----

Status Converter::ReadPowerTransformer(const void* value,
                                       const std::string& ctx,
                                       uint64_t /*depth*/, Estimator* out) {
  const auto* p = static_cast<const fbs::PowerTransformer*>(value);
  if (p == nullptr) return Missing(ctx);
  PowerTransformer pt;
  MODELSEAL_RETURN_IF_ERROR(
      Ref(p->lambdas(), JoinContext(ctx, "lambdas"), &pt.lambdas));
  pt.method = static_cast<PowerMethod>(static_cast<uint8_t>(p->method()));
  MODELSEAL_RETURN_IF_ERROR(Ref(p->mean(), JoinContext(ctx, "mean"), &pt.mean));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(p->scale(), JoinContext(ctx, "scale"), &pt.scale));
  out->kind = std::move(pt);
  return Status::Ok();
}

Offset<void> ManifestWriter::WritePowerTransformer(const PowerTransformer& k) {
  int32_t lambdas = Add(k.lambdas);
  int32_t mean = Add(k.mean);
  int32_t scale = Add(k.scale);
  return fbs::CreatePowerTransformer(fbb_, lambdas,
                                     static_cast<fbs::PowerMethod>(k.method),
                                     mean, scale)
      .Union();
}

// ---- end PowerTransformer ----

}  // namespace modelseal::format_internal
