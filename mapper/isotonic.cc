// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's IsotonicRegression (sklearn/isotonic.py, the same at
// predict time in 1.4.2, 1.7.2 and 1.9.1): X_thresholds_, y_thresholds_ and
// out_of_bounds are all predict and transform read (_transform, _build_f);
// y_min, y_max and increasing were applied at fit.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

Status MapIsotonicRegression(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(std::string bounds,
                             est.Get("out_of_bounds").AsStr());
  Isotonic k;
  if (bounds == "nan") {
    k.out_of_bounds = IsotonicBounds::kNan;
  } else if (bounds == "clip") {
    k.out_of_bounds = IsotonicBounds::kClip;
  } else if (bounds == "raise") {
    k.out_of_bounds = IsotonicBounds::kRaise;
  } else {
    return Unsupported(
        est, "out_of_bounds '" + bounds + "' is not one of nan, clip, raise");
  }
  MODELSEAL_ASSIGN_OR_RETURN(bool increasing, est.Get("increasing_").AsBool());
  k.direction = increasing ? IsotonicDirection::kIncreasing
                           : IsotonicDirection::kDecreasing;
  // float32 thresholds (a fit on float32 X) are refused by Float64Array:
  // scikit-learn then interpolates with scipy's own float32 formula.
  Value xv = est.Get("X_thresholds_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> x, Float64Array(est, xv));
  Value yv = est.Get("y_thresholds_");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> y, Float64Array(est, yv));
  if (x.shape.size() != 1 || x.shape[0] < 1) {
    return xv.Fail(ErrorCode::kStateShape, "expected [k] with k >= 1");
  }
  if (y.shape != x.shape) {
    return yv.Fail(
        ErrorCode::kStateShape,
        "expected [" + std::to_string(x.shape[0]) + "], one per X threshold");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(xv, x.values));
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(yv, y.values));
  const size_t n = x.values.size();
  for (size_t i = 1; i < n; ++i) {
    if (!(x.values[i - 1] < x.values[i])) {
      return Unsupported(est, "X_thresholds_ is not strictly increasing at " +
                                  std::to_string(i));
    }
    const double a = y.values[i - 1], b = y.values[i];
    if (increasing ? b < a : b > a) {
      return Unsupported(
          est, std::string("y_thresholds_ is not ") +
                   (increasing ? "non-decreasing" : "non-increasing") + " at " +
                   std::to_string(i) + " though increasing_ is " +
                   (increasing ? "True" : "False"));
    }
  }
  // "clip" clips to X_min_ and X_max_, interp1d's range is the thresholds':
  // fit makes them the same (the first and last thresholds are kept).
  MODELSEAL_ASSIGN_OR_RETURN(double x_min, est.Get("X_min_").AsFloat());
  MODELSEAL_ASSIGN_OR_RETURN(double x_max, est.Get("X_max_").AsFloat());
  if (x_min != x.values.front() || x_max != x.values.back()) {
    return Unsupported(est,
                       "X_min_ and X_max_ are not the first and last of "
                       "X_thresholds_ (the state was altered after fit)");
  }
  k.x_thresholds = Tensor::FromVector(std::move(x.values));
  k.y_thresholds = Tensor::FromVector(std::move(y.values));
  Mapped m;
  m.estimator.kind = std::move(k);
  m.output = RegressionOutput(1);
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper
