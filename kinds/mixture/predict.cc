// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// GaussianMixture in the predictor: its compile step and its final step
// (evaluation). Compiled into the inference library.
#include <cblas.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "inference/kernels.h"
#include "inference/predictor_impl.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

// out[rows, cols] = a[rows, inner] @ b[cols, inner].T (row-major).
void GemmNt(const double* a, const double* b, size_t rows, size_t cols,
            size_t inner, double* out, size_t ldc) {
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows),
              static_cast<int>(cols), static_cast<int>(inner), 1.0, a,
              static_cast<int>(inner), b, static_cast<int>(inner), 0.0, out,
              static_cast<int>(ldc));
}

// out[rows, cols] = a[rows, inner] @ b[inner, cols] (row-major).
void GemmNn(const double* a, const double* b, size_t rows, size_t cols,
            size_t inner, double* out) {
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(rows),
              static_cast<int>(cols), static_cast<int>(inner), 1.0, a,
              static_cast<int>(inner), b, static_cast<int>(cols), 0.0, out,
              static_cast<int>(cols));
}

// raw per row, width k: the weighted log-probabilities w_j of
// BaseMixture._estimate_weighted_log_prob, in the order of
// sklearn/mixture/_gaussian_mixture.py's _estimate_log_gaussian_prob (the
// same arithmetic in 1.4.2, 1.7.2 and 1.9.1 for float64 X) and, for
// BayesianGaussianMixture, _bayesian_mixture.py's _estimate_log_prob:
//   full:      q_j = sum((X @ P_j - mu_j @ P_j)^2, axis=1)
//   tied:      q_j = sum((X @ P - mu_j @ P)^2, axis=1)
//   diag:      q_j = (sum(mu_j^2 * p_j) - 2.0 * (X @ (mu * p).T)_j)
//                    + (X^2 @ p.T)_j,                p = P^2
//   spherical: q_j = (sum(mu_j^2) * p_j - 2 * ((X @ mu.T)_j * p_j))
//                    + ||x||^2 p_j,                  p = P^2
//   w_j = ((-0.5 * (n log(2 pi) + q_j) + log_det_j) [- dof_term_j
//         + lambda_term_j]) + log_weights_j
// The row sums are numpy's pairwise sums; the matrix products OpenBLAS's
// dgemm per block of rows (numpy's matmul is a BLAS gemm too); ||x||^2
// (row_norms, an einsum) a Dot.
class GaussianMixtureFinal final : public FinalStep {
 public:
  GaussianMixtureFinal(const GaussianMixture& g, size_t k, size_t n)
      : type_(g.covariance_type), k_(k), n_(n) {
    const double* means = DataOf<double>(g.means);
    const double* pc = DataOf<double>(g.precisions_cholesky);
    const auto lw = g.log_weights.span<double>();
    log_weights_.assign(lw.begin(), lw.end());
    if (g.dof_term.present()) {
      const auto d = g.dof_term.span<double>();
      const auto l = g.lambda_term.span<double>();
      dof_term_.assign(d.begin(), d.end());
      lambda_term_.assign(l.begin(), l.end());
    }
    // n_features * math.log(2 * math.pi) (np.log(2 * np.pi) before 1.9:
    // the same double).
    log_2pi_n_ = static_cast<double>(n) * std::log(2 * M_PI);
    // _compute_log_det_cholesky: np.sum(np.log(diagonal), axis=1) (a
    // contiguous row after the log), np.sum(np.log(np.diag(P))) for tied,
    // n_features * np.log(P) for spherical.
    log_det_.resize(k);
    std::vector<double> logs(n);
    switch (type_) {
      case CovarianceType::kFull:
      case CovarianceType::kTied: {
        const size_t mats = type_ == CovarianceType::kFull ? k : 1;
        for (size_t j = 0; j < mats; ++j) {
          for (size_t i = 0; i < n; ++i) {
            logs[i] = std::log(pc[j * n * n + i * (n + 1)]);
          }
          log_det_[j] = NumpyRowSum(logs.data(), n);
        }
        if (mats == 1) log_det_.assign(k, log_det_[0]);
        // The products: P_j side by side, [n, k * n] (full), or P [n, n].
        if (type_ == CovarianceType::kFull) {
          p_cat_.resize(n * k * n);
          for (size_t j = 0; j < k; ++j) {
            for (size_t r = 0; r < n; ++r) {
              for (size_t c = 0; c < n; ++c) {
                p_cat_[r * k * n + j * n + c] = pc[j * n * n + r * n + c];
              }
            }
          }
        } else {
          p_cat_.assign(pc, pc + n * n);
        }
        // mu_j @ P_j (a vector-matrix product, as numpy's).
        mu_p_.resize(k * n);
        for (size_t j = 0; j < k; ++j) {
          const double* p =
              type_ == CovarianceType::kFull ? pc + j * n * n : pc;
          GemmNn(means + j * n, p, 1, n, n, mu_p_.data() + j * n);
        }
        break;
      }
      case CovarianceType::kDiag: {
        prec_.resize(k * n);
        scaled_means_.resize(k * n);
        const_term_.resize(k);
        std::vector<double> terms(n);
        for (size_t j = 0; j < k; ++j) {
          for (size_t i = 0; i < n; ++i) {
            logs[i] = std::log(pc[j * n + i]);
            const double p = pc[j * n + i] * pc[j * n + i];
            const double m = means[j * n + i];
            prec_[j * n + i] = p;
            scaled_means_[j * n + i] = m * p;
            terms[i] = (m * m) * p;  // means**2 * precisions
          }
          log_det_[j] = NumpyRowSum(logs.data(), n);
          const_term_[j] = NumpyRowSum(terms.data(), n);
        }
        break;
      }
      case CovarianceType::kSpherical: {
        prec_.resize(k);
        const_term_.resize(k);
        means_.assign(means, means + k * n);
        std::vector<double> sq(n);
        for (size_t j = 0; j < k; ++j) {
          log_det_[j] = static_cast<double>(n) * std::log(pc[j]);
          prec_[j] = pc[j] * pc[j];
          for (size_t i = 0; i < n; ++i) {
            sq[i] = means[j * n + i] * means[j * n + i];
          }
          const_term_[j] = NumpyRowSum(sq.data(), n) * prec_[j];
        }
        break;
      }
    }
  }

