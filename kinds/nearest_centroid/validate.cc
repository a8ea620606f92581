// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of NearestCentroid (format/SPEC.md §7); compiled into the
// format library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

Status ValidateNearestCentroid(const NearestCentroid& c, const std::string& ctx,
                               uint64_t n_in, const Out& out) {
  const std::string cctx = JoinContext(ctx, "centroids");
  if (out.task != Task::kClassification) {
    return TaskMismatch(cctx, "NearestCentroid", out);
  }
  if (!IsKnown(c.metric)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "metric"),
        "CentroidMetric " + std::to_string(static_cast<uint8_t>(c.metric)));
  }
  if (!IsKnown(c.rule)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "rule"),
        "CentroidRule " + std::to_string(static_cast<uint8_t>(c.rule)));
  }
  if (out.n_outputs != 1) {
    return Status(ErrorCode::kOutputCount, "output.n_outputs",
                  "a nearest centroid classifier has 1 output, not " +
                      std::to_string(out.n_outputs));
  }
  const uint64_t k = out.n_classes[0];
  if (k < 2) {
    return Status(ErrorCode::kSingleClass, "output.classes[0]",
                  "a nearest centroid classifier needs at least 2 classes");
  }
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
      c.centroids, cctx, DType::kFloat64, {k, n_in},
      ErrorCode::kNearestCentroidShape, "(k classes, n features)"));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(c.centroids, cctx));
  const std::string sctx = JoinContext(ctx, "std_dev");
  const std::string pctx = JoinContext(ctx, "priors");
  if (c.std_dev.present() != c.priors.present()) {
    return Status(ErrorCode::kNearestCentroidShape,
                  c.std_dev.present() ? pctx : sctx,
                  "absent while " +
                      std::string(c.std_dev.present() ? "std_dev" : "priors") +
                      " is present (both come from a fit by scikit-learn 1.6 "
                      "or later)");
  }
  if (!c.std_dev.present()) {
    if (c.rule == CentroidRule::kDiscriminant) {
      return Status(ErrorCode::kNearestCentroidRule, JoinContext(ctx, "rule"),
                    "discriminant needs std_dev and priors");
    }
    return Status::Ok();
  }
  MODELSEAL_RETURN_IF_ERROR(
      ExpectKindTensor(c.std_dev, sctx, DType::kFloat64, {n_in},
                       ErrorCode::kNearestCentroidShape, "(one per feature)"));
  MODELSEAL_RETURN_IF_ERROR(
      ExpectKindTensor(c.priors, pctx, DType::kFloat64, {k},
                       ErrorCode::kNearestCentroidShape, "(one per class)"));
  const auto s = c.std_dev.span<double>();
  for (size_t i = 0; i < s.size(); ++i) {
    if (!(std::isfinite(s[i]) && s[i] >= 0)) {
      return Status(ErrorCode::kNearestCentroidStdDev, IndexContext(sctx, i),
                    std::to_string(s[i]) +
                        " is not finite and >= 0 (a standard deviation)");
    }
  }
  return CheckAllPositive(c.priors, pctx, ErrorCode::kNearestCentroidPriors,
                          "a class prior");
}

}  // namespace modelseal::format_internal
