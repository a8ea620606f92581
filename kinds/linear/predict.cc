// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// LinearModel in the predictor: its compile step and its final step
// (evaluation). Compiled into the inference library.
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
#include "inference/kernels.h"
#include "inference/predictor_impl.h"
#include "modelseal/limits.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

// d = X coef^T + intercept, [k] per row; then by `output` (predictor.h).
class LinearFinal final : public FinalStep {
 public:
  LinearFinal(const double* coef, const double* intercept, LinearOutput output)
      : coef_(coef), intercept_(intercept), output_(output) {}

  bool HasProba() const override {
    return output_ == LinearOutput::kLogisticOvr ||
           output_ == LinearOutput::kSoftmax ||
           output_ == LinearOutput::kModifiedHuber ||
           output_ == LinearOutput::kDiscriminant;
  }
  bool HasDecision() const override { return output_ != LinearOutput::kExp; }

  void ComputeRaw(const Predictor::Impl& p, const double* x, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    const size_t w = p.raw_width, n = p.n_features;
    for (size_t r = 0; r < rows; ++r) {
      const double* xr = x + r * n;
      for (size_t j = 0; j < w; ++j) {
        raw[r * w + j] = Dot(xr, coef_ + j * n, n) + intercept_[j];
      }
    }
    // The GLMs' log link: _base_loss.link.inverse is np.exp.
    if (output_ == LinearOutput::kExp) {
      for (size_t i = 0; i < rows * w; ++i) raw[i] = std::exp(raw[i]);
    }
  }

  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t, Outputs outs) const override {
    if (method == Method::kPredict) {
      if (!p.classifier) return FinishValues(p, raw, rows, row0, outs);
      return FinishDecisionLabels(p, raw, rows, row0, outs, false);
    }
    const size_t w = p.raw_width;
    if (output_ == LinearOutput::kModifiedHuber) {
      return FinishModifiedHuber(p, raw, rows, row0, outs);
    }
    // LinearDiscriminantAnalysis: expit (binary) or softmax, as
    // discriminant_analysis.py's predict_proba (1.4.2 to 1.9.1).
    if (output_ == LinearOutput::kSoftmax ||
        output_ == LinearOutput::kDiscriminant || w == 1) {
      return FinishSoftmaxProba(p, raw, rows, row0, outs,
                                RowSum::kNumpyPairwise,
                                output_ == LinearOutput::kSoftmax);
    }
    // One-vs-rest: scikit-learn's _predict_proba_lr, expit and then divide
    // by the row sum.
    for (size_t r = 0; r < rows; ++r) {
      double* out = (*outs.proba)[0].data.data() + (row0 + r) * w;
      for (size_t j = 0; j < w; ++j) out[j] = Expit(raw[r * w + j]);
      const double sum = NumpyRowSum(out, w);
      for (size_t j = 0; j < w; ++j) out[j] /= sum;
    }
  }

 private:
  // SGDClassifier._predict_proba for loss="modified_huber" (the same in
  // 1.4.2 and 1.9.1): prob = clip(d, -1, 1); prob += 1.0; prob /= 2.0;
  // binary [1 - prob, prob]; otherwise a row summing to 0 becomes 1s over
  // the class count, and prob /= its numpy (pairwise) row sum.
  static void FinishModifiedHuber(const Predictor::Impl& p, const double* raw,
                                  size_t rows, size_t row0, Outputs outs) {
    const size_t w = p.raw_width;
    const size_t c = p.class_counts[0];
    for (size_t r = 0; r < rows; ++r) {
      double* out = (*outs.proba)[0].data.data() + (row0 + r) * c;
      const double* d = raw + r * w;
      if (w == 1) {
        // np.clip propagates NaN; d is finite here (finite input).
        const double q = (std::clamp(d[0], -1.0, 1.0) + 1.0) / 2.0;
        out[0] = 1.0 - q;
        out[1] = q;
        continue;
      }
      for (size_t j = 0; j < w; ++j) {
        out[j] = (std::clamp(d[j], -1.0, 1.0) + 1.0) / 2.0;
      }
      double sum = NumpyRowSum(out, w);
      if (sum == 0) {
        std::fill(out, out + w, 1.0);
        sum = static_cast<double>(c);
      }
      for (size_t j = 0; j < w; ++j) out[j] /= sum;
    }
  }

  const double* coef_;
  const double* intercept_;
  LinearOutput output_;
};

}  // namespace

Status Predictor::Impl::CompileLinearModel(const LinearModel& l,
                                           const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(l.coef, DType::kFloat64,
                                        {kAnyDim, n_features},
                                        JoinContext(path, "coef")));
  const uint64_t k = l.coef.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(l.intercept, DType::kFloat64, {k},
                                        JoinContext(path, "intercept")));
  final_step = std::make_unique<LinearFinal>(
      DataOf<double>(l.coef), DataOf<double>(l.intercept), l.output);
  final_rule = InputRule::kFinite;
  switch (l.output) {
    case LinearOutput::kRegression:
    case LinearOutput::kExp:
      if (classifier || k != n_outputs) {
        return Status(
            ErrorCode::kPredictorOutputSpec, JoinContext(path, "output"),
            "regression with " + std::to_string(k) + " coefficient rows for " +
                std::to_string(n_outputs) + " outputs");
      }
      raw_width = k;
      return Status::Ok();
    case LinearOutput::kDecision:
    case LinearOutput::kLogisticOvr:
    case LinearOutput::kSoftmax:
    case LinearOutput::kModifiedHuber:
    case LinearOutput::kDiscriminant: {
      if (!classifier || n_outputs != 1) {
        return Status(ErrorCode::kPredictorOutputSpec,
                      JoinContext(path, "output"),
                      "linear classifier needs one classification output");
      }
      const size_t c = class_counts[0];
      if (!((k == 1 && c == 2) || (k >= 2 && k == c))) {
        return Status(ErrorCode::kPredictorOutputSpec,
                      JoinContext(path, "coef"),
                      std::to_string(k) + " coefficient rows for " +
                          std::to_string(c) + " classes");
      }
      raw_width = k;
      return Status::Ok();
    }
  }
  return Status(
      ErrorCode::kPredictorOutputSpec, JoinContext(path, "output"),
      "unknown linear output " + std::to_string(static_cast<int>(l.output)));
}

}  // namespace modelseal
