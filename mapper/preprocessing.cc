// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Preprocessing: StandardScaler, MinMaxScaler, MaxAbsScaler, RobustScaler,
// Normalizer, Binarizer.
#include <cmath>
#include <string>
#include <tuple>
#include <utility>

// Preprocessing: StandardScaler, MinMaxScaler, MaxAbsScaler.
#include <optional>
#include <string_view>
#include <utility>

#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

// A transformer's output spec: n_features_in_ columns.
Status TransformerOutput(const Value& est, EstimatorVariant kind, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n, est.Get("n_features_in_").AsInt());
  if (n < 0)
    return est.Get("n_features_in_").Fail(ErrorCode::kStateValue, "< 0");
  *out = TransformerMapping(std::move(kind), static_cast<uint64_t>(n));
  return Status();
}

}  // namespace

Status MapStandardScaler(const Value& est, const MapContext&, Mapped* out) {
  StandardScaler s;
  MODELSEAL_ASSIGN_OR_RETURN(bool with_mean, est.Get("with_mean").AsBool());
  MODELSEAL_ASSIGN_OR_RETURN(bool with_std, est.Get("with_std").AsBool());
  if (with_mean) {
    MODELSEAL_ASSIGN_OR_RETURN(s.mean, F64Tensor(est.Get("mean_")));
  }
  if (with_std) {
    MODELSEAL_ASSIGN_OR_RETURN(s.scale, F64Tensor(est.Get("scale_")));
  }
  return TransformerOutput(est, std::move(s), out);
}

// transform: X *= scale_; X += min_; then np.clip(X, *feature_range) when
// clip (a parameter since 0.24, so in every supported release).
Status MapMinMaxScaler(const Value& est, const MapContext&, Mapped* out) {
  MinMaxScaler s;
  MODELSEAL_ASSIGN_OR_RETURN(s.scale, F64Tensor(est.Get("scale_")));
  MODELSEAL_ASSIGN_OR_RETURN(s.min, F64Tensor(est.Get("min_")));
  MODELSEAL_ASSIGN_OR_RETURN(bool clip, est.Get("clip").AsBool());
  if (clip) {
    // feature_range: a (min, max) tuple (or list) of numbers.
    const Value range = est.Get("feature_range");
    MODELSEAL_ASSIGN_OR_RETURN(size_t n, range.Size());
    if (n != 2) {
      return range.Fail(ErrorCode::kStateShape,
                        std::to_string(n) + " items, expected 2");
    }
    MODELSEAL_ASSIGN_OR_RETURN(double lo, range.At(0).AsFloat());
    MODELSEAL_ASSIGN_OR_RETURN(double hi, range.At(1).AsFloat());
    s.clip_range = Tensor::FromVector(std::vector<double>{lo, hi});
  }
  return TransformerOutput(est, std::move(s), out);
}

// transform: X /= scale_ (max_abs_ with zeros replaced by 1 at fit). The
// clip parameter of scikit-learn 1.8+ is refused when true.
Status MapMaxAbsScaler(const Value& est, const MapContext&, Mapped* out) {
  if (est.Has("clip")) {
    MODELSEAL_ASSIGN_OR_RETURN(bool clip, est.Get("clip").AsBool());
    if (clip) return Unsupported(est, "clip=True is not supported");
  }
  MaxAbsScaler s;
  MODELSEAL_ASSIGN_OR_RETURN(s.scale, F64Tensor(est.Get("scale_")));
  return TransformerOutput(est, std::move(s), out);
}

// transform (the same in 1.4 - 1.9): X -= center_ when with_centering;
// X /= scale_ when with_scaling (center_ / scale_ are None otherwise).
// scale_ had its zeros (below 10 eps) replaced by 1 at fit; a feature that
// was all NaN at fit has NaN center_ and scale_, and unit_variance with
// equal quantiles gives an infinite scale_, with quantile_range (0, 100) a
// zero one: all are refused.
Status MapRobustScaler(const Value& est, const MapContext&, Mapped* out) {
  RobustScaler s;
  for (const auto& [flag, attr, field] :
       {std::tuple<const char*, const char*, Tensor*>("with_centering",
                                                      "center_", &s.center),
        std::tuple<const char*, const char*, Tensor*>("with_scaling", "scale_",
                                                      &s.scale)}) {
    MODELSEAL_ASSIGN_OR_RETURN(bool on, est.Get(flag).AsBool());
    if (!on) continue;
    MODELSEAL_ASSIGN_OR_RETURN(*field, F64Tensor(est.Get(attr)));
    auto v = field->span<double>();
    for (size_t i = 0; i < v.size(); ++i) {
      // scale_ is never 0 after _handle_zeros_in_scale, except that
      // unit_variance with quantile_range (0, 100) divides it by an
      // infinite normal quantile range.
      if (!std::isfinite(v[i]) || (field == &s.scale && !(v[i] > 0))) {
        return Unsupported(est, std::string(attr) + "[" + std::to_string(i) +
                                    "] is " + std::to_string(v[i]) +
                                    " (a feature all NaN at fit, or "
                                    "unit_variance with equal quantiles or "
                                    "a quantile of 0 or 100)");
      }
    }
  }
  return TransformerOutput(est, std::move(s), out);
}

// Stateless: normalize(X, norm, axis=1), the same in 1.4 - 1.9; fit only
// records n_features_in_.
Status MapNormalizer(const Value& est, const MapContext&, Mapped* out) {
  // Read through the Result (not moved out of it): g++ 12 -O3 reports a
  // moved short string as maybe-uninitialized here.
  const Result<std::string> norm_param = StrParam(est, "norm");
  if (!norm_param.ok()) return norm_param.status();
  const std::string& norm = norm_param.value();
  Normalizer n;
  if (norm == "l1") {
    n.norm = NormKind::kL1;
  } else if (norm == "l2") {
    n.norm = NormKind::kL2;
  } else if (norm == "max") {
    n.norm = NormKind::kMax;
  } else {
    return Unsupported(est,
                       "norm '" + norm + "' is not supported (l1, l2, max)");
  }
  return TransformerOutput(est, n, out);
}

// Stateless: binarize(X, threshold), the same in 1.4 - 1.9 (1.7 adds an
// astype to X's float dtype, a no-op for the dense float input it sees).
Status MapBinarizer(const Value& est, const MapContext&, Mapped* out) {
  Binarizer b;
  MODELSEAL_ASSIGN_OR_RETURN(b.threshold, est.Get("threshold").AsFloat());
  return TransformerOutput(est, b, out);
}

}  // namespace modelseal::mapper

namespace modelseal::mapper {

namespace {

// The numpy ufuncs FunctionTransformer may name, by the name pickle gives
// them (numpy.abs is numpy.absolute). Matched, never resolved.
constexpr std::pair<std::string_view, Ufunc> kUfuncs[] = {
    {"log", Ufunc::kLog},
    {"log1p", Ufunc::kLog1p},
    {"exp", Ufunc::kExp},
    {"expm1", Ufunc::kExpm1},
    {"sqrt", Ufunc::kSqrt},
    {"absolute", Ufunc::kAbsolute},
    {"square", Ufunc::kSquare},
    {"negative", Ufunc::kNegative},
    {"reciprocal", Ufunc::kReciprocal},
    {"sin", Ufunc::kSin},
    {"cos", Ufunc::kCos},
    {"tanh", Ufunc::kTanh},
};

// None and {} are the same to _transform (`kw_args if kw_args else {}`).
Status CheckNoKwArgs(const Value& est, std::string_view name) {
  auto v = est.Find(name);
  if (!v) return Status();
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<std::string> keys, v->Keys());
  if (keys.empty()) return Status();
  return Unsupported(est, std::string(name) + " is not supported");
}

}  // namespace

Result<std::optional<Ufunc>> FunctionOf(const Value& est,
                                        std::string_view field) {
  auto f = est.Find(field);
  if (!f) return std::optional<Ufunc>();  // None: the identity
  if (f->kind() == Node::Kind::kGlobal) {
    const Node& g = *f->node();
    if (g.text() == "numpy") {
      for (const auto& [name, u] : kUfuncs) {
        if (g.qualname() == name) return std::optional<Ufunc>(u);
      }
    }
    return Unsupported(est, std::string(field) + "=" + g.text() + "." +
                                g.qualname() +
                                " is not supported (supported: None and "
                                "numpy's log, log1p, exp, expm1, sqrt, "
                                "absolute, square, negative, reciprocal, sin, "
                                "cos, tanh)");
  }
  if (f->kind() == Node::Kind::kObject) {
    return Unsupported(
        est, std::string(field) + " (a " + ClassOf(*f) + ") is not supported");
  }
  return Unsupported(est, std::string(field) + " (a " +
                              NodeKindName(f->kind()) + ") is not supported");
}

Status CheckFunctionTransformerParams(const Value& est) {
  if (auto v = est.Find("validate")) {
    MODELSEAL_ASSIGN_OR_RETURN(bool b, v->AsBool());
    if (b) return Unsupported(est, "validate=True is not supported");
  }
  if (auto v = est.Find("accept_sparse")) {
    MODELSEAL_ASSIGN_OR_RETURN(bool b, v->AsBool());
    if (b) return Unsupported(est, "accept_sparse=True is not supported");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckNoKwArgs(est, "kw_args"));
  return CheckNoKwArgs(est, "inv_kw_args");
}

// transform (1.4 - 1.9, validate=False): func(X) (_transform; None: the
// identity, a Passthrough). inverse_func is not used by transform.
Status MapFunctionTransformer(const Value& est, const MapContext& /*ctx*/,
                              Mapped* out) {
  MODELSEAL_RETURN_IF_ERROR(CheckFunctionTransformerParams(est));
  MODELSEAL_ASSIGN_OR_RETURN(std::optional<Ufunc> func,
                             FunctionOf(est, "func"));
  Mapped m;
  if (func) {
    FunctionTransformer f;
    f.func = *func;
    m.estimator.kind = f;
  } else {
    m.estimator.kind = Passthrough{};
  }
  m.output.task = Task::kTransform;
  if (auto n = est.Find("n_features_in_")) {
    MODELSEAL_ASSIGN_OR_RETURN(int64_t w, n->AsInt());
    if (w < 1) return n->Fail(ErrorCode::kStateValue, "< 1");
    m.output.n_outputs = static_cast<uint64_t>(w);
  }
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper
