// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Feature selection: VarianceThreshold, SelectKBest, SelectPercentile, the
// p-value selectors, RFE, RFECV, SequentialFeatureSelector (SelectFromModel:
// select_from_model.cc), each a FeatureSelector holding the
// columns its get_support() mask selects, computed here from the fitted
// state exactly as the selector's _get_support_mask computes it (the same
// code in scikit-learn 1.4.2 and 1.9.1).
#include "mapper/feature_selection.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

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
// compute from the state.
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
const TreeEstimator* FindTreeEstimator(
    const std::pair<std::string, std::string>& cls) {
  for (const TreeEstimator& t : kTreeEstimators) {
    if (cls.first == t.module && cls.second == t.name) return &t;
  }
  return nullptr;
}

// The input check SelectorMixin.transform makes: ensure_all_finite = not
// the allow_nan tag, which RFE, RFECV, SequentialFeatureSelector and
// SelectFromModel take from their `estimator` (1.4: _safe_tags /
// _get_tags()["allow_nan"]; 1.6+: get_tags(estimator).input_tags.allow_nan):
// the trees, forests and GradientBoosting models above per release; False
// for every linear model of the registry (no linear model sets the tag)
// and for SVC, SVR, NuSVC, NuSVR and OneClassSVM; True for
// HistGradientBoosting. Any other estimator is refused.
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
      {"sklearn.svm._classes", "NuSVC"},
      {"sklearn.svm._classes", "NuSVR"},
      {"sklearn.svm._classes", "OneClassSVM"},
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
