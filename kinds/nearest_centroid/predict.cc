// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// NearestCentroid in the predictor: its compile step and its final step
// (evaluation). Compiled into the inference library.
#include <cblas.h>

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

// d[i] = sum over j of |x[j] - c[i][j]|, each added left to right as
// ManhattanDistance64.dist of sklearn/metrics/_dist_metrics.pyx
// (pairwise_distances_argmin's ArgKmin) adds them; ct is c transposed
// [n, k], so the k sums advance together (one lane per centroid).
void Manhattan(const double* x, const double* ct, size_t n, size_t k,
               double* d) {
  std::fill(d, d + k, 0.0);
  for (size_t j = 0; j < n; ++j) {
    const double v = x[j];
    const double* c = ct + j * k;
    for (size_t i = 0; i < k; ++i) d[i] += std::fabs(v - c[i]);
  }
}

std::vector<double> Transposed(const double* m, size_t rows, size_t cols) {
  std::vector<double> t(rows * cols);
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < cols; ++j) t[j * rows + i] = m[i * cols + j];
  }
  return t;
}

// raw per row, width k + 1: the k discriminants (where the model has them
// and the method needs them) then the predicted class index.
//
// predict, rule kNearest: pairwise_distances_argmin(X, centroids_), an
// ArgKmin with k = 1 that keeps the first smallest (1.4.2 to 1.9.1). For
// euclidean it compares ||c_j||^2 + (-2 x.c_j) (EuclideanArgKmin: one GEMM
// with alpha -2, then + the squared row norm), for manhattan the distance.
// Rule kDiscriminant: the first largest discriminant (np.argmax).
//
// The discriminants, NearestCentroid._decision_function (1.6.1 to 1.9.1):
// X and centroids_ divided by within_class_std_dev_ where it is not 0; per
// class, pairwise_distances(Xn, cn[[i]]) ** 2, and -d^2 + 2 log prior_i.
// euclidean's is _euclidean_distances: ((-2 Xn.cn_i) + ||Xn||^2) +
// ||cn_i||^2, np.maximum(.., 0), np.sqrt; manhattan's is scipy's cityblock.
class CentroidFinal final : public FinalStep {
 public:
  CentroidFinal(const NearestCentroid& c, size_t k, size_t n)
      : metric_(c.metric),
        rule_(c.rule),
        k_(k),
        n_(n),
        centroids_(DataOf<double>(c.centroids)) {
    if (metric_ == CentroidMetric::kEuclidean) {
      norms_ = SquaredRowNorms(centroids_, k, n);
    } else {
      centroids_t_ = Transposed(centroids_, k, n);
    }
    if (!c.std_dev.present()) return;
    const double* s = DataOf<double>(c.std_dev);
    const double* priors = DataOf<double>(c.priors);
    std_dev_.assign(s, s + n);
    scaled_.resize(k * n);
    log_priors2_.resize(k);
    for (size_t i = 0; i < k; ++i) {
      for (size_t j = 0; j < n; ++j) {
        const double v = centroids_[i * n + j];
        scaled_[i * n + j] = s[j] != 0 ? v / s[j] : v;
      }
      log_priors2_[i] = 2.0 * std::log(priors[i]);
    }
    scaled_norms_ = SquaredRowNorms(scaled_.data(), k, n);
    if (metric_ == CentroidMetric::kManhattan) {
      scaled_t_ = Transposed(scaled_.data(), k, n);
    }
  }

  // predict_proba, predict_log_proba and decision_function: scikit-learn
  // offers them for the euclidean metric of a model fitted by 1.6 or later.
  bool HasProba() const override {
    return metric_ == CentroidMetric::kEuclidean && !std_dev_.empty();
  }
  bool HasDecision() const override { return HasProba(); }
  bool HasLogProba() const override { return HasProba(); }

  void ComputeRaw(const Predictor::Impl& p, const double* x, const float* xf,
                  size_t rows, int32_t* leaves, double* raw) const override {
    ComputeRawFor(p, Method::kProba, x, xf, rows, leaves, raw);
  }

  // predict by the nearest rule reads no discriminants: not computed.
  void ComputeRawFor(const Predictor::Impl&, Method method, const double* x,
                     const float*, size_t rows, int32_t*,
                     double* raw) const override {
    const size_t w = k_ + 1;
    if (!std_dev_.empty() &&
        (method != Method::kPredict || rule_ == CentroidRule::kDiscriminant)) {
      Discriminants(x, rows, raw);
    }
    if (rule_ == CentroidRule::kDiscriminant) {
      for (size_t r = 0; r < rows; ++r) {
        raw[r * w + k_] = static_cast<double>(ArgMax(raw + r * w, k_));
      }
      return;
    }
    if (metric_ == CentroidMetric::kManhattan) {
      std::vector<double> d(k_);
      for (size_t r = 0; r < rows; ++r) {
        Manhattan(x + r * n_, centroids_t_.data(), n_, k_, d.data());
        size_t best = 0;
        for (size_t i = 1; i < k_; ++i) {
          if (d[i] < d[best]) best = i;
        }
        raw[r * w + k_] = static_cast<double>(best);
      }
      return;
    }
    std::vector<double> dot(rows * k_);
    Gemm(x, centroids_, rows, dot.data());
    for (size_t r = 0; r < rows; ++r) {
      raw[r * w + k_] = static_cast<double>(
          FirstNearestCenter(norms_.data(), dot.data() + r * k_, k_));
    }
  }

