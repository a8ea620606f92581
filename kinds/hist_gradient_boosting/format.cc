// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of HistGradientBoosting (format/model.fbs): the
// reader (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

Status Converter::ConvertHistTree(const fbs::HistTree* t,
                                  const std::string& ctx, HistTree* out) {
  if (t == nullptr) return Missing(ctx);
  MODELSEAL_RETURN_IF_ERROR(
      Ref(t->value(), JoinContext(ctx, "value"), &out->value));
  MODELSEAL_RETURN_IF_ERROR(Ref(
      t->feature_idx(), JoinContext(ctx, "feature_idx"), &out->feature_idx));
  MODELSEAL_RETURN_IF_ERROR(Ref(t->num_threshold(),
                                JoinContext(ctx, "num_threshold"),
                                &out->num_threshold));
  MODELSEAL_RETURN_IF_ERROR(Ref(t->missing_go_to_left(),
                                JoinContext(ctx, "missing_go_to_left"),
                                &out->missing_go_to_left));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(t->left(), JoinContext(ctx, "left"), &out->left));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(t->right(), JoinContext(ctx, "right"), &out->right));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(t->is_leaf(), JoinContext(ctx, "is_leaf"), &out->is_leaf));
  MODELSEAL_RETURN_IF_ERROR(Ref(t->is_categorical(),
                                JoinContext(ctx, "is_categorical"),
                                &out->is_categorical));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(t->bitset_idx(), JoinContext(ctx, "bitset_idx"), &out->bitset_idx));
  return Ref(t->raw_left_cat_bitsets(),
             JoinContext(ctx, "raw_left_cat_bitsets"),
             &out->raw_left_cat_bitsets);
}

Status Converter::ReadHistGradientBoosting(const void* value,
                                           const std::string& ctx,
                                           uint64_t /*depth*/, Estimator* out) {
  const auto* h = static_cast<const fbs::HistGradientBoosting*>(value);
  if (h == nullptr || h->trees() == nullptr) return Missing(ctx);
  HistGradientBoosting hgb;
  const auto* trees = h->trees();
  if (trees->size() > limits::kMaxTrees) {
    return Status(ErrorCode::kTooManyTrees, JoinContext(ctx, "trees"),
                  std::to_string(trees->size()) + " trees");
  }
  hgb.trees.resize(trees->size());
  for (flatbuffers::uoffset_t i = 0; i < trees->size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(ConvertHistTree(
        trees->Get(i), IndexContext(JoinContext(ctx, "trees"), i),
        &hgb.trees[i]));
  }
  hgb.n_iter = h->n_iter();
  MODELSEAL_RETURN_IF_ERROR(
      Ref(h->baseline(), JoinContext(ctx, "baseline"), &hgb.baseline));
  hgb.loss = static_cast<HgbLoss>(static_cast<uint8_t>(h->loss()));
  MODELSEAL_RETURN_IF_ERROR(Ref(h->known_cat_bitsets(),
                                JoinContext(ctx, "known_cat_bitsets"),
                                &hgb.known_cat_bitsets));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(h->f_idx_map(), JoinContext(ctx, "f_idx_map"), &hgb.f_idx_map));
  out->kind = std::move(hgb);
  return Status::Ok();
}

Offset<fbs::HistTree> ManifestWriter::BuildHistTree(const HistTree& t) {
  int32_t value = Add(t.value);
  int32_t feature_idx = Add(t.feature_idx);
  int32_t num_threshold = Add(t.num_threshold);
  int32_t missing = Add(t.missing_go_to_left);
  int32_t left = Add(t.left);
  int32_t right = Add(t.right);
  int32_t is_leaf = Add(t.is_leaf);
  int32_t is_categorical = Add(t.is_categorical);
  int32_t bitset_idx = Add(t.bitset_idx);
  int32_t bitsets = Add(t.raw_left_cat_bitsets);
  return fbs::CreateHistTree(fbb_, value, feature_idx, num_threshold, missing,
                             left, right, is_leaf, is_categorical, bitset_idx,
                             bitsets);
}

Offset<void> ManifestWriter::WriteHistGradientBoosting(
    const HistGradientBoosting& k) {
  const auto& h = k;
  std::vector<Offset<fbs::HistTree>> trees;
  trees.reserve(h.trees.size());
  for (const auto& t : h.trees) trees.push_back(BuildHistTree(t));
  auto trees_vec = fbb_.CreateVector(trees);
  int32_t baseline = Add(h.baseline);
  int32_t known = Add(h.known_cat_bitsets);
  int32_t map = Add(h.f_idx_map);
  return fbs::CreateHistGradientBoosting(fbb_, trees_vec, h.n_iter, baseline,
                                         static_cast<fbs::HgbLoss>(h.loss),
                                         known, map)
      .Union();
}

}  // namespace modelseal::format_internal
