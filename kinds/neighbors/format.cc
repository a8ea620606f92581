// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of Neighbors and RadiusNeighbors
// (format/model.fbs): the reader (Read*) and the writer (Write*). Compiled
// into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadNeighbors(const void* value, const std::string& ctx,
                                uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::Neighbors*>(value);
  if (s == nullptr) return Missing(ctx);
  Neighbors n;
  n.algorithm =
      static_cast<NeighborsAlgorithm>(static_cast<uint8_t>(s->algorithm()));
  n.metric = static_cast<NeighborsMetric>(static_cast<uint8_t>(s->metric()));
  n.p = s->p();
  n.weights = static_cast<NeighborsWeights>(static_cast<uint8_t>(s->weights()));
  n.n_neighbors = s->n_neighbors();
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->fit_x(), JoinContext(ctx, "fit_x"), &n.fit_x));
  MODELSEAL_RETURN_IF_ERROR(Ref(s->y(), JoinContext(ctx, "y"), &n.y));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->idx_array(), JoinContext(ctx, "idx_array"), &n.idx_array));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->node_data(), JoinContext(ctx, "node_data"), &n.node_data));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->node_radius(), JoinContext(ctx, "node_radius"), &n.node_radius));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->node_bounds(), JoinContext(ctx, "node_bounds"), &n.node_bounds));
  out->kind = std::move(n);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteNeighbors(const Neighbors& k) {
  int32_t fit_x = Add(k.fit_x);
  int32_t y = Add(k.y);
  int32_t idx_array = Add(k.idx_array);
  int32_t node_data = Add(k.node_data);
  int32_t node_radius = Add(k.node_radius);
  int32_t node_bounds = Add(k.node_bounds);
  return fbs::CreateNeighbors(
             fbb_, static_cast<fbs::NeighborsAlgorithm>(k.algorithm),
             static_cast<fbs::NeighborsMetric>(k.metric), k.p,
             static_cast<fbs::NeighborsWeights>(k.weights), k.n_neighbors,
             fit_x, y, idx_array, node_data, node_radius, node_bounds)
      .Union();
}

Status Converter::ReadRadiusNeighbors(const void* value, const std::string& ctx,
                                      uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::RadiusNeighbors*>(value);
  if (s == nullptr) return Missing(ctx);
  RadiusNeighbors n;
  n.algorithm =
      static_cast<NeighborsAlgorithm>(static_cast<uint8_t>(s->algorithm()));
  n.metric = static_cast<NeighborsMetric>(static_cast<uint8_t>(s->metric()));
  n.p = s->p();
  n.weights = static_cast<NeighborsWeights>(static_cast<uint8_t>(s->weights()));
  n.radius = s->radius();
  n.euclidean =
      static_cast<RadiusEuclidean>(static_cast<uint8_t>(s->euclidean()));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->fit_x(), JoinContext(ctx, "fit_x"), &n.fit_x));
  MODELSEAL_RETURN_IF_ERROR(Ref(s->y(), JoinContext(ctx, "y"), &n.y));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->idx_array(), JoinContext(ctx, "idx_array"), &n.idx_array));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->node_data(), JoinContext(ctx, "node_data"), &n.node_data));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->node_radius(), JoinContext(ctx, "node_radius"), &n.node_radius));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->node_bounds(), JoinContext(ctx, "node_bounds"), &n.node_bounds));
  MODELSEAL_RETURN_IF_ERROR(Ref(
      s->outlier_proba(), JoinContext(ctx, "outlier_proba"), &n.outlier_proba));
  MODELSEAL_RETURN_IF_ERROR(Ref(
      s->outlier_class(), JoinContext(ctx, "outlier_class"), &n.outlier_class));
  out->kind = std::move(n);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteRadiusNeighbors(const RadiusNeighbors& k) {
  int32_t fit_x = Add(k.fit_x);
  int32_t y = Add(k.y);
  int32_t idx_array = Add(k.idx_array);
  int32_t node_data = Add(k.node_data);
  int32_t node_radius = Add(k.node_radius);
  int32_t node_bounds = Add(k.node_bounds);
  int32_t outlier_proba = Add(k.outlier_proba);
  int32_t outlier_class = Add(k.outlier_class);
  return fbs::CreateRadiusNeighbors(
             fbb_, static_cast<fbs::NeighborsAlgorithm>(k.algorithm),
             static_cast<fbs::NeighborsMetric>(k.metric), k.p,
             static_cast<fbs::NeighborsWeights>(k.weights), k.radius, fit_x, y,
             idx_array, node_data, node_radius, node_bounds, outlier_proba,
             outlier_class, static_cast<fbs::RadiusEuclidean>(k.euclidean))
      .Union();
}

}  // namespace modelseal::format_internal
