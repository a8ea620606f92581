// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of the feature selection transformers (format/SPEC.md §7):
// FeatureSelector. Compiled into the format library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"

namespace modelseal::format_internal {

// ---- FeatureSelector ----

// columns: strictly increasing indices below n_in; an empty list is a
// width of 0, which the driver rejects (E205).
Status ValidateFeatureSelector(const FeatureSelector& k, const std::string& ctx,
                               uint64_t n_in, uint64_t* width_out) {
  if (!IsKnown(k.input)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "input"),
        "SelectorInput " + std::to_string(static_cast<uint8_t>(k.input)));
  }
  const std::string columns_ctx = JoinContext(ctx, "columns");
  for (size_t i = 0; i < k.columns.size(); ++i) {
    const uint64_t c = k.columns[i];
    if (c >= n_in) {
      return Status(ErrorCode::kSelectorColumns, IndexContext(columns_ctx, i),
                    std::to_string(c) + " not below the input width " +
                        std::to_string(n_in));
    }
    if (i > 0 && !(k.columns[i - 1] < c)) {
      return Status(
          ErrorCode::kSelectorColumns, IndexContext(columns_ctx, i),
          std::to_string(c) + " after " + std::to_string(k.columns[i - 1]));
    }
  }
  *width_out = k.columns.size();
  return Status::Ok();
}

// ---- end FeatureSelector ----

// ---- MissingIndicator ----

// features: strictly increasing indices below n_in (empty: width 0, E205);
// missing_value NaN or finite.
Status ValidateMissingIndicator(const MissingIndicator& k,
                                const std::string& ctx, uint64_t n_in,
                                uint64_t* width_out) {
  if (!IsKnown(k.on_new)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "on_new"),
        "IndicatorNew " + std::to_string(static_cast<uint8_t>(k.on_new)));
  }
  if (std::isinf(k.missing_value)) {
    return Status(ErrorCode::kIndicatorMissingValue,
                  JoinContext(ctx, "missing_value"),
                  std::to_string(k.missing_value));
  }
  const std::string features_ctx = JoinContext(ctx, "features");
  for (size_t i = 0; i < k.features.size(); ++i) {
    const uint64_t c = k.features[i];
    if (c >= n_in) {
      return Status(ErrorCode::kIndicatorFeatures,
                    IndexContext(features_ctx, i),
                    std::to_string(c) + " not below the input width " +
                        std::to_string(n_in));
    }
    if (i > 0 && !(k.features[i - 1] < c)) {
      return Status(
          ErrorCode::kIndicatorFeatures, IndexContext(features_ctx, i),
          std::to_string(c) + " after " + std::to_string(k.features[i - 1]));
    }
  }
  *width_out = k.features.size();
  return Status::Ok();
}

// ---- end MissingIndicator ----

}  // namespace modelseal::format_internal
