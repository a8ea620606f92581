// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "cli/scorers.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <utility>

#include "cli/input/text_util.h"

namespace modelseal::cli {
namespace {

struct ScorerEntry {
  Scorer scorer;
  const char* name;
  bool classification;
};
constexpr ScorerEntry kScorers[] = {
    {Scorer::kAccuracy, "accuracy", true},
    {Scorer::kBalancedAccuracy, "balanced_accuracy", true},
    {Scorer::kF1, "f1", true},
    {Scorer::kRocAuc, "roc_auc", true},
    {Scorer::kR2, "r2", false},
    {Scorer::kNegMeanSquaredError, "neg_mean_squared_error", false},
    {Scorer::kNegMeanAbsoluteError, "neg_mean_absolute_error", false},
    {Scorer::kPrecision, "precision", true},
    {Scorer::kRecall, "recall", true},
    {Scorer::kF1Macro, "f1_macro", true},
    {Scorer::kF1Micro, "f1_micro", true},
    {Scorer::kF1Weighted, "f1_weighted", true},
    {Scorer::kNegRootMeanSquaredError, "neg_root_mean_squared_error", false},
    {Scorer::kNegMedianAbsoluteError, "neg_median_absolute_error", false},
    {Scorer::kMaxError, "max_error", false},
    {Scorer::kExplainedVariance, "explained_variance", false},
};

template <typename A, typename B>
Status CheckLengths(std::span<const A> a, std::span<const B> b) {
  if (a.size() != b.size()) {
    return Status(ErrorCode::kTargetLength, "y",
                  std::to_string(a.size()) + " true values, " +
                      std::to_string(b.size()) + " predictions");
  }
  if (a.empty()) {
    return Status(ErrorCode::kScorerUndefined, "y", "no samples");
  }
  return Status::Ok();
}

Status CheckFinite(std::span<const double> v, const char* what) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      return Status(ErrorCode::kScorerUndefined,
                    std::string(what) + "[" + std::to_string(i) + "]",
                    "not a finite number");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Scorer> FindScorer(std::string_view name) {
  std::string names;
  for (const auto& e : kScorers) {
    if (name == e.name) return e.scorer;
    names += names.empty() ? "" : ", ";
    names += e.name;
  }
  return Status(ErrorCode::kScorerUnknown, "scorer",
                QuoteForError(name) + "; supported: " + names);
}

std::string_view ScorerName(Scorer scorer) {
  for (const auto& e : kScorers) {
    if (e.scorer == scorer) return e.name;
  }
  return "unknown";
}

bool ScorerIsClassification(Scorer scorer) {
  for (const auto& e : kScorers) {
    if (e.scorer == scorer) return e.classification;
  }
  return false;
}

Result<double> AccuracyScore(std::span<const int64_t> y_true,
                             std::span<const int64_t> y_pred) {
  MODELSEAL_RETURN_IF_ERROR(CheckLengths(y_true, y_pred));
  uint64_t hits = 0;
  for (size_t i = 0; i < y_true.size(); ++i) hits += y_true[i] == y_pred[i];
  return static_cast<double>(hits) / static_cast<double>(y_true.size());
}

Result<double> BalancedAccuracyScore(std::span<const int64_t> y_true,
                                     std::span<const int64_t> y_pred) {
  MODELSEAL_RETURN_IF_ERROR(CheckLengths(y_true, y_pred));
  // Per class of y_true: (support, correct).
  std::map<int64_t, std::pair<uint64_t, uint64_t>> per_class;
  for (size_t i = 0; i < y_true.size(); ++i) {
    auto& c = per_class[y_true[i]];
    ++c.first;
    c.second += y_true[i] == y_pred[i];
  }
  double sum = 0;
  for (const auto& [label, c] : per_class) {
    sum += static_cast<double>(c.second) / static_cast<double>(c.first);
  }
  return sum / static_cast<double>(per_class.size());
}

namespace {

struct BinaryCounts {
  uint64_t tp = 0, fp = 0, fn = 0;
};

// The true positives, false positives and false negatives of the positive
// label, after scikit-learn's checks for average='binary': at most two
// labels in y_true and y_pred together, the positive one among them when
// there are two (`name` is the metric's, for errors).
Result<BinaryCounts> CountBinary(std::span<const int64_t> y_true,
                                 std::span<const int64_t> y_pred,
                                 std::optional<int64_t> pos_label,
                                 const char* name) {
  MODELSEAL_RETURN_IF_ERROR(CheckLengths(y_true, y_pred));
  std::set<int64_t> present(y_true.begin(), y_true.end());
  present.insert(y_pred.begin(), y_pred.end());
  if (present.size() > 2) {
    return Status(ErrorCode::kScorerNotApplicable, name,
                  std::to_string(present.size()) + " distinct labels; " + name +
                      " (average='binary') needs a "
                      "binary target");
  }
  if (present.size() == 2 && (!pos_label || !present.count(*pos_label))) {
    return Status(ErrorCode::kScorerNotApplicable, name,
                  std::string(name) +
                      " uses pos_label=1, which is not one of the labels");
  }
  BinaryCounts c;
  for (size_t i = 0; i < y_true.size(); ++i) {
    bool t = pos_label && y_true[i] == *pos_label;
    bool p = pos_label && y_pred[i] == *pos_label;
    c.tp += t && p;
    c.fp += !t && p;
    c.fn += t && !p;
  }
  return c;
}

// a / b, or 0 when b is 0 (scikit-learn's zero_division="warn").
double Ratio(uint64_t a, uint64_t b) {
  return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
}

}  // namespace

Result<double> F1BinaryScore(std::span<const int64_t> y_true,
                             std::span<const int64_t> y_pred,
                             std::optional<int64_t> pos_label) {
  MODELSEAL_ASSIGN_OR_RETURN(BinaryCounts c,
                             CountBinary(y_true, y_pred, pos_label, "f1"));
  return Ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
}

Result<double> PrecisionBinaryScore(std::span<const int64_t> y_true,
                                    std::span<const int64_t> y_pred,
                                    std::optional<int64_t> pos_label) {
  MODELSEAL_ASSIGN_OR_RETURN(
      BinaryCounts c, CountBinary(y_true, y_pred, pos_label, "precision"));
  return Ratio(c.tp, c.tp + c.fp);
}

Result<double> RecallBinaryScore(std::span<const int64_t> y_true,
                                 std::span<const int64_t> y_pred,
                                 std::optional<int64_t> pos_label) {
  MODELSEAL_ASSIGN_OR_RETURN(BinaryCounts c,
                             CountBinary(y_true, y_pred, pos_label, "recall"));
  return Ratio(c.tp, c.tp + c.fn);
}

Result<double> F1AverageScore(std::span<const int64_t> y_true,
                              std::span<const int64_t> y_pred,
                              Average average) {
  MODELSEAL_RETURN_IF_ERROR(CheckLengths(y_true, y_pred));
  // Per label present in either (unique_labels, in label order): tp, fp,
  // fn and the support in y_true.
  struct Counts {
    uint64_t tp = 0, fp = 0, fn = 0, support = 0;
  };
  std::map<int64_t, Counts> per_label;
  for (size_t i = 0; i < y_true.size(); ++i) {
    Counts& t = per_label[y_true[i]];
    ++t.support;
    if (y_true[i] == y_pred[i]) {
      ++t.tp;
    } else {
      ++t.fn;
      ++per_label[y_pred[i]].fp;
    }
  }
  if (average == Average::kMicro) {
    BinaryCounts sum;
    for (const auto& [label, c] : per_label) {
      sum.tp += c.tp;
      sum.fp += c.fp;
      sum.fn += c.fn;
    }
    return Ratio(2 * sum.tp, 2 * sum.tp + sum.fp + sum.fn);
  }
  double total = 0;
  for (const auto& [label, c] : per_label) {
    const double f1 = Ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
    total += average == Average::kWeighted ? f1 * static_cast<double>(c.support)
                                           : f1;
  }
  return total / (average == Average::kWeighted
                      ? static_cast<double>(y_true.size())
                      : static_cast<double>(per_label.size()));
}

Result<double> RocAucScore(std::span<const int64_t> y_true,
                           std::span<const double> y_score) {
  MODELSEAL_RETURN_IF_ERROR(CheckLengths(y_true, y_score));
  MODELSEAL_RETURN_IF_ERROR(CheckFinite(y_score, "y_score"));
  std::set<int64_t> labels(y_true.begin(), y_true.end());
  if (labels.size() == 1) {
    return Status(ErrorCode::kScorerUndefined, "roc_auc",
                  "only one class present in y_true");
  }
  if (labels.size() > 2) {
    return Status(ErrorCode::kScorerNotApplicable, "roc_auc",
                  std::to_string(labels.size()) +
                      " classes in y_true; roc_auc needs a binary target");
  }
  int64_t positive = *labels.rbegin();
  std::vector<size_t> order(y_true.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return y_score[a] > y_score[b]; });
  uint64_t total_pos = 0;
  for (int64_t y : y_true) total_pos += y == positive;
  uint64_t total_neg = y_true.size() - total_pos;
  // Walk the thresholds from high to low; at the end of each group of equal
  // scores add the trapezoid between the previous and the new ROC point.
  double area = 0;
  uint64_t tp = 0, fp = 0, prev_tp = 0, prev_fp = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    if (y_true[order[k]] == positive) {
      ++tp;
    } else {
      ++fp;
    }
    bool group_ends =
        k + 1 == order.size() || y_score[order[k + 1]] != y_score[order[k]];
    if (!group_ends) continue;
    area += static_cast<double>(fp - prev_fp) *
            static_cast<double>(tp + prev_tp) / 2.0;
    prev_tp = tp;
    prev_fp = fp;
  }
  return area /
         (static_cast<double>(total_pos) * static_cast<double>(total_neg));
}