  bool HasProba() const override { return true; }
  bool HasDecision() const override { return true; }

  void ComputeRaw(const Predictor::Impl&, const double* x, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    const size_t k = k_, n = n_;
    switch (type_) {
      case CovarianceType::kFull:
      case CovarianceType::kTied: {
        const bool full = type_ == CovarianceType::kFull;
        const size_t w = full ? k * n : n;
        std::vector<double> xp(rows * w);
        GemmNn(x, p_cat_.data(), rows, w, n, xp.data());
        std::vector<double> y(n);
        for (size_t r = 0; r < rows; ++r) {
          for (size_t j = 0; j < k; ++j) {
            const double* a = xp.data() + r * w + (full ? j * n : 0);
            const double* mp = mu_p_.data() + j * n;
            for (size_t i = 0; i < n; ++i) {
              const double d = a[i] - mp[i];
              y[i] = d * d;
            }
            raw[r * k + j] = NumpyRowSum(y.data(), n);
          }
        }
        break;
      }
      case CovarianceType::kDiag: {
        // raw = X @ (mu * p).T; sq = X^2 @ p.T.
        GemmNt(x, scaled_means_.data(), rows, k, n, raw, k);
        std::vector<double> x2(rows * n), sq(rows * k);
        for (size_t i = 0; i < rows * n; ++i) x2[i] = x[i] * x[i];
        GemmNt(x2.data(), prec_.data(), rows, k, n, sq.data(), k);
        for (size_t r = 0; r < rows; ++r) {
          for (size_t j = 0; j < k; ++j) {
            double& q = raw[r * k + j];
            q = (const_term_[j] - 2.0 * q) + sq[r * k + j];
          }
        }
        break;
      }
      case CovarianceType::kSpherical: {
        GemmNt(x, means_.data(), rows, k, n, raw, k);
        for (size_t r = 0; r < rows; ++r) {
          const double norm = Dot(x + r * n, x + r * n, n);
          for (size_t j = 0; j < k; ++j) {
            double& q = raw[r * k + j];
            q = (const_term_[j] - 2 * (q * prec_[j])) + norm * prec_[j];
          }
        }
        break;
      }
    }
    const bool bayes = !dof_term_.empty();
    for (size_t r = 0; r < rows; ++r) {
      double* w = raw + r * k;
      for (size_t j = 0; j < k; ++j) {
        double v = -0.5 * (log_2pi_n_ + w[j]) + log_det_[j];
        if (bayes) v = (v - dof_term_[j]) + lambda_term_[j];
        w[j] = v + log_weights_[j];
      }
    }
  }

  void Finish(const Predictor::Impl&, Method method, const double* raw,
              size_t rows, size_t row0, size_t, Outputs outs) const override {
    const size_t k = k_;
    if (method == Method::kPredict) {
      // np.argmax(weighted_log_prob, axis=1).
      int64_t* out = outs.classes->data.data() + row0;
      for (size_t r = 0; r < rows; ++r) {
        out[r] = static_cast<int64_t>(ArgMax(raw + r * k, k));
      }
      return;
    }
    // predict_proba: np.exp(weighted_log_prob - logsumexp).
    double* out = (*outs.proba)[0].data.data() + row0 * k;
    for (size_t r = 0; r < rows; ++r) {
      const double* a = raw + r * k;
      const double lse = LogSumExp(a);
      for (size_t j = 0; j < k; ++j) out[r * k + j] = std::exp(a[j] - lse);
    }
  }

