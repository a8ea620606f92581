// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Feature selection: VarianceThreshold, SelectKBest, SelectPercentile, RFE,
// RFECV, SequentialFeatureSelector, each a FeatureSelector holding the
// columns its get_support() mask selects, computed here from the fitted
// state exactly as the selector's _get_support_mask computes it (the same
// code in scikit-learn 1.4.2 and 1.9.1).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/pairwise_sum.h"
#include "mapper/common.h"
#include "modelseal/limits.h"

namespace modelseal::mapper {

namespace {

// The selected columns of `mask` as a FeatureSelector; E1121 when none is
// selected (scikit-learn's transform then outputs 0 columns, with a
// warning, which no next step takes) or when the mask's length is not
// n_features_in_.
// `fitted` holds n_features_in_ (SelectFromModel's is its estimator_'s).
Status SelectorOutput(const Value& est, const Value& fitted,
                      const std::vector<bool>& mask, SelectorInput input,
                      std::string_view why_empty, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n, fitted.Get("n_features_in_").AsInt());
  if (n < 0 || static_cast<uint64_t>(n) != mask.size()) {
    return fitted.Get("n_features_in_")
        .Fail(ErrorCode::kStateValue,
              std::to_string(n) + " but the support mask has " +
                  std::to_string(mask.size()) + " entries");
  }
  FeatureSelector fs;
  fs.input = input;
  for (size_t i = 0; i < mask.size(); ++i) {
    if (mask[i]) fs.columns.push_back(i);
  }
  if (fs.columns.empty()) {
    return Unsupported(est, std::string(why_empty) +
                                " selects no feature (scikit-learn's "
                                "transform outputs 0 columns)");
  }
  const uint64_t width = fs.columns.size();
  *out = TransformerMapping(std::move(fs), width);
  return Status();
}
Status SelectorOutput(const Value& est, const std::vector<bool>& mask,
                      SelectorInput input, std::string_view why_empty,
                      Mapped* out) {
  return SelectorOutput(est, est, mask, input, why_empty, out);
}

// A 1-D array's values as doubles.
Result<std::vector<double>> Vector1d(const Value& v) {
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> e, v.Numeric<double>());
  if (e.shape.size() != 1) {
    return v.Fail(ErrorCode::kStateShape, "expected a 1-D array");
  }
  return std::move(e.values);
}