  void Finish(const Predictor::Impl&, Method method, const double* raw,
              size_t rows, size_t row0, size_t, Outputs outs) const override {
    const size_t w = k_ + 1;
    if (method == Method::kPredict) {
      int64_t* out = outs.classes->data.data() + row0;
      for (size_t r = 0; r < rows; ++r) {
        out[r] = static_cast<int64_t>(raw[r * w + k_]);
      }
      return;
    }
    for (size_t r = 0; r < rows; ++r) {
      DiscriminantLogSoftmax(raw + r * w, k_, method == Method::kLogProba,
                             (*outs.proba)[0].data.data() + (row0 + r) * k_);
    }
  }

  // decision_function: the k discriminants, or d[1] - d[0] for two classes.
  size_t DecisionWidth(const Predictor::Impl&) const override {
    return k_ == 2 ? 1 : k_;
  }
  void FinishDecision(const Predictor::Impl&, const double* raw, size_t rows,
                      size_t row0, Outputs outs) const override {
    const size_t w = k_ + 1;
    const size_t width = k_ == 2 ? 1 : k_;
    double* out = outs.values->data.data() + row0 * width;
    for (size_t r = 0; r < rows; ++r) {
      const double* d = raw + r * w;
      if (k_ == 2) {
        out[r] = d[1] - d[0];
      } else {
        std::copy(d, d + k_, out + r * k_);
      }
    }
  }

 private:
  // out[rows, k] = a[rows, n] . b[k, n]^T (one cblas_dgemm, as numpy's
  // matmul and scikit-learn's _gemm).
  void Gemm(const double* a, const double* b, size_t rows, double* out) const {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows),
                static_cast<int>(k_), static_cast<int>(n_), 1.0, a,
                static_cast<int>(n_), b, static_cast<int>(n_), 0.0, out,
                static_cast<int>(k_));
  }

  void Discriminants(const double* x, size_t rows, double* raw) const {
    const size_t w = k_ + 1;
    std::vector<double> xn(rows * n_);
    for (size_t r = 0; r < rows; ++r) {
      for (size_t j = 0; j < n_; ++j) {
        const double v = x[r * n_ + j];
        xn[r * n_ + j] = std_dev_[j] != 0 ? v / std_dev_[j] : v;
      }
    }
    std::vector<double> dist(rows * k_);
    if (metric_ == CentroidMetric::kEuclidean) {
      Gemm(xn.data(), scaled_.data(), rows, dist.data());
      for (size_t r = 0; r < rows; ++r) {
        const double* xr = xn.data() + r * n_;
        const double xx = Dot(xr, xr, n_);
        for (size_t i = 0; i < k_; ++i) {
          double& d = dist[r * k_ + i];
          d = std::sqrt(std::max((-2.0 * d + xx) + scaled_norms_[i], 0.0));
        }
      }
    } else {
      for (size_t r = 0; r < rows; ++r) {
        Manhattan(xn.data() + r * n_, scaled_t_.data(), n_, k_,
                  dist.data() + r * k_);
      }
    }
    for (size_t r = 0; r < rows; ++r) {
      for (size_t i = 0; i < k_; ++i) {
        const double d = dist[r * k_ + i];
        raw[r * w + i] = -(d * d) + log_priors2_[i];
      }
    }
  }

  CentroidMetric metric_;
  CentroidRule rule_;
  size_t k_, n_;
  const double* centroids_;
  std::vector<double> norms_;         // [k] ||c_i||^2 (euclidean)
  std::vector<double> centroids_t_;   // [n, k] (manhattan)
  std::vector<double> scaled_t_;      // [n, k] (manhattan, with std_dev)
  std::vector<double> std_dev_;       // [n]; empty: fitted before 1.6
  std::vector<double> scaled_;        // [k, n] centroids / std_dev
  std::vector<double> scaled_norms_;  // [k] their squared norms
  std::vector<double> log_priors2_;   // [k] 2 log prior
};

}  // namespace

Status Predictor::Impl::CompileNearestCentroid(const NearestCentroid& c,
                                               const std::string& path) {
  if (!classifier || n_outputs != 1 || class_counts[0] < 2) {
    return Status(ErrorCode::kPredictorOutputSpec,
                  JoinContext(path, "centroids"),
                  "a nearest centroid classifier needs one classification "
                  "output with at least 2 classes");
  }
  const uint64_t k = class_counts[0];
  if (k > static_cast<uint64_t>(INT32_MAX) - 1 ||
      n_features > static_cast<uint64_t>(INT32_MAX)) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "centroids"),
                  "more classes or features than BLAS indexes");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.centroids, DType::kFloat64,
                                        {k, n_features},
                                        JoinContext(path, "centroids")));
  if (c.std_dev.present() || c.priors.present() ||
      c.rule == CentroidRule::kDiscriminant) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.std_dev, DType::kFloat64,
                                          {n_features},
                                          JoinContext(path, "std_dev")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.priors, DType::kFloat64, {k},
                                          JoinContext(path, "priors")));
  }
  final_step = std::make_unique<CentroidFinal>(c, k, n_features);
  final_rule = InputRule::kFinite;
  raw_width = k + 1;
  return Status::Ok();
}

}  // namespace modelseal