Result<double> R2Score(std::span<const double> y_true,
                       std::span<const double> y_pred) {
  MODELSEAL_RETURN_IF_ERROR(CheckLengths(y_true, y_pred));
  MODELSEAL_RETURN_IF_ERROR(CheckFinite(y_true, "y_true"));
  MODELSEAL_RETURN_IF_ERROR(CheckFinite(y_pred, "y_pred"));
  if (y_true.size() < 2) {
    return Status(ErrorCode::kScorerUndefined, "r2",
                  "r2 is not defined for fewer than two samples");
  }
  double mean = 0;
  for (double y : y_true) mean += y;
  mean /= static_cast<double>(y_true.size());
  double ss_res = 0, ss_tot = 0;
  for (size_t i = 0; i < y_true.size(); ++i) {
    double r = y_true[i] - y_pred[i];
    double d = y_true[i] - mean;
    ss_res += r * r;
    ss_tot += d * d;
  }
  if (ss_tot == 0) return ss_res == 0 ? 1.0 : 0.0;
  return 1.0 - ss_res / ss_tot;
}

Result<double> NegMeanSquaredError(std::span<const double> y_true,
                                   std::span<const double> y_pred) {
  MODELSEAL_RETURN_IF_ERROR(CheckLengths(y_true, y_pred));
  MODELSEAL_RETURN_IF_ERROR(CheckFinite(y_true, "y_true"));
  MODELSEAL_RETURN_IF_ERROR(CheckFinite(y_pred, "y_pred"));
  double sum = 0;
  for (size_t i = 0; i < y_true.size(); ++i) {
    double r = y_true[i] - y_pred[i];
    sum += r * r;
  }
  return -(sum / static_cast<double>(y_true.size()));
}

Result<double> NegMeanAbsoluteError(std::span<const double> y_true,
                                    std::span<const double> y_pred) {
  MODELSEAL_RETURN_IF_ERROR(CheckLengths(y_true, y_pred));
  MODELSEAL_RETURN_IF_ERROR(CheckFinite(y_true, "y_true"));
  MODELSEAL_RETURN_IF_ERROR(CheckFinite(y_pred, "y_pred"));
  double sum = 0;
  for (size_t i = 0; i < y_true.size(); ++i) {
    sum += std::fabs(y_true[i] - y_pred[i]);
  }
  return -(sum / static_cast<double>(y_true.size()));
}

namespace {

// The checks every regression metric makes: equal non-zero lengths, finite
// values.
Status CheckRegression(std::span<const double> y_true,
                       std::span<const double> y_pred) {
  MODELSEAL_RETURN_IF_ERROR(CheckLengths(y_true, y_pred));
  MODELSEAL_RETURN_IF_ERROR(CheckFinite(y_true, "y_true"));
  return CheckFinite(y_pred, "y_pred");
}

}  // namespace

Result<double> NegRootMeanSquaredError(std::span<const double> y_true,
                                       std::span<const double> y_pred) {
  MODELSEAL_ASSIGN_OR_RETURN(double neg_mse,
                             NegMeanSquaredError(y_true, y_pred));
  return -std::sqrt(-neg_mse);
}

