// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of DecisionTree and Forest, and of the Tree table
// GradientBoosting shares (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

Status Converter::ConvertTree(const fbs::Tree* t, const std::string& ctx,
                              Tree* out) {
  if (t == nullptr) return Missing(ctx);
  MODELSEAL_RETURN_IF_ERROR(Ref(t->children_left(),
                                JoinContext(ctx, "children_left"),
                                &out->children_left));
  MODELSEAL_RETURN_IF_ERROR(Ref(t->children_right(),
                                JoinContext(ctx, "children_right"),
                                &out->children_right));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(t->feature(), JoinContext(ctx, "feature"), &out->feature));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(t->threshold(), JoinContext(ctx, "threshold"), &out->threshold));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(t->value(), JoinContext(ctx, "value"), &out->value));
  return Ref(t->missing_go_to_left(), JoinContext(ctx, "missing_go_to_left"),
             &out->missing_go_to_left);
}

Status Converter::ConvertTrees(
    const flatbuffers::Vector<flatbuffers::Offset<fbs::Tree>>* trees,
    const std::string& ctx, std::vector<Tree>* out) {
  if (trees == nullptr) return Missing(ctx);
  if (trees->size() > limits::kMaxTrees) {
    return Status(ErrorCode::kTooManyTrees, ctx,
                  std::to_string(trees->size()) + " trees");
  }
  out->resize(trees->size());
  for (flatbuffers::uoffset_t i = 0; i < trees->size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        ConvertTree(trees->Get(i), IndexContext(ctx, i), &(*out)[i]));
  }
  return Status::Ok();
}

Status Converter::ReadDecisionTree(const void* value, const std::string& ctx,
                                   uint64_t /*depth*/, Estimator* out) {
  const auto* d = static_cast<const fbs::DecisionTree*>(value);
  if (d == nullptr) return Missing(ctx);
  DecisionTree tree;
  MODELSEAL_RETURN_IF_ERROR(
      ConvertTree(d->tree(), JoinContext(ctx, "tree"), &tree.tree));
  out->kind = std::move(tree);
  return Status::Ok();
}

Status Converter::ReadForest(const void* value, const std::string& ctx,
                             uint64_t /*depth*/, Estimator* out) {
  const auto* f = static_cast<const fbs::Forest*>(value);
  if (f == nullptr) return Missing(ctx);
  Forest forest;
  MODELSEAL_RETURN_IF_ERROR(
      ConvertTrees(f->trees(), JoinContext(ctx, "trees"), &forest.trees));
  out->kind = std::move(forest);
  return Status::Ok();
}

Offset<fbs::Tree> ManifestWriter::BuildTree(const Tree& t) {
  int32_t left = Add(t.children_left);
  int32_t right = Add(t.children_right);
  int32_t feature = Add(t.feature);
  int32_t threshold = Add(t.threshold);
  int32_t value = Add(t.value);
  int32_t missing = Add(t.missing_go_to_left);
  return fbs::CreateTree(fbb_, left, right, feature, threshold, value, missing);
}

Offset<flatbuffers::Vector<Offset<fbs::Tree>>> ManifestWriter::BuildTrees(
    const std::vector<Tree>& trees) {
  std::vector<Offset<fbs::Tree>> out;
  out.reserve(trees.size());
  for (const auto& t : trees) out.push_back(BuildTree(t));
  return fbb_.CreateVector(out);
}

Offset<void> ManifestWriter::WriteDecisionTree(const DecisionTree& k) {
  const auto* d = &k;
  auto tree = BuildTree(d->tree);
  return fbs::CreateDecisionTree(fbb_, tree).Union();
}

Offset<void> ManifestWriter::WriteForest(const Forest& k) {
  const auto* f = &k;
  auto trees = BuildTrees(f->trees);
  return fbs::CreateForest(fbb_, trees).Union();
}

}  // namespace modelseal::format_internal
