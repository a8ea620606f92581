// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Compile and evaluate of the feature selection transformers:
// FeatureSelector. Compiled into the inference library.
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "inference/predictor_impl.h"

namespace modelseal {
namespace {

// ---- FeatureSelector ----

// scikit-learn's SelectorMixin.transform (the same in 1.4 to 1.9):
//   X = validate_data(X, dtype=None, ensure_all_finite=not allow_nan)
//   return _safe_indexing(X, self.get_support(), axis=1)
// dtype=None keeps X's values (float32 stays float32), so the output is the
// selected columns' values, copied.
struct SelectorStep final : TransformStep {
  // validate_data(dtype=None): the columns keep their dtype, bool too.
  DType OutDType(DType in) const override { return in; }
  std::vector<size_t> columns;
  bool finite = true;

  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width, w = out_width, rows = call.rows;
    if (finite) {
      // check_array's _assert_all_finite over every input column.
      MODELSEAL_RETURN_IF_ERROR(
          call.p.CheckBlock(x, rows, n, call.row0, InputRule::kFinite, false));
    }
    for (size_t r = 0; r < rows; ++r) {
      const double* xr = x + r * n;
      double* yr = y + r * w;
      for (size_t i = 0; i < w; ++i) yr[i] = xr[columns[i]];
    }
    return Status::Ok();
  }
};

// ---- MissingIndicator ----

// scikit-learn's MissingIndicator.transform (the same in 1.4 to 1.9, dense):
//   X = validate_data(X, dtype=None, ensure_all_finite="allow-nan" when
//                     missing_values is NaN, else True)
//   imputer_mask = _get_mask(X, missing_values)  # isnan, or X == value
//   features "missing-only": error_on_new and a column outside features_
//     with a missing value -> ValueError; imputer_mask[:, features_]
// The bool mask is output as 1.0 / 0.0.
struct IndicatorStep final : TransformStep {
  // A bool array (written as 1.0 / 0.0).
  DType OutDType(DType) const override { return DType::kUInt8; }
  std::vector<size_t> features;
  std::vector<uint8_t> checked_new;  // [in_width]: error_on_new columns
  bool nan_missing = true;
  double value = 0;  // missing_values when not NaN
  bool error_on_new = false;

  bool Missing(double v) const {
    return nan_missing ? std::isnan(v) : v == value;
  }

  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width, w = out_width, rows = call.rows;
    MODELSEAL_RETURN_IF_ERROR(call.p.CheckBlock(
        x, rows, n, call.row0,
        nan_missing ? InputRule::kAllowNan : InputRule::kFinite, false));
    for (size_t r = 0; r < rows; ++r) {
      const double* xr = x + r * n;
      double* yr = y + r * w;
      if (error_on_new) {
        for (size_t j = 0; j < n; ++j) {
          if (checked_new[j] && Missing(xr[j])) {
            return Status(ErrorCode::kInputNewMissing,
                          "X[" + std::to_string(call.row0 + r) + "][" +
                              std::to_string(j) + "]",
                          "feature " + std::to_string(j) +
                              " has a missing value in transform but had "
                              "none in fit (error_on_new=True)");
          }
        }
      }
      for (size_t i = 0; i < w; ++i) {
        yr[i] = Missing(xr[features[i]]) ? 1.0 : 0.0;
      }
    }
    return Status::Ok();
  }
};

}  // namespace

Status Predictor::Impl::CompileFeatureSelector(const FeatureSelector& k,
                                               const std::string& path) {
  // Every scikit-learn selector is fitted on numbers (its fit validates X
  // as numeric), so a string column never reaches a fitted one.
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "FeatureSelector"));
  if (!IsKnown(k.input)) {
    return Status(ErrorCode::kPredictorTensor, path, "unknown input");
  }
  const std::string columns_path = JoinContext(path, "columns");
  if (k.columns.empty()) {
    return Status(ErrorCode::kPredictorPipeline, columns_path,
                  "no output column");
  }
  auto step = std::make_unique<SelectorStep>();
  step->finite = k.input == SelectorInput::kFinite;
  std::vector<FlowColumn> out_flow;
  for (size_t i = 0; i < k.columns.size(); ++i) {
    const uint64_t c = k.columns[i];
    if (c >= n_features || (i > 0 && !(k.columns[i - 1] < c))) {
      return Status(ErrorCode::kPredictorFeatureIndex,
                    IndexContext(columns_path, i),
                    std::to_string(c) + " out of range [0, " +
                        std::to_string(n_features) + ") or not increasing");
    }
    step->columns.push_back(static_cast<size_t>(c));
    out_flow.push_back(flow[static_cast<size_t>(c)]);
  }
  const size_t width = step->columns.size();
  AddStep(std::move(step), width, std::move(out_flow));
  return Status::Ok();
}

// ---- end FeatureSelector ----

Status Predictor::Impl::CompileMissingIndicator(const MissingIndicator& k,
                                                const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "MissingIndicator"));
  if (!IsKnown(k.on_new) || std::isinf(k.missing_value)) {
    return Status(ErrorCode::kPredictorTensor, path,
                  "unknown on_new or an infinite missing_value");
  }
  const std::string features_path = JoinContext(path, "features");
  if (k.features.empty()) {
    return Status(ErrorCode::kPredictorPipeline, features_path,
                  "no output column");
  }
  auto step = std::make_unique<IndicatorStep>();
  step->nan_missing = std::isnan(k.missing_value);
  step->value = k.missing_value;
  step->error_on_new = k.on_new == IndicatorNew::kError;
  step->checked_new.assign(n_features, 1);
  for (size_t i = 0; i < k.features.size(); ++i) {
    const uint64_t c = k.features[i];
    if (c >= n_features || (i > 0 && !(k.features[i - 1] < c))) {
      return Status(ErrorCode::kPredictorFeatureIndex,
                    IndexContext(features_path, i),
                    std::to_string(c) + " out of range [0, " +
                        std::to_string(n_features) + ") or not increasing");
    }
    step->features.push_back(static_cast<size_t>(c));
    step->checked_new[static_cast<size_t>(c)] = 0;
  }
  const size_t width = step->features.size();
  AddNumericStep(std::move(step), width);
  return Status::Ok();
}

}  // namespace modelseal
