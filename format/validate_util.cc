// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The shared helpers of ValidateModel (format/validate_internal.h).
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/checked_math.h"
#include "core/utf8.h"
#include "format/validate_internal.h"
#include "kinds/kinds.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

std::string ShapeString(const std::vector<uint64_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) out += ", ";
    out += shape[i] == kAny ? std::string("*") : std::to_string(shape[i]);
  }
  return out + "]";
}

Status CheckString(const std::string& s, const std::string& ctx, uint64_t max,
                   bool required) {
  if (s.size() > max) {
    return Status(
        ErrorCode::kStringTooLong, ctx,
        std::to_string(s.size()) + " bytes, limit " + std::to_string(max));
  }
  if (required && s.empty()) return Status(ErrorCode::kStringEmpty, ctx, "");
  if (!IsValidUtf8(s)) {
    return Status(ErrorCode::kStringNotUtf8, ctx, "invalid byte sequence");
  }
  return Status::Ok();
}

Status CheckListSize(uint64_t size, uint64_t max, const std::string& ctx) {
  if (size > max) {
    return Status(
        ErrorCode::kTooManyItems, ctx,
        std::to_string(size) + " items, limit " + std::to_string(max));
  }
  return Status::Ok();
}

Status CheckFinite(double v, const std::string& ctx) {
  if (!std::isfinite(v)) {
    return Status(ErrorCode::kValueNotFinite, ctx, std::to_string(v));
  }
  return Status::Ok();
}
Status CheckTensorIntegrity(const Tensor& t, const std::string& ctx) {
  if (!DTypeIsValid(static_cast<uint8_t>(t.dtype()))) {
    return Status(ErrorCode::kTensorDType, ctx,
                  "dtype " + std::to_string(static_cast<int>(t.dtype())));
  }
  if (t.rank() < 1 || t.rank() > limits::kMaxRank) {
    return Status(ErrorCode::kTensorRank, ctx,
                  "rank " + std::to_string(t.rank()) + " not in [1, " +
                      std::to_string(limits::kMaxRank) + "]");
  }
  uint64_t elements = 1;
  for (uint64_t d : t.shape()) {
    auto p = CheckedMul(elements, d);
    if (!p || *p > limits::kMaxTensorElements) {
      return Status(ErrorCode::kTensorTooLarge, ctx,
                    "shape " + ShapeString(t.shape()));
    }
    elements = *p;
  }
  auto bytes = CheckedMul(elements, DTypeSize(t.dtype()));
  if (!bytes || *bytes != t.nbytes()) {
    return Status(ErrorCode::kTensorLength, ctx,
                  std::to_string(t.nbytes()) + " bytes for shape " +
                      ShapeString(t.shape()) + " of " + DTypeName(t.dtype()));
  }
  if (t.nbytes() > 0 &&
      reinterpret_cast<uintptr_t>(t.data()) % DTypeSize(t.dtype()) != 0) {
    return Status(ErrorCode::kTensorMisaligned, ctx,
                  "data not aligned for " + std::string(DTypeName(t.dtype())));
  }
  return Status::Ok();
}

Status ExpectTensor(const Tensor& t, const std::string& ctx, DType dtype,
                    const std::vector<uint64_t>& shape, bool required) {
  if (!t.present()) {
    if (required) return Status(ErrorCode::kTensorMissing, ctx, "");
    return Status::Ok();
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTensorIntegrity(t, ctx));
  if (t.dtype() != dtype) {
    return Status(
        ErrorCode::kTensorWrongDType, ctx,
        std::string(DTypeName(t.dtype())) + ", expected " + DTypeName(dtype));
  }
  bool match = t.rank() == shape.size();
  for (size_t i = 0; match && i < shape.size(); ++i) {
    match = shape[i] == kAny || shape[i] == t.shape()[i];
  }
  if (!match) {
    return Status(ErrorCode::kTensorWrongShape, ctx,
                  ShapeString(t.shape()) + ", expected " + ShapeString(shape));
  }
  return Status::Ok();
}

Status ExpectKindTensor(const Tensor& t, const std::string& ctx, DType dtype,
                        const std::vector<uint64_t>& shape, ErrorCode code,
                        const std::string& why) {
  if (!t.present() || t.dtype() != dtype || t.shape() != shape) {
    return Status(code, ctx,
                  (t.present() ? std::string(DTypeName(t.dtype())) + " " +
                                     ShapeString(t.shape())
                               : std::string("absent")) +
                      ", expected " + DTypeName(dtype) + " " +
                      ShapeString(shape) + " " + why);
  }
  return ExpectTensor(t, ctx, dtype, shape, true);
}

