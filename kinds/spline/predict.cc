// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Compile and evaluate of the spline transformers: SplineTransformer.
// Compiled into the inference library.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "inference/predictor_impl.h"
#include "modelseal/limits.h"

namespace modelseal {
namespace {

// ---- SplineTransformer ----

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// scipy's _find_interval (scipy/interpolate/src/__fitpack.cc; the Cython
// find_interval of scipy <= 1.14 is the same): -1 for NaN, and without
// extrapolate for x outside [t[k], t[n]]; else the l in [k, n - 1] with
// t[l] <= x < t[l + 1], the last one below x among equal knots, k below
// t[k] and n - 1 from t[n] on. scipy walks from the previous point's
// interval; for non-decreasing knots (a format rule) the walk ends at the
// same l from any start, which the binary search finds.
int64_t FindInterval(const double* t, int64_t m, int64_t k, double x,
                     bool extrapolate) {
  const int64_t n = m - k - 1;
  if (std::isnan(x)) return -1;
  if ((x < t[k] || x > t[n]) && !extrapolate) return -1;
  // Count of t[k + 1 .. n - 1] that are <= x.
  const int64_t c = std::upper_bound(t + k + 1, t + n, x) - (t + k + 1);
  return k + c;
}

// scipy's _deBoor_D(t, x, k, ell, nu, result), step by step: the k + 1
// non-zero B-splines of degree k (nu = 0) or their first derivatives (nu =
// 1) on the interval ell, in result[0 .. k]; result has 2k + 2 entries,
// zeroed by the caller (scipy 1.15 - 1.16 allocate the work array zeroed
// for each call, std::vector). A zero-length knot span: h[n] = 0 in the
// value steps; in the derivative step h[n] = 0 (scipy >= 1.17) or h[nu] =
// 0 (before: `fixed` false).
void DeBoor(const double* t, double x, int64_t k, int64_t ell, int64_t nu,
            bool fixed, double* result) {
  double* hh = result + k + 1;
  double* h = result;
  result[0] = 1.0;
  for (int64_t j = 1; j <= k - nu; ++j) {
    std::copy(h, h + j, hh);
    h[0] = 0.0;
    for (int64_t n = 1; n <= j; ++n) {
      const int64_t ind = ell + n;
      const double xb = t[ind];
      const double xa = t[ind - j];
      if (xb == xa) {
        h[n] = 0.0;
        continue;
      }
      const double w = hh[n - 1] / (xb - xa);
      h[n - 1] += w * (xb - x);
      h[n] = w * (x - xa);
    }
  }
  for (int64_t j = k - nu + 1; j <= k; ++j) {
    std::copy(h, h + std::max<int64_t>(j, 0), hh);
    h[0] = 0.0;
    for (int64_t n = 1; n <= j; ++n) {
      const int64_t ind = ell + n;
      const double xb = t[ind];
      const double xa = t[ind - j];
      if (xb == xa) {
        h[fixed ? n : nu] = 0.0;
        continue;
      }
      const double w = static_cast<double>(j) * hh[n - 1] / (xb - xa);
      h[n - 1] -= w;
      h[n] = w;
    }
  }
}

// One feature's fitted basis and what transform needs of it.
struct SplineFeature {
  const double* t = nullptr;  // m knots
  // kConstant / kLinear: the boundary and the basis values (and slopes)
  // there, as scikit-learn computes them in each transform.
  double xmin = 0, xmax = 0;
  std::vector<double> f_min, f_max, fp_min, fp_max;
  uint64_t count = 0;  // kLinear: the bases continued (b + (b <= 1))
  double period = 0;   // kPeriodic: t[n] - t[k]
};

// scikit-learn's SplineTransformer.transform, dense (the branches of 1.4.2
// to 1.9.1, read from each; SPEC §7), per feature i with spl =
// bsplines_[i] (knots t, degree k, n = m - k - 1 coefficients, ns bases):
//   error / continue: spl(x), extrapolate False / True; 'error' raises
//     where spl gives NaN (x outside [t[k], t[n]]).
//   periodic: spl(t[k] + (x - t[k]) % (t[n] - t[k])) with extrapolate
//     True and the coefficients [I; I[:k]] (a zero period, a constant
//     training column: 1.8+ evaluates at x = 0.0; the mapper refuses it
//     for earlier releases, which output NaN).
//   constant: spl(x) for xmin <= x <= xmax (xmin = t[k], xmax = t[n]),
//     else 0, then x < xmin: bases [0, k) = spl(xmin)[:k]; x > xmax:
//     bases [ns - k, ns) = spl(xmax)[-k:] (k = 0 with ns > 1: numpy's
//     broadcast fails, E918 here).
//   linear: with b the feature's bound, xmin = t[b], xmax = t[m - 1 - b];
//     spl(x) inside, else 0; then for j < b + (b <= 1): x < xmin: base j
//     = f_min[j] + (x - xmin) * fp_min[j]; x > xmax: base ns - 1 - j =
//     f_max[.] + (x - xmax) * fp_max[.], fp the spline's derivative
//     (spl(xmin, nu=1)).
// handle_missing='zeros' (1.8+): a NaN gives 0 in every base of its
// feature; infinity passes (check_array's ensure_all_finite=False).
// spl(x) is scipy's evaluate_spline: the k + 1 values of de Boor on x's
// interval summed into the bases with the identity coefficients, each base
// 0.0 + c * w over a in order (a non-finite w makes every base NaN, as
// 0 * inf does in scipy's sum). float32 input: numpy >= 2 computes in
// float64 (the fitted knots are float64 numpy scalars) and the result is
// stored as float32.
struct SplineStep final : TransformStep {
  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width, rows = call.rows;
    const bool f32 = call.dtype == DType::kFloat32;
    MODELSEAL_RETURN_IF_ERROR(call.p.CheckBlock(
        x, rows, n, call.row0,
        zeros ? InputRule::kAnything : InputRule::kFinite, false));
    std::vector<double> basis(ns), work(2 * k + 2);
    for (size_t r = 0; r < rows; ++r) {
      const double* xr = x + r * n;
      double* yr = y + r * out_width;
      for (size_t i = 0; i < n; ++i) {
        MODELSEAL_RETURN_IF_ERROR(
            Feature(features[i], xr[i], call.row0 + r, i, basis, work));
        for (size_t c = 0; c < per; ++c) {
          yr[i * per + c] =
              f32 ? inference::RoundToFloat32(basis[c]) : basis[c];
        }
      }
    }
    return Status::Ok();
  }

  // spl(v) with nu = 0 into out[0 .. ns).
  void Evaluate(const double* t, double v, bool extrapolate, double* out,
                double* work) const {
    const int64_t ell = FindInterval(t, m, k, v, extrapolate);
    if (ell < 0) {
      std::fill(out, out + ns, std::numeric_limits<double>::quiet_NaN());
      return;
    }
    std::fill(work, work + 2 * k + 2, 0.0);
    DeBoor(t, v, k, ell, 0, fixed, work);
    Combine(ell, work, out);
  }

  // evaluate_spline's sum for the identity coefficients: base c gets
  // c[ell + a - k, c] * work[a] for a = 0 .. k, added to 0.0 in order.
  void Combine(int64_t ell, const double* work, double* out) const {
    bool finite = true;
    for (int64_t a = 0; a <= k; ++a) finite = finite && std::isfinite(work[a]);
    std::fill(out, out + ns, 0.0);
    if (finite) {
      // The zero products add +-0.0 to the sums, which changes none of
      // them (a sum started at +0.0 is never -0.0).
      for (int64_t a = 0; a <= k; ++a) {
        int64_t row = ell + a - k;
        if (row >= static_cast<int64_t>(ns)) row -= static_cast<int64_t>(ns);
        out[row] += work[a];
      }
      return;
    }
    for (size_t c = 0; c < ns; ++c) {
      double s = 0.0;
      for (int64_t a = 0; a <= k; ++a) {
        int64_t row = ell + a - k;
        if (row >= static_cast<int64_t>(ns)) row -= static_cast<int64_t>(ns);
        s += (row == static_cast<int64_t>(c) ? 1.0 : 0.0) * work[a];
      }
      out[c] = s;
    }
  }

