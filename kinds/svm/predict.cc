// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// SupportVectorMachine in the predictor: its compile step and its final step
// (libsvm's svm_predict_values, svm_predict and svm_predict_probability as
// scikit-learn's copy of libsvm computes them, and scikit-learn's
// one-vs-rest aggregation). Compiled into the inference library.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "inference/kernels.h"
#include "inference/predictor_impl.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

// |a - b|^2 in Dot's lanes (libsvm computes d = a - b, then BLAS ddot(d, d)).
double SquaredDistance(const double* a, const double* b, size_t n) {
  if (n < kDotLanes) {  // no full lane: the same sum as below, left to right
    double s = 0;
    for (size_t i = 0; i < n; ++i) {
      const double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }
  double lane[kDotLanes] = {};
  size_t i = 0;
  for (; i + kDotLanes <= n; i += kDotLanes) {
    for (size_t j = 0; j < kDotLanes; ++j) {
      const double d = a[i + j] - b[i + j];
      lane[j] += d * d;
    }
  }
  for (size_t w = kDotLanes / 2; w > 0; w /= 2) {
    for (size_t j = 0; j < w; ++j) lane[j] += lane[j + w];
  }
  double s = lane[0];
  for (; i < n; ++i) {
    const double d = a[i] - b[i];
    s += d * d;
  }
  return s;
}

// libsvm's powi: base^times by squaring, times >= 0.
double Powi(double base, int64_t times) {
  double tmp = base, ret = 1.0;
  for (int64_t t = times; t > 0; t /= 2) {
    if (t % 2 == 1) ret *= tmp;
    tmp = tmp * tmp;
  }
  return ret;
}

// libsvm's sigmoid_predict: 1 / (1 + exp(A d + B)), in the form that keeps
// the smaller of p and 1 - p accurate.
double SigmoidPredict(double decision, double a, double b) {
  const double f = decision * a + b;
  if (f >= 0) return std::exp(-f) / (1.0 + std::exp(-f));
  return 1.0 / (1 + std::exp(f));
}

// libsvm's min and max (the first argument when the comparison fails, so a
// NaN goes through as scikit-learn's does).
double LibsvmMin(double x, double y) { return x < y ? x : y; }
double LibsvmMax(double x, double y) { return x > y ? x : y; }

// libsvm's multiclass_probability: method 2 of Wu, Lin and Weng (2004),
// pairwise coupling by a fixed-point iteration, operation for operation.
// r is [k, k] (r[i][j] = P(i | i or j)); q is [k, k] scratch, qp [k].
void MulticlassProbability(size_t k, const double* r, double* q, double* qp,
                           double* p) {
  const int64_t max_iter = std::max<int64_t>(100, static_cast<int64_t>(k));
  const double eps = 0.005 / static_cast<double>(k);
  for (size_t t = 0; t < k; ++t) {
    p[t] = 1.0 / static_cast<double>(k);
    q[t * k + t] = 0;
    for (size_t j = 0; j < t; ++j) {
      q[t * k + t] += r[j * k + t] * r[j * k + t];
      q[t * k + j] = q[j * k + t];
    }
    for (size_t j = t + 1; j < k; ++j) {
      q[t * k + t] += r[j * k + t] * r[j * k + t];
      q[t * k + j] = -r[j * k + t] * r[t * k + j];
    }
  }
  for (int64_t iter = 0; iter < max_iter; ++iter) {
    double pqp = 0;
    for (size_t t = 0; t < k; ++t) {
      qp[t] = 0;
      for (size_t j = 0; j < k; ++j) qp[t] += q[t * k + j] * p[j];
      pqp += p[t] * qp[t];
    }
    double max_error = 0;
    for (size_t t = 0; t < k; ++t) {
      const double error = std::fabs(qp[t] - pqp);
      if (error > max_error) max_error = error;
    }
    if (max_error < eps) break;
    for (size_t t = 0; t < k; ++t) {
      const double diff = (-qp[t] + pqp) / q[t * k + t];
      p[t] += diff;
      pqp = (pqp + diff * (diff * q[t * k + t] + 2 * qp[t])) / (1 + diff) /
            (1 + diff);
      for (size_t j = 0; j < k; ++j) {
        qp[j] = (qp[j] + diff * q[t * k + j]) / (1 + diff);
        p[j] /= (1 + diff);
      }
    }
  }
}

class SvmFinal final : public FinalStep {
 public:
  SvmFinal(const SupportVectorMachine& k, size_t classes)
      : type_(k.type),
        kernel_(k.kernel),
        gamma_(k.gamma),
        coef0_(k.coef0),
        degree_(static_cast<int64_t>(k.degree)),
        sv_(DataOf<double>(k.support_vectors)),
        l_(k.support_vectors.shape()[0]),
        coef_(DataOf<double>(k.dual_coef)),
        intercept_(DataOf<double>(k.intercept)),
        prob_a_(k.prob_a.present() ? DataOf<double>(k.prob_a) : nullptr),
        prob_b_(k.prob_b.present() ? DataOf<double>(k.prob_b) : nullptr),
        ovr_(k.decision_shape == SvmDecisionShape::kOvr),
        break_ties_(k.ties == SvmTies::kDecision),
        classes_(classes) {
    if (IsSvmClassifier(type_)) {
      auto counts = k.n_support.span<int32_t>();
      start_.assign(classes_ + 1, 0);
      for (size_t i = 0; i < classes_; ++i) {
        start_[i + 1] = start_[i] + static_cast<size_t>(counts[i]);
      }
    }
  }

  bool HasProba() const override { return prob_a_ != nullptr; }
  bool HasDecision() const override { return true; }

  // Raw scores: libsvm's decision values, one per class pair (classifiers)
  // or the one value of the regressors and OneClassSVM.
  void ComputeRaw(const Predictor::Impl& p, const double* x, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    const size_t n = p.n_features, w = p.raw_width;
    std::vector<double> kvalue(l_);
    for (size_t r = 0; r < rows; ++r) {
      const double* xr = x + r * n;
      for (size_t i = 0; i < l_; ++i) kvalue[i] = Kernel(xr, sv_ + i * n, n);
      double* out = raw + r * w;
      if (!IsSvmClassifier(type_)) {
        // One value per output (w: KernelRidge's targets; 1 for libsvm).
        for (size_t t = 0; t < w; ++t) {
          const double* coef = coef_ + t * l_;
          double sum = 0;
          for (size_t i = 0; i < l_; ++i) sum += coef[i] * kvalue[i];
          out[t] = sum - -intercept_[t];  // libsvm: sum - rho, rho = -b
        }
        continue;
      }
      size_t pair = 0;
      for (size_t i = 0; i < classes_; ++i) {
        for (size_t j = i + 1; j < classes_; ++j, ++pair) {
          // Class i's vectors with dual_coef row j - 1, then class j's with
          // row i.
          const double* coef1 = coef_ + (j - 1) * l_;
          const double* coef2 = coef_ + i * l_;
          double sum = 0;
          for (size_t s = start_[i]; s < start_[i + 1]; ++s) {
            sum += coef1[s] * kvalue[s];
          }
          for (size_t s = start_[j]; s < start_[j + 1]; ++s) {
            sum += coef2[s] * kvalue[s];
          }
          out[pair] = sum - -intercept_[pair];
        }
      }
    }
  }

  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t, Outputs outs) const override {
    const size_t w = p.raw_width;
    if (method == Method::kPredict) {
      if (!p.classifier) return FinishValues(p, raw, rows, row0, outs);
      int64_t* out = outs.classes->data.data() + row0;
      if (type_ == SvmType::kOneClass) {
        // libsvm returns +1 for a value > 0, else -1: classes [-1, 1].
        for (size_t r = 0; r < rows; ++r) out[r] = raw[r] > 0 ? 1 : 0;
        return;
      }
      if (break_ties_ && classes_ > 2) {
        std::vector<double> d(classes_), conf(classes_);
        for (size_t r = 0; r < rows; ++r) {
          Ovr(raw + r * w, conf.data(), d.data());
          out[r] = static_cast<int64_t>(ArgMax(d.data(), classes_));
        }
        return;
      }
      std::vector<size_t> vote(classes_);
      for (size_t r = 0; r < rows; ++r) {
        std::fill(vote.begin(), vote.end(), 0);
        const double* dec = raw + r * w;
        size_t pair = 0;
        for (size_t i = 0; i < classes_; ++i) {
          for (size_t j = i + 1; j < classes_; ++j, ++pair) {
            ++vote[dec[pair] > 0 ? i : j];
          }
        }
        size_t best = 0;
        for (size_t i = 1; i < classes_; ++i) {
          if (vote[i] > vote[best]) best = i;
        }
        out[r] = static_cast<int64_t>(best);
      }
      return;
    }
    // predict_proba: Platt's sigmoid per pair, clipped to [1e-7, 1 - 1e-7],
    // then pairwise coupling (scikit-learn's libsvm couples 2 classes too).
    const size_t k = classes_;
    const double min_prob = 1e-7;
    std::vector<double> pr(k * k), q(k * k), qp(k);
    for (size_t r = 0; r < rows; ++r) {
      const double* dec = raw + r * w;
      size_t pair = 0;
      for (size_t i = 0; i < k; ++i) {
        for (size_t j = i + 1; j < k; ++j, ++pair) {
          pr[i * k + j] = LibsvmMin(
              LibsvmMax(SigmoidPredict(dec[pair], prob_a_[pair], prob_b_[pair]),
                        min_prob),
              1 - min_prob);
          pr[j * k + i] = 1 - pr[i * k + j];
        }
      }
      double* out = (*outs.proba)[0].data.data() + (row0 + r) * k;
      MulticlassProbability(k, pr.data(), q.data(), qp.data(), out);
    }
  }

  size_t DecisionWidth(const Predictor::Impl& p) const override {
    return ovr_ && classes_ > 2 ? classes_ : p.raw_width;
  }

  void FinishDecision(const Predictor::Impl& p, const double* raw, size_t rows,
                      size_t row0, Outputs outs) const override {
    const size_t w = p.raw_width, dw = DecisionWidth(p);
    const bool ovr = ovr_ && classes_ > 2;
    double* out = outs.values->data.data() + row0 * dw;
    std::vector<double> conf(classes_);
    for (size_t r = 0; r < rows; ++r) {
      if (ovr) {
        Ovr(raw + r * w, conf.data(), out + r * dw);
      } else if (classes_ == 2) {
        out[r] = -raw[r];  // scikit-learn flips a binary classifier's sign
      } else {
        std::copy(raw + r * w, raw + (r + 1) * w, out + r * w);
      }
    }
  }

 private:
  // kernels.h's Dot, with the same sum taken left to right when there is no
  // full lane (Dot's lanes then stay 0 and its reduction adds zeros).
  static double SvDot(const double* x, const double* s, size_t n) {
    if (n >= kDotLanes) return Dot(x, s, n);
    double d = 0;
    for (size_t i = 0; i < n; ++i) d += x[i] * s[i];
    return d;
  }

  double Kernel(const double* x, const double* s, size_t n) const {
    switch (kernel_) {
      case SvmKernel::kLinear:
        return SvDot(x, s, n);
      case SvmKernel::kPoly:
        return Powi(gamma_ * SvDot(x, s, n) + coef0_, degree_);
      case SvmKernel::kRbf:
        return std::exp(-gamma_ * SquaredDistance(x, s, n));
      case SvmKernel::kSigmoid:
        return std::tanh(gamma_ * SvDot(x, s, n) + coef0_);
    }
    return 0;  // not reached: validated
  }

  // scikit-learn's _ovr_decision_function(dec < 0, -dec, k): per pair (i, j)
  // a vote for i unless dec < 0, confidences i += dec and j -= dec; then
  // votes + c / (3 (|c| + 1)).
  // conf is [classes_] scratch.
  void Ovr(const double* dec, double* conf, double* out) const {
    std::fill(conf, conf + classes_, 0.0);
    std::fill(out, out + classes_, 0.0);
    size_t pair = 0;
    for (size_t i = 0; i < classes_; ++i) {
      for (size_t j = i + 1; j < classes_; ++j, ++pair) {
        conf[i] -= -dec[pair];
        conf[j] += -dec[pair];
        out[dec[pair] < 0 ? j : i] += 1;
      }
    }
    for (size_t i = 0; i < classes_; ++i) {
      out[i] += conf[i] / (3 * (std::fabs(conf[i]) + 1));
    }
  }

  SvmType type_;
  SvmKernel kernel_;
  double gamma_, coef0_;
  int64_t degree_;
  const double* sv_;
  size_t l_;
  const double* coef_;
  const double* intercept_;
  const double* prob_a_;
  const double* prob_b_;
  bool ovr_, break_ties_;
  size_t classes_;
  std::vector<size_t> start_;  // class i's vectors are [start_[i], start_[i+1])
};

}  // namespace

