// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of Neighbors (format/SPEC.md §7); compiled into the format
// library.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

namespace {

// The tree arrays of a kd_tree or ball_tree model over n rows of d
// features: shapes (E325), idx_array a permutation (E326), node ranges
// (E327), children (E328), bounds and radii (E329).
Status CheckTree(const Neighbors& nb, const std::string& ctx, uint64_t n,
                 uint64_t d) {
  const std::string dctx = JoinContext(ctx, "node_data");
  if (nb.node_data.rank() != 2 || nb.node_data.shape()[0] < 1) {
    return Status(ErrorCode::kNeighborsTreeShape, dctx,
                  "node_data needs shape [m, 3] with m >= 1 nodes");
  }
  const uint64_t m = nb.node_data.shape()[0];
  const bool kd = nb.algorithm == NeighborsAlgorithm::kKdTree;
  const std::string why = kd ? "(a KDTree of m nodes over n rows)"
                             : "(a BallTree of m nodes over n rows)";
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
      nb.idx_array, JoinContext(ctx, "idx_array"), DType::kInt64, {n},
      ErrorCode::kNeighborsTreeShape, why));
  MODELSEAL_RETURN_IF_ERROR(
      ExpectKindTensor(nb.node_data, dctx, DType::kInt64, {m, 3},
                       ErrorCode::kNeighborsTreeShape, why));
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
      nb.node_radius, JoinContext(ctx, "node_radius"), DType::kFloat64, {m},
      ErrorCode::kNeighborsTreeShape, why));
  MODELSEAL_RETURN_IF_ERROR(
      ExpectKindTensor(nb.node_bounds, JoinContext(ctx, "node_bounds"),
                       DType::kFloat64, {kd ? uint64_t{2} : uint64_t{1}, m, d},
                       ErrorCode::kNeighborsTreeShape, why));
  const auto idx = nb.idx_array.span<int64_t>();
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
  const auto nodes = nb.node_data.span<int64_t>();
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
  const auto bounds = nb.node_bounds.span<double>();
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i])) {
      return Status(ErrorCode::kNeighborsNodeBounds,
                    IndexContext(JoinContext(ctx, "node_bounds"), i),
                    std::to_string(bounds[i]) + " is not finite");
    }
  }
  const auto radius = nb.node_radius.span<double>();
  for (uint64_t i = 0; i < m; ++i) {
    if (!(std::isfinite(radius[i]) && radius[i] >= 0)) {
      return Status(ErrorCode::kNeighborsNodeBounds,
                    IndexContext(JoinContext(ctx, "node_radius"), i),
                    std::to_string(radius[i]) + " is not finite and >= 0");
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateNeighbors(const Neighbors& nb, const std::string& ctx,
                         uint64_t n_in, const Out& out) {
  MODELSEAL_RETURN_IF_ERROR(KnownEnum(
      nb.algorithm, JoinContext(ctx, "algorithm"), "NeighborsAlgorithm"));
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(nb.metric, JoinContext(ctx, "metric"), "NeighborsMetric"));
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(nb.weights, JoinContext(ctx, "weights"), "NeighborsWeights"));
  if (nb.metric == NeighborsMetric::kMinkowski &&
      !(std::isfinite(nb.p) && nb.p >= 1)) {
    return Status(ErrorCode::kNeighborsMinkowskiP, JoinContext(ctx, "p"),
                  std::to_string(nb.p) + " is not finite and >= 1");
  }
  const std::string xctx = JoinContext(ctx, "fit_x");
  if (nb.fit_x.rank() != 2 || nb.fit_x.shape()[0] < 1) {
    return Status(ErrorCode::kNeighborsData, xctx,
                  "fit_x needs shape [n, d] with n >= 1 training rows");
  }
  const uint64_t n = nb.fit_x.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
      nb.fit_x, xctx, DType::kFloat64, {n, n_in}, ErrorCode::kNeighborsData,
      "(one row per training sample, one column per input feature)"));
  const auto x = nb.fit_x.span<double>();
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) {
      return Status(ErrorCode::kNeighborsData, IndexContext(xctx, i),
                    std::to_string(x[i]) + " is not finite");
    }
  }
  if (nb.n_neighbors < 1 || nb.n_neighbors > n) {
    return Status(ErrorCode::kNeighborsCount, JoinContext(ctx, "n_neighbors"),
                  std::to_string(nb.n_neighbors) + " not in [1, " +
                      std::to_string(n) + "]");
  }
  const bool classifier = out.task == Task::kClassification;
  if (!classifier && out.task != Task::kRegression) {
    return TaskMismatch(JoinContext(ctx, "y"), "Neighbors", out);
  }
  const std::string yctx = JoinContext(ctx, "y");
  const uint64_t k = out.n_outputs;
  MODELSEAL_RETURN_IF_ERROR(
      ExpectKindTensor(nb.y, yctx, classifier ? DType::kInt32 : DType::kFloat64,
                       {n, k}, ErrorCode::kNeighborsTargetShape,
                       "(one row per training sample, one column per output)"));
  if (classifier) {
    const auto y = nb.y.span<int32_t>();
    for (uint64_t i = 0; i < n * k; ++i) {
      const int32_t c = y[i];
      if (c < 0 || static_cast<uint64_t>(c) >= out.n_classes[i % k]) {
        return Status(ErrorCode::kNeighborsTargetValue, IndexContext(yctx, i),
                      std::to_string(c) + " not in [0, " +
                          std::to_string(out.n_classes[i % k]) + ")");
      }
    }
  } else {
    const auto y = nb.y.span<double>();
    for (uint64_t i = 0; i < n * k; ++i) {
      if (!std::isfinite(y[i])) {
        return Status(ErrorCode::kNeighborsTargetValue, IndexContext(yctx, i),
                      std::to_string(y[i]) + " is not finite");
      }
    }
  }
  if (nb.algorithm == NeighborsAlgorithm::kBrute) {
    if (nb.idx_array.present() || nb.node_data.present() ||
        nb.node_radius.present() || nb.node_bounds.present()) {
      return Status(ErrorCode::kNeighborsTreeShape,
                    JoinContext(ctx, "node_data"),
                    "a brute-force model has no tree arrays");
    }
    return Status::Ok();
  }
  return CheckTree(nb, ctx, n, n_in);
}

}  // namespace modelseal::format_internal
