// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// NaiveBayes in the predictor: its compile step and its final step
// (evaluation). Compiled into the inference library.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "inference/kernels.h"
#include "inference/predictor_impl.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

// raw = the joint log likelihood jll[c] of each row, in scikit-learn's
// order of operations (sklearn/naive_bayes.py, the same in 1.4.2 to 1.9.1).
class NaiveBayesFinal final : public FinalStep {
 public:
  NaiveBayesFinal(const NaiveBayes& k, size_t classes, size_t n)
      : type_(k.type),
        classes_(classes),
        n_(n),
        class_term_(DataOf<double>(k.class_term)) {
    if (type_ == NaiveBayesType::kGaussian) {
      theta_ = DataOf<double>(k.theta);
      var_ = DataOf<double>(k.var);
      log_norm_ = DataOf<double>(k.log_norm);
    } else if (type_ == NaiveBayesType::kDiscrete) {
      coef_ = DataOf<double>(k.coef);
    } else if (type_ == NaiveBayesType::kCategorical) {
      table_ = DataOf<double>(k.category_log_prob);
      const auto counts = k.n_categories.span<int64_t>();
      categories_.assign(counts.begin(), counts.end());
      offsets_.resize(n);
      size_t offset = 0;  // sums to the table's rows (validated)
      for (size_t j = 0; j < n; ++j) {
        offsets_[j] = offset;
        offset += static_cast<size_t>(counts[j]);
      }
    }
  }

  // CategoricalNB._check_X: check_array(X, dtype="int") truncates each
  // (finite) value toward zero, check_non_negative refuses negatives (and
  // values beyond int64, which numpy's cast turns into INT64_MIN), and the
  // lookup feature_log_prob_[j][:, t] raises IndexError from
  // n_categories_[j] on.
  Status CheckRows(const Predictor::Impl&, const double* x, size_t rows,
                   size_t row0) const override {
    if (type_ != NaiveBayesType::kCategorical) return Status::Ok();
    for (size_t r = 0; r < rows; ++r) {
      for (size_t j = 0; j < n_; ++j) {
        const double v = x[r * n_ + j];
        const double t = std::trunc(v);
        if (t >= 0 && t < static_cast<double>(categories_[j])) continue;
        char value[32];
        std::snprintf(value, sizeof value, "%.17g", v);
        return Status(
            ErrorCode::kInputCategoryIndex,
            "X[" + std::to_string(row0 + r) + "][" + std::to_string(j) + "]",
            std::string(value) +
                (t < 0 ? std::string(" is negative")
                 : t >= 0x1p63
                     ? std::string(" is beyond int64 (numpy's cast to int64 "
                                   "makes it negative)")
                     : " is category " +
                           std::to_string(static_cast<uint64_t>(t)) +
                           ", not below feature " + std::to_string(j) + "'s " +
                           std::to_string(categories_[j]) + " categories") +
                "; CategoricalNB takes category indices");
      }
    }
    return Status::Ok();
  }

  bool HasProba() const override { return true; }
  bool HasDecision() const override { return false; }
  bool HasLogProba() const override { return true; }

