// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// SelectFromModel: its support mask from the fitted estimator's importances
// (coef_, or feature_importances_ recomputed from a tree ensemble's trees)
// and the threshold, as _get_support_mask computes them in scikit-learn
// 1.4 - 1.9 (for the default threshold per release).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "core/pairwise_sum.h"
#include "mapper/common.h"
#include "mapper/feature_selection.h"
#include "modelseal/limits.h"

namespace modelseal::mapper {

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

}  // namespace modelseal::mapper
