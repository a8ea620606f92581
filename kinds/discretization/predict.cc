// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Compile and evaluate of the discretization transformers:
// KBinsDiscretizer. Compiled into the inference library.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/checked_math.h"
#include "inference/predictor_impl.h"
#include "modelseal/limits.h"

namespace modelseal {
namespace {

// ---- KBinsDiscretizer ----

// scikit-learn's KBinsDiscretizer.transform (the same in 1.4 to 1.9):
//   Xt = validate_data(X, dtype=dtype or (float64, float32))  # no NaN/inf
//   Xt[:, j] = np.searchsorted(bin_edges_[j][1:-1], Xt[:, j], side="right")
// then, for "onehot-dense", a OneHotEncoder over categories 0..n_bins_-1.
// searchsorted(side="right") is the count of inner edges <= x, which
// std::upper_bound finds in the sorted edges. numpy compares in the common
// dtype, float64, into which float32 values and edges convert exactly, so
// the comparisons (and the integer bins) are exact.
struct KBinsStep final : TransformStep {
  // transform validates X with dtype=self.dtype or (float64, float32) and
  // outputs (and one-hot encodes into) that dtype.
  DType OutDType(DType in) const override {
    if (float32_input) return DType::kFloat32;
    return in == DType::kUInt8 ? DType::kFloat64 : in;
  }
  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width, rows = call.rows, out = out_width;
    // check_array(dtype=float32) casts first, then refuses NaN and
    // infinity (a value beyond float32's range becomes infinity).
    MODELSEAL_RETURN_IF_ERROR(call.p.CheckBlock(
        x, rows, n, call.row0,
        float32_input ? InputRule::kFloat32 : InputRule::kFinite, false));
    if (onehot) std::fill(y, y + rows * out, 0.0);
    for (size_t r = 0; r < rows; ++r) {
      const double* xr = x + r * n;
      double* yr = y + r * out;
      for (size_t j = 0; j < n; ++j) {
        const Feature& f = features[j];
        const double v =
            float32_input ? inference::RoundToFloat32(xr[j]) : xr[j];
        const size_t bin = static_cast<size_t>(
            std::upper_bound(f.inner, f.inner + f.count, v) - f.inner);
        if (onehot) {
          yr[f.offset + bin] = 1.0;
        } else {
          yr[j] = static_cast<double>(bin);
        }
      }
    }
    return Status::Ok();
  }
  struct Feature {
    const double* inner = nullptr;  // bin_edges_[j][1:-1], sorted
    size_t count = 0;               // n_bins_[j] - 1
    size_t offset = 0;              // first output column (onehot)
  };
  std::vector<Feature> features;
  bool onehot = false;
  bool float32_input = false;
};

// ---- end KBinsDiscretizer ----

}  // namespace

using namespace inference;  // NOLINT(build/namespaces)

// ---- KBinsDiscretizer ----

Status Predictor::Impl::CompileKBinsDiscretizer(const KBinsDiscretizer& k,
                                                const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "KBinsDiscretizer"));
  const std::string n_bins_path = JoinContext(path, "n_bins");
  if (k.n_bins.size() != n_features) {
    return Status(ErrorCode::kPredictorTensor, n_bins_path,
                  std::to_string(k.n_bins.size()) + " entries for " +
                      std::to_string(n_features) + " input features");
  }
  if (!IsKnown(k.encode) || !IsKnown(k.input)) {
    return Status(ErrorCode::kPredictorTensor, path, "unknown encode or input");
  }
  auto step = std::make_unique<KBinsStep>();
  step->onehot = k.encode == KBinsEncode::kOneHot;
  step->float32_input = k.input == KBinsInput::kFloat32;
  uint64_t total = 0, width = 0;
  for (size_t j = 0; j < n_features; ++j) {
    const uint64_t b = k.n_bins[j];
    if (b < 1 || b > limits::kMaxCategories) {
      return Status(ErrorCode::kPredictorTensor, IndexContext(n_bins_path, j),
                    std::to_string(b) + " bins");
    }
    total += b + 1;  // at most kMaxFeatures * (kMaxCategories + 1)
    width += b;
  }
  const std::string edges_path = JoinContext(path, "edges");
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(k.edges, DType::kFloat64, {total}, edges_path));
  const double* edges = DataOf<double>(k.edges);
  if (!step->onehot) width = n_features;
  if (width > limits::kMaxFeatures) {
    return Status(ErrorCode::kPredictorTensor, path,
                  std::to_string(width) + " output columns");
  }
  size_t start = 0, offset = 0;
  step->features.reserve(n_features);
  for (size_t j = 0; j < n_features; ++j) {
    const size_t b = static_cast<size_t>(k.n_bins[j]);
    for (size_t i = start; i <= start + b; ++i) {
      if (std::isnan(edges[i]) || (i > start && edges[i] < edges[i - 1])) {
        return Status(ErrorCode::kPredictorTensor, IndexContext(edges_path, i),
                      "bin edges not sorted");
      }
    }
    step->features.push_back({edges + start + 1, b - 1, offset});
    offset += b;
    start += b + 1;
  }
  AddNumericStep(std::move(step), static_cast<size_t>(width));
  return Status::Ok();
}

// ---- end KBinsDiscretizer ----

}  // namespace modelseal
