// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of Isotonic (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <cstdint>
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadIsotonic(const void* value, const std::string& ctx,
                               uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::Isotonic*>(value);
  if (s == nullptr) return Missing(ctx);
  Isotonic k;
  MODELSEAL_RETURN_IF_ERROR(Ref(
      s->x_thresholds(), JoinContext(ctx, "x_thresholds"), &k.x_thresholds));
  MODELSEAL_RETURN_IF_ERROR(Ref(
      s->y_thresholds(), JoinContext(ctx, "y_thresholds"), &k.y_thresholds));
  k.out_of_bounds =
      static_cast<IsotonicBounds>(static_cast<uint8_t>(s->out_of_bounds()));
  k.direction =
      static_cast<IsotonicDirection>(static_cast<uint8_t>(s->direction()));
  out->kind = std::move(k);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteIsotonic(const Isotonic& k) {
  int32_t x = Add(k.x_thresholds);
  int32_t y = Add(k.y_thresholds);
  return fbs::CreateIsotonic(fbb_, x, y,
                             static_cast<fbs::IsotonicBounds>(k.out_of_bounds),
                             static_cast<fbs::IsotonicDirection>(k.direction))
      .Union();
}

}  // namespace modelseal::format_internal
