// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of Projection (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadProjection(const void* value, const std::string& ctx,
                                 uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::Projection*>(value);
  if (s == nullptr) return Missing(ctx);
  Projection p;
  p.centering =
      static_cast<ProjectionCentering>(static_cast<uint8_t>(s->centering()));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->components(), JoinContext(ctx, "components"), &p.components));
  MODELSEAL_RETURN_IF_ERROR(Ref(s->mean(), JoinContext(ctx, "mean"), &p.mean));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->scale(), JoinContext(ctx, "scale"), &p.scale));
  out->kind = std::move(p);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteProjection(const Projection& k) {
  int32_t components = Add(k.components);
  int32_t mean = Add(k.mean);
  int32_t scale = Add(k.scale);
  return fbs::CreateProjection(
             fbb_, static_cast<fbs::ProjectionCentering>(k.centering),
             components, mean, scale)
      .Union();
}

}  // namespace modelseal::format_internal
