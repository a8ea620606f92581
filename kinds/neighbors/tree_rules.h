// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The format rules of a KDTree's or BallTree's arrays (format/SPEC.md §7,
// E325-E329), shared by the kinds that store scikit-learn's tree over a
// training set. Header-only: included by validate.cc files of the format
// library.
#ifndef MODELSEAL_KINDS_NEIGHBORS_TREE_RULES_H_
#define MODELSEAL_KINDS_NEIGHBORS_TREE_RULES_H_

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

// The tree arrays of a kd_tree or ball_tree model over n rows of d
// features: shapes (E325), idx_array a permutation (E326), node ranges
// (E327), children (E328), bounds and radii (E329).
inline Status CheckTree(NeighborsAlgorithm algorithm, const Tensor& idx_array,
                        const Tensor& node_data, const Tensor& node_radius,
                        const Tensor& node_bounds, const std::string& ctx,
                        uint64_t n, uint64_t d) {
  const std::string dctx = JoinContext(ctx, "node_data");
  if (node_data.rank() != 2 || node_data.shape()[0] < 1) {
    return Status(ErrorCode::kNeighborsTreeShape, dctx,
                  "node_data needs shape [m, 3] with m >= 1 nodes");
  }
  const uint64_t m = node_data.shape()[0];
  const bool kd = algorithm == NeighborsAlgorithm::kKdTree;
  const std::string why = kd ? "(a KDTree of m nodes over n rows)"
                             : "(a BallTree of m nodes over n rows)";
  MODELSEAL_RETURN_IF_ERROR(
      ExpectKindTensor(idx_array, JoinContext(ctx, "idx_array"), DType::kInt64,
                       {n}, ErrorCode::kNeighborsTreeShape, why));
  MODELSEAL_RETURN_IF_ERROR(
      ExpectKindTensor(node_data, dctx, DType::kInt64, {m, 3},
                       ErrorCode::kNeighborsTreeShape, why));
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
      node_radius, JoinContext(ctx, "node_radius"), DType::kFloat64, {m},
      ErrorCode::kNeighborsTreeShape, why));
  MODELSEAL_RETURN_IF_ERROR(
      ExpectKindTensor(node_bounds, JoinContext(ctx, "node_bounds"),
                       DType::kFloat64, {kd ? uint64_t{2} : uint64_t{1}, m, d},
                       ErrorCode::kNeighborsTreeShape, why));
  const auto idx = idx_array.span<int64_t>();
  std::vector<uint8_t> seen(n, 0);
  for (uint64_t i = 0; i < n; ++i) {
    const int64_t v = idx[i];
    if (v < 0 || static_cast<uint64_t>(v) >= n || seen[v]) {
      return Status(
          ErrorCode::kNeighborsIdxArray,
          IndexContext(JoinContext(ctx, "idx_array"), i),
          std::to_string(v) + (v >= 0 && static_cast<uint64_t>(v) < n
                                   ? " given twice"
                                   : " not in [0, " + std::to_string(n) + ")"));
    }
    seen[v] = 1;
  }
  const auto nodes = node_data.span<int64_t>();
  for (uint64_t i = 0; i < m; ++i) {
    const int64_t start = nodes[3 * i], end = nodes[3 * i + 1];
    const int64_t leaf = nodes[3 * i + 2];
    if (!(start >= 0 && start < end && static_cast<uint64_t>(end) <= n) ||
        (leaf != 0 && leaf != 1)) {
      return Status(ErrorCode::kNeighborsNodeRange, IndexContext(dctx, i),
                    "idx_start " + std::to_string(start) + ", idx_end " +
                        std::to_string(end) + ", is_leaf " +
                        std::to_string(leaf) +
                        " (0 <= idx_start < idx_end <= " + std::to_string(n) +
                        ", is_leaf 0 or 1 expected)");
    }
    // m <= the element count bound, far below 2^63: 2i + 2 cannot wrap.
    if (leaf == 0 && 2 * i + 2 >= m) {
      return Status(ErrorCode::kNeighborsNodeChildren, IndexContext(dctx, i),
                    "node " + std::to_string(i) +
                        " is not a leaf but has no "
                        "children below " +
                        std::to_string(m));
    }
  }
  const auto bounds = node_bounds.span<double>();
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i])) {
      return Status(ErrorCode::kNeighborsNodeBounds,
                    IndexContext(JoinContext(ctx, "node_bounds"), i),
                    std::to_string(bounds[i]) + " is not finite");
    }
  }
  const auto radius = node_radius.span<double>();
  for (uint64_t i = 0; i < m; ++i) {
    if (!(std::isfinite(radius[i]) && radius[i] >= 0)) {
      return Status(ErrorCode::kNeighborsNodeBounds,
                    IndexContext(JoinContext(ctx, "node_radius"), i),
                    std::to_string(radius[i]) + " is not finite and >= 0");
    }
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal

#endif  // MODELSEAL_KINDS_NEIGHBORS_TREE_RULES_H_
