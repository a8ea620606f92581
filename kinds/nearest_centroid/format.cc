// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of NearestCentroid (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadNearestCentroid(const void* value, const std::string& ctx,
                                      uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::NearestCentroid*>(value);
  if (s == nullptr) return Missing(ctx);
  NearestCentroid c;
  c.metric = static_cast<CentroidMetric>(static_cast<uint8_t>(s->metric()));
  c.rule = static_cast<CentroidRule>(static_cast<uint8_t>(s->rule()));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->centroids(), JoinContext(ctx, "centroids"), &c.centroids));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->std_dev(), JoinContext(ctx, "std_dev"), &c.std_dev));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->priors(), JoinContext(ctx, "priors"), &c.priors));
  out->kind = std::move(c);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteNearestCentroid(const NearestCentroid& k) {
  int32_t centroids = Add(k.centroids);
  int32_t std_dev = Add(k.std_dev);
  int32_t priors = Add(k.priors);
  return fbs::CreateNearestCentroid(
             fbb_, static_cast<fbs::CentroidMetric>(k.metric),
             static_cast<fbs::CentroidRule>(k.rule), centroids, std_dev, priors)
      .Union();
}

}  // namespace modelseal::format_internal