Status CheckAllFinite(const Tensor& t, const std::string& ctx) {
  auto v = t.span<double>();
  for (size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      return Status(ErrorCode::kValueNotFinite, IndexContext(ctx, i),
                    std::to_string(v[i]));
    }
  }
  return Status::Ok();
}

Status CheckAllPositive(const Tensor& t, const std::string& ctx, ErrorCode code,
                        const std::string& what) {
  auto v = t.span<double>();
  for (size_t i = 0; i < v.size(); ++i) {
    if (!(std::isfinite(v[i]) && v[i] > 0)) {
      return Status(code, IndexContext(ctx, i),
                    std::to_string(v[i]) + " is not finite and > 0" +
                        (what.empty() ? "" : " (" + what + ")"));
    }
  }
  return Status::Ok();
}

Status CheckFlags(const Tensor& t, const std::string& ctx) {
  auto v = t.span<uint8_t>();
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] > 1) {
      return Status(ErrorCode::kScalarOutOfRange, IndexContext(ctx, i),
                    std::to_string(v[i]) + " is not 0 or 1");
    }
  }
  return Status::Ok();
}

Status CheckNodeCount(uint64_t nodes, const std::string& ctx) {
  if (nodes == 0) return Status(ErrorCode::kTreeEmpty, ctx, "");
  if (nodes > limits::kMaxTreeNodes) {
    return Status(ErrorCode::kTreeTooLarge, ctx,
                  std::to_string(nodes) + " nodes");
  }
  return Status::Ok();
}

Status TaskMismatch(const std::string& ctx, const char* kind, const Out& out) {
  return Status(ErrorCode::kTaskMismatch, ctx,
                std::string(kind) + " cannot serve task " + EnumName(out.task));
}

bool IsTransformer(const Estimator& e) {
  if (std::holds_alternative<ColumnTransformer>(e.kind) ||
      std::holds_alternative<FeatureUnion>(e.kind)) {
    return true;
  }
  const auto* p = std::get_if<Pipeline>(&e.kind);
  if (p == nullptr) return kinds::RoleOf(e) == kinds::Role::kTransformer;
  return !p->steps.empty() && IsTransformer(p->steps.back());
}

uint64_t TreeWidth(const Out& out) {
  return out.task == Task::kClassification ? out.max_classes : 1;
}

Status CheckTreeList(size_t size, const std::string& ctx) {
  if (size > limits::kMaxTrees) {
    return Status(ErrorCode::kTooManyTrees, ctx,
                  std::to_string(size) + " trees, limit " +
                      std::to_string(limits::kMaxTrees));
  }
  return Status::Ok();
}
Status BoostingColumns(bool classification_loss, bool multiclass_loss,
                       const std::string& loss_ctx, const char* kind,
                       const Out& out, uint64_t* k) {
  if (out.task == Task::kTransform ||
      classification_loss != (out.task == Task::kClassification)) {
    return TaskMismatch(loss_ctx, kind, out);
  }
  if (out.n_outputs != 1) {
    return Status(ErrorCode::kOutputCount, "output.n_outputs",
                  std::string(kind) + " has 1 output, not " +
                      std::to_string(out.n_outputs));
  }
  *k = 1;
  if (classification_loss) {
    const uint64_t c = out.n_classes[0];
    if (c < 2) {
      return Status(ErrorCode::kSingleClass, "output.classes[0]",
                    std::string(kind) + " needs at least 2 classes");
    }
    if (multiclass_loss != (c > 2)) {
      return Status(ErrorCode::kTaskMismatch, loss_ctx,
                    std::string(multiclass_loss ? "multiclass" : "binary") +
                        " loss with " + std::to_string(c) + " classes");
    }
    if (multiclass_loss) *k = c;
  }
  return Status::Ok();
}

Status CheckStages(uint64_t stages, uint64_t k, size_t trees,
                   const std::string& ctx, const char* stages_name) {
  if (stages == 0) {
    return Status(ErrorCode::kScalarOutOfRange, JoinContext(ctx, stages_name),
                  "must be at least 1");
  }
  auto expected = CheckedMul(stages, k);
  if (!expected || *expected != trees) {
    return Status(ErrorCode::kTreeCount, JoinContext(ctx, "trees"),
                  std::to_string(trees) + " trees, expected " +
                      std::to_string(stages) + " * " + std::to_string(k));
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal
