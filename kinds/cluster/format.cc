// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of Clustering (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadClustering(const void* value, const std::string& ctx,
                                 uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::Clustering*>(value);
  if (s == nullptr) return Missing(ctx);
  Clustering c;
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->centers(), JoinContext(ctx, "centers"), &c.centers));
  MODELSEAL_RETURN_IF_ERROR(Ref(
      s->tree_children(), JoinContext(ctx, "tree_children"), &c.tree_children));
  MODELSEAL_RETURN_IF_ERROR(Ref(
      s->tree_centers(), JoinContext(ctx, "tree_centers"), &c.tree_centers));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->tree_labels(), JoinContext(ctx, "tree_labels"), &c.tree_labels));
  out->kind = std::move(c);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteClustering(const Clustering& k) {
  int32_t centers = Add(k.centers);
  int32_t children = Add(k.tree_children);
  int32_t tree_centers = Add(k.tree_centers);
  int32_t labels = Add(k.tree_labels);
  return fbs::CreateClustering(fbb_, centers, children, tree_centers, labels)
      .Union();
}

}  // namespace modelseal::format_internal
