// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of GradientBoosting (format/SPEC.md §8.3); compiled into the
// format library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

Status ValidateGradientBoosting(const GradientBoosting& g,
                                const std::string& ctx, uint64_t n_in,
                                const Out& out) {
  if (out.task == Task::kTransform) {
    return TaskMismatch(ctx, "GradientBoosting", out);
  }
  if (!IsKnown(g.loss)) {
    return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, "loss"),
                  "GbLoss " + std::to_string(static_cast<uint8_t>(g.loss)));
  }
  uint64_t k = 1;
  MODELSEAL_RETURN_IF_ERROR(
      BoostingColumns(IsClassifierLoss(g.loss), IsMulticlassLoss(g.loss),
                      JoinContext(ctx, "loss"), "GradientBoosting", out, &k));
  if (!std::isfinite(g.learning_rate) || !(g.learning_rate > 0)) {
    return Status(ErrorCode::kScalarOutOfRange,
                  JoinContext(ctx, "learning_rate"),
                  std::to_string(g.learning_rate) + " is not finite and > 0");
  }
  MODELSEAL_RETURN_IF_ERROR(
      CheckTreeList(g.trees.size(), JoinContext(ctx, "trees")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckStages(g.n_stages, k, g.trees.size(), ctx, "n_stages"));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(
      g.init_raw, JoinContext(ctx, "init_raw"), DType::kFloat64, {k}, true));
  MODELSEAL_RETURN_IF_ERROR(
      CheckAllFinite(g.init_raw, JoinContext(ctx, "init_raw")));
  for (size_t i = 0; i < g.trees.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(ValidateTree(
        g.trees[i], IndexContext(JoinContext(ctx, "trees"), i), n_in, 1, 1));
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal
