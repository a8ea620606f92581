// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of LocalOutlierFactor (format/model.fbs): the
// reader (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadLocalOutlierFactor(const void* value,
                                         const std::string& ctx,
                                         uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::LocalOutlierFactor*>(value);
  if (s == nullptr) return Missing(ctx);
  LocalOutlierFactor k;
  k.algorithm =
      static_cast<NeighborsAlgorithm>(static_cast<uint8_t>(s->algorithm()));
  k.metric = static_cast<NeighborsMetric>(static_cast<uint8_t>(s->metric()));
  k.p = s->p();
  k.n_neighbors = s->n_neighbors();
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->fit_x(), JoinContext(ctx, "fit_x"), &k.fit_x));
  MODELSEAL_RETURN_IF_ERROR(Ref(s->lrd(), JoinContext(ctx, "lrd"), &k.lrd));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->k_distance(), JoinContext(ctx, "k_distance"), &k.k_distance));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->idx_array(), JoinContext(ctx, "idx_array"), &k.idx_array));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->node_data(), JoinContext(ctx, "node_data"), &k.node_data));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->node_radius(), JoinContext(ctx, "node_radius"), &k.node_radius));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->node_bounds(), JoinContext(ctx, "node_bounds"), &k.node_bounds));
  k.offset = s->offset();
  out->kind = std::move(k);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteLocalOutlierFactor(
    const LocalOutlierFactor& k) {
  int32_t fit_x = Add(k.fit_x);
  int32_t lrd = Add(k.lrd);
  int32_t k_distance = Add(k.k_distance);
  int32_t idx_array = Add(k.idx_array);
  int32_t node_data = Add(k.node_data);
  int32_t node_radius = Add(k.node_radius);
  int32_t node_bounds = Add(k.node_bounds);
  return fbs::CreateLocalOutlierFactor(
             fbb_, static_cast<fbs::NeighborsAlgorithm>(k.algorithm),
             static_cast<fbs::NeighborsMetric>(k.metric), k.p, k.n_neighbors,
             fit_x, lrd, k_distance, idx_array, node_data, node_radius,
             node_bounds, k.offset)
      .Union();
}

}  // namespace modelseal::format_internal
