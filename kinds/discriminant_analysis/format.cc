// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of QuadraticDiscriminant (format/model.fbs): the
// reader (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadQuadraticDiscriminant(const void* value,
                                            const std::string& ctx,
                                            uint64_t /*depth*/,
                                            Estimator* out) {
  const auto* s = static_cast<const fbs::QuadraticDiscriminant*>(value);
  if (s == nullptr) return Missing(ctx);
  QuadraticDiscriminant q;
  q.proba = static_cast<QuadraticProba>(static_cast<uint8_t>(s->proba()));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->means(), JoinContext(ctx, "means"), &q.means));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->rotations(), JoinContext(ctx, "rotations"), &q.rotations));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->scalings(), JoinContext(ctx, "scalings"), &q.scalings));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->priors(), JoinContext(ctx, "priors"), &q.priors));
  out->kind = std::move(q);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteQuadraticDiscriminant(
    const QuadraticDiscriminant& k) {
  int32_t means = Add(k.means);
  int32_t rotations = Add(k.rotations);
  int32_t scalings = Add(k.scalings);
  int32_t priors = Add(k.priors);
  return fbs::CreateQuadraticDiscriminant(
             fbb_, static_cast<fbs::QuadraticProba>(k.proba), means, rotations,
             scalings, priors)
      .Union();
}

}  // namespace modelseal::format_internal
