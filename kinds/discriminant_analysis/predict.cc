// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// QuadraticDiscriminant in the predictor: its compile step and its final
// step (evaluation). Compiled into the inference library.
#include <cblas.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/pairwise_sum.h"
#include "inference/kernels.h"
#include "inference/predictor_impl.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

// QuadraticDiscriminantAnalysis._decision_function, the same in 1.4.2 and
// 1.9.1, class by class: Xm = X - means_[i]; X2 = np.dot(Xm, R * (S **
// (-0.5))) (one cblas_dgemm per block of rows, as numpy's dot); norm2 =
// np.sum(X2 ** 2, axis=1) (numpy's pairwise row sum); then -0.5 * (norm2 +
// u) + np.log(priors_), u = np.sum(np.log(S)).
class QuadraticFinal final : public FinalStep {
 public:
  QuadraticFinal(const QuadraticDiscriminant& q, size_t k, size_t n, size_t r)
      : proba_(q.proba), k_(k), n_(n), r_(r), means_(DataOf<double>(q.means)) {
    const double* rot = DataOf<double>(q.rotations);
    const double* s = DataOf<double>(q.scalings);
    const double* priors = DataOf<double>(q.priors);
    weights_.resize(k * n * r);
    u_.resize(k);
    log_priors_.resize(k);
    std::vector<double> scale(r), logs(r);
    for (size_t i = 0; i < k; ++i) {
      for (size_t b = 0; b < r; ++b) {
        scale[b] = std::pow(s[i * r + b], -0.5);
        logs[b] = std::log(s[i * r + b]);
      }
      for (size_t a = 0; a < n; ++a) {
        for (size_t b = 0; b < r; ++b) {
          const size_t at = (i * n + a) * r + b;
          weights_[at] = rot[at] * scale[b];
        }
      }
      u_[i] = NumpyPairwiseSum(logs.data(), r);
      log_priors_[i] = std::log(priors[i]);
    }
  }

  bool HasProba() const override { return true; }
  bool HasDecision() const override { return true; }
  bool HasLogProba() const override { return true; }

  void ComputeRaw(const Predictor::Impl&, const double* x, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    std::vector<double> xm(rows * n_), x2(rows * r_);
    for (size_t i = 0; i < k_; ++i) {
      const double* mean = means_ + i * n_;
      for (size_t row = 0; row < rows; ++row) {
        for (size_t j = 0; j < n_; ++j) {
          xm[row * n_ + j] = x[row * n_ + j] - mean[j];
        }
      }
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                  static_cast<int>(rows), static_cast<int>(r_),
                  static_cast<int>(n_), 1.0, xm.data(), static_cast<int>(n_),
                  weights_.data() + i * n_ * r_, static_cast<int>(r_), 0.0,
                  x2.data(), static_cast<int>(r_));
      for (size_t row = 0; row < rows; ++row) {
        double* sq = x2.data() + row * r_;
        for (size_t b = 0; b < r_; ++b) sq[b] = sq[b] * sq[b];
        const double norm2 = NumpyRowSum(sq, r_);
        raw[row * k_ + i] = -0.5 * (norm2 + u_[i]) + log_priors_[i];
      }
    }
  }

  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t, Outputs outs) const override {
    // predict: classes_.take(d.argmax(1)), the first largest.
    if (method == Method::kPredict) {
      return FinishDecisionLabels(p, raw, rows, row0, outs, false);
    }
    const size_t k = k_;
    for (size_t r = 0; r < rows; ++r) {
      const double* d = raw + r * k;
      double* out = (*outs.proba)[0].data.data() + (row0 + r) * k;
      if (proba_ == QuadraticProba::kLikelihood) {
        // 1.4, 1.5: likelihood = np.exp(d - max); / its row sum;
        // predict_log_proba is np.log of that. (d.max(axis=1), NaN
        // propagating as numpy's maximum reduction.)
        double m = d[0];
        for (size_t j = 1; j < k && !std::isnan(m); ++j) {
          if (std::isnan(d[j]) || d[j] > m) m = d[j];
        }
        for (size_t j = 0; j < k; ++j) out[j] = std::exp(d[j] - m);
        const double sum = NumpyRowSum(out, k);
        for (size_t j = 0; j < k; ++j) {
          out[j] /= sum;
          if (method == Method::kLogProba) out[j] = std::log(out[j]);
        }
        continue;
      }
      // 1.6 on (DiscriminantAnalysisPredictionMixin).
      DiscriminantLogSoftmax(d, k, method == Method::kLogProba, out);
    }
  }

  // decision_function: the k values, or d[1] - d[0] for two classes.
  size_t DecisionWidth(const Predictor::Impl&) const override {
    return k_ == 2 ? 1 : k_;
  }
  void FinishDecision(const Predictor::Impl& p, const double* raw, size_t rows,
                      size_t row0, Outputs outs) const override {
    if (k_ != 2) return FinishValues(p, raw, rows, row0, outs);
    double* out = outs.values->data.data() + row0;
    for (size_t r = 0; r < rows; ++r) out[r] = raw[2 * r + 1] - raw[2 * r];
  }

 private:
  QuadraticProba proba_;
  size_t k_, n_, r_;
  const double* means_;
  std::vector<double> weights_;     // [k, n, r]: rotations * scalings^-0.5
  std::vector<double> u_;           // [k]: sum of log scalings
  std::vector<double> log_priors_;  // [k]
};

}  // namespace

Status Predictor::Impl::CompileQuadraticDiscriminant(
    const QuadraticDiscriminant& q, const std::string& path) {
  if (!classifier || n_outputs != 1 || class_counts[0] < 2) {
    return Status(ErrorCode::kPredictorOutputSpec,
                  JoinContext(path, "rotations"),
                  "a quadratic discriminant needs one classification output "
                  "with at least 2 classes");
  }
  const uint64_t k = class_counts[0];
  if (q.rotations.rank() != 3 || q.rotations.shape()[2] < 1 ||
      q.rotations.shape()[2] > n_features ||
      n_features > static_cast<uint64_t>(INT32_MAX)) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "rotations"),
                  "not [k, n, r] with 1 <= r <= n features (< 2^31)");
  }
  const uint64_t r = q.rotations.shape()[2];
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(q.rotations, DType::kFloat64,
                                        {k, n_features, r},
                                        JoinContext(path, "rotations")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(
      q.means, DType::kFloat64, {k, n_features}, JoinContext(path, "means")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(q.scalings, DType::kFloat64, {k, r},
                                        JoinContext(path, "scalings")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(q.priors, DType::kFloat64, {k}, JoinContext(path, "priors")));
  final_step = std::make_unique<QuadraticFinal>(q, k, n_features, r);
  final_rule = InputRule::kFinite;
  raw_width = k;
  return Status::Ok();
}

}  // namespace modelseal
