// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Trees and forests: DecisionTree{Classifier,Regressor},
// RandomForest{Classifier,Regressor}, ExtraTrees{Classifier,Regressor}.
#include "mapper/common.h"

namespace modelseal::mapper {
namespace {

Result<OutputSpec> OutputOf(const Value& est, bool classifier) {
  if (classifier) return ClassifierOutput(est);
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n, est.Get("n_outputs_").AsInt());
  if (n < 1) return est.Get("n_outputs_").Fail(ErrorCode::kStateValue, "< 1");
  return RegressionOutput(static_cast<uint64_t>(n));
}

// Whether predict of the release that fitted `tree_est` (a DecisionTree*
// or a forest's estimators_[0]) accepts NaN in dense X: its
// `_support_missing_values`, which in every release 1.4-1.9 depends only on
// the release and the parameters:
//   1.4-1.5  splitter "best" (so not ExtraTrees), criterion other than
//            "absolute_error", monotonic_cst None;
//   1.6-1.8  criterion other than "absolute_error", monotonic_cst None;
//   1.9      always.
// The predictor accepts NaN only when every tree has missing_go_to_left
// (format/SPEC.md), so the tensor is left out where this is false
// (python/tests/test_nan_rule.py checks it against each release).
Result<bool> PredictAcceptsNan(const Value& tree_est, const MapContext& ctx) {
  if (ctx.version() >= SklearnVersion{1, 9, 0}) return true;
  MODELSEAL_ASSIGN_OR_RETURN(std::string criterion,
                             StrParam(tree_est, "criterion"));
  if (criterion == "absolute_error") return false;
  if (tree_est.Find("monotonic_cst").has_value()) return false;
  if (ctx.version() < SklearnVersion{1, 6, 0}) {
    MODELSEAL_ASSIGN_OR_RETURN(std::string splitter,
                               StrParam(tree_est, "splitter"));
    if (splitter != "best") return false;
  }
  return true;
}

Status DecisionTreeOf(const Value& est, const MapContext& ctx, bool classifier,
                      Mapped* out) {
  Mapped m;
  DecisionTree dt;
  MODELSEAL_ASSIGN_OR_RETURN(dt.tree,
                             MapTree(est.Get("tree_"), classifier, ctx));
  MODELSEAL_ASSIGN_OR_RETURN(bool nan_ok, PredictAcceptsNan(est, ctx));
  if (!nan_ok) dt.tree.missing_go_to_left = Tensor();
  m.estimator.kind = std::move(dt);
  MODELSEAL_ASSIGN_OR_RETURN(m.output, OutputOf(est, classifier));
  *out = std::move(m);
  return Status();
}

Status ForestOf(const Value& est, const MapContext& ctx, bool classifier,
                Mapped* out) {
  Value trees = est.Get("estimators_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, trees.Size());
  // A forest asks its first tree (forests' _validate_X_predict).
  bool nan_ok = true;
  if (n > 0) {
    MODELSEAL_ASSIGN_OR_RETURN(nan_ok, PredictAcceptsNan(trees.At(0), ctx));
  }
  Forest f;
  f.trees.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    MODELSEAL_ASSIGN_OR_RETURN(
        Tree t, MapTree(trees.At(i).Get("tree_"), classifier, ctx));
    if (!nan_ok) t.missing_go_to_left = Tensor();
    f.trees.push_back(std::move(t));
  }
  Mapped m;
  m.estimator.kind = std::move(f);
  MODELSEAL_ASSIGN_OR_RETURN(m.output, OutputOf(est, classifier));
  *out = std::move(m);
  return Status();
}

}  // namespace

Status MapDecisionTreeClassifier(const Value& est, const MapContext& ctx,
                                 Mapped* out) {
  return DecisionTreeOf(est, ctx, true, out);
}
Status MapDecisionTreeRegressor(const Value& est, const MapContext& ctx,
                                Mapped* out) {
  return DecisionTreeOf(est, ctx, false, out);
}
Status MapForestClassifier(const Value& est, const MapContext& ctx,
                           Mapped* out) {
  return ForestOf(est, ctx, true, out);
}
Status MapForestRegressor(const Value& est, const MapContext& ctx,
                          Mapped* out) {
  return ForestOf(est, ctx, false, out);
}

}  // namespace modelseal::mapper
