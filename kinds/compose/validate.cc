// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of the composition kinds (format/SPEC.md §7, format 1.1):
// Passthrough, ColumnTransformer, FeatureUnion and TransformedTargetRegressor.
// Compiled into the format library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

Status ValidatePassthrough(const Passthrough& /*k*/, const std::string& /*ctx*/,
                           uint64_t n_in, uint64_t* width_out) {
  *width_out = n_in;
  return Status::Ok();
}

Status ValidateColumnTransformer(const ColumnTransformer& k,
                                 const std::string& ctx, uint64_t n_in,
                                 uint64_t depth, Role role, const Out& out,
                                 uint64_t* width_out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  const std::string groups_ctx = JoinContext(ctx, "groups");
  if (k.groups.empty() || k.groups.size() > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kColumnGroupCount, groups_ctx,
                  std::to_string(k.groups.size()) + " groups, expected 1 to " +
                      std::to_string(limits::kMaxPipelineSteps));
  }
  uint64_t width = 0;
  for (size_t i = 0; i < k.groups.size(); ++i) {
    const ColumnGroup& g = k.groups[i];
    const std::string group_ctx = IndexContext(groups_ctx, i);
    const std::string columns_ctx = JoinContext(group_ctx, "columns");
    if (g.columns.empty() || g.columns.size() > limits::kMaxFeatures) {
      return Status(ErrorCode::kColumnGroupColumns, columns_ctx,
                    std::to_string(g.columns.size()) +
                        " columns, expected 1 to " +
                        std::to_string(limits::kMaxFeatures));
    }
    for (size_t c = 0; c < g.columns.size(); ++c) {
      if (g.columns[c] >= n_in) {
        return Status(ErrorCode::kColumnGroupColumns,
                      IndexContext(columns_ctx, c),
                      std::to_string(g.columns[c]) + " out of range [0, " +
                          std::to_string(n_in) + ")");
      }
    }
    const std::string transformer_ctx = JoinContext(group_ctx, "transformer");
    if (g.transformer.size() != 1) {
      return Status(ErrorCode::kColumnGroupTransformer, transformer_ctx,
                    std::to_string(g.transformer.size()) +
                        " transformers, expected exactly 1");
    }
    const Estimator& t = g.transformer[0];
    const std::string t_ctx = IndexContext(transformer_ctx, 0);
    if (!IsTransformer(t)) {
      return Status(ErrorCode::kColumnGroupTransformer, t_ctx,
                    std::string(t.kind_name()) + " is not a transformer");
    }
    uint64_t group_width = 0;
    MODELSEAL_RETURN_IF_ERROR(ValidateEstimator(
        t, t_ctx, g.columns.size(), depth + 1, Role::kStep, out, &group_width));
    if (group_width > limits::kMaxFeatures - width) {
      return Status(ErrorCode::kTransformWidth, ctx,
                    "the groups' widths add up to more than " +
                        std::to_string(limits::kMaxFeatures));
    }
    width += group_width;
  }
  // Every group's width is >= 1 (checked for each transformer).
  *width_out = width;
  if (role == Role::kFinal) {
    return CheckFinalTransform(ctx, "ColumnTransformer", out, width);
  }
  return Status::Ok();
}

Status ValidateFeatureUnion(const FeatureUnion& k, const std::string& ctx,
                            uint64_t n_in, uint64_t depth, Role role,
                            const Out& out, uint64_t* width_out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  const std::string list_ctx = JoinContext(ctx, "transformers");
  const size_t n = k.transformers.size();
  if (n == 0 || n > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kUnionTransformerCount, list_ctx,
                  std::to_string(n) + " transformers, expected 1 to " +
                      std::to_string(limits::kMaxPipelineSteps));
  }
  const std::string weights_ctx = JoinContext(ctx, "weights");
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(k.weights, weights_ctx, DType::kFloat64, {kAny}, false));
  if (k.weights.present()) {
    auto w = k.weights.span<double>();
    if (w.size() != n) {
      return Status(ErrorCode::kUnionWeights, weights_ctx,
                    std::to_string(w.size()) + " weights for " +
                        std::to_string(n) + " transformers");
    }
    for (size_t i = 0; i < w.size(); ++i) {
      if (!std::isfinite(w[i])) {
        return Status(ErrorCode::kUnionWeights, IndexContext(weights_ctx, i),
                      "not finite");
      }
    }
  }
  uint64_t width = 0;
  for (size_t i = 0; i < n; ++i) {
    const Estimator& t = k.transformers[i];
    const std::string t_ctx = IndexContext(list_ctx, i);
    if (!IsTransformer(t)) {
      return Status(ErrorCode::kUnionTransformer, t_ctx,
                    std::string(t.kind_name()) + " is not a transformer");
    }
    uint64_t t_width = 0;
    MODELSEAL_RETURN_IF_ERROR(ValidateEstimator(t, t_ctx, n_in, depth + 1,
                                                Role::kStep, out, &t_width));
    if (t_width > limits::kMaxFeatures - width) {
      return Status(ErrorCode::kTransformWidth, ctx,
                    "the transformers' widths add up to more than " +
                        std::to_string(limits::kMaxFeatures));
    }
    width += t_width;
  }
  *width_out = width;
  if (role == Role::kFinal) {
    return CheckFinalTransform(ctx, "FeatureUnion", out, width);
  }
  return Status::Ok();
}

