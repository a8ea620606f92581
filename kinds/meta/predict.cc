// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The meta-estimators in the predictor: ThresholdClassifier, whose
// classifier is compiled as the model's own steps and final step, and
// whose final step wraps the classifier's to threshold its score
// (sklearn/model_selection/_classification_threshold.py; the labels of
// _threshold_scores_to_class_labels, in sklearn/metrics/_scorer.py from
// 1.6); and Voting, whose estimators are each compiled as a model of their
// own (Predictor::Impl::BuildMember) that its final step runs on its rows
// (sklearn/ensemble/_voting.py; numpy's average and bincount). Compiled
// into the inference library.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/pairwise_sum.h"
#include "inference/kernels.h"
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
  // Without the score it thresholds, predict raises in scikit-learn.
  bool HasPredict() const override {
    return (use_proba ? inner->HasProba() : inner->HasDecision()) &&
           inner->HasPredict();
  }
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
  uint64_t WorkspacePerRow() const override { return inner->WorkspacePerRow(); }
  Status Compute(const Predictor::Impl& p, const BlockCall& call, Method method,
                 const double* x, const float* xf, size_t rows, int32_t* leaves,
                 double* raw) const override {
    if (method == Method::kPredict) {
      method = use_proba ? Method::kProba : Method::kDecision;
    }
    return inner->Compute(p, call, method, x, xf, rows, leaves, raw);
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

// Voting: each estimator's outputs for the block (predict_proba for Soft,
// predict for Hard and Average), combined as VotingClassifier and
// VotingRegressor do (SPEC §7 Voting). raw holds, per row, the mean
// probabilities (Soft), the winning class index in its first column
// (Hard) or the mean prediction (Average).
struct VotingFinal final : FinalStep {
  std::vector<std::unique_ptr<const Predictor::Impl>> members;
  VotingRule rule = VotingRule::kSoft;
  std::vector<double> weights;  // empty: unweighted
  double weight_sum = 0;        // numpy's pairwise sum of weights

  bool missing_proba = false;  // Soft: an estimator has no predict_proba

  // Soft voting averages predict_proba: where an estimator has none,
  // scikit-learn's predict and predict_proba raise.
  bool HasProba() const override {
    return rule == VotingRule::kSoft && !missing_proba;
  }
  bool HasPredict() const override { return !missing_proba; }
  // One estimator runs at a time: the largest of their buffers, and its
  // outputs.
  uint64_t WorkspacePerRow() const override {
    uint64_t most = 0;
    for (const auto& m : members) {
      most = std::max(
          most, m->WorkspacePerRow() + std::max<uint64_t>(m->raw_width, 1));
    }
    return most;
  }
  bool HasDecision() const override { return false; }
  // Never called: the predictor calls Compute, which can report the
  // estimators' input errors.
  void ComputeRaw(const Predictor::Impl& p, const double*, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    std::fill(raw, raw + rows * std::max<size_t>(p.raw_width, 1),
              std::numeric_limits<double>::quiet_NaN());
  }
  Status Compute(const Predictor::Impl& p, const BlockCall& call,
                 Method /*method*/, const double* x, const float* /*xf*/,
                 size_t rows, int32_t* /*leaves*/, double* raw) const override {
    const size_t c = p.raw_width;
    const bool weighted = !weights.empty();
    std::vector<int64_t> top;    // Hard: the largest index predicted per row
    std::vector<double> values;  // Average of one row: the k predictions
    if (rule == VotingRule::kHard) top.assign(rows, 0);
    for (size_t i = 0; i < members.size(); ++i) {
      const Predictor::Impl& m = *members[i];
      Predictor::Impl::Workspace ws;
      m.AllocateWorkspace(rows, &ws);
      const double w = weighted ? weights[i] : 1.0;
      if (rule == VotingRule::kSoft) {
        std::vector<Matrix<double>> proba(1);
        proba[0] = Matrix<double>{rows, c, std::vector<double>(rows * c)};
        MODELSEAL_RETURN_IF_ERROR(m.RunBlock(
            call, x, rows, Method::kProba, {nullptr, nullptr, &proba}, 0, ws));
        const double* pr = proba[0].data.data();
        // np.average along axis 0: the (weighted) slices added in order.
        for (size_t j = 0; j < rows * c; ++j) {
          const double v = weighted ? pr[j] * w : pr[j];
          raw[j] = i == 0 ? v : raw[j] + v;
        }
      } else if (rule == VotingRule::kHard) {
        Matrix<int64_t> labels{rows, 1, std::vector<int64_t>(rows)};
        MODELSEAL_RETURN_IF_ERROR(m.RunBlock(call, x, rows, Method::kPredict,
                                             {&labels, nullptr, nullptr}, 0,
                                             ws));
        if (i == 0) std::fill(raw, raw + rows * c, 0.0);
        for (size_t r = 0; r < rows; ++r) {
          const int64_t label = labels.data[r];  // a class index < c
          raw[r * c + static_cast<size_t>(label)] += w;
          top[r] = std::max(top[r], label);
        }
      } else {
        Matrix<double> y{rows, 1, std::vector<double>(rows)};
        MODELSEAL_RETURN_IF_ERROR(m.RunBlock(call, x, rows, Method::kPredict,
                                             {nullptr, &y, nullptr}, 0, ws));
        if (call.total_rows == 1) {
          values.push_back(weighted ? y.data[0] * w : y.data[0]);
        } else {
          // Along axis 1 of the [rows, k] predictions (a transposed C
          // array): numpy adds the columns in order.
          for (size_t r = 0; r < rows; ++r) {
            const double v = weighted ? y.data[r] * w : y.data[r];
            raw[r] = i == 0 ? v : raw[r] + v;
          }
        }
      }
    }
    const double divisor =
        weighted ? weight_sum : static_cast<double>(members.size());
    if (rule == VotingRule::kHard) {
      // np.argmax(np.bincount(labels, weights)): bins up to the largest
      // label only.
      for (size_t r = 0; r < rows; ++r) {
        raw[r * c] = static_cast<double>(
            ArgMax(raw + r * c, static_cast<size_t>(top[r]) + 1));
      }
    } else if (rule == VotingRule::kAverage && call.total_rows == 1) {
      // One row: numpy sums the row's k contiguous values pairwise.
      raw[0] = (0.0 + NumpyPairwiseSum(values.data(), values.size())) / divisor;
    } else {
      for (size_t j = 0; j < rows * std::max<size_t>(c, 1); ++j) {
        raw[j] /= divisor;
      }
    }
    return Status::Ok();
  }
  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t /*total_rows*/,
              Outputs outs) const override {
    const size_t c = p.raw_width;
    if (rule == VotingRule::kAverage)
      return FinishValues(p, raw, rows, row0, outs);
    if (method == Method::kProba) {
      std::copy(raw, raw + rows * c, (*outs.proba)[0].data.data() + row0 * c);
      return;
    }
    int64_t* out = outs.classes->data.data() + row0;
    for (size_t r = 0; r < rows; ++r) {
      out[r] = rule == VotingRule::kHard
                   ? static_cast<int64_t>(raw[r * c])
                   : static_cast<int64_t>(ArgMax(raw + r * c, c));
    }
  }
};

}  // namespace

