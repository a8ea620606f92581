// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of the meta-estimators (format/SPEC.md §7): ThresholdClassifier
// and Voting.
// Compiled into the format library.
#include <cmath>
#include <cstdint>
#include <string>

#include "core/pairwise_sum.h"
#include "format/validate_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

Status ValidateThresholdClassifier(const ThresholdClassifier& k,
                                   const std::string& ctx, uint64_t n_in,
                                   uint64_t depth, Role role, const Out& out,
                                   uint64_t* width_out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  if (role == Role::kStep) {
    return Status(ErrorCode::kPipelineShape, ctx,
                  "ThresholdClassifier is not a transformer and must be the "
                  "last step");
  }
  if (out.task != Task::kClassification) {
    return TaskMismatch(ctx, "ThresholdClassifier", out);
  }
  const std::string estimator_ctx = JoinContext(ctx, "estimator");
  if (k.estimator.size() != 1) {
    return Status(
        ErrorCode::kThresholdEstimator, estimator_ctx,
        std::to_string(k.estimator.size()) + " estimators, expected exactly 1");
  }
  if (out.n_outputs != 1 || out.n_classes[0] != 2) {
    return Status(ErrorCode::kThresholdEstimator, "output",
                  "a ThresholdClassifier needs one output of two classes; " +
                      std::to_string(out.n_outputs) + " outputs, " +
                      std::to_string(out.n_classes[0]) +
                      " classes in the first");
  }
  const std::string entry_ctx = IndexContext(estimator_ctx, 0);
  if (IsTransformer(k.estimator[0])) {
    return Status(ErrorCode::kThresholdEstimator, entry_ctx,
                  std::string(k.estimator[0].kind_name()) +
                      " is a transformer, not a classifier");
  }
  uint64_t width = 0;
  MODELSEAL_RETURN_IF_ERROR(ValidateEstimator(
      k.estimator[0], entry_ctx, n_in, depth + 1, Role::kFinal, out, &width));
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(k.response, JoinContext(ctx, "response"), "ThresholdResponse"));
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(k.source, JoinContext(ctx, "source"), "ThresholdSource"));
  if (k.source == ThresholdSource::kValue && std::isnan(k.threshold)) {
    return Status(ErrorCode::kThresholdValue, JoinContext(ctx, "threshold"),
                  "NaN (no score is >= it)");
  }
  if (k.positive > 1) {
    return Status(ErrorCode::kThresholdPositive, JoinContext(ctx, "positive"),
                  std::to_string(k.positive) + " is not a class index of 2");
  }
  *width_out = 0;
  return Status::Ok();
}

Status ValidateVoting(const Voting& k, const std::string& ctx, uint64_t n_in,
                      uint64_t depth, Role role, const Out& out,
                      uint64_t* width_out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  if (role == Role::kStep) {
    return Status(ErrorCode::kPipelineShape, ctx,
                  "Voting is not a transformer and must be the last step");
  }
  MODELSEAL_RETURN_IF_ERROR(
      KnownEnum(k.rule, JoinContext(ctx, "rule"), "VotingRule"));
  const bool classification = k.rule != VotingRule::kAverage;
  if (out.task !=
          (classification ? Task::kClassification : Task::kRegression) ||
      out.n_outputs != 1) {
    return Status(ErrorCode::kVotingTask, "output",
                  std::string("a Voting with rule ") + EnumName(k.rule) +
                      " needs one output of " +
                      (classification ? "classification" : "regression") +
                      "; the output spec has " + std::to_string(out.n_outputs) +
                      " outputs");
  }
  const std::string list_ctx = JoinContext(ctx, "estimators");
  const size_t n = k.estimators.size();
  if (n == 0 || n > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kVotingEstimators, list_ctx,
                  std::to_string(n) + " estimators, expected 1 to " +
                      std::to_string(limits::kMaxPipelineSteps));
  }
  const std::string weights_ctx = JoinContext(ctx, "weights");
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(k.weights, weights_ctx, DType::kFloat64, {kAny}, false));
  if (k.weights.present()) {
    auto w = k.weights.span<double>();
    if (w.size() != n) {
      return Status(ErrorCode::kVotingWeights, weights_ctx,
                    std::to_string(w.size()) + " weights for " +
                        std::to_string(n) + " estimators");
    }
    for (size_t i = 0; i < w.size(); ++i) {
      if (!std::isfinite(w[i])) {
        return Status(ErrorCode::kVotingWeights, IndexContext(weights_ctx, i),
                      "not finite");
      }
    }
    if (0.0 + NumpyPairwiseSum(w.data(), w.size()) == 0.0) {
      return Status(ErrorCode::kVotingWeights, weights_ctx,
                    "the weights sum to zero (numpy's average raises "
                    "ZeroDivisionError)");
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const Estimator& e = k.estimators[i];
    const std::string e_ctx = IndexContext(list_ctx, i);
    if (IsTransformer(e)) {
      return Status(ErrorCode::kVotingEstimator, e_ctx,
                    std::string(e.kind_name()) +
                        " is a transformer, not a final estimator");
    }
    uint64_t width = 0;
    Status s =
        ValidateEstimator(e, e_ctx, n_in, depth + 1, Role::kFinal, out, &width);
    if (!s.ok()) return s;
  }
  *width_out = 0;
  return Status::Ok();
}

}  // namespace modelseal::format_internal
