// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of QuadraticDiscriminant (format/SPEC.md §7); compiled into the
// format library.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

namespace {

// Every entry of the f64 tensor `t` finite and > 0, else `code` at the
// first that is not.
Status CheckPositive(const Tensor& t, const std::string& ctx, ErrorCode code,
                     const char* what) {
  const auto v = t.span<double>();
  for (size_t i = 0; i < v.size(); ++i) {
    if (!(std::isfinite(v[i]) && v[i] > 0)) {
      return Status(
          code, IndexContext(ctx, i),
          std::to_string(v[i]) + ": " + what + " must be finite and > 0");
    }
  }
  return Status::Ok();
}

}  // namespace

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
  MODELSEAL_RETURN_IF_ERROR(CheckPositive(
      q.scalings, JoinContext(ctx, "scalings"), ErrorCode::kQuadraticScalings,
      "a variance along a component"));
  return CheckPositive(q.priors, JoinContext(ctx, "priors"),
                       ErrorCode::kQuadraticPriors, "a class prior");
}

}  // namespace modelseal::format_internal
