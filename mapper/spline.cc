// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Spline features: SplineTransformer.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"
#include "modelseal/limits.h"

namespace modelseal::mapper {

// ---- SplineTransformer ----

// The dense transform (SPEC §7; kinds/spline/predict.cc) reads, per
// feature, the fitted bsplines_[i] (scipy BSpline: knots t, coefficients
// c, degree k, extrapolate), and the parameters degree, extrapolation,
// include_bias, handle_missing (1.8+; before, NaN and infinity are
// refused as handle_missing='error' does) and sparse_output. `order` only
// changes the output's memory layout; n_knots, knots and sample_weight act
// at fit only (their result is t).
//
// scikit-learn 1.4 - 1.9's 'linear' branch keeps one `degree` variable
// across the features and adds 1 to it when it is <= 1, so with degree 0
// or 1 the later features use knot t[2] (degree 0: t[1] for the second)
// as their boundary: written down per feature in `bound`.
//
// scipy's derivative at a zero-length knot span (linear, last two knots
// equal) is the running scipy's (MapOptions::scipy_version, else the
// BSpline's pickled layout: `_t` from scipy 1.17 on).
Status MapSplineTransformer(const Value& est, const MapContext& ctx,
                            Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(bool sparse, est.Get("sparse_output").AsBool());
  if (sparse) {
    return Unsupported(est,
                       "sparse_output=True is not supported (scikit-learn "
                       "returns a sparse matrix; modelseal's transform is "
                       "dense): refit with sparse_output=False");
  }
  SplineTransformer s;
  MODELSEAL_ASSIGN_OR_RETURN(std::string extrapolation,
                             StrParam(est, "extrapolation"));
  if (extrapolation == "error") {
    s.extrapolation = SplineExtrapolation::kError;
  } else if (extrapolation == "constant") {
    s.extrapolation = SplineExtrapolation::kConstant;
  } else if (extrapolation == "linear") {
    s.extrapolation = SplineExtrapolation::kLinear;
  } else if (extrapolation == "continue") {
    s.extrapolation = SplineExtrapolation::kContinue;
  } else if (extrapolation == "periodic") {
    s.extrapolation = SplineExtrapolation::kPeriodic;
  } else {
    return Unsupported(
        est, "extrapolation='" + extrapolation + "' is not supported");
  }
  s.missing = SplineMissing::kError;
  if (auto hm = est.Find("handle_missing")) {
    MODELSEAL_ASSIGN_OR_RETURN(std::string h, hm->AsStr());
    if (h == "zeros") {
      s.missing = SplineMissing::kZeros;
    } else if (h != "error") {
      return Unsupported(est, "handle_missing='" + h + "' is not supported");
    }
  }
  MODELSEAL_ASSIGN_OR_RETURN(bool include_bias,
                             est.Get("include_bias").AsBool());
  s.include_bias = include_bias ? 1 : 0;
  const Value dv = est.Get("degree");
  MODELSEAL_ASSIGN_OR_RETURN(int64_t degree, dv.AsInt());
  if (degree < 0) return dv.Fail(ErrorCode::kStateValue, "negative");
  if (static_cast<uint64_t>(degree) > limits::kMaxSplineDegree) {
    return Unsupported(est, "degree " + std::to_string(degree) +
                                " is above modelseal's limit " +
                                std::to_string(limits::kMaxSplineDegree));
  }
  s.degree = static_cast<uint64_t>(degree);
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n_in, est.Get("n_features_in_").AsInt());
  const Value bv = est.Get("bsplines_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t count, bv.Size());
  if (n_in < 1 || count != static_cast<size_t>(n_in) ||
      count > limits::kMaxFeatures) {
    return bv.Fail(ErrorCode::kStateShape,
                   std::to_string(count) + " splines for " +
                       std::to_string(n_in) + " features");
  }
  const bool periodic = s.extrapolation == SplineExtrapolation::kPeriodic;
  const bool extrapolate =
      periodic || s.extrapolation == SplineExtrapolation::kContinue;
  std::vector<double> knots;
  uint64_t m = 0, ns = 0;
  bool scipy117_layout = false;
  for (size_t i = 0; i < count; ++i) {
    const Value spl = bv.At(i);
    auto cls = spl.ClassName();
    if (!cls.ok()) return cls.status();
    if (cls->first != "scipy.interpolate._bsplines" ||
        cls->second != "BSpline") {
      return spl.Fail(ErrorCode::kStateValue,
                      "not a scipy BSpline: " + cls->first + "." + cls->second);
    }
    const bool new_layout = spl.Has("_t");
    if (i == 0) scipy117_layout = new_layout;
    const Value tv = spl.Get(new_layout ? "_t" : "t");
    const Value cv = spl.Get(new_layout ? "_c" : "c");
    MODELSEAL_ASSIGN_OR_RETURN(int64_t k, spl.Get("k").AsInt());
    MODELSEAL_ASSIGN_OR_RETURN(bool ext, spl.Get("extrapolate").AsBool());
    if (auto axis = spl.Find("axis")) {
      MODELSEAL_ASSIGN_OR_RETURN(int64_t a, axis->AsInt());
      if (a != 0) return axis->Fail(ErrorCode::kStateValue, "not 0");
    }
    if (k != degree) {
      return spl.Get("k").Fail(
          ErrorCode::kStateValue,
          std::to_string(k) + ", the degree is " + std::to_string(degree));
    }
    if (ext != extrapolate) {
      return spl.Get("extrapolate")
          .Fail(ErrorCode::kStateValue,
                "does not match extrapolation='" + extrapolation + "'");
    }
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> t, tv.Numeric<double>());
    if (t.shape.size() != 1 || t.values.size() < 2 * s.degree + 2 ||
        t.values.size() > limits::kMaxFeatures ||
        (i > 0 && t.values.size() != m)) {
      return tv.Fail(ErrorCode::kStateShape, std::to_string(t.values.size()) +
                                                 " knots for degree " +
                                                 std::to_string(degree));
    }
    m = t.values.size();
    for (size_t j = 0; j < m; ++j) {
      const double v = t.values[j];
      if (!std::isfinite(v) || (j > 0 && v < t.values[j - 1])) {
        return Unsupported(
            est, "the knots of feature " + std::to_string(i) +
                     " are not finite and non-decreasing (knot " +
                     std::to_string(j) +
                     "; a feature that was all NaN at fit has NaN knots)");
      }
    }
    // c: the identity (periodic: [I; I[:k]]), as fit builds it.
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> c, cv.Numeric<double>());
    const uint64_t rows = m - s.degree - 1;
    if (c.shape.size() != 2 || c.shape[0] != rows ||
        (i > 0 && c.shape[1] != ns)) {
      return cv.Fail(
          ErrorCode::kStateShape,
          "coefficients not [" + std::to_string(rows) + ", n_splines]");
    }
    ns = c.shape[1];
    if (ns != (periodic ? rows - s.degree : rows) || ns == 0) {
      return cv.Fail(
          ErrorCode::kStateShape,
          std::to_string(ns) + " splines for " + std::to_string(m) + " knots");
    }
    for (uint64_t r = 0; r < rows; ++r) {
      for (uint64_t col = 0; col < ns; ++col) {
        const double want = (r % ns == col) ? 1.0 : 0.0;
        if (c.values[r * ns + col] != want) {
          return Unsupported(est, "bsplines_[" + std::to_string(i) +
                                      "].c is not the identity fit sets");
        }
      }
    }
    if (periodic && !(t.values[rows] - t.values[s.degree] > 0) &&
        ctx.version() < SklearnVersion{1, 8, 0}) {
      return Unsupported(est,
                         "feature " + std::to_string(i) +
                             " has a zero period (it was constant at fit): "
                             "scikit-learn < 1.8 transforms it to NaN");
    }
    knots.insert(knots.end(), t.values.begin(), t.values.end());
  }
  if (periodic && m - 2 * s.degree <= s.degree) {
    return Unsupported(est, "periodic splines with n_knots <= degree");
  }
  const uint64_t per = ns - (include_bias ? 0 : 1);
  const uint64_t n = count;
  if (per == 0 || per > limits::kMaxFeatures / n) {
    return Unsupported(est, "the transform outputs " + std::to_string(per) +
                                " columns per feature for " +
                                std::to_string(n) + " features (limit " +
                                std::to_string(limits::kMaxFeatures) + ")");
  }
  const Value ov = est.Get("n_features_out_");
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n_out, ov.AsInt());
  if (n_out < 0 || static_cast<uint64_t>(n_out) != n * per) {
    return ov.Fail(ErrorCode::kStateValue, std::to_string(n_out) +
                                               ", the splines give " +
                                               std::to_string(n * per));
  }
  if (s.extrapolation == SplineExtrapolation::kLinear) {
    // transform's loop: xmin, xmax = spl.t[degree], spl.t[-degree - 1];
    // then `if degree <= 1: degree += 1` and degree bases continued.
    uint64_t d = s.degree;
    for (uint64_t i = 0; i < n; ++i) {
      const uint64_t next = d + (d <= 1 ? 1 : 0);
      if (d > m - 1 - s.degree || next > ns) {
        return Unsupported(
            est, "extrapolation='linear' with degree " +
                     std::to_string(degree) + " and " + std::to_string(m) +
                     " knots: scikit-learn's transform indexes outside "
                     "feature " +
                     std::to_string(i) +
                     "'s splines (its degree variable grows across "
                     "features)");
      }
      s.bound.push_back(d);
      d = next;
    }
  }
  bool scipy117 = scipy117_layout;
  const std::string_view scipy = ctx.scipy_version();
  if (!scipy.empty()) {
    scipy117 = ParseSklearnVersion(scipy) >= SklearnVersion{1, 17, 0};
  }
  s.derivative =
      scipy117 ? SplineDerivative::kScipy117 : SplineDerivative::kScipy115;
  s.knots = Tensor::FromVector(std::move(knots), {n, m});
  *out = TransformerMapping(std::move(s), n * per);
  return Status();
}

// ---- end SplineTransformer ----

}  // namespace modelseal::mapper
