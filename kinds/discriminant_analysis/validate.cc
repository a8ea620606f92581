// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of QuadraticDiscriminant (format/SPEC.md §7); compiled into the
// format library.
#include <cstdint>
#include <string>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

Status ValidateQuadraticDiscriminant(const QuadraticDiscriminant& q,
                                     const std::string& ctx, uint64_t n_in,
                                     const Out& out) {
  const std::string rctx = JoinContext(ctx, "rotations");
  if (out.task != Task::kClassification) {
    return TaskMismatch(rctx, "QuadraticDiscriminant", out);
  }
  if (!IsKnown(q.proba)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "proba"),
        "QuadraticProba " + std::to_string(static_cast<uint8_t>(q.proba)));
  }
  if (out.n_outputs != 1) {
    return Status(ErrorCode::kOutputCount, "output.n_outputs",
                  "a quadratic discriminant has 1 output, not " +
                      std::to_string(out.n_outputs));
  }
  const uint64_t k = out.n_classes[0];
  if (k < 2) {
    return Status(ErrorCode::kSingleClass, "output.classes[0]",
                  "a quadratic discriminant needs at least 2 classes");
  }
  // r, the components per class, from rotations' last dimension: 1..n.
  const Tensor& rot = q.rotations;
  const bool r_ok = rot.present() && rot.rank() == 3 && rot.shape()[2] >= 1 &&
                    rot.shape()[2] <= n_in;
  const uint64_t r = r_ok ? rot.shape()[2] : n_in;
  const std::string why = "(k classes, n features, r <= n components)";
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(rot, rctx, DType::kFloat64,
                                             {k, n_in, r},
                                             ErrorCode::kQuadraticShape, why));
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(q.means, JoinContext(ctx, "means"),
                                             DType::kFloat64, {k, n_in},
                                             ErrorCode::kQuadraticShape, why));
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(
      q.scalings, JoinContext(ctx, "scalings"), DType::kFloat64, {k, r},
      ErrorCode::kQuadraticShape, why));
  MODELSEAL_RETURN_IF_ERROR(
      ExpectKindTensor(q.priors, JoinContext(ctx, "priors"), DType::kFloat64,
                       {k}, ErrorCode::kQuadraticShape, why));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(q.means, JoinContext(ctx, "means")));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(rot, rctx));
  MODELSEAL_RETURN_IF_ERROR(CheckAllPositive(
      q.scalings, JoinContext(ctx, "scalings"), ErrorCode::kQuadraticScalings,
      "a variance along a component"));
  return CheckAllPositive(q.priors, JoinContext(ctx, "priors"),
                          ErrorCode::kQuadraticPriors, "a class prior");
}

}  // namespace modelseal::format_internal