// _clean_nans(scores_): as_float_array (an integer array becomes float64,
// float32 would stay float32: refused, as its arithmetic below would be
// float32's), NaN replaced by np.finfo(float64).min.
Result<std::vector<double>> CleanScores(const Value& est) {
  const Value scores = est.Get("scores_");
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, scores.AsArray());
  const std::string& t = a->typestr;
  if (t.size() >= 2 && (t[1] == 'f' || t[1] == 'c') && t.substr(1) != "f8") {
    return Unsupported(est, "scores_ of dtype " + t +
                                " is not supported (float64 or integers)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<double> v, Vector1d(scores));
  for (double& s : v) {
    if (std::isnan(s)) s = std::numeric_limits<double>::lowest();
  }
  return v;
}

// The allow_nan tag of an unfitted tree estimator of class `name` with
// `criterion` and `splitter`, as each release computes it:
//   DecisionTree*  1.4-1.5 splitter "best", 1.6-1.8 splitter "best" or
//                  "random", each with a criterion of the tree's own
//                  family below (so not "absolute_error"); 1.9 always;
//   ExtraTree*     1.4-1.5 as DecisionTree* (its default splitter "random"
//                  so false), 1.6-1.8 splitter "random" and such a
//                  criterion, 1.9 splitter "random".
bool TreeAllowsNan(bool extra, bool classifier, const std::string& criterion,
                   const std::string& splitter, const MapContext& ctx) {
  const bool criterion_ok =
      classifier ? criterion == "gini" || criterion == "log_loss" ||
                       criterion == "entropy"
                 : criterion == "squared_error" ||
                       criterion == "friedman_mse" || criterion == "poisson";
  if (ctx.version() >= SklearnVersion{1, 9, 0}) {
    return !extra || splitter == "random";
  }
  if (ctx.version() < SklearnVersion{1, 6, 0}) {
    return splitter == "best" && criterion_ok;
  }
  if (extra) return splitter == "random" && criterion_ok;
  return (splitter == "best" || splitter == "random") && criterion_ok;
}

// The tree estimators whose feature_importances_ SelectFromModel can
// compute from the state (module, class).
enum class TreeEnsemble { kTree, kForest, kBoosting };
struct TreeEstimator {
  std::string_view module, name;
  TreeEnsemble ensemble;
  bool extra, classifier;
};
constexpr TreeEstimator kTreeEstimators[] = {
    {"sklearn.tree._classes", "DecisionTreeClassifier", TreeEnsemble::kTree,
     false, true},
    {"sklearn.tree._classes", "DecisionTreeRegressor", TreeEnsemble::kTree,
     false, false},
    {"sklearn.tree._classes", "ExtraTreeClassifier", TreeEnsemble::kTree, true,
     true},
    {"sklearn.tree._classes", "ExtraTreeRegressor", TreeEnsemble::kTree, true,
     false},
    {"sklearn.ensemble._forest", "RandomForestClassifier",
     TreeEnsemble::kForest, false, true},
    {"sklearn.ensemble._forest", "RandomForestRegressor", TreeEnsemble::kForest,
     false, false},
    {"sklearn.ensemble._forest", "ExtraTreesClassifier", TreeEnsemble::kForest,
     true, true},
    {"sklearn.ensemble._forest", "ExtraTreesRegressor", TreeEnsemble::kForest,
     true, false},
    {"sklearn.ensemble._gb", "GradientBoostingClassifier",
     TreeEnsemble::kBoosting, false, true},
    {"sklearn.ensemble._gb", "GradientBoostingRegressor",
     TreeEnsemble::kBoosting, false, false},
};

const TreeEstimator* FindTreeEstimator(
    const std::pair<std::string, std::string>& cls) {
  for (const TreeEstimator& t : kTreeEstimators) {
    if (cls.first == t.module && cls.second == t.name) return &t;
  }
  return nullptr;
}

// SelectFromModel's allow_nan tag with a tree estimator (its `estimator`
// parameter): the tree's own (above); a forest asks
// type(estimator)(criterion=criterion), a DecisionTree* (splitter "best")
// or an ExtraTree* (splitter "random"); GradientBoosting* never allows NaN.
Result<SelectorInput> TreeSelectorInput(const Value& sub,
                                        const TreeEstimator& t,
                                        const MapContext& ctx) {
  if (t.ensemble == TreeEnsemble::kBoosting) return SelectorInput::kFinite;
  MODELSEAL_ASSIGN_OR_RETURN(std::string criterion, StrParam(sub, "criterion"));
  std::string splitter = t.extra ? "random" : "best";
  if (t.ensemble == TreeEnsemble::kTree) {
    MODELSEAL_ASSIGN_OR_RETURN(splitter, StrParam(sub, "splitter"));
  }
  return TreeAllowsNan(t.extra, t.classifier, criterion, splitter, ctx)
             ? SelectorInput::kAny
             : SelectorInput::kFinite;
}

// The input check SelectorMixin.transform makes: ensure_all_finite = not
// the allow_nan tag, which RFE, RFECV, SequentialFeatureSelector and
// SelectFromModel take from their `estimator` (1.4: _safe_tags /
// _get_tags()["allow_nan"]; 1.6+: get_tags(estimator).input_tags.allow_nan):
// the trees, forests and GradientBoosting models above per release; False
// for every linear model of the registry (no linear model sets the tag)
// and for SVC and SVR; True for HistGradientBoosting. Any other estimator
// is refused.
Result<SelectorInput> InputOfEstimator(const Value& est,
                                       const MapContext& ctx) {
  const Value sub = est.Get("estimator");
  MODELSEAL_ASSIGN_OR_RETURN(auto cls, sub.ClassName());
  if (const TreeEstimator* tree = FindTreeEstimator(cls)) {
    return TreeSelectorInput(sub, *tree, ctx);
  }
  if (IsLinearEstimator(cls.first, cls.second)) return SelectorInput::kFinite;
  static constexpr std::pair<std::string_view, std::string_view> kFinite[] = {
      {"sklearn.svm._classes", "SVC"},
      {"sklearn.svm._classes", "SVR"},
  };
  static constexpr std::pair<std::string_view, std::string_view> kAny[] = {
      {"sklearn.ensemble._hist_gradient_boosting.gradient_boosting",
       "HistGradientBoostingClassifier"},
      {"sklearn.ensemble._hist_gradient_boosting.gradient_boosting",
       "HistGradientBoostingRegressor"},
  };
  for (const auto& [module, name] : kFinite) {
    if (cls.first == module && cls.second == name) {
      return SelectorInput::kFinite;
    }
  }
  for (const auto& [module, name] : kAny) {
    if (cls.first == module && cls.second == name) return SelectorInput::kAny;
  }
  return Unsupported(est, "estimator=" + cls.second +
                              " is not supported (its allow_nan tag decides "
                              "transform's input check; supported: linear "
                              "models, SVMs, trees, forests, GradientBoosting "
                              "and HistGradientBoosting)");
}

// numpy's np.percentile(a, q) with method="linear" (numpy 1.22 - 2.x,
// _quantile): virtual index (n - 1) * (q / 100), its neighbours in sorted
// order (both the last value at or beyond n - 1, gamma then measured from
// index -1 as numpy does), and _lerp: a + (b - a) * t, or for t >= 0.5
// b - (b - a) * (1 - t).
double NumpyPercentile(std::vector<double> sorted, double q) {
  std::sort(sorted.begin(), sorted.end());
  const size_t n = sorted.size();
  const double quantile = q / 100;
  const double virt = static_cast<double>(n - 1) * quantile;
  double prev_index = std::floor(virt);
  size_t prev = 0, next = 0;
  if (virt >= static_cast<double>(n - 1)) {
    prev = next = n - 1;
    prev_index = -1;
  } else if (virt < 0) {
    prev_index = 0;
  } else {
    prev = static_cast<size_t>(prev_index);
    next = prev + 1;
  }
  const double t = virt - prev_index;
  const double a = sorted[prev], b = sorted[next];
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

}  // namespace

// VarianceThreshold: variances_ > threshold. Its allow_nan tag is True:
// transform checks nothing (NaN and infinity pass).
Status MapVarianceThreshold(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(double threshold, est.Get("threshold").AsFloat());
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<double> v,
                             Vector1d(est.Get("variances_")));
  std::vector<bool> mask;
  for (double x : v) mask.push_back(x > threshold);
  return SelectorOutput(est, mask, SelectorInput::kAny,
                        "threshold=" + std::to_string(threshold), out);
}

