// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of Constant (format/SPEC.md §7); compiled into the format
// library.
#include <cstdint>
#include <string>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

Status ValidateConstant(const Constant& c, const std::string& ctx,
                        uint64_t /*n_in*/, const Out& out) {
  if (out.task == Task::kTransform) {
    return TaskMismatch(JoinContext(ctx, "values"), "Constant", out);
  }
  const bool classifier = out.task == Task::kClassification;
  if (classifier && out.n_outputs != 1) {
    return Status(ErrorCode::kOutputCount, "output.n_outputs",
                  "a constant classifier has 1 output, not " +
                      std::to_string(out.n_outputs));
  }
  const uint64_t width = classifier ? out.n_classes[0] : out.n_outputs;
  const std::string vctx = JoinContext(ctx, "values");
  const Tensor& v = c.values;
  if (!v.present() || v.dtype() != DType::kFloat64 || v.rank() != 1 ||
      v.shape()[0] != width || width == 0) {
    return Status(ErrorCode::kConstantShape, vctx,
                  (v.present() ? std::string(DTypeName(v.dtype())) + " " +
                                     ShapeString(v.shape())
                               : std::string("absent")) +
                      ", expected f64 [" + std::to_string(width) + "] (" +
                      (classifier ? "one probability per class"
                                  : "one value per output") +
                      ")");
  }
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(v, vctx, DType::kFloat64, {width}, true));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(v, vctx));
  if (classifier) {
    const auto p = v.span<double>();
    for (size_t i = 0; i < p.size(); ++i) {
      if (!(p[i] >= 0 && p[i] <= 1)) {
        return Status(ErrorCode::kConstantProba, IndexContext(vctx, i),
                      std::to_string(p[i]) + " is not a probability");
      }
    }
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal
