// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// NeuralNetwork in the predictor: its compile step and its final step
// (evaluation). Compiled into the inference library.
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#if defined(__x86_64__) && defined(__GLIBC__)
#include <emmintrin.h>
#define MODELSEAL_LIBMVEC_TANH 1
// glibc's vector tanh (libmvec, glibc >= 2.35), two lanes, the SSE2 ABI:
// every x86-64 CPU has it; glibc picks its implementation for the CPU.
extern "C" __m128d _ZGVbN2v_tanh(__m128d x);
#endif

#include "inference/kernels.h"
#include "inference/predictor_impl.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

// out[r, j] = (sum_i a[r, i] w[i, j]) + b[j] for `rows` rows: OpenBLAS's
// dgemm, then the intercept, as `safe_sparse_dot(a, coefs_[i]); a +=
// intercepts_[i]` does through numpy's matmul (cblas_dgemm, row-major,
// neither operand transposed). Each value's sum over i is blocked the
// same way whatever the rows of a call, so blocks of rows give the values
// one call over every row gives; scikit-learn's OpenBLAS (numpy's) may
// block or fuse differently from Debian's (predictor.h).
void DenseLayer(const double* a, size_t rows, size_t in, const double* w,
                size_t width, const double* b, double* out) {
  // Sizes are at most 2^24 (SPEC §7) and rows a block: they fit blasint.
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
              static_cast<blasint>(rows), static_cast<blasint>(width),
              static_cast<blasint>(in), 1.0, a, static_cast<blasint>(in), w,
              static_cast<blasint>(width), 0.0, out,
              static_cast<blasint>(width));
  for (size_t q = 0; q < rows; ++q) {
    double* o = out + q * width;
    for (size_t j = 0; j < width; ++j) o[j] += b[j];
  }
}

// tanh of each value. numpy's own tanh is vectorised (2.2 ns a value on
// the bench machine, glibc's scalar tanh 9.2 ns); glibc's vector tanh takes
// 4 ns and differs from either by a few ulp (predictor.h). An odd count's
// last value goes through the same vector function, so a value's tanh does
// not depend on its position.
void Tanh(double* v, size_t count) {
#ifdef MODELSEAL_LIBMVEC_TANH
  size_t i = 0;
  for (; i + 2 <= count; i += 2) {
    _mm_storeu_pd(v + i, _ZGVbN2v_tanh(_mm_loadu_pd(v + i)));
  }
  if (i < count) {
    double pair[2] = {v[i], 0.0};
    _mm_storeu_pd(pair, _ZGVbN2v_tanh(_mm_loadu_pd(pair)));
    v[i] = pair[0];
  }
#else
  for (size_t i = 0; i < count; ++i) v[i] = std::tanh(v[i]);
#endif
}

// sklearn/neural_network/_base.py's in-place activations on `count` values
// (softmax: on `rows` rows of `width`).
void Activate(Activation f, double* v, size_t rows, size_t width) {
  const size_t count = rows * width;
  switch (f) {
    case Activation::kIdentity:
      return;
    case Activation::kLogistic:  // scipy.special.expit
      for (size_t i = 0; i < count; ++i) v[i] = Expit(v[i]);
      return;
    case Activation::kTanh:  // np.tanh
      return Tanh(v, count);
    case Activation::kRelu:  // np.maximum(X, 0): NaN stays NaN
      for (size_t i = 0; i < count; ++i) v[i] = v[i] < 0 ? 0.0 : v[i];
      return;
    case Activation::kExp:  // np.exp
      for (size_t i = 0; i < count; ++i) v[i] = std::exp(v[i]);
      return;
    case Activation::kSoftmax:
      // inplace_softmax: X - X.max(axis=1), exp, X /= X.sum(axis=1) (a
      // C-order row: numpy's pairwise sum).
      for (size_t r = 0; r < rows; ++r) {
        SoftmaxInPlace(v + r * width, width, RowSum::kNumpyPairwise);
      }
      return;
  }
}

// raw = the output layer after its activation (_forward_pass_fast).
class NeuralNetworkFinal final : public FinalStep {
 public:
  NeuralNetworkFinal(const NeuralNetwork& k, bool classifier)
      : hidden_(k.hidden_activation),
        output_(k.output_activation),
        classifier_(classifier),
        weights_(DataOf<double>(k.weights)),
        biases_(DataOf<double>(k.biases)) {
    for (int64_t s : k.layer_sizes.span<int64_t>()) {
      sizes_.push_back(static_cast<size_t>(s));  // in [1, 2^24] (compile)
    }
    for (size_t i = 1; i + 1 < sizes_.size(); ++i) {
      widest_ = std::max(widest_, sizes_[i]);
    }
  }

  bool HasProba() const override { return classifier_; }
  bool HasDecision() const override { return false; }

  void ComputeRaw(const Predictor::Impl&, const double* x, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    // Two buffers of the widest hidden layer, alternating.
    const size_t layers = sizes_.size() - 1;
    std::vector<double> buf[2];
    if (layers > 1) {
      buf[0].resize(rows * widest_);
      buf[1].resize(layers > 2 ? rows * widest_ : 0);
    }
    const double* a = x;
    const double* w = weights_;
    const double* b = biases_;
    for (size_t i = 0; i < layers; ++i) {
      const bool last = i + 1 == layers;
      double* out = last ? raw : buf[i % 2].data();
      DenseLayer(a, rows, sizes_[i], w, sizes_[i + 1], b, out);
      Activate(last ? output_ : hidden_, out, rows, sizes_[i + 1]);
      w += sizes_[i] * sizes_[i + 1];
      b += sizes_[i + 1];
      a = out;
    }
  }

  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t, Outputs outs) const override {
    const size_t w = p.raw_width;
    if (!classifier_) return FinishValues(p, raw, rows, row0, outs);
    if (output_ == Activation::kSoftmax) {
      // LabelBinarizer.inverse_transform: the first argmax; predict_proba
      // the softmax row itself.
      for (size_t r = 0; r < rows; ++r) {
        const double* s = raw + r * w;
        if (method == Method::kPredict) {
          outs.classes->data[row0 + r] = static_cast<int64_t>(ArgMax(s, w));
        } else {
          std::copy(s, s + w, (*outs.proba)[0].data.data() + (row0 + r) * w);
        }
      }
      return;
    }
    // Logistic columns, one per binary output: class 1 where p > 0.5
    // (LabelBinarizer's threshold, NaN is class 0); proba [1 - p, p].
    for (size_t r = 0; r < rows; ++r) {
      for (size_t o = 0; o < w; ++o) {
        const double q = raw[r * w + o];
        if (method == Method::kPredict) {
          outs.classes->data[(row0 + r) * w + o] = q > 0.5 ? 1 : 0;
        } else {
          double* out = (*outs.proba)[o].data.data() + (row0 + r) * 2;
          out[0] = 1 - q;
          out[1] = q;
        }
      }
    }
  }

 private:
  Activation hidden_, output_;
  bool classifier_;
  const double* weights_;
  const double* biases_;
  std::vector<size_t> sizes_;  // layer_sizes
  size_t widest_ = 1;          // of the hidden layers
};

}  // namespace

Status Predictor::Impl::CompileNeuralNetwork(const NeuralNetwork& k,
                                             const std::string& path) {
  const std::string sctx = JoinContext(path, "layer_sizes");
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(k.layer_sizes, DType::kInt64, {k.layer_sizes.size()}, sctx));
  const auto sizes = k.layer_sizes.span<int64_t>();
  if (sizes.size() < 2 || sizes.size() > limits::kMaxNetworkLayers + 1) {
    return Status(ErrorCode::kPredictorTensor, sctx, "not 2 to 257 sizes");
  }
  uint64_t n_weights = 0, n_biases = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] < 1 ||
        static_cast<uint64_t>(sizes[i]) > limits::kMaxFeatures) {
      return Status(ErrorCode::kPredictorTensor, sctx,
                    "a size outside [1, 2^24]");
    }
    if (i == 0) continue;
    n_weights += static_cast<uint64_t>(sizes[i - 1]) *
                 static_cast<uint64_t>(sizes[i]);  // < 2^57 in all
    n_biases += static_cast<uint64_t>(sizes[i]);
  }
  if (static_cast<uint64_t>(sizes[0]) != n_features) {
    return Status(ErrorCode::kPredictorTensor, sctx,
                  "the first size is not the step's features");
  }
  const uint64_t width = static_cast<uint64_t>(sizes.back());
  const Activation out = k.output_activation;
  bool fits = false;
  if (!classifier) {
    fits = (out == Activation::kIdentity || out == Activation::kExp) &&
           width == n_outputs;
  } else if (out == Activation::kSoftmax) {
    fits = n_outputs == 1 && width == class_counts[0] && width >= 2;
  } else if (out == Activation::kLogistic) {
    fits = width == n_outputs;
    for (uint64_t c : class_counts) fits = fits && c == 2;
  }
  const Activation hidden = k.hidden_activation;
  if (!fits ||
      !(hidden == Activation::kIdentity || hidden == Activation::kLogistic ||
        hidden == Activation::kTanh || hidden == Activation::kRelu)) {
    return Status(ErrorCode::kPredictorOutputSpec,
                  JoinContext(path, "output_activation"),
                  "the activations or the output width do not fit the "
                  "model's outputs");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.weights, DType::kFloat64, {n_weights},
                                        JoinContext(path, "weights")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.biases, DType::kFloat64, {n_biases},
                                        JoinContext(path, "biases")));
  final_step = std::make_unique<NeuralNetworkFinal>(k, classifier);
  final_rule = InputRule::kFinite;
  raw_width = width;
  return Status::Ok();
}

}  // namespace modelseal
