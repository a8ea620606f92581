// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of IsolationForest (format/SPEC.md §7); compiled into the
// format library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

Status ValidateIsolationForest(const IsolationForest& f, const std::string& ctx,
                               uint64_t n_in, const Out& out) {
  if (!IsKnown(f.input)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "input"),
        "IsolationInput " + std::to_string(static_cast<uint8_t>(f.input)));
  }
  if (out.task != Task::kClassification || out.n_outputs != 1 ||
      out.n_classes[0] != 2) {
    return Status(ErrorCode::kIsolationForestOutput, JoinContext(ctx, "trees"),
                  "IsolationForest predicts -1 or 1: it needs one "
                  "classification output with 2 classes");
  }
  const std::string tctx = JoinContext(ctx, "trees");
  MODELSEAL_RETURN_IF_ERROR(CheckTreeList(f.trees.size(), tctx));
  if (f.trees.empty()) {
    return Status(ErrorCode::kTreeCount, tctx,
                  "an isolation forest needs at least one tree");
  }
  // One path value per leaf: value [nodes, 1, 1], every entry finite.
  for (size_t i = 0; i < f.trees.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        ValidateTree(f.trees[i], IndexContext(tctx, i), n_in, 1, 1));
  }
  if (!(std::isfinite(f.denominator) && f.denominator >= 0)) {
    return Status(ErrorCode::kIsolationForestDenominator,
                  JoinContext(ctx, "denominator"),
                  std::to_string(f.denominator) +
                      " is not finite and >= 0 (n_estimators times the "
                      "average path length of max_samples_)");
  }
  if (!std::isfinite(f.offset)) {
    return Status(ErrorCode::kIsolationForestOffset, JoinContext(ctx, "offset"),
                  std::to_string(f.offset) + " is not finite");
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal
