// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's scorers, re-implemented for `modelseal check`: re-score a
// model on labelled data and compare with the cross-validation score
// recorded in its metadata (docs/ARCHITECTURE.md, Provenance).
//
// Each metric computes what scikit-learn 1.9's scorer of the same name
// returns (same definitions, same edge cases), up to floating-point
// summation order (within 1e-12 relative on the tests' data):
//   accuracy                 fraction of exact label matches
//   balanced_accuracy        mean recall over the classes present in y_true
//                            (classes only predicted are ignored)
//   f1                       binary F1 with scikit-learn's default
//                            pos_label=1: the labels present in y_true and
//                            y_pred must be at most two, and include 1 when
//                            there are two (else kScorerNotApplicable, as
//                            scikit-learn raises); 0 when tp+fp+fn = 0
//   roc_auc                  binary only; y_score is decision_function when
//                            the model has it, else predict_proba[:, 1]; the
//                            positive class is the larger label of y_true;
//                            area by the trapezoidal rule over distinct
//                            thresholds (ties give diagonal segments, as
//                            roc_curve + auc do)
//   r2                       1 - SS_res / SS_tot; SS_tot = 0 gives 1 when
//                            SS_res = 0 else 0 (force_finite); undefined
//                            for fewer than two samples
//   neg_mean_squared_error   -mean((y - p)^2)
//   neg_mean_absolute_error  -mean(|y - p|)
//   precision, recall        binary, pos_label=1, the same label rules as
//                            f1; tp / (tp + fp) and tp / (tp + fn), 0 when
//                            the denominator is 0 (zero_division="warn")
//   f1_macro, f1_micro,      over the labels present in y_true or y_pred:
//   f1_weighted              the mean of the per-label F1 (2tp / (2tp + fp
//                            + fn), 0 when that is 0/0), the F1 of the
//                            summed counts, or the mean weighted by each
//                            label's support in y_true
//   neg_root_mean_squared_error  -sqrt(mean((y - p)^2))
//   neg_median_absolute_error    -median(|y - p|) (the mean of the two
//                                middle values for an even count)
//   max_error                -max(|y - p|) (greater is better, negated)
//   explained_variance       1 - Var(y - p) / Var(y); Var(y) = 0 gives 1
//                            when Var(y - p) = 0 else 0 (force_finite)
// Undefined results (no samples, a single class for roc_auc, NaN scores)
// are kScorerUndefined rather than scikit-learn's NaN with a warning.
#ifndef MODELSEAL_CLI_SCORERS_H_
#define MODELSEAL_CLI_SCORERS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/error.h"
#include "modelseal/predictor.h"

namespace modelseal::cli {

enum class Scorer {
  kAccuracy,
  kBalancedAccuracy,
  kF1,
  kRocAuc,
  kR2,
  kNegMeanSquaredError,
  kNegMeanAbsoluteError,
  kPrecision,
  kRecall,
  kF1Macro,
  kF1Micro,
  kF1Weighted,
  kNegRootMeanSquaredError,
  kNegMedianAbsoluteError,
  kMaxError,
  kExplainedVariance,
};

// The scorer with scikit-learn's name `name`; kScorerUnknown otherwise
// (the detail lists the supported names).
Result<Scorer> FindScorer(std::string_view name);
std::string_view ScorerName(Scorer scorer);
// True for the classification scorers.
bool ScorerIsClassification(Scorer scorer);

// ---- Metrics over plain vectors -------------------------------------------
// Labels are opaque integer ids (equal ids = equal labels). Every function
// checks that both inputs have the same non-zero length (kTargetLength /
// kScorerUndefined).
Result<double> AccuracyScore(std::span<const int64_t> y_true,
                             std::span<const int64_t> y_pred);
Result<double> BalancedAccuracyScore(std::span<const int64_t> y_true,
                                     std::span<const int64_t> y_pred);
// `pos_label`: the id of label 1, or nullopt when no label is 1.
Result<double> F1BinaryScore(std::span<const int64_t> y_true,
                             std::span<const int64_t> y_pred,
                             std::optional<int64_t> pos_label);
// y_true holds exactly two distinct ids (one: kScorerUndefined; more:
// kScorerNotApplicable); the larger one is the positive class.
Result<double> RocAucScore(std::span<const int64_t> y_true,
                           std::span<const double> y_score);
Result<double> R2Score(std::span<const double> y_true,
                       std::span<const double> y_pred);
Result<double> NegMeanSquaredError(std::span<const double> y_true,
                                   std::span<const double> y_pred);
Result<double> NegMeanAbsoluteError(std::span<const double> y_true,
                                    std::span<const double> y_pred);
// precision_score / recall_score with average='binary' (pos_label as
// F1BinaryScore's).
Result<double> PrecisionBinaryScore(std::span<const int64_t> y_true,
                                    std::span<const int64_t> y_pred,
                                    std::optional<int64_t> pos_label);
Result<double> RecallBinaryScore(std::span<const int64_t> y_true,
                                 std::span<const int64_t> y_pred,
                                 std::optional<int64_t> pos_label);
// f1_score with average 'macro', 'micro' or 'weighted'.
enum class Average { kMacro, kMicro, kWeighted };
Result<double> F1AverageScore(std::span<const int64_t> y_true,
                              std::span<const int64_t> y_pred, Average average);
Result<double> NegRootMeanSquaredError(std::span<const double> y_true,
                                       std::span<const double> y_pred);
Result<double> NegMedianAbsoluteError(std::span<const double> y_true,
                                      std::span<const double> y_pred);
Result<double> NegMaxError(std::span<const double> y_true,
                           std::span<const double> y_pred);
Result<double> ExplainedVarianceScore(std::span<const double> y_true,
                                      std::span<const double> y_pred);

// ---- Scoring a model ------------------------------------------------------

// The true target of each row, as read from a file: text (a CSV column)
// or numbers (a .npy array). Exactly one is filled.
struct Target {
  std::vector<std::string> text;
  std::vector<double> numbers;
  size_t size() const { return text.empty() ? numbers.size() : text.size(); }
};

// Runs the model on X and scores it against `target` the way scikit-learn's
// scorer would. Needs a single-output model (kScorerNotApplicable
// otherwise) whose task suits the scorer (classification scorers need a
// classifier, regression scorers a regressor). Target values: for int64
// classes an integer ("3", "3.0"); for string classes the exact label text
// (numbers are kTargetValue); for regression a finite number
// (kTargetValue for NaN, infinity or text). Labels the model does not know
// are allowed (they simply never match), except for roc_auc. Prediction
// errors (kInput*) are returned as they are.
Result<double> ScoreModel(Scorer scorer, const Predictor& predictor,
                          const MatrixView& X, const Target& target,
                          const PredictOptions& options = {});
// The same over a column table (a model with input columns).
Result<double> ScoreModel(Scorer scorer, const Predictor& predictor,
                          const TableView& X, const Target& target,
                          const PredictOptions& options = {});

}  // namespace modelseal::cli

#endif  // MODELSEAL_CLI_SCORERS_H_
