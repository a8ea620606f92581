// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of LocalOutlierFactor (format/SPEC.md §7); compiled into the
// format library. The tree arrays follow Neighbors' rules (E325-E329,
// kinds/neighbors/tree_rules.h).
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"
#include "kinds/neighbors/tree_rules.h"

namespace modelseal::format_internal {

namespace {

// An f64 [n] tensor of finite values, each > 0 (`positive`) or >= 0.
Status CheckPerRow(const Tensor& t, const std::string& ctx, uint64_t n,
                   bool positive, ErrorCode code, const char* why) {
  MODELSEAL_RETURN_IF_ERROR(
      ExpectKindTensor(t, ctx, DType::kFloat64, {n}, code, why));
  const auto v = t.span<double>();
  for (size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i]) || (positive ? !(v[i] > 0) : !(v[i] >= 0))) {
      return Status(
          code, IndexContext(ctx, i),
          std::to_string(v[i]) + (positive ? " is not finite and > 0"
                                           : " is not finite and >= 0"));
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateLocalOutlierFactor(const LocalOutlierFactor& lof,
                                  const std::string& ctx, uint64_t n_in,
                                  const Out& out) {
  MODELSEAL_RETURN_IF_ERROR(KnownEnum(
      lof.algorithm, JoinContext(ctx, "algorithm"), "NeighborsAlgorithm"));
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(lof.metric, JoinContext(ctx, "metric"), "NeighborsMetric"));
  if (out.task != Task::kClassification || out.n_outputs != 1 ||
      out.n_classes[0] != 2) {
    return Status(ErrorCode::kLocalOutlierFactorOutput, JoinContext(ctx, "lrd"),
                  "LocalOutlierFactor predicts -1 or 1: it needs one "
                  "classification output with 2 classes");
  }
  if (lof.metric == NeighborsMetric::kMinkowski &&
      !(std::isfinite(lof.p) && lof.p >= 1)) {
    return Status(ErrorCode::kLocalOutlierFactorMinkowskiP,
                  JoinContext(ctx, "p"),
                  std::to_string(lof.p) + " is not finite and >= 1");
  }
  const std::string xctx = JoinContext(ctx, "fit_x");
  if (lof.fit_x.rank() != 2 || lof.fit_x.shape()[0] < 1) {
    return Status(ErrorCode::kLocalOutlierFactorData, xctx,
                  "fit_x needs shape [n, d] with n >= 1 training rows");
  }
  const uint64_t n = lof.fit_x.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
      lof.fit_x, xctx, DType::kFloat64, {n, n_in},
      ErrorCode::kLocalOutlierFactorData,
      "(one row per training sample, one column per input feature)"));
  const auto x = lof.fit_x.span<double>();
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) {
      return Status(ErrorCode::kLocalOutlierFactorData, IndexContext(xctx, i),
                    std::to_string(x[i]) + " is not finite");
    }
  }
  if (lof.n_neighbors < 1 || lof.n_neighbors > n) {
    return Status(ErrorCode::kLocalOutlierFactorCount,
                  JoinContext(ctx, "n_neighbors"),
                  std::to_string(lof.n_neighbors) + " not in [1, " +
                      std::to_string(n) + "]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckPerRow(
      lof.lrd, JoinContext(ctx, "lrd"), n, true,
      ErrorCode::kLocalOutlierFactorDensity, "(one per training row)"));
  MODELSEAL_RETURN_IF_ERROR(CheckPerRow(
      lof.k_distance, JoinContext(ctx, "k_distance"), n, false,
      ErrorCode::kLocalOutlierFactorKDistance, "(one per training row)"));
  if (!std::isfinite(lof.offset)) {
    return Status(ErrorCode::kLocalOutlierFactorOffset,
                  JoinContext(ctx, "offset"),
                  std::to_string(lof.offset) + " is not finite");
  }
  if (lof.algorithm == NeighborsAlgorithm::kBrute) {
    if (lof.idx_array.present() || lof.node_data.present() ||
        lof.node_radius.present() || lof.node_bounds.present()) {
      return Status(ErrorCode::kNeighborsTreeShape,
                    JoinContext(ctx, "node_data"),
                    "a brute-force model has no tree arrays");
    }
    return Status::Ok();
  }
  return CheckTree(lof.algorithm, lof.idx_array, lof.node_data, lof.node_radius,
                   lof.node_bounds, ctx, n, n_in);
}

}  // namespace modelseal::format_internal
