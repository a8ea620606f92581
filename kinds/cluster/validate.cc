// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of Clustering (format/SPEC.md §7); compiled into the format
// library.
#include <cstdint>
#include <string>
#include <vector>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

namespace {

// `t` is `dtype` of `shape` (E288 otherwise, `why` saying what needs it).
Status CheckShape(const Tensor& t, const std::string& ctx, DType dtype,
                  const std::vector<uint64_t>& shape, const std::string& why) {
  return ExpectKindTensor(t, ctx, dtype, shape, ErrorCode::kClusteringShape,
                          why);
}

// BisectingKMeans's tree of `nodes` = 2k - 1 nodes: node 0 the root, both
// children or none, every child after its parent and below `nodes`, every
// node but the root the child of exactly one node (so all hang from node
// 0), and the leaves labelled 0..k-1 once each, the other nodes -1.
Status CheckTree(const Clustering& c, const std::string& ctx, uint64_t k) {
  const uint64_t nodes = c.tree_labels.shape()[0];
  const auto children = c.tree_children.span<int32_t>();
  const auto labels = c.tree_labels.span<int32_t>();
  const std::string cctx = JoinContext(ctx, "tree_children");
  const std::string lctx = JoinContext(ctx, "tree_labels");
  std::vector<uint8_t> parents(nodes, 0);
  std::vector<uint8_t> label_seen(k, 0);
  for (uint64_t i = 0; i < nodes; ++i) {
    const int64_t l = children[2 * i], r = children[2 * i + 1];
    if (l == -1 && r == -1) {
      const int64_t label = labels[i];
      if (label < 0 || static_cast<uint64_t>(label) >= k || label_seen[label]) {
        return Status(ErrorCode::kClusteringTree, IndexContext(lctx, i),
                      "leaf label " + std::to_string(label) +
                          (label >= 0 && static_cast<uint64_t>(label) < k
                               ? " given twice"
                               : " not in [0, " + std::to_string(k) + ")"));
      }
      label_seen[label] = 1;
      continue;
    }
    for (int64_t child : {l, r}) {
      if (child <= static_cast<int64_t>(i) ||
          static_cast<uint64_t>(child) >= nodes) {
        return Status(ErrorCode::kClusteringTree, IndexContext(cctx, i),
                      "child " + std::to_string(child) + " of node " +
                          std::to_string(i) + " not in (" + std::to_string(i) +
                          ", " + std::to_string(nodes) +
                          ") (both -1 at a leaf)");
      }
      if (parents[child]++ != 0) {
        return Status(ErrorCode::kClusteringTree, IndexContext(cctx, i),
                      "node " + std::to_string(child) + " has two parents");
      }
    }
    if (labels[i] != -1) {
      return Status(
          ErrorCode::kClusteringTree, IndexContext(lctx, i),
          std::to_string(labels[i]) + " at an internal node (-1 expected)");
    }
  }
  for (uint64_t i = 1; i < nodes; ++i) {
    if (parents[i] == 0) {
      return Status(ErrorCode::kClusteringTree, cctx,
                    "node " + std::to_string(i) + " is nobody's child");
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateClustering(const Clustering& c, const std::string& ctx,
                          uint64_t n_in, const Out& out) {
  if (out.task != Task::kClassification) {
    return TaskMismatch(JoinContext(ctx, "centers"), "Clustering", out);
  }
  if (out.n_outputs != 1) {
    return Status(
        ErrorCode::kOutputCount, "output.n_outputs",
        "a clusterer has 1 output, not " + std::to_string(out.n_outputs));
  }
  const uint64_t k = out.n_classes[0];
  const std::string cctx = JoinContext(ctx, "centers");
  if (k == 0) {
    return Status(ErrorCode::kClusteringShape, cctx,
                  "no classes: a clusterer has at least one cluster");
  }
  MODELSEAL_RETURN_IF_ERROR(
      CheckShape(c.centers, cctx, DType::kFloat64, {k, n_in},
                 "(one center per class, one column per input feature)"));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(c.centers, cctx));
  const bool any = c.tree_children.present() || c.tree_centers.present() ||
                   c.tree_labels.present();
  if (!any) return Status::Ok();
  const uint64_t nodes = 2 * k - 1;  // k is a class count: no overflow
  const std::string why = "(BisectingKMeans's tree of 2k - 1 nodes)";
  MODELSEAL_RETURN_IF_ERROR(CheckShape(c.tree_children,
                                       JoinContext(ctx, "tree_children"),
                                       DType::kInt32, {nodes, 2}, why));
  MODELSEAL_RETURN_IF_ERROR(CheckShape(c.tree_centers,
                                       JoinContext(ctx, "tree_centers"),
                                       DType::kFloat64, {nodes, n_in}, why));
  MODELSEAL_RETURN_IF_ERROR(CheckShape(c.tree_labels,
                                       JoinContext(ctx, "tree_labels"),
                                       DType::kInt32, {nodes}, why));
  MODELSEAL_RETURN_IF_ERROR(
      CheckAllFinite(c.tree_centers, JoinContext(ctx, "tree_centers")));
  return CheckTree(c, ctx, k);
}

}  // namespace modelseal::format_internal
