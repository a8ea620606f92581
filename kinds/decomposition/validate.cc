// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of Projection (format/SPEC.md §7); compiled into the format
// library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

namespace {

// `t` is f64 of `shape` (E293 otherwise, `why` saying what needs it),
// finite.
Status CheckShape(const Tensor& t, const std::string& ctx,
                  const std::vector<uint64_t>& shape, const std::string& why) {
  MODELSEAL_RETURN_IF_ERROR(ExpectKindTensor(t, ctx, DType::kFloat64, shape,
                                             ErrorCode::kProjectionShape, why));
  return CheckAllFinite(t, ctx);
}

}  // namespace

Status ValidateProjection(const Projection& k, const std::string& ctx,
                          uint64_t n_in, uint64_t* width_out) {
  if (!IsKnown(k.centering)) {
    return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, "centering"),
                  "ProjectionCentering " +
                      std::to_string(static_cast<uint8_t>(k.centering)));
  }
  const std::string cctx = JoinContext(ctx, "components");
  const Tensor& c = k.components;
  if (!c.present() || c.rank() != 2 || c.shape()[0] < 1 ||
      c.shape()[1] != n_in) {
    return Status(ErrorCode::kProjectionShape, cctx,
                  (c.present() ? ShapeString(c.shape()) : "absent") +
                      std::string(", expected [k, ") + std::to_string(n_in) +
                      "] with k >= 1 (the step's input features)");
  }
  const uint64_t components = c.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(
      CheckShape(c, cctx, {components, n_in}, "(components_)"));
  const std::string mctx = JoinContext(ctx, "mean");
  if (k.centering == ProjectionCentering::kNone) {
    if (k.mean.present()) {
      return Status(ErrorCode::kProjectionShape, mctx,
                    "present with centering none, which does not use it");
    }
  } else {
    MODELSEAL_RETURN_IF_ERROR(
        CheckShape(k.mean, mctx, {n_in},
                   "for centering " + std::string(EnumName(k.centering))));
  }
  if (k.scale.present()) {
    const std::string sctx = JoinContext(ctx, "scale");
    MODELSEAL_RETURN_IF_ERROR(
        CheckShape(k.scale, sctx, {components}, "(one per component)"));
    MODELSEAL_RETURN_IF_ERROR(
        CheckAllPositive(k.scale, sctx, ErrorCode::kProjectionScale));
  }
  *width_out = components;
  return Status::Ok();
}

}  // namespace modelseal::format_internal