Result<double> NegMedianAbsoluteError(std::span<const double> y_true,
                                      std::span<const double> y_pred) {
  MODELSEAL_RETURN_IF_ERROR(CheckRegression(y_true, y_pred));
  std::vector<double> e(y_true.size());
  for (size_t i = 0; i < e.size(); ++i) e[i] = std::fabs(y_true[i] - y_pred[i]);
  std::sort(e.begin(), e.end());
  const size_t n = e.size();
  const double median = n % 2 == 1 ? e[n / 2] : (e[n / 2 - 1] + e[n / 2]) / 2;
  return -median;
}

Result<double> NegMaxError(std::span<const double> y_true,
                           std::span<const double> y_pred) {
  MODELSEAL_RETURN_IF_ERROR(CheckRegression(y_true, y_pred));
  double worst = 0;
  for (size_t i = 0; i < y_true.size(); ++i) {
    worst = std::max(worst, std::fabs(y_true[i] - y_pred[i]));
  }
  return -worst;
}

Result<double> ExplainedVarianceScore(std::span<const double> y_true,
                                      std::span<const double> y_pred) {
  MODELSEAL_RETURN_IF_ERROR(CheckRegression(y_true, y_pred));
  const double n = static_cast<double>(y_true.size());
  double diff_mean = 0, true_mean = 0;
  for (size_t i = 0; i < y_true.size(); ++i) {
    diff_mean += y_true[i] - y_pred[i];
    true_mean += y_true[i];
  }
  diff_mean /= n;
  true_mean /= n;
  double numerator = 0, denominator = 0;
  for (size_t i = 0; i < y_true.size(); ++i) {
    const double r = y_true[i] - y_pred[i] - diff_mean;
    const double d = y_true[i] - true_mean;
    numerator += r * r;
    denominator += d * d;
  }
  numerator /= n;
  denominator /= n;
  if (denominator == 0) return numerator == 0 ? 1.0 : 0.0;
  return 1.0 - numerator / denominator;
}

