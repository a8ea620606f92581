// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The meta-estimators in the predictor: ThresholdClassifier, whose
// classifier is compiled as the model's own steps and final step, and
// whose final step wraps the classifier's to threshold its score
// (sklearn/model_selection/_classification_threshold.py; the labels of
// _threshold_scores_to_class_labels, in sklearn/metrics/_scorer.py from
// 1.6). Compiled into the inference library.
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "inference/predictor_impl.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

// predict: the positive class where the score is >= the threshold, else
// the other (a NaN score is never >= it); the other methods are the
// classifier's own.
struct ThresholdFinal final : FinalStep {
  std::unique_ptr<const FinalStep> inner;
  bool use_proba = true;  // the score is predict_proba's, else decision's
  double threshold = 0.5;
  size_t positive = 1;

  bool HasProba() const override { return inner->HasProba(); }
  bool HasDecision() const override { return inner->HasDecision(); }
  bool HasLogProba() const override { return inner->HasLogProba(); }
  Status CheckRows(const Predictor::Impl& p, const double* x, size_t rows,
                   size_t row0) const override {
    return inner->CheckRows(p, x, rows, row0);
  }
  void ComputeRaw(const Predictor::Impl& p, const double* x, const float* xf,
                  size_t rows, int32_t* leaves, double* raw) const override {
    inner->ComputeRaw(p, x, xf, rows, leaves, raw);
  }
  // predict needs the raw scores of the method whose score it thresholds.
  void ComputeRawFor(const Predictor::Impl& p, Method method, const double* x,
                     const float* xf, size_t rows, int32_t* leaves,
                     double* raw) const override {
    if (method == Method::kPredict) {
      method = use_proba ? Method::kProba : Method::kDecision;
    }
    inner->ComputeRawFor(p, method, x, xf, rows, leaves, raw);
  }
  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t total_rows,
              Outputs outs) const override {
    if (method != Method::kPredict) {
      return inner->Finish(p, method, raw, rows, row0, total_rows, outs);
    }
    // The block's scores, in buffers of its own rows (row0 = 0).
    std::vector<double> score(rows);
    if (use_proba) {
      std::vector<Matrix<double>> proba(1);
      proba[0].rows = rows;
      proba[0].cols = 2;
      proba[0].data.resize(rows * 2);
      Outputs tmp;
      tmp.proba = &proba;
      inner->Finish(p, Method::kProba, raw, rows, 0, total_rows, tmp);
      for (size_t r = 0; r < rows; ++r) score[r] = proba[0].at(r, positive);
    } else {
      // A binary classifier's decision_function is one column, the score
      // of classes[1] (negated for classes[0], _process_decision_function).
      Matrix<double> decision;
      decision.rows = rows;
      decision.cols = inner->DecisionWidth(p);
      decision.data.resize(rows * decision.cols);
      Outputs tmp;
      tmp.values = &decision;
      inner->FinishDecision(p, raw, rows, 0, tmp);
      for (size_t r = 0; r < rows; ++r) {
        const double d = decision.at(r, 0);
        score[r] = positive == 0 ? -d : d;
      }
    }
    int64_t* out = outs.classes->data.data() + row0;
    for (size_t r = 0; r < rows; ++r) {
      out[r] =
          static_cast<int64_t>(score[r] >= threshold ? positive : 1 - positive);
    }
  }
  size_t DecisionWidth(const Predictor::Impl& p) const override {
    return inner->DecisionWidth(p);
  }
  void FinishDecision(const Predictor::Impl& p, const double* raw, size_t rows,
                      size_t row0, Outputs outs) const override {
    inner->FinishDecision(p, raw, rows, row0, outs);
  }
  Status Finalize(const Predictor::Impl& p, Method method, size_t rows,
                  size_t row0, Outputs outs) const override {
    return inner->Finalize(p, method, rows, row0, outs);
  }
};

}  // namespace

// The classifier is compiled like a model of its own (its steps, then its
// final step), as TransformedTargetRegressor's regressor is; its final step
// is then wrapped.
Status Predictor::Impl::CompileThresholdClassifier(const ThresholdClassifier& t,
                                                   const std::string& path) {
  if (!classifier || n_outputs != 1 || class_counts.size() != 1 ||
      class_counts[0] != 2) {
    return Status(ErrorCode::kPredictorOutputSpec, "output",
                  "a ThresholdClassifier is a binary classifier (one output "
                  "of two classes)");
  }
  if (t.estimator.size() != 1) {
    return Status(
        ErrorCode::kPredictorPipeline, JoinContext(path, "estimator"),
        std::to_string(t.estimator.size()) + " estimators, expected exactly 1");
  }
  if (!IsKnown(t.response) || !IsKnown(t.source) ||
      (t.source == ThresholdSource::kValue && std::isnan(t.threshold)) ||
      t.positive > 1) {
    return Status(ErrorCode::kPredictorPipeline, path,
                  "unknown response or source, NaN threshold or positive not "
                  "0 or 1");
  }
  MODELSEAL_RETURN_IF_ERROR(BuildWrapped(
      t.estimator[0], IndexContext(JoinContext(path, "estimator"), 0), path,
      "classifier"));
  auto wrap = std::make_unique<ThresholdFinal>();
  // response_method="auto": predict_proba where the classifier has it
  // (_check_response_method takes the first the estimator has).
  wrap->use_proba =
      t.response == ThresholdResponse::kProba ||
      (t.response == ThresholdResponse::kAuto && final_step->HasProba());
  if (wrap->use_proba ? !final_step->HasProba() : !final_step->HasDecision()) {
    return Status(ErrorCode::kPredictorPipeline,
                  IndexContext(JoinContext(path, "estimator"), 0),
                  std::string("the classifier has no ") +
                      (wrap->use_proba ? "predict_proba"
                                       : "predict_proba or decision_function") +
                      " to threshold");
  }
  wrap->threshold = t.source == ThresholdSource::kAuto
                        ? (wrap->use_proba ? 0.5 : 0.0)
                        : t.threshold;
  wrap->positive = t.positive;
  wrap->inner = std::move(final_step);
  final_step = std::move(wrap);
  return Status::Ok();
}

}  // namespace modelseal
