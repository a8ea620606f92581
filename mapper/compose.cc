// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Composition beyond Pipeline and ColumnTransformer: FeatureUnion.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/context_path.h"
#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

// An unfitted "passthrough" entry (fit replaces it with an identity
// FunctionTransformer, which its own mapper turns into a Passthrough).
bool IsIdentity(const Value& t) {
  return t.is_str() && *t.AsStr() == "passthrough";
}

}  // namespace

// transform (FeatureUnion.transform, 1.4 - 1.9): for each (name, trans) of
// transformer_list, skipping "drop", with "passthrough" as an identity
// FunctionTransformer: _transform_one's trans.transform(X), multiplied by
// transformer_weights[name] when that is present and not None (res *
// weight); the results side by side (_hstack). Every transformer sees all
// input columns. No weights stored when transformer_weights is None or {}.
Status MapFeatureUnion(const Value& est, const MapContext& ctx, Mapped* out) {
  Value list = est.Get("transformer_list");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, list.Size());
  std::optional<Value> weights = est.Find("transformer_weights");
  if (weights) {
    MODELSEAL_ASSIGN_OR_RETURN(std::vector<std::string> keys, weights->Keys());
    if (keys.empty()) weights.reset();  // {}: `or {}` in _iter
  }
  Value owner = InputOwner(est);
  if (!owner.ok()) return owner.status();
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n_in, owner.Get("n_features_in_").AsInt());
  if (n_in < 1) {
    return owner.Get("n_features_in_").Fail(ErrorCode::kStateValue, "< 1");
  }
  FeatureUnion fu;
  std::vector<double> w;
  uint64_t width = 0;
  for (size_t i = 0; i < n; ++i) {
    Value entry = list.At(i);
    MODELSEAL_ASSIGN_OR_RETURN(std::string name, entry.At(0).AsStr());
    Value t = entry.At(1);
    if (!t.ok()) return t.status();
    if (t.is_str() && *t.AsStr() == "drop") continue;
    Mapped m;
    if (IsIdentity(t)) {
      m.estimator.kind = Passthrough{};
      m.output.n_outputs = static_cast<uint64_t>(n_in);
    } else if (t.is_str() || t.is_none()) {
      return Unsupported(est, "transformer '" + name + "' is " +
                                  (t.is_none() ? std::string("None")
                                               : "'" + *t.AsStr() + "'"));
    } else {
      MODELSEAL_RETURN_IF_ERROR(
          ctx.Map(t.WithPath(est.path() + ".transformer_list[" +
                             std::to_string(i) + "]"),
                  &m));
      if (m.output.task != Task::kTransform) {
        return Unsupported(est,
                           "transformer '" + name + "' is not a transformer");
      }
      if (std::holds_alternative<Passthrough>(m.estimator.kind)) {
        m.output.n_outputs = static_cast<uint64_t>(n_in);
      }
    }
    double weight = 1.0;  // x * 1.0 == x: the same as no multiply
    if (weights) {
      if (auto v = weights->Find(name)) {
        MODELSEAL_ASSIGN_OR_RETURN(weight, v->AsFloat());
        if (!std::isfinite(weight)) {
          return Unsupported(
              est, "transformer_weights['" + name + "'] is not finite");
        }
      }
    }
    w.push_back(weight);
    width += m.output.n_outputs;
    fu.transformers.push_back(std::move(m.estimator));
  }
  if (fu.transformers.empty()) {
    return Unsupported(est,
                       "every transformer is 'drop': the output has no "
                       "columns");
  }
  if (weights) fu.weights = Tensor::FromVector(w);
  Mapped m;
  m.estimator.kind = std::move(fu);
  m.output.task = Task::kTransform;
  m.output.n_outputs = width;
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper
