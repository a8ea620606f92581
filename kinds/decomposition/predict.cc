// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Projection in the predictor: its compile step and its transform step.
// Compiled into the inference library.
#include <cblas.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "inference/predictor_impl.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

// sklearn/decomposition/_base.py's transform on a dense X of float64 values
// (a float32 X meets float64 components_ and numpy computes in float64):
// 1.4's (X - mean_) @ components_.T, 1.5's X @ components_.T - mean_ @
// components_.T, TruncatedSVD's X @ components_.T; then / scale (whiten).
// The products are OpenBLAS's dgemm with components_ transposed, as numpy's
// matmul calls it for components_.T (predictor.h).
struct ProjectionStep final : TransformStep {
  ProjectionCentering centering = ProjectionCentering::kNone;
  const double* components = nullptr;  // [k, n]
  const double* mean = nullptr;        // [n] (kBefore)
  const double* scale = nullptr;       // [k] or null
  std::vector<double> offset;          // [k]: mean_ @ components_.T (kAfter)

  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width, k = out_width, rows = call.rows;
    // validate_data (ensure_all_finite): NaN is E903, infinity E904.
    MODELSEAL_RETURN_IF_ERROR(
        call.p.CheckBlock(x, rows, n, call.row0, InputRule::kFinite, false));
    const double* a = x;
    if (centering == ProjectionCentering::kBefore) {
      double* centred = call.scratch;  // rows * n (scratch_width)
      for (size_t r = 0; r < rows; ++r) {
        for (size_t j = 0; j < n; ++j) {
          centred[r * n + j] = x[r * n + j] - mean[j];
        }
      }
      a = centred;
    }
    // Widths are at most 2^24 (SPEC §7) and rows a block: they fit blasint.
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                static_cast<blasint>(rows), static_cast<blasint>(k),
                static_cast<blasint>(n), 1.0, a, static_cast<blasint>(n),
                components, static_cast<blasint>(n), 0.0, y,
                static_cast<blasint>(k));
    for (size_t r = 0; r < rows; ++r) {
      double* out = y + r * k;
      if (!offset.empty()) {
        for (size_t j = 0; j < k; ++j) out[j] -= offset[j];
      }
      if (scale != nullptr) {
        for (size_t j = 0; j < k; ++j) out[j] /= scale[j];
      }
    }
    return Status::Ok();
  }
  // float64 components_: numpy's result is float64 for float32 X too.
  DType OutDType(DType) const override { return DType::kFloat64; }
};

}  // namespace

Status Predictor::Impl::CompileProjection(const Projection& k,
                                          const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "Projection"));
  if (!IsKnown(k.centering)) {
    return Status(ErrorCode::kPredictorOutputSpec,
                  JoinContext(path, "centering"), "unknown centering");
  }
  const std::string cctx = JoinContext(path, "components");
  if (k.components.rank() != 2 || k.components.shape()[0] < 1 ||
      k.components.shape()[0] > limits::kMaxFeatures) {
    return Status(ErrorCode::kPredictorTensor, cctx,
                  "not [k, n] with 1 <= k <= 2^24");
  }
  const uint64_t components = k.components.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.components, DType::kFloat64,
                                        {components, n_features}, cctx));
  auto step = std::make_unique<ProjectionStep>();
  step->centering = k.centering;
  step->components = DataOf<double>(k.components);
  if (k.centering != ProjectionCentering::kNone) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.mean, DType::kFloat64, {n_features},
                                          JoinContext(path, "mean")));
    step->mean = DataOf<double>(k.mean);
  }
  if (k.scale.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(
        k.scale, DType::kFloat64, {components}, JoinContext(path, "scale")));
    step->scale = DataOf<double>(k.scale);
  }
  if (k.centering == ProjectionCentering::kAfter) {
    // mean_ @ components_.T, once: a [1, n] by [n, k] product.
    step->offset.resize(components);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, 1,
                static_cast<blasint>(components),
                static_cast<blasint>(n_features), 1.0, step->mean,
                static_cast<blasint>(n_features), step->components,
                static_cast<blasint>(n_features), 0.0, step->offset.data(),
                static_cast<blasint>(components));
  }
  if (k.centering == ProjectionCentering::kBefore) {
    step->scratch_width = n_features;
  }
  AddNumericStep(std::move(step), components);
  return Status::Ok();
}

}  // namespace modelseal
