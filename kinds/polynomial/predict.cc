// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Compile and evaluate of the polynomial transformers: PolynomialFeatures.
// Compiled into the inference library.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "inference/predictor_impl.h"
#include "modelseal/limits.h"

namespace modelseal {
namespace {

// ---- PolynomialFeatures ----

// scikit-learn's PolynomialFeatures.transform, dense (the same arithmetic in
// 1.4 to 1.9): X = validate_data(X, dtype=FLOAT_DTYPES) (NaN and infinity
// refused; float32 stays float32), XP[:, 0] = 1 with include_bias, the raw
// features copied, then each column of degree d >= 2 as
// np.multiply(XP[:, start:end], X[:, f:f+1]), one IEEE multiply per value
// of an earlier column by one feature, in X's dtype; for min_degree > 1 the
// kept columns are copied out. The product table (base, feature) is that
// loop written down by the mapper, so each value is the same single multiply
// of the same operands: bit-exact. For float32 X the float64 product of two
// float32 values is exact (24 + 24 bits), so rounding it to float32 is
// numpy's float32 multiply.
struct PolynomialStep final : TransformStep {
  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width, rows = call.rows, out = out_width;
    const bool f32 = call.dtype == DType::kFloat32;
    MODELSEAL_RETURN_IF_ERROR(
        call.p.CheckBlock(x, rows, n, call.row0, InputRule::kFinite, false));
    const size_t m = base.size();
    std::vector<double> table(m);
    for (size_t r = 0; r < rows; ++r) {
      const double* xr = x + r * n;
      double* yr = y + r * out;
      for (size_t c = 0; c < m; ++c) {
        const double left = base[c] == 0 ? 1.0 : table[base[c] - 1];
        double v = left;
        if (feature[c] != 0) {
          v = left * xr[feature[c] - 1];
          if (f32) v = inference::RoundToFloat32(v);
        }
        table[c] = v;
      }
      for (size_t o = 0; o < out; ++o) yr[o] = table[output[o]];
    }
    return Status::Ok();
  }
  std::vector<uint32_t> base;     // 0 or an earlier column + 1
  std::vector<uint32_t> feature;  // 0 or input feature + 1
  std::vector<uint32_t> output;   // product columns
};

// ---- end PolynomialFeatures ----

}  // namespace

using namespace inference;  // NOLINT(build/namespaces)

// ---- PolynomialFeatures ----

Status Predictor::Impl::CompilePolynomialFeatures(const PolynomialFeatures& p,
                                                  const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "PolynomialFeatures"));
  // Predictor::Create checks again what Apply relies on (it may be given a
  // Model that was never validated): every reference in range and earlier.
  const size_t m = p.base.size();
  if (m == 0 || m > limits::kMaxFeatures || p.feature.size() != m ||
      p.output.empty() || p.output.size() > limits::kMaxFeatures) {
    return Status(ErrorCode::kPredictorTensor, path,
                  "product table or output size out of range");
  }
  auto step = std::make_unique<PolynomialStep>();
  step->base.reserve(m);
  step->feature.reserve(m);
  for (size_t c = 0; c < m; ++c) {
    if (p.base[c] > c || p.feature[c] > n_features ||
        (p.base[c] != 0 && p.feature[c] == 0)) {
      return Status(ErrorCode::kPredictorTensor,
                    IndexContext(JoinContext(path, "base"), c),
                    "product column reference out of range");
    }
    step->base.push_back(static_cast<uint32_t>(p.base[c]));
    step->feature.push_back(static_cast<uint32_t>(p.feature[c]));
  }
  step->output.reserve(p.output.size());
  for (size_t i = 0; i < p.output.size(); ++i) {
    if (p.output[i] >= m) {
      return Status(ErrorCode::kPredictorTensor,
                    IndexContext(JoinContext(path, "output"), i),
                    "output column out of range");
    }
    step->output.push_back(static_cast<uint32_t>(p.output[i]));
  }
  AddNumericStep(std::move(step), p.output.size());
  return Status::Ok();
}

// ---- end PolynomialFeatures ----

}  // namespace modelseal