  Status Feature(const SplineFeature& f, double v, size_t row, size_t col,
                 std::vector<double>& out, std::vector<double>& work) const {
    if (std::isnan(v)) {  // handle_missing='zeros' (else refused before)
      std::fill(out.begin(), out.end(), 0.0);
      return Status::Ok();
    }
    const double* t = f.t;
    const int64_t n = m - k - 1;
    switch (extrapolation) {
      case SplineExtrapolation::kError:
        if (v < t[k] || v > t[n]) {
          return Status(
              ErrorCode::kInputBeyondKnots,
              "X[" + std::to_string(row) + "][" + std::to_string(col) + "]",
              "X contains values beyond the limits of the knots: " + Num(v) +
                  " outside [" + Num(t[k]) + ", " + Num(t[n]) +
                  "] (SplineTransformer extrapolation='error')");
        }
        Evaluate(t, v, false, out.data(), work.data());
        return Status::Ok();
      case SplineExtrapolation::kContinue:
        Evaluate(t, v, true, out.data(), work.data());
        return Status::Ok();
      case SplineExtrapolation::kPeriodic: {
        double u = 0.0;
        if (f.period > 0) {
          // numpy's np.remainder (npy_divmod): fmod, moved by the period
          // when its sign differs from the period's, +0.0 for 0.
          double mod = std::fmod(v - t[k], f.period);
          if (mod != 0) {
            if ((f.period < 0) != (mod < 0)) mod += f.period;
          } else {
            mod = std::copysign(0.0, f.period);
          }
          u = t[k] + mod;
        }
        Evaluate(t, u, true, out.data(), work.data());
        return Status::Ok();
      }
      case SplineExtrapolation::kConstant:
        if (f.xmin <= v && v <= f.xmax) {
          Evaluate(t, v, false, out.data(), work.data());
          return Status::Ok();
        }
        std::fill(out.begin(), out.end(), 0.0);
        if (v < f.xmin) {
          for (int64_t j = 0; j < k; ++j) out[j] = f.f_min[j];
        }
        if (v > f.xmax) {
          if (k == 0 && ns > 1) {
            return Status(
                ErrorCode::kInputBeyondKnots,
                "X[" + std::to_string(row) + "][" + std::to_string(col) + "]",
                Num(v) + " above the last knot " + Num(f.xmax) +
                    ": scikit-learn's constant extrapolation with degree 0 "
                    "fails there (it assigns " +
                    std::to_string(ns) + " values to 0 columns)");
          }
          for (size_t j = ns - static_cast<size_t>(k); j < ns; ++j) {
            out[j] = f.f_max[j];
          }
        }
        return Status::Ok();
      case SplineExtrapolation::kLinear:
        if (f.xmin <= v && v <= f.xmax) {
          Evaluate(t, v, false, out.data(), work.data());
          return Status::Ok();
        }
        std::fill(out.begin(), out.end(), 0.0);
        for (uint64_t j = 0; j < f.count; ++j) {
          if (v < f.xmin) out[j] = f.f_min[j] + (v - f.xmin) * f.fp_min[j];
          if (v > f.xmax) {
            const size_t c = ns - 1 - j;
            out[c] = f.f_max[c] + (v - f.xmax) * f.fp_max[c];
          }
        }
        return Status::Ok();
    }
    return Status::Ok();  // not reached (validated enum)
  }

  std::vector<SplineFeature> features;
  std::vector<double> knots;  // [n, m]
  int64_t m = 0, k = 0;
  size_t ns = 0;   // bases per feature
  size_t per = 0;  // output columns per feature (ns, or ns - 1 without bias)
  SplineExtrapolation extrapolation = SplineExtrapolation::kConstant;
  bool zeros = false;
  bool fixed = true;  // SplineDerivative::kScipy117
};

// ---- end SplineTransformer ----

}  // namespace

using namespace inference;  // NOLINT(build/namespaces)

// ---- SplineTransformer ----

Status Predictor::Impl::CompileSplineTransformer(const SplineTransformer& s,
                                                 const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "SplineTransformer"));
  // Predictor::Create checks again what Apply relies on (it may be given a
  // Model that was never validated).
  const std::string t_path = JoinContext(path, "knots");
  const auto& shape = s.knots.shape();
  if (!IsKnown(s.extrapolation) || !IsKnown(s.missing) ||
      !IsKnown(s.derivative) || s.knots.dtype() != DType::kFloat64 ||
      shape.size() != 2 || shape[0] != n_features ||
      s.degree > limits::kMaxSplineDegree || shape[1] < 2 * s.degree + 2 ||
      s.include_bias > 1) {
    return Status(ErrorCode::kPredictorTensor, t_path,
                  "knots, degree or parameters unusable");
  }
  auto step = std::make_unique<SplineStep>();
  const uint64_t n = shape[0], m = shape[1], k = s.degree;
  const bool periodic = s.extrapolation == SplineExtrapolation::kPeriodic;
  if (periodic && m - 2 * k <= k) {
    return Status(ErrorCode::kPredictorTensor, t_path,
                  "periodic knots fewer than the degree needs");
  }
  step->m = static_cast<int64_t>(m);
  step->k = static_cast<int64_t>(k);
  step->ns = periodic ? m - 2 * k - 1 : m - k - 1;
  step->per = step->ns - (s.include_bias == 0 ? 1 : 0);
  if (step->per == 0 || step->per > limits::kMaxFeatures / n) {
    return Status(ErrorCode::kPredictorTensor, t_path, "output width");
  }
  step->extrapolation = s.extrapolation;
  step->zeros = s.missing == SplineMissing::kZeros;
  step->fixed = s.derivative == SplineDerivative::kScipy117;
  const bool linear = s.extrapolation == SplineExtrapolation::kLinear;
  if (s.bound.size() != (linear ? n : 0)) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "bound"),
                  "bound size");
  }
  auto t = s.knots.span<double>();
  step->knots.assign(t.begin(), t.end());
  for (uint64_t i = 0; i < n; ++i) {
    for (uint64_t j = 0; j < m; ++j) {
      const double v = step->knots[i * m + j];
      if (!std::isfinite(v) || (j > 0 && v < step->knots[i * m + j - 1])) {
        return Status(ErrorCode::kPredictorTensor,
                      IndexContext(t_path, i * m + j),
                      "knot not finite or decreasing");
      }
    }
  }
  step->features.resize(n);
  std::vector<double> work(2 * k + 2);
  for (uint64_t i = 0; i < n; ++i) {
    SplineFeature& f = step->features[i];
    f.t = step->knots.data() + i * m;
    const uint64_t top = m - k - 1;
    f.period = f.t[top] - f.t[k];
    if (s.extrapolation != SplineExtrapolation::kConstant && !linear) continue;
    uint64_t b = k;
    if (linear) {
      b = s.bound[i];
      f.count = b + (b <= 1 ? 1 : 0);
      if (b < k || b > m - 1 - k || f.count > step->ns) {
        return Status(ErrorCode::kPredictorTensor,
                      IndexContext(JoinContext(path, "bound"), i),
                      "boundary index out of range");
      }
    }
    f.xmin = f.t[b];
    f.xmax = f.t[m - 1 - b];
    f.f_min.assign(step->ns, 0.0);
    f.f_max.assign(step->ns, 0.0);
    step->Evaluate(f.t, f.xmin, false, f.f_min.data(), work.data());
    step->Evaluate(f.t, f.xmax, false, f.f_max.data(), work.data());
    if (linear) {
      // spl(xmin, nu=1): one point per call, a fresh zeroed work array.
      f.fp_min.assign(step->ns, 0.0);
      f.fp_max.assign(step->ns, 0.0);
      for (int side = 0; side < 2; ++side) {
        const double v = side == 0 ? f.xmin : f.xmax;
        double* out = side == 0 ? f.fp_min.data() : f.fp_max.data();
        const int64_t ell = FindInterval(f.t, step->m, step->k, v, false);
        if (ell < 0) {
          std::fill(out, out + step->ns,
                    std::numeric_limits<double>::quiet_NaN());
          continue;
        }
        std::fill(work.begin(), work.end(), 0.0);
        DeBoor(f.t, v, step->k, ell, 1, step->fixed, work.data());
        step->Combine(ell, work.data(), out);
      }
    }
  }
  const size_t width = n * step->per;
  AddNumericStep(std::move(step), width);
  return Status::Ok();
}

// ---- end SplineTransformer ----

}  // namespace modelseal
