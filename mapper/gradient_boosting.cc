// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// GradientBoosting{Classifier,Regressor}.
//
// init_raw is what `_raw_predict_init` returns for any row, computed here
// from the init estimator's state as each release's loss does it:
//   "zero": zeros(n_trees_per_iteration_);
//   DummyRegressor: constant_ as float64 (identity link of every
//     regression loss);
//   DummyClassifier: predict_proba (strategy prior, most_frequent or
//     uniform), the positive class's column when binary, clipped to
//     [eps, 1 - eps] with eps = float32's epsilon before 1.8 and float64's
//     from 1.8, then the link: logit (log_loss binary), logit / 2
//     (exponential), log(p / gmean(p)) (log_loss multiclass; gmean as
//     exp(mean(log p)), the mean a numpy pairwise sum divided by K).
// logit is scipy.special.logit: log(p / (1 - p)), and from scipy 1.15
// log1p(s) - log1p(-s) with s = 2 (p - 0.5) for 0.3 <= p <= 0.65.
// The multiclass link's log and exp are numpy's (MapOptions::numpy_log/_exp:
// numpy's SIMD log/exp on AVX-512 CPUs can differ from the C library's by an
// ulp); without them, the C library's.
#include <cfloat>
#include <cmath>

#include "mapper/common.h"

namespace modelseal::mapper {
namespace {

constexpr std::string_view kDummy = "sklearn.dummy";

double Logit(double p, bool log1p) {
  if (!log1p || p < 0.3 || p > 0.65) return std::log(p / (1 - p));
  double s = 2 * (p - 0.5);
  return std::log1p(s) - std::log1p(-s);
}

enum class Kind { kRegression, kBinary, kExponential, kMulticlass };

Result<std::vector<double>> InitRaw(const Value& est, const Value& init,
                                    Kind kind, const MapContext& ctx) {
  if (init.is_str()) {
    // "zero" (checked by the caller).
    MODELSEAL_ASSIGN_OR_RETURN(int64_t k,
                               est.Get("n_trees_per_iteration_").AsInt());
    if (k < 1 || k > (1 << 20)) {
      return est.Get("n_trees_per_iteration_")
          .Fail(ErrorCode::kStateValue, "out of range");
    }
    return std::vector<double>(static_cast<size_t>(k), 0.0);
  }
  MODELSEAL_ASSIGN_OR_RETURN(auto cls, init.ClassName());
  if (kind == Kind::kRegression) {
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> c,
                               init.Get("constant_").Numeric<double>());
    if (c.values.size() != 1) {
      return init.Get("constant_")
          .Fail(ErrorCode::kStateShape, "expected one output");
    }
    return std::vector<double>{c.values[0]};
  }
  Value strategy_v =
      init.Has("_strategy") ? init.Get("_strategy") : init.Get("strategy");
  MODELSEAL_ASSIGN_OR_RETURN(std::string strategy, strategy_v.AsStr());
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> prior,
                             init.Get("class_prior_").Numeric<double>());
  size_t n = prior.values.size();
  if (prior.shape.size() != 1 || n < 2) {
    return init.Get("class_prior_")
        .Fail(ErrorCode::kStateShape,
              "expected a 1-D array of >= 2 "
              "classes");
  }
  std::vector<double> p(n, 0.0);
  if (strategy == "prior") {
    p = prior.values;
  } else if (strategy == "most_frequent") {
    size_t best = 0;
    for (size_t i = 1; i < n; ++i) {
      if (prior.values[i] > prior.values[best]) best = i;
    }
    p[best] = 1.0;
  } else if (strategy == "uniform") {
    for (double& v : p) v = 1.0 / static_cast<double>(n);
  } else {
    return Unsupported(est, "init estimator " + cls.second +
                                " with strategy '" + strategy +
                                "' is not supported (supported: prior, "
                                "most_frequent, uniform)");
  }
  double eps = ctx.version() < SklearnVersion{1, 8, 0}
                   ? static_cast<double>(FLT_EPSILON)
                   : DBL_EPSILON;
  auto clip = [&](double v) { return std::fmin(std::fmax(v, eps), 1 - eps); };
  if (kind != Kind::kMulticlass) {
    if (n != 2) {
      return init.Get("class_prior_")
          .Fail(ErrorCode::kStateShape, "expected 2 classes");
    }
    double q = clip(p[1]);
    double raw = Logit(q, ctx.scipy_logit_log1p());
    if (kind == Kind::kExponential) raw *= 0.5;
    return std::vector<double>{raw};
  }
  // MultinomialLogit.link: log(p / gmean(p)), gmean = exp(mean(log p)).
  for (double& v : p) v = clip(v);
  std::vector<double> logs = p;
  ctx.NumpyLog(logs);
  std::vector<double> gm = {NumpyPairwiseSum(logs.data(), n) /
                            static_cast<double>(n)};
  ctx.NumpyExp(gm);
  std::vector<double> raw(n);
  for (size_t i = 0; i < n; ++i) raw[i] = p[i] / gm[0];
  ctx.NumpyLog(raw);
  return raw;
}

constexpr const char* kRegressionLosses[] = {"squared_error", "absolute_error",
                                             "huber", "quantile"};

Status GradientBoostingOf(const Value& est, const MapContext& ctx,
                          bool classifier, Mapped* out) {
  Value init = est.Get("init_");
  if (!init.ok()) return init.status();
  bool zero = init.is_str() && *init.AsStr() == "zero";
  if (!zero) {
    auto cls = init.ClassName();
    std::string want = classifier ? "DummyClassifier" : "DummyRegressor";
    // scikit-learn accepts either dummy; keep to the one of the task.
    bool dummy =
        cls.ok() && cls->first == kDummy &&
        (cls->second == "DummyClassifier" || cls->second == "DummyRegressor");
    if (!dummy || cls->second != want) {
      std::string name =
          cls.ok() ? cls->second : std::string(NodeKindName(init.kind()));
      return Unsupported(est, "init estimator " + name +
                                  " is not supported (supported: "
                                  "init=None, 'zero')");
    }
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::string loss_name, StrParam(est, "loss"));
  GradientBoosting gb;
  Kind kind = Kind::kRegression;
  if (classifier) {
    MODELSEAL_ASSIGN_OR_RETURN(int64_t n_classes,
                               est.Get("n_classes_").AsInt());
    if (loss_name == "log_loss") {
      kind = n_classes == 2 ? Kind::kBinary : Kind::kMulticlass;
      gb.loss =
          n_classes == 2 ? GbLoss::kLogLossBinary : GbLoss::kLogLossMulticlass;
    } else if (loss_name == "exponential") {
      kind = Kind::kExponential;
      gb.loss = GbLoss::kExponential;
    } else {
      return Unsupported(est, "loss '" + loss_name +
                                  "' is not supported (supported: log_loss, "
                                  "exponential)");
    }
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(
        gb.loss, SupportedLoss<GbLoss>(est, loss_name, kRegressionLosses));
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<double> init_raw,
                             InitRaw(est, init, kind, ctx));
  Value stages = est.Get("estimators_");
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* sa, stages.AsArray());
  if (sa->shape.size() != 2) {
    return stages.Fail(ErrorCode::kStateShape, "expected 2 dimensions");
  }
  MODELSEAL_ASSIGN_OR_RETURN(size_t count, stages.Size());
  for (size_t i = 0; i < count; ++i) {
    Value stage_tree = stages.At(i);
    MODELSEAL_ASSIGN_OR_RETURN(Tree t,
                               MapTree(stage_tree.Get("tree_"), false, ctx));
    gb.trees.push_back(std::move(t));
  }
  gb.n_stages = sa->shape[0];
  gb.init_raw = Tensor::FromVector(std::move(init_raw));
  MODELSEAL_ASSIGN_OR_RETURN(gb.learning_rate,
                             est.Get("learning_rate").AsFloat());
  Mapped m;
  m.estimator.kind = std::move(gb);
  if (classifier) {
    MODELSEAL_ASSIGN_OR_RETURN(m.output, ClassifierOutput(est));
  } else {
    m.output = RegressionOutput(1);
  }
  *out = std::move(m);
  return Status();
}

}  // namespace

Status MapGradientBoostingClassifier(const Value& est, const MapContext& ctx,
                                     Mapped* out) {
  return GradientBoostingOf(est, ctx, true, out);
}
Status MapGradientBoostingRegressor(const Value& est, const MapContext& ctx,
                                    Mapped* out) {
  return GradientBoostingOf(est, ctx, false, out);
}

}  // namespace modelseal::mapper