Status Predictor::Impl::CompileSupportVectorMachine(
    const SupportVectorMachine& k, const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.support_vectors, DType::kFloat64,
                                        {kAnyDim, n_features},
                                        JoinContext(path, "support_vectors")));
  const uint64_t l = k.support_vectors.shape()[0];
  const bool svc = IsSvmClassifier(k.type);
  const bool one_class = k.type == SvmType::kOneClass;
  if (classifier != (svc || one_class) || (classifier && n_outputs != 1) ||
      n_outputs < 1 || (one_class && class_counts[0] != 2) ||
      (svc && class_counts[0] < 2)) {
    return Status(
        ErrorCode::kPredictorOutputSpec, JoinContext(path, "type"),
        std::string(EnumName(k.type)) + " disagrees with the model's output");
  }
  const size_t classes = svc ? class_counts[0] : 1;
  // Decision values per row: one per class pair, one for OneClassSVM, one
  // per output for a regressor.
  const uint64_t pairs =
      svc ? classes * (classes - 1) / 2 : (one_class ? 1 : n_outputs);
  if (svc) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.n_support, DType::kInt32, {classes},
                                          JoinContext(path, "n_support")));
    uint64_t sum = 0;
    for (int32_t c : k.n_support.span<int32_t>()) {
      if (c < 0) {
        return Status(ErrorCode::kPredictorTensor,
                      JoinContext(path, "n_support"), "negative count");
      }
      sum += static_cast<uint64_t>(c);
    }
    if (sum != l) {
      return Status(ErrorCode::kPredictorTensor, JoinContext(path, "n_support"),
                    "counts disagree with the support vectors");
    }
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.dual_coef, DType::kFloat64,
                                        {svc ? classes - 1 : pairs, l},
                                        JoinContext(path, "dual_coef")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.intercept, DType::kFloat64, {pairs},
                                        JoinContext(path, "intercept")));
  if (k.prob_a.present() || k.prob_b.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.prob_a, DType::kFloat64, {pairs},
                                          JoinContext(path, "prob_a")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.prob_b, DType::kFloat64, {pairs},
                                          JoinContext(path, "prob_b")));
  }
  if (k.degree > static_cast<uint64_t>(INT32_MAX)) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "degree"),
                  "above 2^31 - 1");
  }
  final_step = std::make_unique<SvmFinal>(k, classes);
  final_rule = InputRule::kFinite;
  raw_width = pairs;
  return Status::Ok();
}

}  // namespace modelseal
