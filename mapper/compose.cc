// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Composition beyond Pipeline and ColumnTransformer: FeatureUnion and
// TransformedTargetRegressor.
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
          ctx.MapTransformer(t.WithPath(est.path() + ".transformer_list[" +
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
  *out = TransformerMapping(std::move(fu), width);
  return Status();
}

namespace {

bool IsClass(const Value& v, std::string_view module, std::string_view name) {
  auto cls = v.ClassName();
  return cls.ok() && cls->first == module && cls->second == name;
}

// A fitted array attribute of the inverting transformer, one value per
// target.
Result<Tensor> TargetValues(const Value& t, std::string_view attr,
                            uint64_t n_targets) {
  Value v = t.Get(attr);
  MODELSEAL_ASSIGN_OR_RETURN(Tensor values, F64Tensor(v));
  if (values.shape().size() != 1 || values.shape()[0] != n_targets) {
    return v.Fail(ErrorCode::kStateShape,
                  "shape " + std::to_string(values.shape().size()) +
                      "-D, expected one value per target (" +
                      std::to_string(n_targets) + ")");
  }
  return values;
}

// Appends the steps of t.inverse_transform (t fitted on the target, 1.4 -
// 1.9, dense): each scaler checks with ensure_all_finite="allow-nan" and
// then computes as its inverse_transform does; FunctionTransformer checks
// (validate=True: check_array's default, finite) and applies inverse_func;
// a Pipeline inverts its steps in reverse order. Anything else is refused.
Status AppendInverse(const Value& owner, const Value& t, uint64_t n_targets,
                     int depth, std::vector<InverseStep>* out) {
  if (!t.ok()) return t.status();
  if (depth > 8) return Unsupported(owner, "transformer nested too deeply");
  auto arith = [&](TargetCheck check, TargetOp op,
                   std::string_view attr) -> Status {
    InverseStep s;
    s.check = check;
    s.op = op;
    MODELSEAL_ASSIGN_OR_RETURN(s.values, TargetValues(t, attr, n_targets));
    out->push_back(std::move(s));
    return Status();
  };
  constexpr std::string_view kData = "sklearn.preprocessing._data";
  if (IsClass(t, kData, "StandardScaler") ||
      IsClass(t, kData, "RobustScaler")) {
    // StandardScaler: X *= scale_ (with_std); X += mean_ (with_mean).
    // RobustScaler: X *= scale_ (with_scaling); X += center_
    // (with_centering).
    const bool standard = IsClass(t, kData, "StandardScaler");
    MODELSEAL_ASSIGN_OR_RETURN(
        bool scale, t.Get(standard ? "with_std" : "with_scaling").AsBool());
    MODELSEAL_ASSIGN_OR_RETURN(
        bool center, t.Get(standard ? "with_mean" : "with_centering").AsBool());
    TargetCheck check = TargetCheck::kAllowNan;
    if (scale) {
      MODELSEAL_RETURN_IF_ERROR(arith(check, TargetOp::kMultiply, "scale_"));
      check = TargetCheck::kNone;
    }
    if (center) {
      MODELSEAL_RETURN_IF_ERROR(
          arith(check, TargetOp::kAdd, standard ? "mean_" : "center_"));
      check = TargetCheck::kNone;
    }
    if (check == TargetCheck::kAllowNan) {
      InverseStep s;
      s.check = check;
      out->push_back(s);
    }
    return Status();
  }
  if (IsClass(t, kData, "MinMaxScaler")) {
    // X -= min_; X /= scale_ (no clip).
    MODELSEAL_RETURN_IF_ERROR(
        arith(TargetCheck::kAllowNan, TargetOp::kSubtract, "min_"));
    return arith(TargetCheck::kNone, TargetOp::kDivide, "scale_");
  }
  if (IsClass(t, kData, "MaxAbsScaler")) {
    // X *= scale_ (no clip).
    return arith(TargetCheck::kAllowNan, TargetOp::kMultiply, "scale_");
  }
  if (IsClass(t, "sklearn.preprocessing._function_transformer",
              "FunctionTransformer")) {
    // inverse_transform: check_array(X, accept_sparse) when validate, then
    // inverse_func(X, **inv_kw_args) (None: the identity).
    if (auto v = t.Find("inv_kw_args")) {
      MODELSEAL_ASSIGN_OR_RETURN(std::vector<std::string> keys, v->Keys());
      if (!keys.empty()) {
        return Unsupported(t, "inv_kw_args is not supported");
      }
    }
    bool validate = false;
    if (auto v = t.Find("validate")) {
      MODELSEAL_ASSIGN_OR_RETURN(validate, v->AsBool());
    }
    MODELSEAL_ASSIGN_OR_RETURN(std::optional<Ufunc> func,
                               FunctionOf(t, "inverse_func"));
    InverseStep s;
    s.check = validate ? TargetCheck::kFinite : TargetCheck::kNone;
    if (func) {
      s.op = TargetOp::kUfunc;
      s.func = *func;
    }
    out->push_back(s);
    return Status();
  }
  if (IsClass(t, "sklearn.pipeline", "Pipeline")) {
    Value steps = t.Get("steps");
    MODELSEAL_ASSIGN_OR_RETURN(size_t n, steps.Size());
    for (size_t i = n; i-- > 0;) {
      Value step = steps.At(i).At(1);
      if (!step.ok()) return step.status();
      if (step.is_none() || (step.is_str() && *step.AsStr() == "passthrough")) {
        continue;
      }
      MODELSEAL_RETURN_IF_ERROR(AppendInverse(
          owner, step.WithPath(t.path() + ".steps[" + std::to_string(i) + "]"),
          n_targets, depth + 1, out));
    }
    return Status();
  }
  return Unsupported(owner, "transformer_ " + ClassOf(t) +
                                " is not supported (supported: "
                                "StandardScaler, MinMaxScaler, MaxAbsScaler, "
                                "RobustScaler, FunctionTransformer with "
                                "inverse_func None or an allowed numpy ufunc, "
                                "and Pipelines of them)");
}

}  // namespace

// predict (1.4 - 1.9): regressor_.predict(X), then
// transformer_.inverse_transform of it as a column per target (the float64
// predictions our regressors give), squeezed back to 1-D when the target
// was 1-D (_training_dim).
Status MapTransformedTargetRegressor(const Value& est, const MapContext& ctx,
                                     Mapped* out) {
  Mapped reg;
  MODELSEAL_RETURN_IF_ERROR(ctx.Map(
      est.Get("regressor_").WithPath(est.path() + ".regressor_"), &reg));
  if (reg.output.task != Task::kRegression) {
    return Unsupported(est, "regressor_ (" + ClassOf(est.Get("regressor_")) +
                                ") is not a regressor");
  }
  MODELSEAL_ASSIGN_OR_RETURN(int64_t dim, est.Get("_training_dim").AsInt());
  if (dim == 2 && reg.output.n_outputs == 1) {
    return Unsupported(est,
                       "a 2-D target with one column is not supported "
                       "(predict returns shape (n, 1))");
  }
  TransformedTargetRegressor t;
  Value transformer =
      est.Get("transformer_").WithPath(est.path() + ".transformer_");
  MODELSEAL_RETURN_IF_ERROR(
      AppendInverse(est, transformer, reg.output.n_outputs, 0, &t.inverse));
  t.regressor.push_back(std::move(reg.estimator));
  Mapped m;
  m.estimator.kind = std::move(t);
  m.output = std::move(reg.output);
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper
