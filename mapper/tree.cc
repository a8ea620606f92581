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

Status DecisionTreeOf(const Value& est, const MapContext& ctx, bool classifier,
                      Mapped* out) {
  Mapped m;
  DecisionTree dt;
  MODELSEAL_ASSIGN_OR_RETURN(dt.tree,
                             MapTree(est.Get("tree_"), classifier, ctx));
  m.estimator.kind = std::move(dt);
  MODELSEAL_ASSIGN_OR_RETURN(m.output, OutputOf(est, classifier));
  *out = std::move(m);
  return Status();
}

Status ForestOf(const Value& est, const MapContext& ctx, bool classifier,
                Mapped* out) {
  Value trees = est.Get("estimators_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, trees.Size());
  Forest f;
  f.trees.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    MODELSEAL_ASSIGN_OR_RETURN(
        Tree t, MapTree(trees.At(i).Get("tree_"), classifier, ctx));
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