  // score_samples: logsumexp(weighted_log_prob, axis=1).
  size_t DecisionWidth(const Predictor::Impl&) const override { return 1; }
  void FinishDecision(const Predictor::Impl&, const double* raw, size_t rows,
                      size_t row0, Outputs outs) const override {
    double* out = outs.values->data.data() + row0;
    for (size_t r = 0; r < rows; ++r) out[r] = LogSumExp(raw + r * k_);
  }

 private:
  // scikit-learn 1.9's _logsumexp (sklearn/utils/_array_api.py; scipy
  // 1.15's logsumexp is the same sequence): m the row's largest value (nan
  // propagates), c how many entries equal it; s the pairwise sum of
  // exp(a - shift) over the other entries (the largest contribute
  // exp(-inf) = 0), shift = m where finite, else 0; s / c unless s is 0;
  // log1p(s) + log(c) + m. scipy 1.13's (scikit-learn 1.4 with it) is
  // log(sum(exp(a - m))) + m, equal up to rounding (predictor.h).
  double LogSumExp(const double* a) const {
    const size_t k = k_;
    double m = a[0];
    for (size_t j = 1; j < k; ++j) {
      if (std::isnan(m)) break;
      if (std::isnan(a[j]) || a[j] > m) m = a[j];
    }
    const double shift = std::isfinite(m) ? m : 0.0;
    std::vector<double>& e = Scratch(k);
    double count = 0;
    for (size_t j = 0; j < k; ++j) {
      if (a[j] == m) {
        count += 1;
        e[j] = 0.0;
      } else {
        e[j] = std::exp(a[j] - shift);
      }
    }
    double s = NumpyRowSum(e.data(), k);
    if (s != 0) s = s / count;
    return std::log1p(s) + std::log(count) + m;
  }

  static std::vector<double>& Scratch(size_t k) {
    thread_local std::vector<double> v;
    if (v.size() < k) v.resize(k);
    return v;
  }

  CovarianceType type_;
  size_t k_, n_;
  double log_2pi_n_ = 0;
  std::vector<double> log_weights_, dof_term_, lambda_term_, log_det_;
  std::vector<double> p_cat_;         // full: [n, k * n]; tied: [n, n]
  std::vector<double> mu_p_;          // full, tied: [k, n]
  std::vector<double> prec_;          // diag: [k, n]; spherical: [k]
  std::vector<double> scaled_means_;  // diag: mu * p, [k, n]
  std::vector<double> const_term_;    // diag, spherical: [k]
  std::vector<double> means_;         // spherical: [k, n]
};

}  // namespace

Status Predictor::Impl::CompileGaussianMixture(const GaussianMixture& g,
                                               const std::string& path) {
  if (!classifier || n_outputs != 1 || class_counts[0] < 1) {
    return Status(ErrorCode::kPredictorOutputSpec, JoinContext(path, "means"),
                  "a Gaussian mixture needs one classification output");
  }
  const uint64_t k = class_counts[0], n = n_features;
  const bool full = g.covariance_type == CovarianceType::kFull;
  // The widest product: X @ [P_1 .. P_k] (k * n columns) when full.
  if (k > static_cast<uint64_t>(INT32_MAX) ||
      n > static_cast<uint64_t>(INT32_MAX) ||
      (full && k * n > static_cast<uint64_t>(INT32_MAX))) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "means"),
                  "more components or features than BLAS indexes");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(g.means, DType::kFloat64, {k, n},
                                        JoinContext(path, "means")));
  std::vector<uint64_t> shape;
  switch (g.covariance_type) {
    case CovarianceType::kFull:
      shape = {k, n, n};
      break;
    case CovarianceType::kTied:
      shape = {n, n};
      break;
    case CovarianceType::kDiag:
      shape = {k, n};
      break;
    case CovarianceType::kSpherical:
      shape = {k};
      break;
    default:
      return Status(ErrorCode::kPredictorTensor,
                    JoinContext(path, "covariance_type"),
                    "not full, tied, diag or spherical");
  }
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(g.precisions_cholesky, DType::kFloat64, shape,
                  JoinContext(path, "precisions_cholesky")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(g.log_weights, DType::kFloat64, {k},
                                        JoinContext(path, "log_weights")));
  if (g.dof_term.present() || g.lambda_term.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(g.dof_term, DType::kFloat64, {k},
                                          JoinContext(path, "dof_term")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(g.lambda_term, DType::kFloat64, {k},
                                          JoinContext(path, "lambda_term")));
  }
  final_step = std::make_unique<GaussianMixtureFinal>(g, k, n);
  final_rule = InputRule::kFinite;
  raw_width = k;
  return Status::Ok();
}

}  // namespace modelseal