  void ComputeRaw(const Predictor::Impl&, const double* x, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    const size_t c = classes_, n = n_;
    if (type_ == NaiveBayesType::kCategorical) {
      // jll = zeros; jll += flp[j][:, X[:, j]].T for each j; + prior.
      for (size_t r = 0; r < rows; ++r) {
        double* out = raw + r * c;
        std::fill(out, out + c, 0.0);
        for (size_t j = 0; j < n; ++j) {
          const size_t t = static_cast<size_t>(x[r * n + j]);  // CheckRows
          const double* row = table_ + (offsets_[j] + t) * c;
          for (size_t i = 0; i < c; ++i) out[i] += row[i];
        }
        for (size_t i = 0; i < c; ++i) out[i] += class_term_[i];
      }
      return;
    }
    if (type_ == NaiveBayesType::kDiscrete) {
      // safe_sparse_dot(X, W.T) + intercept (BLAS's summation order there).
      for (size_t r = 0; r < rows; ++r) {
        for (size_t i = 0; i < c; ++i) {
          raw[r * c + i] = Dot(x + r * n, coef_ + i * n, n) + class_term_[i];
        }
      }
      return;
    }
    // GaussianNB._joint_log_likelihood, class by class: jointi + (n_ij -
    // 0.5 * np.sum(((X - theta[i]) ** 2) / var[i], axis=1)).
    std::vector<double> terms(n);
    for (size_t r = 0; r < rows; ++r) {
      const double* xr = x + r * n;
      for (size_t i = 0; i < c; ++i) {
        const double* theta = theta_ + i * n;
        const double* var = var_ + i * n;
        for (size_t j = 0; j < n; ++j) {
          const double d = xr[j] - theta[j];
          terms[j] = (d * d) / var[j];
        }
        raw[r * c + i] = class_term_[i] +
                         (log_norm_[i] - 0.5 * NumpyRowSum(terms.data(), n));
      }
    }
  }

  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t, Outputs outs) const override {
    // predict: classes_[np.argmax(jll, axis=1)].
    if (method == Method::kPredict) {
      return FinishDecisionLabels(p, raw, rows, row0, outs, false);
    }
    // predict_proba: np.exp(jll - logsumexp(jll, axis=1)) with scipy
    // 1.13's logsumexp (a non-finite row maximum counts as 0). scipy 1.15
    // and scikit-learn 1.9's own _logsumexp sum without the maxima and add
    // log1p; the difference is rounding (predictor.h).
    const size_t c = classes_;
    std::vector<double> shifted(c);
    for (size_t r = 0; r < rows; ++r) {
      const double* a = raw + r * c;
      double m = a[0];
      for (size_t j = 1; j < c; ++j) {
        if (std::isnan(m) || std::isnan(a[j])) {
          m = NAN;
        } else if (a[j] > m) {
          m = a[j];
        }
      }
      if (!std::isfinite(m)) m = 0;
      for (size_t j = 0; j < c; ++j) shifted[j] = std::exp(a[j] - m);
      const double lse = std::log(NumpyRowSum(shifted.data(), c)) + m;
      double* out = (*outs.proba)[0].data.data() + (row0 + r) * c;
      // predict_log_proba: jll - logsumexp; predict_proba its exp.
      for (size_t j = 0; j < c; ++j) out[j] = a[j] - lse;
      if (method == Method::kLogProba) continue;
      for (size_t j = 0; j < c; ++j) out[j] = std::exp(out[j]);
    }
  }

 private:
  NaiveBayesType type_;
  size_t classes_, n_;
  const double* class_term_;
  const double* theta_ = nullptr;     // Gaussian: [c, n]
  const double* var_ = nullptr;       // Gaussian: [c, n]
  const double* log_norm_ = nullptr;  // Gaussian: [c]
  const double* coef_ = nullptr;      // discrete: [c, n]
  const double* table_ = nullptr;     // categorical: [K, c]
  std::vector<int64_t> categories_;   // categorical: per feature
  std::vector<size_t> offsets_;       // categorical: first row per feature
};

}  // namespace

Status Predictor::Impl::CompileNaiveBayes(const NaiveBayes& k,
                                          const std::string& path) {
  if (!classifier || n_outputs != 1 || class_counts[0] < 2) {
    return Status(ErrorCode::kPredictorOutputSpec, JoinContext(path, "type"),
                  "a naive Bayes classifier needs one classification output "
                  "with at least 2 classes");
  }
  const uint64_t c = class_counts[0];
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.class_term, DType::kFloat64, {c},
                                        JoinContext(path, "class_term")));
  if (k.type == NaiveBayesType::kGaussian) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(
        k.theta, DType::kFloat64, {c, n_features}, JoinContext(path, "theta")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(
        k.var, DType::kFloat64, {c, n_features}, JoinContext(path, "var")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.log_norm, DType::kFloat64, {c},
                                          JoinContext(path, "log_norm")));
  } else if (k.type == NaiveBayesType::kDiscrete) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(
        k.coef, DType::kFloat64, {c, n_features}, JoinContext(path, "coef")));
  } else if (k.type == NaiveBayesType::kCategorical) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(k.n_categories, DType::kInt64,
                                          {n_features},
                                          JoinContext(path, "n_categories")));
    uint64_t total = 0;
    for (int64_t count : k.n_categories.span<int64_t>()) {
      if (count < 1 || static_cast<uint64_t>(count) > UINT32_MAX) {
        return Status(ErrorCode::kPredictorTensor,
                      JoinContext(path, "n_categories"),
                      "a count outside [1, 2^32 - 1]");
      }
      total += static_cast<uint64_t>(count);  // < n_features * 2^32
    }
    MODELSEAL_RETURN_IF_ERROR(
        CheckTensor(k.category_log_prob, DType::kFloat64, {total, c},
                    JoinContext(path, "category_log_prob")));
  } else {
    return Status(
        ErrorCode::kPredictorOutputSpec, JoinContext(path, "type"),
        "unknown naive Bayes type " + std::to_string(static_cast<int>(k.type)));
  }
  final_step = std::make_unique<NaiveBayesFinal>(k, c, n_features);
  final_rule = InputRule::kFinite;
  raw_width = c;
  return Status::Ok();
}

}  // namespace modelseal