namespace {

std::string RowContext(size_t i) { return "y[" + std::to_string(i) + "]"; }

// Maps true labels to ids: a model class gets its index; a label the model
// does not know gets n_classes + k (k-th distinct unknown label).
struct LabelIds {
  std::vector<int64_t> ids;
  std::optional<int64_t> id_of_one;  // the id of int label 1, if any
  bool any_unknown = false;
};

Result<LabelIds> MapLabels(const ClassLabels& classes, const Target& target) {
  LabelIds out;
  const int64_t n = static_cast<int64_t>(classes.count());
  out.ids.reserve(target.size());
  if (classes.int_labels.present()) {
    std::span<const int64_t> known = classes.int_labels.span<int64_t>();
    std::map<int64_t, int64_t> unknown;
    auto id_for = [&](int64_t label) {
      auto it = std::lower_bound(known.begin(), known.end(), label);
      if (it != known.end() && *it == label) {
        return static_cast<int64_t>(it - known.begin());
      }
      auto [u, inserted] =
          unknown.emplace(label, n + static_cast<int64_t>(unknown.size()));
      return u->second;
    };
    for (size_t i = 0; i < target.size(); ++i) {
      std::optional<int64_t> label;
      if (!target.text.empty()) {
        label = ParseIntegralLabel(target.text[i]);
        if (!label && classes.label_type == LabelType::kBool) {
          // pandas writes booleans as True/False.
          const std::string& t = target.text[i];
          if (t == "True" || t == "true") label = 1;
          if (t == "False" || t == "false") label = 0;
        }
      } else {
        double v = target.numbers[i];
        constexpr double kMaxExact = 9007199254740992.0;  // 2^53
        if (std::isfinite(v) && std::trunc(v) == v &&
            std::fabs(v) <= kMaxExact) {
          label = static_cast<int64_t>(v);
        }
      }
      if (!label) {
        return Status(ErrorCode::kTargetValue, RowContext(i),
                      (target.text.empty() ? std::string("not an integer")
                                           : QuoteForError(target.text[i]) +
                                                 " is not an integer") +
                          "; the model's classes are integers");
      }
      out.ids.push_back(id_for(*label));
    }
    auto one = std::lower_bound(known.begin(), known.end(), int64_t{1});
    if (one != known.end() && *one == 1) {
      out.id_of_one = one - known.begin();
    } else if (auto u = unknown.find(1); u != unknown.end()) {
      out.id_of_one = u->second;
    }
    out.any_unknown = !unknown.empty();
    return out;
  }
  if (!target.numbers.empty()) {
    return Status(ErrorCode::kTargetValue, "y",
                  "the model's classes are strings; give the target as text "
                  "(a CSV column)");
  }
  const std::vector<std::string>& known = classes.str_labels;
  std::map<std::string, int64_t, std::less<>> unknown;
  for (const std::string& label : target.text) {
    auto it = std::lower_bound(known.begin(), known.end(), label);
    if (it != known.end() && *it == label) {
      out.ids.push_back(it - known.begin());
      continue;
    }
    auto [u, inserted] =
        unknown.emplace(label, n + static_cast<int64_t>(unknown.size()));
    out.ids.push_back(u->second);
  }
  out.any_unknown = !unknown.empty();
  return out;
}

Result<std::vector<double>> TargetNumbers(const Target& target) {
  if (target.text.empty()) {
    for (size_t i = 0; i < target.numbers.size(); ++i) {
      if (!std::isfinite(target.numbers[i])) {
        return Status(ErrorCode::kTargetValue, RowContext(i),
                      "not a finite number");
      }
    }
    return target.numbers;
  }
  std::vector<double> out;
  out.reserve(target.text.size());
  for (size_t i = 0; i < target.text.size(); ++i) {
    std::optional<double> v = ParseCsvNumber(target.text[i]);
    if (!v || !std::isfinite(*v)) {
      return Status(ErrorCode::kTargetValue, RowContext(i),
                    QuoteForError(target.text[i]) + " is not a finite number");
    }
    out.push_back(*v);
  }
  return out;
}

template <class View>
Result<double> ScoreView(Scorer scorer, const Predictor& predictor,
                         const View& X, const Target& target,
                         const PredictOptions& options) {
  const Model& model = predictor.model();
  const std::string name(ScorerName(scorer));
  if (model.output.n_outputs != 1) {
    return Status(ErrorCode::kScorerNotApplicable, name,
                  "check supports single-output models; this one has " +
                      std::to_string(model.output.n_outputs) + " outputs");
  }
  if (target.size() != X.rows) {
    return Status(ErrorCode::kTargetLength, "y",
                  std::to_string(target.size()) + " target values, " +
                      std::to_string(X.rows) + " input rows");
  }
  bool classifier = model.output.task == Task::kClassification;
  if (ScorerIsClassification(scorer) != classifier) {
    return Status(ErrorCode::kScorerNotApplicable, name,
                  classifier ? "a regression scorer for a classifier"
                             : "a classification scorer for a model that is "
                               "not a classifier");
  }
  if (!classifier) {
    MODELSEAL_ASSIGN_OR_RETURN(std::vector<double> y_true,
                               TargetNumbers(target));
    PredictOutput out;
    MODELSEAL_RETURN_IF_ERROR(predictor.Predict(X, &out, options));
    std::span<const double> y_pred(out.values.data);
    switch (scorer) {
      case Scorer::kR2:
        return R2Score(y_true, y_pred);
      case Scorer::kNegMeanSquaredError:
        return NegMeanSquaredError(y_true, y_pred);
      case Scorer::kNegRootMeanSquaredError:
        return NegRootMeanSquaredError(y_true, y_pred);
      case Scorer::kNegMedianAbsoluteError:
        return NegMedianAbsoluteError(y_true, y_pred);
      case Scorer::kMaxError:
        return NegMaxError(y_true, y_pred);
      case Scorer::kExplainedVariance:
        return ExplainedVarianceScore(y_true, y_pred);
      default:
        return NegMeanAbsoluteError(y_true, y_pred);
    }
  }
  const ClassLabels& classes = model.output.classes.at(0);
  MODELSEAL_ASSIGN_OR_RETURN(LabelIds labels, MapLabels(classes, target));
  if (scorer == Scorer::kRocAuc) {
    if (classes.count() != 2) {
      return Status(ErrorCode::kScorerNotApplicable, name,
                    "roc_auc needs a binary classifier; this one has " +
                        std::to_string(classes.count()) + " classes");
    }
    if (labels.any_unknown) {
      return Status(ErrorCode::kTargetValue, "y",
                    "roc_auc needs every target label to be one of the "
                    "model's classes");
    }
    // scikit-learn's roc_auc scorer prefers decision_function.
    std::vector<double> y_score;
    Matrix<double> decision;
    Status s = predictor.DecisionFunction(X, &decision, options);
    if (s.ok()) {
      y_score = std::move(decision.data);
    } else if (s.code() == ErrorCode::kMethodNotSupported) {
      std::vector<Matrix<double>> proba;
      MODELSEAL_RETURN_IF_ERROR(predictor.PredictProba(X, &proba, options));
      y_score.reserve(X.rows);
      for (size_t r = 0; r < X.rows; ++r) y_score.push_back(proba[0].at(r, 1));
    } else {
      return s;
    }
    return RocAucScore(labels.ids, y_score);
  }
  PredictOutput out;
  MODELSEAL_RETURN_IF_ERROR(predictor.Predict(X, &out, options));
  std::span<const int64_t> y_pred(out.classes.data);
  switch (scorer) {
    case Scorer::kAccuracy:
      return AccuracyScore(labels.ids, y_pred);
    case Scorer::kBalancedAccuracy:
      return BalancedAccuracyScore(labels.ids, y_pred);
    case Scorer::kPrecision:
      return PrecisionBinaryScore(labels.ids, y_pred, labels.id_of_one);
    case Scorer::kRecall:
      return RecallBinaryScore(labels.ids, y_pred, labels.id_of_one);
    case Scorer::kF1Macro:
      return F1AverageScore(labels.ids, y_pred, Average::kMacro);
    case Scorer::kF1Micro:
      return F1AverageScore(labels.ids, y_pred, Average::kMicro);
    case Scorer::kF1Weighted:
      return F1AverageScore(labels.ids, y_pred, Average::kWeighted);
    default:
      return F1BinaryScore(labels.ids, y_pred, labels.id_of_one);
  }
}

}  // namespace

Result<double> ScoreModel(Scorer scorer, const Predictor& predictor,
                          const MatrixView& X, const Target& target,
                          const PredictOptions& options) {
  return ScoreView(scorer, predictor, X, target, options);
}

Result<double> ScoreModel(Scorer scorer, const Predictor& predictor,
                          const TableView& X, const Target& target,
                          const PredictOptions& options) {
  return ScoreView(scorer, predictor, X, target, options);
}

}  // namespace modelseal::cli