namespace {

bool IsArithmetic(TargetOp op) {
  return op == TargetOp::kMultiply || op == TargetOp::kAdd ||
         op == TargetOp::kSubtract || op == TargetOp::kDivide;
}

// One step of the inverse transform: known check and op, the fields the op
// uses and no other (E266), values finite and divisors nonzero (E267).
Status ValidateTargetStep(const InverseStep& s, const std::string& ctx,
                          const Out& out) {
  if (!IsKnown(s.check)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "check"),
        "TargetCheck " + std::to_string(static_cast<uint8_t>(s.check)));
  }
  if (!IsKnown(s.op)) {
    return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, "op"),
                  "TargetOp " + std::to_string(static_cast<uint8_t>(s.op)));
  }
  const std::string op = EnumName(s.op);
  const std::string values_ctx = JoinContext(ctx, "values");
  const std::string func_ctx = JoinContext(ctx, "func");
  if (IsArithmetic(s.op) != s.values.present()) {
    return Status(
        ErrorCode::kTargetStepFields, values_ctx,
        s.values.present() ? "present for op " + op : "absent for op " + op);
  }
  if (s.op == TargetOp::kUfunc) {
    if (static_cast<uint8_t>(s.func) == 0) {
      return Status(ErrorCode::kTargetStepFields, func_ctx,
                    "absent for op ufunc");
    }
    if (!IsKnown(s.func)) {
      return Status(ErrorCode::kUnknownEnum, func_ctx,
                    "Ufunc " + std::to_string(static_cast<uint8_t>(s.func)));
    }
  } else if (static_cast<uint8_t>(s.func) != 0) {
    return Status(ErrorCode::kTargetStepFields, func_ctx, "set for op " + op);
  }
  if (!s.values.present()) return Status::Ok();
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(s.values, values_ctx, DType::kFloat64,
                                         {out.n_outputs}, true));
  auto v = s.values.span<double>();
  for (size_t j = 0; j < v.size(); ++j) {
    if (!std::isfinite(v[j])) {
      return Status(ErrorCode::kTargetStepValues, IndexContext(values_ctx, j),
                    "not finite");
    }
    if (s.op == TargetOp::kDivide && v[j] == 0) {
      return Status(ErrorCode::kTargetStepValues, IndexContext(values_ctx, j),
                    "a zero divisor");
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateTransformedTargetRegressor(const TransformedTargetRegressor& k,
                                          const std::string& ctx, uint64_t n_in,
                                          uint64_t depth, Role role,
                                          const Out& out, uint64_t* width_out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  if (role == Role::kStep) {
    return Status(ErrorCode::kPipelineShape, ctx,
                  "TransformedTargetRegressor is not a transformer and must "
                  "be the last step");
  }
  if (out.task != Task::kRegression) {
    return TaskMismatch(ctx, "TransformedTargetRegressor", out);
  }
  const std::string regressor_ctx = JoinContext(ctx, "regressor");
  if (k.regressor.size() != 1) {
    return Status(
        ErrorCode::kTargetRegressor, regressor_ctx,
        std::to_string(k.regressor.size()) + " regressors, expected exactly 1");
  }
  const std::string entry_ctx = IndexContext(regressor_ctx, 0);
  if (IsTransformer(k.regressor[0])) {
    return Status(ErrorCode::kTargetRegressor, entry_ctx,
                  std::string(k.regressor[0].kind_name()) +
                      " is a transformer, not a regressor");
  }
  uint64_t width = 0;
  MODELSEAL_RETURN_IF_ERROR(ValidateEstimator(
      k.regressor[0], entry_ctx, n_in, depth + 1, Role::kFinal, out, &width));
  const std::string inverse_ctx = JoinContext(ctx, "inverse");
  if (k.inverse.size() > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kTargetStepCount, inverse_ctx,
                  std::to_string(k.inverse.size()) + " steps, limit " +
                      std::to_string(limits::kMaxPipelineSteps));
  }
  for (size_t i = 0; i < k.inverse.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        ValidateTargetStep(k.inverse[i], IndexContext(inverse_ctx, i), out));
  }
  *width_out = 0;
  return Status::Ok();
}

}  // namespace modelseal::format_internal
