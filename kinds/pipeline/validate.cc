// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of Pipeline (format/SPEC.md §7); compiled into the format
// library.
#include <cstdint>
#include <string>

#include "format/validate_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {
namespace {

Status ValidateSteps(const Pipeline& p, const std::string& ctx, uint64_t n_in,
                     uint64_t depth, Role role, const Out& out,
                     uint64_t* width_out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  if (p.steps.empty() || p.steps.size() > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kPipelineShape, JoinContext(ctx, "steps"),
                  std::to_string(p.steps.size()) + " steps, expected 1 to " +
                      std::to_string(limits::kMaxPipelineSteps));
  }
  uint64_t width = n_in;
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const bool last = i + 1 == p.steps.size();
    const std::string step_ctx = IndexContext(JoinContext(ctx, "steps"), i);
    MODELSEAL_RETURN_IF_ERROR(
        ValidateEstimator(p.steps[i], step_ctx, width, depth + 1,
                          last ? role : Role::kStep, out, &width));
  }
  *width_out = width;
  return Status::Ok();
}

}  // namespace

Status ValidatePipeline(const Pipeline& p, const std::string& ctx,
                        uint64_t n_in, uint64_t depth, Role role,
                        const Out& out, uint64_t* width_out) {
  MODELSEAL_RETURN_IF_ERROR(
      ValidateSteps(p, ctx, n_in, depth, role, out, width_out));
  const bool transformer = !p.steps.empty() && IsTransformer(p.steps.back());
  if (role == Role::kStep && !transformer) {
    return Status(ErrorCode::kPipelineShape, ctx,
                  "a pipeline ending in a predictor is not a transformer");
  }
  if (role == Role::kFinal && transformer) {
    // A pipeline of transformers is checked like a lone transformer.
    return CheckFinalTransform(ctx, "a pipeline of transformers", out,
                               *width_out);
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal
