// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of the preprocessing transformers (format/SPEC.md §7):
// StandardScaler, CategoryEncoder, MinMaxScaler, MaxAbsScaler. Compiled into
// the format library.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "format/validate_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

Status ValidateStandardScaler(const StandardScaler& s, const std::string& ctx,
                              uint64_t n_in, uint64_t* width_out) {
  *width_out = n_in;
  for (const auto& [t, name] :
       {std::pair<const Tensor&, const char*>(s.mean, "mean"),
        std::pair<const Tensor&, const char*>(s.scale, "scale")}) {
    std::string field_ctx = JoinContext(ctx, name);
    MODELSEAL_RETURN_IF_ERROR(
        ExpectTensor(t, field_ctx, DType::kFloat64, {kAny}, false));
    if (!t.present()) continue;
    if (t.shape()[0] != n_in) {
      return Status(ErrorCode::kEstimatorFeatures, field_ctx,
                    std::to_string(t.shape()[0]) + " entries for " +
                        std::to_string(n_in) + " input features");
    }
    MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(t, field_ctx));
  }
  auto scale = s.scale.span<double>();
  for (size_t i = 0; i < scale.size(); ++i) {
    if (scale[i] == 0) {
      return Status(ErrorCode::kScalarOutOfRange,
                    IndexContext(JoinContext(ctx, "scale"), i), "zero scale");
    }
  }
  return Status::Ok();
}

// HistGradientBoosting's categorical preprocessing (SPEC §7).
Status ValidateCategoryEncoder(const CategoryEncoder& c, const std::string& ctx,
                               uint64_t n_in, uint64_t* width_out) {
  *width_out = n_in;
  const std::string columns_ctx = JoinContext(ctx, "columns");
  if (c.columns.empty() || c.columns.size() > n_in) {
    return Status(ErrorCode::kCategoryColumnCount, columns_ctx,
                  std::to_string(c.columns.size()) +
                      " columns, expected 1 to " + std::to_string(n_in));
  }
  for (size_t i = 0; i < c.columns.size(); ++i) {
    const CategoryColumn& col = c.columns[i];
    const std::string col_ctx = IndexContext(columns_ctx, i);
    if (col.column >= n_in) {
      return Status(ErrorCode::kCategoryColumnRange,
                    JoinContext(col_ctx, "column"),
                    std::to_string(col.column) + " out of range [0, " +
                        std::to_string(n_in) + ")");
    }
    if (i > 0 && !(c.columns[i - 1].column < col.column)) {
      return Status(ErrorCode::kCategoryColumnOrder,
                    JoinContext(col_ctx, "column"),
                    std::to_string(col.column) + " after " +
                        std::to_string(c.columns[i - 1].column));
    }
    const std::string cats_ctx = JoinContext(col_ctx, "categories");
    MODELSEAL_RETURN_IF_ERROR(
        ExpectTensor(col.categories, cats_ctx, DType::kFloat64, {kAny}, true));
    auto cats = col.categories.span<double>();
    if (cats.empty() || cats.size() > limits::kMaxCategories) {
      return Status(ErrorCode::kCategoryCount, cats_ctx,
                    std::to_string(cats.size()) +
                        " categories, expected 1 to " +
                        std::to_string(limits::kMaxCategories));
    }
    MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(col.categories, cats_ctx));
    MODELSEAL_RETURN_IF_ERROR(CheckStrictlyIncreasing(
        cats, ErrorCode::kCategoriesNotSorted, cats_ctx));
  }
  return Status::Ok();
}

namespace {

// A per-feature f64 [n] tensor, required, every entry finite.
Status CheckFeatureVector(const Tensor& t, const std::string& field_ctx,
                          uint64_t n_in) {
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(t, field_ctx, DType::kFloat64, {kAny}, true));
  if (t.shape()[0] != n_in) {
    return Status(ErrorCode::kEstimatorFeatures, field_ctx,
                  std::to_string(t.shape()[0]) + " entries for " +
                      std::to_string(n_in) + " input features");
  }
  return CheckAllFinite(t, field_ctx);
}

}  // namespace

Status ValidateMinMaxScaler(const MinMaxScaler& s, const std::string& ctx,
                            uint64_t n_in, uint64_t* width_out) {
  *width_out = n_in;
  MODELSEAL_RETURN_IF_ERROR(
      CheckFeatureVector(s.scale, JoinContext(ctx, "scale"), n_in));
  MODELSEAL_RETURN_IF_ERROR(
      CheckFeatureVector(s.min, JoinContext(ctx, "min"), n_in));
  const std::string clip_ctx = JoinContext(ctx, "clip_range");
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(s.clip_range, clip_ctx, DType::kFloat64, {2}, false));
  auto clip = s.clip_range.span<double>();
  if (!clip.empty() && !(std::isfinite(clip[0]) && std::isfinite(clip[1]) &&
                         clip[0] < clip[1])) {
    // Built step by step: GCC 12 warns (-Wrestrict) on the + chain.
    std::string detail = std::to_string(clip[0]);
    detail += ", ";
    detail += std::to_string(clip[1]);
    detail += ": not two finite values, the first below the second";
    return Status(ErrorCode::kMinMaxClipRange, clip_ctx, detail);
  }
  return Status::Ok();
}

Status ValidateMaxAbsScaler(const MaxAbsScaler& s, const std::string& ctx,
                            uint64_t n_in, uint64_t* width_out) {
  *width_out = n_in;
  const std::string scale_ctx = JoinContext(ctx, "scale");
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(s.scale, scale_ctx, DType::kFloat64, {kAny}, true));
  if (s.scale.shape()[0] != n_in) {
    return Status(ErrorCode::kEstimatorFeatures, scale_ctx,
                  std::to_string(s.scale.shape()[0]) + " entries for " +
                      std::to_string(n_in) + " input features");
  }
  auto scale = s.scale.span<double>();
  for (size_t i = 0; i < scale.size(); ++i) {
    if (!(std::isfinite(scale[i]) && scale[i] > 0)) {
      return Status(ErrorCode::kMaxAbsScale, IndexContext(scale_ctx, i),
                    std::to_string(scale[i]));
    }
  }
  return Status::Ok();
}

// RobustScaler (SPEC §7): center and scale each optional f64 [n], finite;
// scale entries > 0.
Status ValidateRobustScaler(const RobustScaler& s, const std::string& ctx,
                            uint64_t n_in, uint64_t* width_out) {
  *width_out = n_in;
  for (const auto& [t, name] :
       {std::pair<const Tensor&, const char*>(s.center, "center"),
        std::pair<const Tensor&, const char*>(s.scale, "scale")}) {
    if (t.present()) {
      MODELSEAL_RETURN_IF_ERROR(
          CheckFeatureVector(t, JoinContext(ctx, name), n_in));
    }
  }
  auto scale = s.scale.span<double>();
  for (size_t i = 0; i < scale.size(); ++i) {
    if (!(scale[i] > 0)) {
      return Status(ErrorCode::kRobustScale,
                    IndexContext(JoinContext(ctx, "scale"), i),
                    std::to_string(scale[i]));
    }
  }
  return Status::Ok();
}

// Normalizer (SPEC §7): stateless, width n; `norm` a listed value (E171).
Status ValidateNormalizer(const Normalizer& k, const std::string& ctx,
                          uint64_t n_in, uint64_t* width_out) {
  *width_out = n_in;
  if (!IsKnown(k.norm)) {
    return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, "norm"),
                  "NormKind " + std::to_string(static_cast<uint8_t>(k.norm)));
  }
  return Status::Ok();
}

// Binarizer (SPEC §7): stateless, width n; any threshold.
Status ValidateBinarizer(const Binarizer& /*k*/, const std::string& /*ctx*/,
                         uint64_t n_in, uint64_t* width_out) {
  *width_out = n_in;
  return Status::Ok();
}

Status ValidateFunctionTransformer(const FunctionTransformer& f,
                                   const std::string& ctx, uint64_t n_in,
                                   uint64_t* width_out) {
  *width_out = n_in;
  if (!IsKnown(f.func)) {
    return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, "func"),
                  "Ufunc " + std::to_string(static_cast<uint8_t>(f.func)));
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal
