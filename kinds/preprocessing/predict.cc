// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Compile and evaluate of the preprocessing transformers: StandardScaler,
// CategoryEncoder, MinMaxScaler, MaxAbsScaler, FunctionTransformer. Compiled
// into the inference library.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "core/checked_math.h"
#include "core/pairwise_sum.h"
#include "inference/kernels.h"
#include "inference/predictor_impl.h"
#include "modelseal/limits.h"

namespace modelseal {
namespace inference {

double ApplyUfunc(Ufunc f, double v) {
  switch (f) {
    case Ufunc::kLog:
      return std::log(v);
    case Ufunc::kLog1p:
      return std::log1p(v);
    case Ufunc::kExp:
      return std::exp(v);
    case Ufunc::kExpm1:
      return std::expm1(v);
    case Ufunc::kSqrt:
      return std::sqrt(v);
    case Ufunc::kAbsolute:
      return std::fabs(v);
    case Ufunc::kSquare:
      return v * v;
    case Ufunc::kNegative:
      return -v;
    case Ufunc::kReciprocal:
      return 1.0 / v;
    case Ufunc::kSin:
      return std::sin(v);
    case Ufunc::kCos:
      return std::cos(v);
    case Ufunc::kTanh:
      return std::tanh(v);
  }
  return std::numeric_limits<double>::quiet_NaN();  // unreachable: validated
}

}  // namespace inference

namespace {

// StandardScaler: (x - mean) / scale, each part optional.
struct ScalerStep final : TransformStep {
  ScalerStep(const ScalerStep&) = default;
  ScalerStep() = default;
  Status Apply(const StepCall& call, const double* x, double* y) const override;
  const double* mean = nullptr;   // or null
  const double* scale = nullptr;  // or null
  // For float32 input when the fitting release casts mean_ and scale_ to
  // X's dtype first (scikit-learn >= 1.8): both rounded to float32.
  std::vector<double> mean_f32, scale_f32;
};

// A CategoryEncoder: output column j reads input column source[j]; the
// first categories.size() output columns are encoded with their categories.
struct EncoderStep final : TransformStep {
  Status Apply(const StepCall& call, const double* x, double* y) const override;
  struct Column {
    const double* categories = nullptr;  // strictly increasing
    size_t count = 0;
  };
  std::vector<uint32_t> source;  // [n_features], a permutation
  std::vector<Column> encoded;   // [m]
};

// The index of `x` in `cats[0, n)` (exact equality), or NaN when x is NaN or
// not a category.
double EncodeCategory(double x, const double* cats, size_t n) {
  if (std::isnan(x)) return x;
  const double* it = std::lower_bound(cats, cats + n, x);
  if (it == cats + n || !(*it == x)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return static_cast<double>(it - cats);
}

Status ScalerStep::Apply(const StepCall& call, const double* x,
                         double* y) const {
  const size_t n_features = in_width, rows = call.rows;
  const ScalerStep& s = *this;
  MODELSEAL_RETURN_IF_ERROR(call.p.CheckBlock(x, rows, n_features, call.row0,
                                              InputRule::kAllowNan, true));
  std::copy(x, x + rows * n_features, y);
  const DType dtype = call.dtype;
  // scikit-learn keeps float32 input float32: `X -= mean_` and
  // `X /= scale_` each round to float32 (with mean_ and scale_ first
  // rounded to float32 from 1.8 on). A float32 operation equals the
  // float64 one rounded to float32 (53 >= 2 * 24 + 2 bits).
  const bool f32 = dtype == DType::kFloat32;
  const double* m = f32 && !s.mean_f32.empty() ? s.mean_f32.data() : s.mean;
  const double* sc = f32 && !s.scale_f32.empty() ? s.scale_f32.data() : s.scale;
  for (size_t r = 0; r < rows; ++r) {
    double* xr = y + r * n_features;
    if (m) {
      for (size_t i = 0; i < n_features; ++i) {
        xr[i] -= m[i];
        if (f32) xr[i] = inference::RoundToFloat32(xr[i]);
      }
    }
    if (sc) {
      for (size_t i = 0; i < n_features; ++i) {
        xr[i] /= sc[i];
        if (f32) xr[i] = inference::RoundToFloat32(xr[i]);
      }
    }
  }
  return Status::Ok();
}

Status EncoderStep::Apply(const StepCall& call, const double* x,
                          double* y) const {
  const size_t n_features = in_width, rows = call.rows, row0 = call.row0;
  const EncoderStep& e = *this;
  const size_t m = e.encoded.size();
  for (size_t r = 0; r < rows; ++r) {
    const double* xr = x + r * n_features;
    double* row = y + r * n_features;
    for (size_t j = 0; j < m; ++j) {
      const double v = xr[e.source[j]];
      if (std::isinf(v)) {  // OrdinalEncoder's check_array(allow-nan)
        return Status(ErrorCode::kInputInfinite,
                      "X[" + std::to_string(row0 + r) + "][" +
                          std::to_string(e.source[j]) + "]",
                      "");
      }
      row[j] = EncodeCategory(v, e.encoded[j].categories, e.encoded[j].count);
    }
    for (size_t j = m; j < n_features; ++j) row[j] = xr[e.source[j]];
  }
  return Status::Ok();
}

// MinMaxScaler: x * scale + min, two roundings as numpy's `X *= scale_;
// X += min_` (separate statements; ISO C++ mode does not contract them
// into a fused multiply-add), then np.clip's arithmetic when clipping:
// NaN stays NaN, else max(x, lo) then min(., hi) with numpy's comparisons
// (x > lo ? x : lo, so -0.0 clipped at 0.0 becomes 0.0). float32 input
// stays float32 in scikit-learn: each of the two steps rounds to float32
// (numpy computes them in float64, then casts), and the clip bounds are
// feature_range cast to float32.
struct MinMaxStep final : TransformStep {
  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n_features = in_width, rows = call.rows;
    const bool f32 = call.dtype == DType::kFloat32;
    // scikit-learn's check_array(ensure_all_finite="allow-nan").
    MODELSEAL_RETURN_IF_ERROR(call.p.CheckBlock(x, rows, n_features, call.row0,
                                                InputRule::kAllowNan, true));
    std::copy(x, x + rows * n_features, y);
    const double l = f32 ? inference::RoundToFloat32(lo) : lo;
    const double h = f32 ? inference::RoundToFloat32(hi) : hi;
    for (size_t r = 0; r < rows; ++r) {
      double* xr = y + r * n_features;
      for (size_t i = 0; i < n_features; ++i) {
        xr[i] *= scale[i];
        if (f32) xr[i] = inference::RoundToFloat32(xr[i]);
      }
      for (size_t i = 0; i < n_features; ++i) {
        xr[i] += min[i];
        if (f32) xr[i] = inference::RoundToFloat32(xr[i]);
      }
      if (!clip) continue;
      for (size_t i = 0; i < n_features; ++i) {
        const double v = xr[i];
        if (std::isnan(v)) continue;
        const double above = v > l ? v : l;
        xr[i] = above < h ? above : h;
      }
    }
    return Status::Ok();
  }
  const double* scale = nullptr;
  const double* min = nullptr;
  bool clip = false;
  double lo = 0;
  double hi = 0;
};

// MaxAbsScaler: x / scale (numpy's `X /= scale_`; float32 input: the
// float64 quotient rounded to float32, as numpy's cast back into X).
struct MaxAbsStep final : TransformStep {
  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n_features = in_width, rows = call.rows;
    const bool f32 = call.dtype == DType::kFloat32;
    MODELSEAL_RETURN_IF_ERROR(call.p.CheckBlock(x, rows, n_features, call.row0,
                                                InputRule::kAllowNan, true));
    std::copy(x, x + rows * n_features, y);
    for (size_t r = 0; r < rows; ++r) {
      double* xr = y + r * n_features;
      for (size_t i = 0; i < n_features; ++i) {
        xr[i] /= scale[i];
        if (f32) xr[i] = inference::RoundToFloat32(xr[i]);
      }
    }
    return Status::Ok();
  }
  const double* scale = nullptr;
};

// numpy's einsum("ij,ij->i", X, X) of one C-order row, as its x86-64
// baseline kernel (<type>_sum_of_products_contig_contig_outstride0_two,
// SSE: L = 16 / sizeof(T) lanes, multiply then add, not fused) runs it:
// lane l takes elements l, l + L, ...; per block of 4 L elements it adds
// the block's 4 products of its lane last first; the rest one vector at a
// time; then the lanes are summed ((l0 + l1) for double, (l0 + l1) + (l2 +
// l3) for float) and added to the output's 0. Checked against numpy 1.26
// and 2.4 (python/tests/test_preprocessing_parity.py).
template <typename T>
T EinsumSumOfSquares(const T* x, size_t n) {
  constexpr size_t kLanes = 16 / sizeof(T);
  T acc[kLanes] = {};
  size_t i = 0;
  for (; n - i >= 4 * kLanes; i += 4 * kLanes) {
    for (size_t l = 0; l < kLanes; ++l) {
      for (size_t k = 4; k-- > 0;) {
        const T v = x[i + k * kLanes + l];
        const T sq = v * v;
        acc[l] = sq + acc[l];
      }
    }
  }
  for (; i < n; i += kLanes) {
    for (size_t l = 0; l < kLanes && i + l < n; ++l) {
      const T sq = x[i + l] * x[i + l];
      acc[l] = sq + acc[l];
    }
  }
  T sum;
  if constexpr (kLanes == 2) {
    sum = acc[0] + acc[1];
  } else {
    sum = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  }
  return T(0) + sum;
}

// Normalizer: sklearn.preprocessing.normalize(X, norm, axis=1) on a dense X:
// norms = sum(|x|) (l1: numpy's pairwise sum), sqrt(einsum(x, x)) (l2) or
// max(|x|) (max); norms below 10 eps of X's float type become 1
// (_handle_zeros_in_scale); X /= norms[:, None]. float32 X stays float32:
// every step in float32 arithmetic. check_array refuses NaN and infinity.
// numpy reduces in these orders for a C-order X; an F-order X (a pandas
// DataFrame's values) is summed left to right instead (predictor.h bound).
struct NormalizerStep final : TransformStep {
  template <typename T>
  void Row(const double* x, double* y, T* tmp) const {
    const size_t n = in_width;
    for (size_t i = 0; i < n; ++i) tmp[i] = static_cast<T>(x[i]);
    T norm = 0;
    if (kind == NormKind::kL2) {
      norm = std::sqrt(EinsumSumOfSquares(tmp, n));
    } else {
      for (size_t i = 0; i < n; ++i) tmp[i] = std::fabs(tmp[i]);
      if (kind == NormKind::kL1) {
        norm = T(0) + NumpyPairwiseSum(tmp, n);
      } else {
        for (size_t i = 0; i < n; ++i) norm = tmp[i] > norm ? tmp[i] : norm;
      }
    }
    if (norm < T(10) * std::numeric_limits<T>::epsilon()) norm = 1;
    for (size_t i = 0; i < n; ++i) {
      y[i] = static_cast<double>(static_cast<T>(x[i]) / norm);
    }
  }
  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width;
    // check_array(ensure_all_finite=True): NaN is E903, infinity E904.
    MODELSEAL_RETURN_IF_ERROR(call.p.CheckBlock(x, call.rows, n, call.row0,
                                                InputRule::kFinite, false));
    if (call.dtype == DType::kFloat32) {
      std::vector<float> tmp(n);
      for (size_t r = 0; r < call.rows; ++r) {
        Row<float>(x + r * n, y + r * n, tmp.data());
      }
    } else {
      std::vector<double> tmp(n);
      for (size_t r = 0; r < call.rows; ++r) {
        Row<double>(x + r * n, y + r * n, tmp.data());
      }
    }
    return Status::Ok();
  }
  NormKind kind = NormKind::kL2;
};

// Binarizer: binarize(X, threshold): X > threshold -> 1, else 0, after
// check_array refused NaN and infinity (every release). float32 X compares
// in float32 (numpy casts the Python float threshold to float32).
struct BinarizerStep final : TransformStep {
  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t count = call.rows * in_width;
    MODELSEAL_RETURN_IF_ERROR(call.p.CheckBlock(
        x, call.rows, in_width, call.row0, InputRule::kFinite, false));
    const double t = call.dtype == DType::kFloat32
                         ? inference::RoundToFloat32(threshold)
                         : threshold;
    for (size_t i = 0; i < count; ++i) y[i] = x[i] > t ? 1.0 : 0.0;
    return Status::Ok();
  }
  double threshold = 0;
};

// FunctionTransformer (validate=False: no input check, infinity and nan go
// through the function as in numpy): the ufunc on every value.
struct FunctionStep final : TransformStep {
  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    if (call.dtype != DType::kFloat64) {
      // numpy evaluates the ufunc in float32 (its own float32 loops), and
      // on bool (a MissingIndicator's output) in float16.
      return Status(ErrorCode::kInputFloat32Unsupported, "X",
                    std::string("a FunctionTransformer takes float64 input "
                                "only; its input here is ") +
                        (call.dtype == DType::kFloat32 ? "float32" : "bool"));
    }
    const size_t count = call.rows * in_width;
    for (size_t i = 0; i < count; ++i) y[i] = inference::ApplyUfunc(func, x[i]);
    return Status::Ok();
  }
  Ufunc func = Ufunc::kLog;
};

}  // namespace

using namespace inference;  // NOLINT(build/namespaces)

Status Predictor::Impl::CompileFunctionTransformer(const FunctionTransformer& f,
                                                   const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "FunctionTransformer"));
  if (!IsKnown(f.func)) {
    return Status(ErrorCode::kPredictorPipeline, JoinContext(path, "func"),
                  "unknown function");
  }
  auto step = std::make_unique<FunctionStep>();
  step->func = f.func;
  AddNumericStep(std::move(step), n_features);
  return Status::Ok();
}

Status Predictor::Impl::CompileStandardScaler(const StandardScaler& s,
                                              const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "StandardScaler"));
  ScalerStep step;
  if (s.mean.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(s.mean, DType::kFloat64, {n_features},
                                          JoinContext(path, "mean")));
    step.mean = DataOf<double>(s.mean);
  }
  if (s.scale.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(
        s.scale, DType::kFloat64, {n_features}, JoinContext(path, "scale")));
    step.scale = DataOf<double>(s.scale);
  }
  // scikit-learn 1.8 and newer compute `X -= mean_.astype(X.dtype)`; older
  // releases subtract the float64 mean_ (either way the result is float32).
  // A model that records no release gets the newest behaviour.
  const uint32_t release = SklearnRelease(model);
  if (release == 0 || release >= 1008) {
    if (step.mean) {
      step.mean_f32.resize(n_features);
      for (size_t i = 0; i < n_features; ++i) {
        step.mean_f32[i] = RoundToFloat32(step.mean[i]);
      }
    }
    if (step.scale) {
      step.scale_f32.resize(n_features);
      for (size_t i = 0; i < n_features; ++i) {
        step.scale_f32[i] = RoundToFloat32(step.scale[i]);
      }
    }
  }
  AddNumericStep(std::make_unique<ScalerStep>(step), n_features);
  return Status::Ok();
}