// Each estimator is compiled as a model of its own reading the Voting's
// input (which must be numbers), its output spec the Voting's.
Status Predictor::Impl::CompileVoting(const Voting& v,
                                      const std::string& path) {
  if (!IsKnown(v.rule)) {
    return Status(ErrorCode::kPredictorPipeline, JoinContext(path, "rule"),
                  "unknown rule");
  }
  const bool classification = v.rule != VotingRule::kAverage;
  if (classifier != classification || n_outputs != 1 ||
      (classifier && class_counts.size() != 1)) {
    return Status(ErrorCode::kPredictorOutputSpec, "output",
                  std::string("a Voting with rule ") + EnumName(v.rule) +
                      " needs one output of " +
                      (classification ? "classification" : "regression"));
  }
  const std::string list_path = JoinContext(path, "estimators");
  const size_t k = v.estimators.size();
  if (k < 1 || k > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kPredictorPipeline, list_path,
                  std::to_string(k) + " estimators");
  }
  auto step = std::make_unique<VotingFinal>();
  step->rule = v.rule;
  if (v.weights.present()) {
    const std::string weights_path = JoinContext(path, "weights");
    MODELSEAL_RETURN_IF_ERROR(
        CheckTensor(v.weights, DType::kFloat64, {k}, weights_path));
    const double* w = DataOf<double>(v.weights);
    for (size_t i = 0; i < k; ++i) {
      if (!std::isfinite(w[i])) {
        return Status(ErrorCode::kPredictorPipeline,
                      IndexContext(weights_path, i), "not finite");
      }
    }
    step->weights.assign(w, w + k);
    step->weight_sum = 0.0 + NumpyPairwiseSum(w, k);
    if (step->weight_sum == 0) {
      return Status(ErrorCode::kPredictorPipeline, weights_path,
                    "the weights sum to zero");
    }
  }
  if (!classifier) raw_width = 1;
  for (size_t i = 0; i < k; ++i) {
    const std::string e_path = IndexContext(list_path, i);
    std::unique_ptr<const Impl> m;
    MODELSEAL_RETURN_IF_ERROR(BuildMember(v.estimators[i], e_path, &m));
    if (v.rule == VotingRule::kSoft && !m->final_step->HasProba()) {
      step->missing_proba = true;
    }
    if (!m->final_step->HasPredict()) step->missing_proba = true;
    if (!classifier && m->raw_width != 1) {
      return Status(ErrorCode::kPredictorPipeline, e_path,
                    "the estimator predicts " + std::to_string(m->raw_width) +
                        " values per row, expected 1");
    }
    step->members.push_back(std::move(m));
  }
  final_rule = InputRule::kAnything;  // each estimator checks its input
  final_step = std::move(step);
  return Status::Ok();
}

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
  // A classifier without the score to threshold: the model loads and
  // predict is unsupported (HasPredict), as scikit-learn's predict raises.
  wrap->threshold = t.source == ThresholdSource::kAuto
                        ? (wrap->use_proba ? 0.5 : 0.0)
                        : t.threshold;
  wrap->positive = t.positive;
  wrap->inner = std::move(final_step);
  final_step = std::move(wrap);
  return Status::Ok();
}

}  // namespace modelseal
