// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of GradientBoosting (its trees:
// kinds/trees/format.cc) (format/model.fbs): the reader (Read*) and the writer
// (Write*). Compiled into the format library.
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadGradientBoosting(const void* value,
                                       const std::string& ctx,
                                       uint64_t /*depth*/, Estimator* out) {
  const auto* g = static_cast<const fbs::GradientBoosting*>(value);
  if (g == nullptr) return Missing(ctx);
  GradientBoosting gb;
  MODELSEAL_RETURN_IF_ERROR(
      ConvertTrees(g->trees(), JoinContext(ctx, "trees"), &gb.trees));
  gb.n_stages = g->n_stages();
  MODELSEAL_RETURN_IF_ERROR(
      Ref(g->init_raw(), JoinContext(ctx, "init_raw"), &gb.init_raw));
  gb.learning_rate = g->learning_rate();
  gb.loss = static_cast<GbLoss>(static_cast<uint8_t>(g->loss()));
  out->kind = std::move(gb);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteGradientBoosting(const GradientBoosting& k) {
  const auto* g = &k;
  auto trees = BuildTrees(g->trees);
  int32_t init_raw = Add(g->init_raw);
  return fbs::CreateGradientBoosting(fbb_, trees, g->n_stages, init_raw,
                                     g->learning_rate,
                                     static_cast<fbs::GbLoss>(g->loss))
      .Union();
}

}  // namespace modelseal::format_internal