namespace {

// SelectKBest: k="all" selects all; otherwise the last k of
// np.argsort(_clean_nans(scores_), kind="mergesort") (stable: among equal
// scores the later columns). allow_nan False: transform refuses NaN and
// infinity.
Status SelectKBestMask(const Value& est, const Value& kv, Mapped* out) {
  if (!kv.ok()) return kv.status();
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<double> scores, CleanScores(est));
  const size_t n = scores.size();
  std::vector<bool> mask(n, false);
  if (kv.is_str()) {
    MODELSEAL_ASSIGN_OR_RETURN(std::string k, kv.AsStr());
    if (k != "all") return Unsupported(est, "k='" + k + "' is not supported");
    mask.assign(n, true);
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(int64_t k, kv.AsInt());
    if (k < 0) return kv.Fail(ErrorCode::kStateValue, "k < 0");
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return scores[a] < scores[b]; });
    // argsort(...)[-k:] (k == 0 is handled apart: [-0:] would be all).
    const size_t take = std::min(static_cast<uint64_t>(k), uint64_t{n});
    for (size_t i = n - take; i < n; ++i) mask[order[i]] = true;
  }
  return SelectorOutput(est, mask, SelectorInput::kFinite, "k=0", out);
}

// SelectPercentile: percentile 100 selects all, 0 none; otherwise
//   threshold = np.percentile(scores, 100 - percentile)
//   mask = scores > threshold
//   ties = np.where(scores == threshold)[0]
//   mask[ties[:int(n * percentile / 100) - mask.sum()]] = True
// (a Python slice: a negative end counts from the end).
Status SelectPercentileMask(const Value& est, const Value& pv, Mapped* out) {
  if (pv.is_str()) {
    return Unsupported(est, "percentile='" + pv.AsStr().value() +
                                "' is not supported (scikit-learn's "
                                "transform fails on it)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(double percentile, pv.AsFloat());
  if (!(percentile >= 0 && percentile <= 100)) {
    return pv.Fail(ErrorCode::kStateValue, "not in [0, 100]");
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<double> scores, CleanScores(est));
  const size_t n = scores.size();
  std::vector<bool> mask(n, percentile == 100);
  if (percentile != 100 && percentile != 0 && n > 0) {
    const double threshold = NumpyPercentile(scores, 100 - percentile);
    std::vector<size_t> ties;
    int64_t above = 0;
    for (size_t i = 0; i < n; ++i) {
      mask[i] = scores[i] > threshold;
      above += mask[i] ? 1 : 0;
      if (scores[i] == threshold) ties.push_back(i);
    }
    if (!ties.empty()) {
      const auto max_feats = static_cast<int64_t>(
          std::trunc(static_cast<double>(n) * percentile / 100));
      int64_t end = max_feats - above;
      const auto count = static_cast<int64_t>(ties.size());
      if (end < 0) end = std::max<int64_t>(end + count, 0);
      end = std::min(end, count);
      for (int64_t i = 0; i < end; ++i)
        mask[ties[static_cast<size_t>(i)]] = true;
    }
  }
  return SelectorOutput(est, mask, SelectorInput::kFinite,
                        "percentile=" + std::to_string(percentile), out);
}

}  // namespace

Status MapSelectKBest(const Value& est, const MapContext&, Mapped* out) {
  return SelectKBestMask(est, est.Get("k"), out);
}

Status MapSelectPercentile(const Value& est, const MapContext&, Mapped* out) {
  return SelectPercentileMask(est, est.Get("percentile"), out);
}

namespace {

// pvalues_ as a 1-D float64 array (a float32 array would compare in
// float32; None, from a score_func returning scores only, fails in
// scikit-learn's transform).
Result<std::vector<double>> PValues(const Value& est) {
  const Value p = est.Get("pvalues_");
  if (p.is_none()) {
    return Unsupported(est,
                       "pvalues_ is None (score_func returned scores only: "
                       "scikit-learn's transform fails)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, p.AsArray());
  if (a->typestr.size() < 2 || a->typestr.substr(1) != "f8") {
    return Unsupported(
        est, "pvalues_ of dtype " + a->typestr + " is not supported (float64)");
  }
  return Vector1d(p);
}

// The alpha of SelectFpr, SelectFdr, SelectFwe (a number).
Result<double> Alpha(const Value& est, const Value& av) {
  if (!av.ok()) return av.status();
  if (av.is_str()) {
    return Unsupported(
        est, "alpha '" + av.AsStr().value() + "' is not supported (a number)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(double alpha, av.AsFloat());
  if (std::isnan(alpha)) return av.Fail(ErrorCode::kStateValue, "NaN");
  return alpha;
}

enum class PMode { kFpr, kFdr, kFwe };

// SelectFpr: pvalues_ < alpha. SelectFwe: pvalues_ < alpha / n.
// SelectFdr (Benjamini-Hochberg): sv = np.sort(pvalues_) (NaN last);
// selected = sv[sv <= float(alpha) / n * np.arange(1, n + 1)]; none
// selected: none; else pvalues_ <= selected.max(). The same in 1.4 - 1.9.
Status PValueMask(const Value& est, PMode mode, const Value& av, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(double alpha, Alpha(est, av));
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<double> p, PValues(est));
  const size_t n = p.size();
  std::vector<bool> mask(n, false);
  if (mode == PMode::kFpr || mode == PMode::kFwe) {
    const double bound = mode == PMode::kFpr ? alpha : alpha / double(n);
    for (size_t i = 0; i < n; ++i) mask[i] = p[i] < bound;
  } else if (n > 0) {
    std::vector<double> sv = p;
    // NaN last, as np.sort; NaN never passes the comparisons below.
    std::sort(sv.begin(), sv.end(), [](double a, double b) {
      return std::isnan(b) ? !std::isnan(a) : a < b;
    });
    const double step = alpha / static_cast<double>(n);
    bool any = false;
    double max_selected = 0;
    for (size_t i = 0; i < n; ++i) {
      if (sv[i] <= step * static_cast<double>(i + 1)) {
        max_selected = any ? std::max(max_selected, sv[i]) : sv[i];
        any = true;
      }
    }
    if (any) {
      for (size_t i = 0; i < n; ++i) mask[i] = p[i] <= max_selected;
    }
  }
  const char* name = mode == PMode::kFpr   ? "alpha (SelectFpr)"
                     : mode == PMode::kFdr ? "alpha (SelectFdr)"
                                           : "alpha (SelectFwe)";
  return SelectorOutput(est, mask, SelectorInput::kFinite,
                        std::string(name) + "=" + std::to_string(alpha), out);
}

}  // namespace

Status MapSelectFpr(const Value& est, const MapContext&, Mapped* out) {
  return PValueMask(est, PMode::kFpr, est.Get("alpha"), out);
}
Status MapSelectFdr(const Value& est, const MapContext&, Mapped* out) {
  return PValueMask(est, PMode::kFdr, est.Get("alpha"), out);
}
Status MapSelectFwe(const Value& est, const MapContext&, Mapped* out) {
  return PValueMask(est, PMode::kFwe, est.Get("alpha"), out);
}

// GenericUnivariateSelect: _make_selector() builds the mode's selector with
// `param` as its first parameter (percentile, k or alpha) and the fitted
// scores_ and pvalues_; the same in 1.4 - 1.9.
Status MapGenericUnivariateSelect(const Value& est, const MapContext&,
                                  Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(std::string mode, StrParam(est, "mode"));
  const Value param = est.Get("param");
  if (!param.ok()) return param.status();
  if (mode == "percentile") return SelectPercentileMask(est, param, out);
  if (mode == "k_best") {
    if (!param.is_str() && param.kind() != Node::Kind::kInt) {
      return Unsupported(
          est, "param of type " + std::string(NodeKindName(param.kind())) +
                   " with mode='k_best' is not supported "
                   "(scikit-learn's transform slices with it: an "
                   "int or 'all')");
    }
    return SelectKBestMask(est, param, out);
  }
  if (mode == "fpr") return PValueMask(est, PMode::kFpr, param, out);
  if (mode == "fdr") return PValueMask(est, PMode::kFdr, param, out);
  if (mode == "fwe") return PValueMask(est, PMode::kFwe, param, out);
  return Unsupported(est, "mode='" + mode + "' is not supported");
}

// RFE, RFECV, SequentialFeatureSelector: support_, a boolean array; the
// input check follows the estimator's allow_nan tag.
Status MapSupportSelector(const Value& est, const MapContext& ctx,
                          Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(SelectorInput input, InputOfEstimator(est, ctx));
  const Value support = est.Get("support_");
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, support.AsArray());
  if (a->typestr != "|b1") {
    return support.Fail(ErrorCode::kStateValue,
                        "expected a boolean array, got " + a->typestr);
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<uint8_t> e, support.Numeric<uint8_t>());
  if (e.shape.size() != 1) {
    return support.Fail(ErrorCode::kStateShape, "expected a 1-D array");
  }
  std::vector<bool> mask;
  for (uint8_t b : e.values) mask.push_back(b != 0);
  return SelectorOutput(est, mask, input, "support_", out);
}

namespace {

// np.isclose(v, 1.0): |v - 1| <= 1e-8 + 1e-5 * |1|; with `all`, every
// entry of an array (np.all(np.isclose(l1_ratio_, 1.0))). Anything else
// (None, where scikit-learn's transform raises) is refused.
Result<bool> IsCloseToOne(const Value& est, const Value& v, const char* name,
                          bool all = false) {
  auto close = [](double x) { return std::fabs(x - 1.0) <= 1e-08 + 1e-05; };
  if (v.kind() == Node::Kind::kInt || v.kind() == Node::Kind::kFloat) {
    MODELSEAL_ASSIGN_OR_RETURN(double x, v.AsFloat());
    return close(x);
  }
  if (all && v.AsArray().ok()) {
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> e, v.Numeric<double>());
    for (double x : e.values) {
      if (!close(x)) return false;
    }
    return true;
  }
  return Unsupported(est, std::string("threshold=None with the estimator's ") +
                              name + " of type " + NodeKindName(v.kind()) +
                              " is not supported (a number)");
}

// SelectFromModel's threshold=None (_calculate_threshold): 1e-5 for an
// L1-penalised estimator, else "mean". penalty == "l1" and "Lasso" in the
// class name count in every release; the elastic-net test changed:
//   1.4 - 1.6: "ElasticNet" in the name and (l1_ratio_ close to 1 or
//              l1_ratio close to 1)
//   1.7:       ElasticNet's l1_ratio, ElasticNetCV's l1_ratio_
//   1.8, 1.9:  those, LogisticRegression's l1_ratio and
//              LogisticRegressionCV's l1_ratio_ (every entry)
// evaluated as Python does (and/or short-circuit), for the release that
// fitted the state.
Result<bool> DefaultThresholdIsL1(const Value& est, const Value& fitted,
                                  const std::string& name,
                                  const MapContext& ctx) {
  if (name.find("Lasso") != std::string::npos) return true;
  if (fitted.Has("penalty") && fitted.Get("penalty").is_str()) {
    MODELSEAL_ASSIGN_OR_RETURN(std::string p, fitted.Get("penalty").AsStr());
    if (p == "l1") return true;
  }
  auto close = [&](const char* attr, bool all = false) -> Result<bool> {
    if (!fitted.Has(attr)) return false;
    return IsCloseToOne(est, fitted.Get(attr), attr, all);
  };
  if (ctx.version() < SklearnVersion{1, 7, 0}) {
    if (name.find("ElasticNet") == std::string::npos) return false;
    MODELSEAL_ASSIGN_OR_RETURN(bool a, close("l1_ratio_"));
    if (a) return true;
    return close("l1_ratio");
  }
  const bool v18 = !(ctx.version() < SklearnVersion{1, 8, 0});
  if (name == "ElasticNet") return close("l1_ratio");
  if (name == "ElasticNetCV") return close("l1_ratio_");
  if (v18 && name == "LogisticRegression") return close("l1_ratio");
  if (v18 && name == "LogisticRegressionCV") return close("l1_ratio_", true);
  return false;
}

// Python's s.strip() for ASCII whitespace (the threshold strings
// scikit-learn parses are ASCII; other text is refused after it).
std::string StripSpaces(const std::string& text) {
  size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  return text.substr(b, e - b);
}

// Python's float(s.strip()) for a plain decimal number (digits, sign,
// point, exponent); anything else Python takes (inf, nan, underscores) is
// refused.
Result<double> ParseScale(const Value& est, const std::string& text) {
  const std::string t = StripSpaces(text);
  bool digit = false;
  for (char c : t) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else if (c != '+' && c != '-' && c != '.' && c != 'e' && c != 'E') {
      digit = false;
      break;
    }
  }
  char* end = nullptr;
  const double v = digit ? std::strtod(t.c_str(), &end) : 0.0;
  if (!digit || end != t.c_str() + t.size() || !std::isfinite(v)) {
    return Unsupported(
        est, "threshold scale '" + t + "' is not supported (a decimal number)");
  }
  return v;
}

// np.median of n > 0 values: the middle value, or for even n the mean of
// the two middle ones, (a + b) / 2.
double NumpyMedian(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t h = v.size() / 2;
  if (v.size() % 2 == 1) return v[h];
  return (v[h - 1] + v[h]) / 2.0;
}

// np.mean: numpy's pairwise sum (from the identity 0) over n.
double NumpyMean(const std::vector<double>& v) {
  return (0.0 + NumpyPairwiseSum(v.data(), v.size())) /
         static_cast<double>(v.size());
}

// Tree.compute_feature_importances(normalize) of a fitted estimator's
// tree_ (sklearn/tree/_tree.pyx, the same in 1.4 - 1.9): for each split
// node in node order
//   imp[feature] += w * impurity - w_left * impurity_left
//                   - w_right * impurity_right
// (w: weighted_n_node_samples; evaluated left to right, as the compiled
// Cython does on x86-64, which has no fused multiply-add in the wheels'
// baseline), then imp /= the root's w; with `normalize`, imp /= np.sum(imp)
// when that pairwise sum is > 0. `node_count` receives the tree's node
// count (the ensembles skip single-node trees).
Result<std::vector<double>> TreeImportances(const Value& est,
                                            uint64_t n_features, bool normalize,
                                            uint64_t* node_count) {
  const Value tree = est.Get("tree_");
  const Value nodes = tree.Get("nodes");
  MODELSEAL_ASSIGN_OR_RETURN(Tensor left_t,
                             ExactTensor<int64_t>(nodes, "left_child"));
  MODELSEAL_ASSIGN_OR_RETURN(Tensor right_t,
                             ExactTensor<int64_t>(nodes, "right_child"));
  MODELSEAL_ASSIGN_OR_RETURN(Tensor feature_t,
                             ExactTensor<int64_t>(nodes, "feature"));
  MODELSEAL_ASSIGN_OR_RETURN(Tensor impurity_t,
                             ExactTensor<double>(nodes, "impurity"));
  MODELSEAL_ASSIGN_OR_RETURN(
      Tensor weight_t, ExactTensor<double>(nodes, "weighted_n_node_samples"));
  const auto left = left_t.span<int64_t>(), right = right_t.span<int64_t>(),
             feature = feature_t.span<int64_t>();
  const auto impurity = impurity_t.span<double>(),
             weight = weight_t.span<double>();
  const size_t n = left.size();
  if (n == 0 || right.size() != n || feature.size() != n ||
      impurity.size() != n || weight.size() != n) {
    return nodes.Fail(ErrorCode::kStateShape,
                      "expected one or more nodes with every field");
  }
  std::vector<double> imp(n_features, 0.0);
  for (size_t i = 0; i < n; ++i) {
    if (left[i] == -1) continue;  // _TREE_LEAF
    const int64_t l = left[i], r = right[i], f = feature[i];
    if (l <= 0 || static_cast<uint64_t>(l) >= n || r <= 0 ||
        static_cast<uint64_t>(r) >= n || f < 0 ||
        static_cast<uint64_t>(f) >= n_features) {
      return nodes.Fail(ErrorCode::kStateValue,
                        "node " + std::to_string(i) +
                            ": child or feature index out of range");
    }
    imp[f] += weight[i] * impurity[i] - weight[l] * impurity[l] -
              weight[r] * impurity[r];
  }
  if (!(weight[0] > 0) || !std::isfinite(weight[0])) {
    return nodes.Fail(ErrorCode::kStateValue,
                      "root weighted_n_node_samples not finite and > 0");
  }
  for (double& v : imp) v /= weight[0];
  if (normalize) {
    const double sum = NumpyPairwiseSum(imp.data(), imp.size());
    if (sum > 0.0) {
      for (double& v : imp) v /= sum;
    }
  }
  for (double v : imp) {
    if (!std::isfinite(v)) {
      return nodes.Fail(ErrorCode::kStateValue,
                        "impurities or weights give a non-finite importance");
    }
  }
  *node_count = n;
  return imp;
}

// feature_importances_ of a fitted tree estimator (`fitted`, with
// n_features_in_):
//   DecisionTree*/ExtraTree*: its tree's normalised importances;
//   forests:  np.mean over the trees with more than one node of their
//             normalised importances (axis 0: a running sum tree after
//             tree, then / count), divided by its np.sum; zeros when no
//             tree has more than one node;
//   GradientBoosting*: the same over estimators_ stage after stage, of
//             the unnormalised importances.
// The same in 1.4 - 1.9 (ensemble/_forest.py, ensemble/_gb.py). A zero
// total (0 / 0 in scikit-learn) is refused.
Result<std::vector<double>> TreeEnsembleImportances(const Value& est,
                                                    const Value& fitted,
                                                    const TreeEstimator& t) {
  MODELSEAL_ASSIGN_OR_RETURN(int64_t nf, fitted.Get("n_features_in_").AsInt());
  if (nf < 1 || static_cast<uint64_t>(nf) > limits::kMaxFeatures) {
    return fitted.Get("n_features_in_")
        .Fail(ErrorCode::kStateValue,
              "not in [1, " + std::to_string(limits::kMaxFeatures) + "]");
  }
  const uint64_t n_features = static_cast<uint64_t>(nf);
  uint64_t nodes = 0;
  if (t.ensemble == TreeEnsemble::kTree) {
    return TreeImportances(fitted, n_features, true, &nodes);
  }
  const Value trees = fitted.Get("estimators_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t count, trees.Size());
  const bool normalize = t.ensemble == TreeEnsemble::kForest;
  std::vector<double> sum(n_features, 0.0);
  uint64_t used = 0;
  for (size_t i = 0; i < count; ++i) {
    MODELSEAL_ASSIGN_OR_RETURN(
        std::vector<double> imp,
        TreeImportances(trees.At(i), n_features, normalize, &nodes));
    if (nodes <= 1) continue;
    for (uint64_t j = 0; j < n_features; ++j) sum[j] += imp[j];
    ++used;
  }
  if (used == 0) return std::vector<double>(n_features, 0.0);
  for (double& v : sum) v /= static_cast<double>(used);
  const double total = NumpyPairwiseSum(sum.data(), sum.size());
  if (!(total > 0) || !std::isfinite(total)) {
    return Unsupported(est, "estimator " + std::string(t.name) +
                                ": its feature importances sum to " +
                                std::to_string(total) +
                                " (scikit-learn divides by it)");
  }
  for (double& v : sum) v /= total;
  return sum;
}

// The threshold and max_features half of SelectFromModel's
// _get_support_mask over the importances `scores` (see MapSelectFromModel).
Status SelectFromScores(const Value& est, const Value& fitted,
                        const std::string& name, std::vector<double> scores,
                        SelectorInput input, const MapContext& ctx,
                        Mapped* out) {
  double threshold = 0;
  std::string threshold_text;
  const Value tv = est.Get("threshold");
  if (!tv.ok()) return tv.status();
  std::string spec;
  if (tv.is_none()) {
    MODELSEAL_ASSIGN_OR_RETURN(bool l1,
                               DefaultThresholdIsL1(est, fitted, name, ctx));
    if (l1) {
      threshold = 1e-5;
    } else {
      spec = "mean";
    }
    threshold_text = "None";
  } else if (tv.is_str()) {
    MODELSEAL_ASSIGN_OR_RETURN(spec, tv.AsStr());
    threshold_text = "'" + spec + "'";
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(threshold, tv.AsFloat());
    threshold_text = std::to_string(threshold);
  }
  if (!spec.empty()) {
    const size_t star = spec.find('*');
    double scale = 1;
    std::string reference = spec;
    if (star != std::string::npos) {
      if (spec.find('*', star + 1) != std::string::npos) {
        return Unsupported(est, "threshold='" + spec + "' is not supported");
      }
      MODELSEAL_ASSIGN_OR_RETURN(scale, ParseScale(est, spec.substr(0, star)));
      reference = StripSpaces(spec.substr(star + 1));
    }
    double ref = 0;
    if (reference == "mean") {
      ref = NumpyMean(scores);
    } else if (reference == "median") {
      ref = NumpyMedian(scores);
    } else {
      return Unsupported(est, "threshold='" + spec + "' is not supported");
    }
    threshold = star != std::string::npos ? scale * ref : ref;
  }

  const size_t n = scores.size();
  std::vector<bool> mask(n, true);
  const Value mf_param = est.Get("max_features");
  if (!mf_param.ok()) return mf_param.status();
  if (!mf_param.is_none()) {
    const Value mf =
        est.Has("max_features_") ? est.Get("max_features_") : mf_param;
    if (mf.kind() != Node::Kind::kInt) {
      return Unsupported(est, "max_features (not an int) is not supported");
    }
    MODELSEAL_ASSIGN_OR_RETURN(int64_t k, mf.AsInt());
    if (k < 0) return mf.Fail(ErrorCode::kStateValue, "< 0");
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
      return -scores[x] < -scores[y];
    });
    mask.assign(n, false);
    const size_t take = std::min<uint64_t>(static_cast<uint64_t>(k), n);
    for (size_t i = 0; i < take; ++i) mask[order[i]] = true;
  }
  for (size_t i = 0; i < n; ++i) {
    if (scores[i] < threshold) mask[i] = false;
  }
  return SelectorOutput(est, fitted, mask, input, "threshold=" + threshold_text,
                        out);
}

}  // namespace

