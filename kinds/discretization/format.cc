// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of the discretization kinds (format/model.fbs):
// the reader (Read*) and the writer (Write*). Compiled into the format
// library.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

// ---- KBinsDiscretizer ----

Status Converter::ReadKBinsDiscretizer(const void* value,
                                       const std::string& ctx,
                                       uint64_t /*depth*/, Estimator* out) {
  const auto* k = static_cast<const fbs::KBinsDiscretizer*>(value);
  if (k == nullptr || k->n_bins() == nullptr) return Missing(ctx);
  const auto* n_bins = k->n_bins();
  const std::string n_bins_ctx = JoinContext(ctx, "n_bins");
  if (n_bins->size() > 0 &&
      reinterpret_cast<uintptr_t>(n_bins->data()) % 8 != 0) {
    return Status(ErrorCode::kManifestVerify, n_bins_ctx,
                  "vector of 8-byte elements not 8-byte aligned");
  }
  // Bounded before allocating; ValidateModel checks the input width.
  if (n_bins->size() > limits::kMaxFeatures) {
    return Status(ErrorCode::kKBinsFeatureCount, n_bins_ctx,
                  std::to_string(n_bins->size()) + " entries, limit " +
                      std::to_string(limits::kMaxFeatures));
  }
  KBinsDiscretizer kb;
  kb.n_bins.reserve(n_bins->size());
  for (flatbuffers::uoffset_t i = 0; i < n_bins->size(); ++i) {
    kb.n_bins.push_back(n_bins->Get(i));
  }
  MODELSEAL_RETURN_IF_ERROR(
      Ref(k->edges(), JoinContext(ctx, "edges"), &kb.edges));
  kb.encode = static_cast<KBinsEncode>(static_cast<uint8_t>(k->encode()));
  kb.input = static_cast<KBinsInput>(static_cast<uint8_t>(k->input()));
  out->kind = std::move(kb);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteKBinsDiscretizer(const KBinsDiscretizer& k) {
  auto n_bins = fbb_.CreateVector(k.n_bins);
  int32_t edges = Add(k.edges);
  return fbs::CreateKBinsDiscretizer(fbb_, n_bins, edges,
                                     static_cast<fbs::KBinsEncode>(k.encode),
                                     static_cast<fbs::KBinsInput>(k.input))
      .Union();
}

// ---- end KBinsDiscretizer ----

}  // namespace modelseal::format_internal
