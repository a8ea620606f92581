// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of Neighbors and RadiusNeighbors (format/SPEC.md §7); compiled
// into the format library.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "format/validate_internal.h"
#include "kinds/neighbors/tree_rules.h"

namespace modelseal::format_internal {

namespace {

// The stored targets y of a neighbours kind (`kind` names it) with n
// training rows: a classifier's class indices (i32 [n, outputs], each below
// its output's class count), a regressor's values (f64 [n, outputs],
// finite).
Status CheckTargets(const Tensor& y_tensor, const std::string& ctx,
                    const char* kind, uint64_t n, const Out& out) {
  const bool classifier = out.task == Task::kClassification;
  if (!classifier && out.task != Task::kRegression) {
    return TaskMismatch(JoinContext(ctx, "y"), kind, out);
  }
  const std::string yctx = JoinContext(ctx, "y");
  const uint64_t k = out.n_outputs;
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
      y_tensor, yctx, classifier ? DType::kInt32 : DType::kFloat64, {n, k},
      ErrorCode::kNeighborsTargetShape,
      "(one row per training sample, one column per output)"));
  if (classifier) {
    const auto y = y_tensor.span<int32_t>();
    for (uint64_t i = 0; i < n * k; ++i) {
      const int32_t c = y[i];
      if (c < 0 || static_cast<uint64_t>(c) >= out.n_classes[i % k]) {
        return Status(ErrorCode::kNeighborsTargetValue, IndexContext(yctx, i),
                      std::to_string(c) + " not in [0, " +
                          std::to_string(out.n_classes[i % k]) + ")");
      }
    }
  } else {
    const auto y = y_tensor.span<double>();
    for (uint64_t i = 0; i < n * k; ++i) {
      if (!std::isfinite(y[i])) {
        return Status(ErrorCode::kNeighborsTargetValue, IndexContext(yctx, i),
                      std::to_string(y[i]) + " is not finite");
      }
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
  MODELSEAL_RETURN_IF_ERROR(CheckTargets(nb.y, ctx, "Neighbors", n, out));
  if (nb.algorithm == NeighborsAlgorithm::kBrute) {
    if (nb.idx_array.present() || nb.node_data.present() ||
        nb.node_radius.present() || nb.node_bounds.present()) {
      return Status(ErrorCode::kNeighborsTreeShape,
                    JoinContext(ctx, "node_data"),
                    "a brute-force model has no tree arrays");
    }
    return Status::Ok();
  }
  return CheckTree(nb.algorithm, nb.idx_array, nb.node_data, nb.node_radius,
                   nb.node_bounds, ctx, n, n_in);
}

// RadiusNeighbors: Neighbors' rules for the metric, fit_x, y and the tree
// (E321-E329), the radius (E330) and the outlier arrays (E331, E332).
Status ValidateRadiusNeighbors(const RadiusNeighbors& nb,
                               const std::string& ctx, uint64_t n_in,
                               const Out& out) {
  MODELSEAL_RETURN_IF_ERROR(KnownEnum(
      nb.algorithm, JoinContext(ctx, "algorithm"), "NeighborsAlgorithm"));
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(nb.metric, JoinContext(ctx, "metric"), "NeighborsMetric"));
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(nb.weights, JoinContext(ctx, "weights"), "NeighborsWeights"));
  MODELSEAL_RETURN_IF_ERROR(KnownEnum(
      nb.euclidean, JoinContext(ctx, "euclidean"), "RadiusEuclidean"));
  if (nb.metric == NeighborsMetric::kMinkowski &&
      !(std::isfinite(nb.p) && nb.p >= 1)) {
    return Status(ErrorCode::kNeighborsMinkowskiP, JoinContext(ctx, "p"),
                  std::to_string(nb.p) + " is not finite and >= 1");
  }
  if (!(std::isfinite(nb.radius) && nb.radius >= 0)) {
    return Status(ErrorCode::kRadiusNeighborsRadius, JoinContext(ctx, "radius"),
                  std::to_string(nb.radius) + " is not finite and >= 0");
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
  const bool classifier = out.task == Task::kClassification;
  MODELSEAL_RETURN_IF_ERROR(CheckTargets(nb.y, ctx, "RadiusNeighbors", n, out));
  const uint64_t k = out.n_outputs;
  const std::string pctx = JoinContext(ctx, "outlier_proba");
  const std::string cctx = JoinContext(ctx, "outlier_class");
  if (!classifier || !nb.outlier_proba.present() ||
      !nb.outlier_class.present()) {
    if (nb.outlier_proba.present() || nb.outlier_class.present()) {
      return Status(ErrorCode::kRadiusNeighborsOutlierShape,
                    nb.outlier_proba.present() ? pctx : cctx,
                    classifier ? "outlier_proba and outlier_class need to be "
                                 "both present or both absent"
                               : "a regressor has no outlier label");
    }
  } else {
    const char* why = "(one entry per output)";
    MODELSEAL_RETURN_IF_ERROR(
        ExpectKindTensor(nb.outlier_proba, pctx, DType::kInt64, {k},
                         ErrorCode::kRadiusNeighborsOutlierShape, why));
    MODELSEAL_RETURN_IF_ERROR(
        ExpectKindTensor(nb.outlier_class, cctx, DType::kInt64, {k},
                         ErrorCode::kRadiusNeighborsOutlierShape, why));
    const auto op = nb.outlier_proba.span<int64_t>();
    const auto oc = nb.outlier_class.span<int64_t>();
    for (uint64_t o = 0; o < k; ++o) {
      const auto c = static_cast<int64_t>(out.n_classes[o]);
      for (const auto& [v, vctx] :
           {std::pair{op[o], pctx}, std::pair{oc[o], cctx}}) {
        if (v < -1 || v >= c) {
          return Status(ErrorCode::kRadiusNeighborsOutlierValue,
                        IndexContext(vctx, o),
                        std::to_string(v) + " not -1 or in [0, " +
                            std::to_string(c) + ")");
        }
      }
      if (op[o] == -1 && oc[o] == -1) {
        return Status(ErrorCode::kRadiusNeighborsOutlierValue,
                      IndexContext(cctx, o),
                      "outlier_proba and outlier_class both -1 (a row with "
                      "no neighbour would have no class)");
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
  return CheckTree(nb.algorithm, nb.idx_array, nb.node_data, nb.node_radius,
                   nb.node_bounds, ctx, n, n_in);
}

}  // namespace modelseal::format_internal
