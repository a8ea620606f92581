// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The ensembles of sklearn/ensemble/_voting.py: VotingClassifier and
// VotingRegressor, a Voting of their estimators_ (the "drop" ones are not
// in estimators_) with _weights_not_none.
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"
#include "modelseal/limits.h"

namespace modelseal::mapper {
namespace {

// _weights_not_none: the weights of the estimators that are not "drop",
// or nullopt when `weights` is None.
Result<std::optional<std::vector<double>>> WeightsNotNone(const Value& est) {
  Value weights = est.Get("weights");
  if (!weights.ok()) return weights.status();
  if (weights.is_none()) return std::optional<std::vector<double>>();
  Value estimators = est.Get("estimators");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, estimators.Size());
  MODELSEAL_ASSIGN_OR_RETURN(size_t nw, weights.Size());
  if (nw != n) {
    return Unsupported(est, "weights has " + std::to_string(nw) +
                                " entries for " + std::to_string(n) +
                                " estimators");
  }
  std::vector<double> out;
  for (size_t i = 0; i < n; ++i) {
    Value e = estimators.At(i).At(1);
    if (!e.ok()) return e.status();
    if (e.is_str() && *e.AsStr() == "drop") continue;
    MODELSEAL_ASSIGN_OR_RETURN(double w, weights.At(i).AsFloat());
    if (!std::isfinite(w)) {
      return Unsupported(est,
                         "weights[" + std::to_string(i) + "] is not finite");
    }
    out.push_back(w);
  }
  return std::optional<std::vector<double>>(std::move(out));
}

}  // namespace

// VotingClassifier (voting "hard" or "soft") and VotingRegressor. The
// classifier's estimators were fitted on le_.transform(y): each must have
// the classes 0 .. n_classes - 1, whose indices are the Voting's classes.
Status MapVoting(const Value& est, const MapContext& ctx, Mapped* out) {
  if (ctx.as_transformer()) {
    return Unsupported(est,
                       "its transform (the estimators' predictions) is not "
                       "supported; a Voting must be the last step");
  }
  const bool classifier = ClassOf(est) == "VotingClassifier";
  Voting v;
  OutputSpec output;
  if (classifier) {
    MODELSEAL_ASSIGN_OR_RETURN(std::string voting, StrParam(est, "voting"));
    if (voting == "hard") {
      v.rule = VotingRule::kHard;
    } else if (voting == "soft") {
      v.rule = VotingRule::kSoft;
    } else {
      return Unsupported(est, "voting '" + voting + "'");
    }
    MODELSEAL_ASSIGN_OR_RETURN(output, ClassifierOutput(est));
    if (output.n_outputs != 1) {
      return Unsupported(est, "more than one output");
    }
  } else {
    v.rule = VotingRule::kAverage;
    output = RegressionOutput(1);
  }
  Value estimators = est.Get("estimators_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, estimators.Size());
  if (n < 1 || n > limits::kMaxPipelineSteps) {
    return Unsupported(est, std::to_string(n) +
                                " fitted estimators; modelseal supports 1 "
                                "to " +
                                std::to_string(limits::kMaxPipelineSteps));
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::optional<std::vector<double>> weights,
                             WeightsNotNone(est));
  if (weights && weights->size() != n) {
    return Unsupported(est, std::to_string(weights->size()) + " weights for " +
                                std::to_string(n) + " fitted estimators");
  }
  const uint64_t n_classes = classifier ? output.classes[0].count() : 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string path =
        est.path() + ".estimators_[" + std::to_string(i) + "]";
    Mapped m;
    MODELSEAL_RETURN_IF_ERROR(ctx.Map(estimators.At(i).WithPath(path), &m));
    const std::string what = "estimators_[" + std::to_string(i) + "] (" +
                             ClassOf(estimators.At(i)) + ")";
    if (classifier) {
      bool indices = m.output.task == Task::kClassification &&
                     m.output.n_outputs == 1 && m.output.classes.size() == 1 &&
                     m.output.classes[0].int_labels.present() &&
                     m.output.classes[0].count() == n_classes;
      if (indices) {
        const auto labels = m.output.classes[0].int_labels.span<int64_t>();
        for (size_t c = 0; c < labels.size(); ++c) {
          indices = indices && labels[c] == static_cast<int64_t>(c);
        }
      }
      if (!indices) {
        return Unsupported(est, what +
                                    " is not a classifier of the class "
                                    "indices 0 to " +
                                    std::to_string(n_classes - 1) +
                                    " (le_.transform(y))");
      }
    } else if (m.output.task != Task::kRegression || m.output.n_outputs != 1) {
      return Unsupported(est, what + " is not a regressor of one output");
    }
    v.estimators.push_back(std::move(m.estimator));
  }
  if (weights) {
    if (0.0 + NumpyPairwiseSum(weights->data(), weights->size()) == 0.0) {
      return Unsupported(est,
                         "the weights sum to zero (numpy's average raises "
                         "ZeroDivisionError)");
    }
    v.weights = Tensor::FromVector(std::move(*weights));
  }
  out->estimator.kind = std::move(v);
  out->output = std::move(output);
  return Status();
}

}  // namespace modelseal::mapper
