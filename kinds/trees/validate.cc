// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of DecisionTree and Forest (format/SPEC.md §8.1); compiled into
// the format library.
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "format/validate_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {
namespace {

// True when every node of a scikit-learn tree passes the rules of
// ValidateTree and the children form a tree rooted at node 0 whose child
// indices are larger than their parent's. False says nothing: the caller
// runs the detailed checks then.
bool TreeFastPathOk(std::span<const int32_t> left,
                    std::span<const int32_t> right,
                    std::span<const int32_t> feature,
                    std::span<const double> threshold, uint64_t n_features) {
  const size_t nodes = left.size();
  if (nodes == 0) return false;
  // How many parents each node has, capped at 2; slot `nodes` takes the
  // writes of leaves and of nodes that already failed.
  std::vector<uint8_t> parents(nodes + 1, 0);
  const int64_t n = static_cast<int64_t>(nodes);
  bool bad = false;
  for (size_t i = 0; i < nodes; ++i) {
    const int64_t l = left[i], r = right[i];
    const int64_t self = static_cast<int64_t>(i);
    const bool leaf = l == -1;
    const int64_t f = feature[i];
    const double t = threshold[i];
    // Bitwise & and | on purpose: no branches on the data. No function call
    // on their right (clang's -Wbitwise-instead-of-logical): the span reads
    // are above and "not nan" is written t == t.
    const bool internal_ok = !leaf & (l > self) & (l < n) & (r > self) &
                             (r < n) & (static_cast<uint64_t>(f) < n_features) &
                             (t == t);
    bad |= (leaf != (r == -1)) | (!leaf & !internal_ok);
    const size_t a = internal_ok ? static_cast<size_t>(l) : nodes;
    const size_t b = internal_ok ? static_cast<size_t>(r) : nodes;
    parents[a] = static_cast<uint8_t>(parents[a] + (parents[a] < 2));
    parents[b] = static_cast<uint8_t>(parents[b] + (parents[b] < 2));
  }
  if (bad || parents[0] != 0) return false;
  uint8_t not_one = 0;  // no early exit: the loop vectorises
  for (size_t i = 1; i < nodes; ++i) not_one |= parents[i] ^ 1;
  return not_one == 0;
}

}  // namespace

// A scikit-learn tree_ (SPEC §8.1).
Status ValidateTree(const Tree& t, const std::string& ctx, uint64_t n_features,
                    uint64_t n_outputs, uint64_t width) {
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.children_left,
                                         JoinContext(ctx, "children_left"),
                                         DType::kInt32, {kAny}, true));
  const uint64_t nodes = t.children_left.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(CheckNodeCount(nodes, ctx));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.children_right,
                                         JoinContext(ctx, "children_right"),
                                         DType::kInt32, {nodes}, true));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.feature, JoinContext(ctx, "feature"),
                                         DType::kInt32, {nodes}, true));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.threshold,
                                         JoinContext(ctx, "threshold"),
                                         DType::kFloat64, {nodes}, true));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.value, JoinContext(ctx, "value"),
                                         DType::kFloat64,
                                         {nodes, n_outputs, width}, true));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.missing_go_to_left,
                                         JoinContext(ctx, "missing_go_to_left"),
                                         DType::kUInt8, {nodes}, false));
  MODELSEAL_RETURN_IF_ERROR(
      CheckFlags(t.missing_go_to_left, JoinContext(ctx, "missing_go_to_left")));
  auto left = t.children_left.span<int32_t>();
  auto right = t.children_right.span<int32_t>();
  auto feature = t.feature.span<int32_t>();
  auto threshold = t.threshold.span<double>();
  const int64_t n = static_cast<int64_t>(nodes);
  // Fast path, without branches on the data: the node rules below, and the
  // shape of the tree when every child comes after its parent (scikit-learn
  // stores nodes in depth-first order): then node 0 is the root and every
  // other node has exactly one parent, so each is reached exactly once.
  // Anything else takes the detailed checks, which report the first error.
  if (TreeFastPathOk(left, right, feature, threshold, n_features)) {
    return CheckAllFinite(t.value, JoinContext(ctx, "value"));
  }
  for (uint64_t i = 0; i < nodes; ++i) {
    const int64_t l = left[i], r = right[i];
    if (l < -1 || l >= n) {
      return Status(
          ErrorCode::kTreeChild,
          IndexContext(JoinContext(ctx, "children_left"), i),
          std::to_string(l) + " out of range [-1, " + std::to_string(n) + ")");
    }
    if (r < -1 || r >= n) {
      return Status(
          ErrorCode::kTreeChild,
          IndexContext(JoinContext(ctx, "children_right"), i),
          std::to_string(r) + " out of range [-1, " + std::to_string(n) + ")");
    }
    if ((l == -1) != (r == -1)) {
      return Status(
          ErrorCode::kTreeLeaf,
          IndexContext(JoinContext(ctx, "children_left"), i),
          "left " + std::to_string(l) + ", right " + std::to_string(r));
    }
    if (l == -1) continue;
    if (feature[i] < 0 || static_cast<uint64_t>(feature[i]) >= n_features) {
      return Status(ErrorCode::kTreeFeature,
                    IndexContext(JoinContext(ctx, "feature"), i),
                    std::to_string(feature[i]) + " out of range [0, " +
                        std::to_string(n_features) + ")");
    }
    if (std::isnan(threshold[i])) {
      return Status(ErrorCode::kValueNotFinite,
                    IndexContext(JoinContext(ctx, "threshold"), i), "nan");
    }
  }
  MODELSEAL_RETURN_IF_ERROR(CheckIsTree(
      nodes, ctx, "children_left", [&](uint64_t i, uint64_t* l, uint64_t* r) {
        if (left[i] < 0) return false;
        *l = static_cast<uint64_t>(left[i]);
        *r = static_cast<uint64_t>(right[i]);
        return true;
      }));
  return CheckAllFinite(t.value, JoinContext(ctx, "value"));
}

Status ValidateDecisionTree(const DecisionTree& d, const std::string& ctx,
                            uint64_t n_in, const Out& out) {
  if (out.task == Task::kTransform)
    return TaskMismatch(ctx, "DecisionTree", out);
  return ValidateTree(d.tree, JoinContext(ctx, "tree"), n_in, out.n_outputs,
                      TreeWidth(out));
}

Status ValidateForest(const Forest& f, const std::string& ctx, uint64_t n_in,
                      const Out& out) {
  if (out.task == Task::kTransform) return TaskMismatch(ctx, "Forest", out);
  MODELSEAL_RETURN_IF_ERROR(
      CheckTreeList(f.trees.size(), JoinContext(ctx, "trees")));
  if (f.trees.empty()) {
    return Status(ErrorCode::kTreeCount, JoinContext(ctx, "trees"),
                  "a forest needs at least one tree");
  }
  for (size_t i = 0; i < f.trees.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        ValidateTree(f.trees[i], IndexContext(JoinContext(ctx, "trees"), i),
                     n_in, out.n_outputs, TreeWidth(out)));
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal
