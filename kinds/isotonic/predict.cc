// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Isotonic in the predictor: its compile step and its final step
// (evaluation). Compiled into the inference library.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "inference/kernels.h"
#include "inference/predictor_impl.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// sklearn/isotonic.py (1.4.2 to 1.9.1): _transform clips T to
// [X_min_, X_max_] when out_of_bounds is "clip", then calls f_: with one
// threshold a lambda giving y_thresholds_[0] on every row; otherwise
// scipy's interp1d(kind="linear", bounds_error=out_of_bounds == "raise"),
// which for float64 data (scipy 1.13.1, 1.16.3, 1.17.1) is np.interp(x,
// X_thresholds_, y_thresholds_) with the rows below X_thresholds_[0] or
// above X_thresholds_[-1] then set to NaN (or, with bounds_error, a
// ValueError: CheckRows). np.interp (numpy's arr_interp, 1.26 to 2.4): j
// the last threshold <= x; x at the last threshold or at x_j gives y_j;
// else slope * (x - x_j) + y_j with slope (y_{j+1} - y_j) / (x_{j+1} -
// x_j), and where that is NaN slope * (x - x_{j+1}) + y_{j+1}, and where
// that is NaN too and y_j == y_{j+1}, y_j.
class IsotonicFinal final : public FinalStep {
 public:
  IsotonicFinal(const double* x, const double* y, size_t k,
                IsotonicBounds bounds)
      : x_(x), y_(y), k_(k), bounds_(bounds) {
    slopes_.resize(k > 1 ? k - 1 : 0);
    for (size_t j = 0; j + 1 < k; ++j) {
      slopes_[j] = (y[j + 1] - y[j]) / (x[j + 1] - x[j]);
    }
  }

  bool HasProba() const override { return false; }
  bool HasDecision() const override { return false; }

  // out_of_bounds "raise": interp1d's _check_bounds (x < X_thresholds_[0]
  // or x > X_thresholds_[-1]); scikit-learn's single-threshold lambda never
  // raises.
  Status CheckRows(const Predictor::Impl&, const double* x, size_t rows,
                   size_t row0) const override {
    if (bounds_ != IsotonicBounds::kRaise || k_ == 1) return Status::Ok();
    const double lo = x_[0], hi = x_[k_ - 1];
    for (size_t r = 0; r < rows; ++r) {
      const double v = x[r];
      if (v < lo || v > hi) {
        return Status(ErrorCode::kInputOutOfBounds,
                      "X[" + std::to_string(row0 + r) + "][0]",
                      "a value (" + Num(v) + ") is " +
                          (v < lo ? "below the interpolation range's minimum "
                                    "value (" +
                                        Num(lo)
                                  : "above the interpolation range's maximum "
                                    "value (" +
                                        Num(hi)) +
                          ") (IsotonicRegression out_of_bounds='raise')");
      }
    }
    return Status::Ok();
  }

  void ComputeRaw(const Predictor::Impl&, const double* x, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    if (k_ == 1) {
      std::fill_n(raw, rows, y_[0]);
      return;
    }
    const double lo = x_[0], hi = x_[k_ - 1];
    const bool clip = bounds_ == IsotonicBounds::kClip;
    for (size_t r = 0; r < rows; ++r) {
      double v = x[r];
      if (clip) v = std::min(std::max(v, lo), hi);  // np.clip, finite v
      raw[r] = v < lo || v > hi ? NAN : Interp(v);
    }
  }

  void Finish(const Predictor::Impl& p, Method, const double* raw, size_t rows,
              size_t row0, size_t, Outputs outs) const override {
    FinishValues(p, raw, rows, row0, outs);
  }

 private:
  // np.interp for lo <= v <= hi.
  double Interp(double v) const {
    const size_t j =
        static_cast<size_t>(std::upper_bound(x_, x_ + k_, v) - x_) - 1;
    if (j == k_ - 1 || x_[j] == v) return y_[j];
    const double slope = slopes_[j];
    double out = slope * (v - x_[j]) + y_[j];
    if (std::isnan(out)) {
      out = slope * (v - x_[j + 1]) + y_[j + 1];
      if (std::isnan(out) && y_[j] == y_[j + 1]) out = y_[j];
    }
    return out;
  }

  const double* x_;
  const double* y_;
  size_t k_;
  IsotonicBounds bounds_;
  std::vector<double> slopes_;
};

}  // namespace

Status Predictor::Impl::CompileIsotonic(const Isotonic& c,
                                        const std::string& path) {
  const std::string xctx = JoinContext(path, "x_thresholds");
  if (classifier || n_outputs != 1 || n_features != 1) {
    return Status(ErrorCode::kPredictorOutputSpec, xctx,
                  "an isotonic regression needs one input column and one "
                  "regression output");
  }
  if (!c.x_thresholds.present() || c.x_thresholds.rank() != 1 ||
      c.x_thresholds.shape()[0] < 1 || !IsKnown(c.out_of_bounds)) {
    return Status(ErrorCode::kPredictorTensor, xctx,
                  "not f64 [k] with k >= 1, or out_of_bounds unknown");
  }
  const uint64_t k = c.x_thresholds.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(c.x_thresholds, DType::kFloat64, {k}, xctx));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.y_thresholds, DType::kFloat64, {k},
                                        JoinContext(path, "y_thresholds")));
  final_step = std::make_unique<IsotonicFinal>(DataOf<double>(c.x_thresholds),
                                               DataOf<double>(c.y_thresholds),
                                               k, c.out_of_bounds);
  // check_array in _transform: NaN and infinity raise.
  final_rule = InputRule::kFinite;
  raw_width = 1;
  return Status::Ok();
}

}  // namespace modelseal