Status Predictor::Impl::CompileCategoryEncoder(const CategoryEncoder& c,
                                               const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "CategoryEncoder"));
  const std::string columns_path = JoinContext(path, "columns");
  if (c.columns.empty() || c.columns.size() > n_features) {
    return Status(ErrorCode::kPredictorCategories, columns_path,
                  std::to_string(c.columns.size()) + " columns for " +
                      std::to_string(n_features) + " input features");
  }
  auto step = std::make_unique<EncoderStep>();
  EncoderStep& enc = *step;
  std::vector<uint8_t> listed(n_features, 0);
  for (size_t i = 0; i < c.columns.size(); ++i) {
    const CategoryColumn& col = c.columns[i];
    const std::string col_path = IndexContext(columns_path, i);
    if (col.column >= n_features) {
      return Status(ErrorCode::kPredictorFeatureIndex,
                    JoinContext(col_path, "column"),
                    std::to_string(col.column) + " out of range [0, " +
                        std::to_string(n_features) + ")");
    }
    if (i > 0 && !(c.columns[i - 1].column < col.column)) {
      return Status(ErrorCode::kPredictorCategories,
                    JoinContext(col_path, "column"),
                    "columns not strictly increasing");
    }
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(col.categories, DType::kFloat64,
                                          {kAnyDim},
                                          JoinContext(col_path, "categories")));
    const size_t k = col.categories.shape()[0];
    const double* cats = DataOf<double>(col.categories);
    if (k < 1 || k > limits::kMaxCategories) {
      return Status(ErrorCode::kPredictorCategories,
                    JoinContext(col_path, "categories"),
                    std::to_string(k) + " categories");
    }
    for (size_t j = 1; j < k; ++j) {
      if (!(cats[j - 1] < cats[j])) {  // also rejects nan
        return Status(ErrorCode::kPredictorCategories,
                      IndexContext(JoinContext(col_path, "categories"), j),
                      "categories not strictly increasing");
      }
    }
    if (std::isnan(cats[0])) {
      return Status(ErrorCode::kPredictorCategories,
                    IndexContext(JoinContext(col_path, "categories"), 0),
                    "nan category");
    }
    listed[col.column] = 1;
    enc.source.push_back(static_cast<uint32_t>(col.column));
    enc.encoded.push_back({cats, k});
  }
  for (size_t j = 0; j < n_features; ++j) {
    if (!listed[j]) enc.source.push_back(static_cast<uint32_t>(j));
  }
  AddNumericStep(std::move(step), n_features);
  return Status::Ok();
}

Status Predictor::Impl::CompileMinMaxScaler(const MinMaxScaler& s,
                                            const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "MinMaxScaler"));
  auto step = std::make_unique<MinMaxStep>();
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(s.scale, DType::kFloat64, {n_features},
                                        JoinContext(path, "scale")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(s.min, DType::kFloat64, {n_features},
                                        JoinContext(path, "min")));
  step->scale = DataOf<double>(s.scale);
  step->min = DataOf<double>(s.min);
  if (s.clip_range.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(s.clip_range, DType::kFloat64, {2},
                                          JoinContext(path, "clip_range")));
    step->clip = true;
    step->lo = DataOf<double>(s.clip_range)[0];
    step->hi = DataOf<double>(s.clip_range)[1];
  }
  AddNumericStep(std::move(step), n_features);
  return Status::Ok();
}

Status Predictor::Impl::CompileMaxAbsScaler(const MaxAbsScaler& s,
                                            const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "MaxAbsScaler"));
  auto step = std::make_unique<MaxAbsStep>();
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(s.scale, DType::kFloat64, {n_features},
                                        JoinContext(path, "scale")));
  step->scale = DataOf<double>(s.scale);
  AddNumericStep(std::move(step), n_features);
  return Status::Ok();
}

// RobustScaler: numpy's `X -= center_; X /= scale_` is StandardScaler's
// step with float64 parameters in every release (float32 input: each step
// rounds to float32; center_ and scale_ are not cast first).
Status Predictor::Impl::CompileRobustScaler(const RobustScaler& s,
                                            const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "RobustScaler"));
  ScalerStep step;
  if (s.center.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(
        s.center, DType::kFloat64, {n_features}, JoinContext(path, "center")));
    step.mean = DataOf<double>(s.center);
  }
  if (s.scale.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(
        s.scale, DType::kFloat64, {n_features}, JoinContext(path, "scale")));
    step.scale = DataOf<double>(s.scale);
  }
  AddNumericStep(std::make_unique<ScalerStep>(step), n_features);
  return Status::Ok();
}

Status Predictor::Impl::CompileNormalizer(const Normalizer& k,
                                          const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "Normalizer"));
  if (!IsKnown(k.norm)) {
    return Status(ErrorCode::kPredictorOutputSpec, JoinContext(path, "norm"),
                  "unknown norm");
  }
  auto step = std::make_unique<NormalizerStep>();
  step->kind = k.norm;
  AddNumericStep(std::move(step), n_features);
  return Status::Ok();
}

Status Predictor::Impl::CompileBinarizer(const Binarizer& k,
                                         const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "Binarizer"));
  auto step = std::make_unique<BinarizerStep>();
  step->threshold = k.threshold;
  AddNumericStep(std::move(step), n_features);
  return Status::Ok();
}

}  // namespace modelseal