// SelectFromModel (_get_support_mask, the same in 1.4 - 1.9 but for the
// default threshold): importances (importance_getter "auto": coef_ when
// the fitted estimator has one, else feature_importances_) from
//   coef_: |coef_| for a 1-D coef_, else np.linalg.norm(coef_, axis=0,
//     ord=norm_order) (1: the column sums of |coef_|, row after row; 2:
//     sqrt of the column sums of coef_ * coef_; inf: the column maxima of
//     |coef_|);
//   feature_importances_ of a tree, forest or GradientBoosting, computed
//     from its trees as scikit-learn does (TreeEnsembleImportances), then
//     np.abs;
// the threshold (a number, "mean", "median", "<scale>*mean",
// "<scale>*median", or None); with max_features the first max_features_ of
// np.argsort(-scores, kind="mergesort"), else every feature; then scores <
// threshold dropped. The input check follows the estimator's allow_nan tag.
Status MapSelectFromModel(const Value& est, const MapContext& ctx,
                          Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(SelectorInput input, InputOfEstimator(est, ctx));
  const Value fitted =
      est.Has("estimator_") ? est.Get("estimator_") : est.Get("estimator");
  MODELSEAL_ASSIGN_OR_RETURN(auto cls, fitted.ClassName());
  const Value getter = est.Get("importance_getter");
  if (!getter.ok()) return getter.status();
  if (!getter.is_str()) {
    return Unsupported(est, "importance_getter (a callable) is not supported");
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::string g, getter.AsStr());
  if (g != "auto" && g != "coef_" && g != "feature_importances_") {
    return Unsupported(est, "importance_getter='" + g +
                                "' is not supported ('auto', 'coef_' or "
                                "'feature_importances_')");
  }
  const TreeEstimator* tree = FindTreeEstimator(cls);
  const bool has_coef = fitted.Has("coef_");
  std::vector<double> scores;
  if (tree != nullptr && !has_coef && g != "coef_") {
    MODELSEAL_ASSIGN_OR_RETURN(scores,
                               TreeEnsembleImportances(est, fitted, *tree));
    for (double& v : scores) v = std::fabs(v);  // np.abs of a 1-D array
    return SelectFromScores(est, fitted, cls.second, std::move(scores), input,
                            ctx, out);
  }
  if (!has_coef || g == "feature_importances_") {
    return Unsupported(
        est, "estimator " + cls.second + " with importance_getter='" + g +
                 "' is not supported (coef_ of a linear model or SVM, or "
                 "feature_importances_ of a tree, forest or "
                 "GradientBoosting)");
  }
  const Value coef = fitted.Get("coef_");
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, coef.AsArray());
  if (a->typestr.size() < 2 || a->typestr.substr(1) != "f8") {
    return Unsupported(
        est, "coef_ of dtype " + a->typestr + " is not supported (float64)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> c, coef.Numeric<double>());
  for (double x : c.values) {
    if (!std::isfinite(x)) {
      return coef.Fail(ErrorCode::kStateValue, "not finite");
    }
  }
  if (c.shape.size() == 1) {
    for (double x : c.values) scores.push_back(std::fabs(x));
  } else if (c.shape.size() == 2 && c.shape[0] > 0) {
    const uint64_t rows = c.shape[0], cols = c.shape[1];
    const Value ord = est.Get("norm_order");
    if (!ord.ok()) return ord.status();
    int order = 0;  // 1, 2, or 3 for inf
    if (ord.kind() == Node::Kind::kInt) {
      MODELSEAL_ASSIGN_OR_RETURN(int64_t o, ord.AsInt());
      order = o == 1 || o == 2 ? static_cast<int>(o) : 0;
    } else if (ord.kind() == Node::Kind::kFloat) {
      MODELSEAL_ASSIGN_OR_RETURN(double o, ord.AsFloat());
      order = o == 1 ? 1 : o == 2 ? 2 : std::isinf(o) && o > 0 ? 3 : 0;
    }
    if (order == 0) {
      return Unsupported(est, "norm_order is not supported (1, 2 or inf)");
    }
    scores.assign(cols, 0.0);
    for (uint64_t i = 0; i < rows; ++i) {
      for (uint64_t j = 0; j < cols; ++j) {
        const double x = c.values[i * cols + j];
        if (order == 1) {
          scores[j] += std::fabs(x);
        } else if (order == 2) {
          scores[j] += x * x;
        } else {
          scores[j] = std::max(scores[j], std::fabs(x));
        }
      }
    }
    if (order == 2) {
      for (double& v : scores) v = std::sqrt(v);
    }
  } else {
    return coef.Fail(ErrorCode::kStateShape, "expected a 1-D or 2-D array");
  }
  if (scores.empty()) return coef.Fail(ErrorCode::kStateShape, "empty");
  return SelectFromScores(est, fitted, cls.second, std::move(scores), input,
                          ctx, out);
}

Result<std::vector<uint64_t>> IndicatorFeatures(const Value& indicator,
                                                uint64_t n) {
  const Value features = indicator.Get("features_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<int64_t> f, features.Numeric<int64_t>());
  std::vector<uint64_t> out;
  for (size_t j = 0; j < f.values.size(); ++j) {
    int64_t v = f.values[j];
    if (v < 0 || static_cast<uint64_t>(v) >= n ||
        (j > 0 && v <= f.values[j - 1])) {
      return features.Fail(ErrorCode::kStateValue,
                           "expected strictly increasing feature indices < " +
                               std::to_string(n));
    }
    out.push_back(static_cast<uint64_t>(v));
  }
  return out;
}

// MissingIndicator (dense): transform is the same in 1.4 - 1.9. The mask of
// missing_values (NaN, or a number: X == value), its features_ columns
// (every column for features="all"); error_on_new with "missing-only"
// refuses a missing value in another column. The input check:
// ensure_all_finite "allow-nan" for NaN, True for a number.
Status MapMissingIndicator(const Value& est, const MapContext&, Mapped* out) {
  MissingIndicator mi;
  const Value mv = est.Get("missing_values");
  if (!mv.ok()) return mv.status();
  const Node& node = *mv.node();
  if (node.kind() == Node::Kind::kFloat && std::isnan(node.floating())) {
    mi.missing_value = std::numeric_limits<double>::quiet_NaN();
  } else if (node.kind() == Node::Kind::kInt ||
             node.kind() == Node::Kind::kFloat) {
    const double v = node.kind() == Node::Kind::kInt
                         ? static_cast<double>(node.integer())
                         : node.floating();
    // float32 input compares in float32 with the value cast to float32
    // (numpy's weak Python scalar), float64 input in float64: the same
    // only for a value float32 holds exactly.
    if (!std::isfinite(v) || static_cast<double>(static_cast<float>(v)) != v ||
        (node.kind() == Node::Kind::kInt &&
         static_cast<double>(node.integer()) != v)) {
      return Unsupported(est, "missing_values=" + std::to_string(v) +
                                  " is not supported (NaN, or a finite "
                                  "number float32 holds exactly)");
    }
    mi.missing_value = v;
  } else {
    return Unsupported(est, std::string("missing_values of type ") +
                                NodeKindName(node.kind()) +
                                " is not supported (NaN or a number)");
  }
  const Value sparse = est.Get("sparse");
  if (!sparse.ok()) return sparse.status();
  if (!sparse.is_str()) {
    MODELSEAL_ASSIGN_OR_RETURN(bool s, sparse.AsBool());
    if (s) return Unsupported(est, "sparse=True is not supported");
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::string features, StrParam(est, "features"));
  if (features != "missing-only" && features != "all") {
    return Unsupported(est, "features='" + features + "' is not supported");
  }
  MODELSEAL_ASSIGN_OR_RETURN(bool error_on_new,
                             est.Get("error_on_new").AsBool());
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n, est.Get("n_features_in_").AsInt());
  if (n < 0) {
    return est.Get("n_features_in_").Fail(ErrorCode::kStateValue, "< 0");
  }
  MODELSEAL_ASSIGN_OR_RETURN(mi.features,
                             IndicatorFeatures(est, static_cast<uint64_t>(n)));
  if (features == "missing-only" && error_on_new) {
    mi.on_new = IndicatorNew::kError;
  }
  if (mi.features.empty()) {
    return Unsupported(est,
                       "features_ is empty (no feature had missing values in "
                       "fit: transform outputs 0 columns)");
  }
  const uint64_t width = mi.features.size();
  *out = TransformerMapping(std::move(mi), width);
  return Status();
}

}  // namespace modelseal::mapper
