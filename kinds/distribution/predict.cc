// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Compile and evaluate of the distribution transformers:
// QuantileTransformer, PowerTransformer. Compiled into the inference library.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "inference/predictor_impl.h"

namespace modelseal {
namespace {

// ---- QuantileTransformer ----

// Polynomial evaluation as Cephes' polevl (coef[0] the highest degree)
// and p1evl (a leading coefficient 1 left out): Horner's rule, a multiply
// then an add per step (ISO C++ does not fuse them).
template <size_t N>
double Polevl(double x, const double (&coef)[N]) {
  double ans = coef[0];
  for (size_t i = 1; i < N; ++i) ans = ans * x + coef[i];
  return ans;
}
template <size_t N>
double P1evl(double x, const double (&coef)[N]) {
  double ans = x + coef[0];
  for (size_t i = 1; i < N; ++i) ans = ans * x + coef[i];
  return ans;
}

// The inverse of the standard normal distribution function, as scipy's
// special.ndtri (stats.norm.ppf) computes it: Cephes' ndtri (S. L.
// Moshier), the algorithm and rational-approximation coefficients scipy
// 1.13 (C) and 1.14+ (xsf's C++ translation) both use, step by step in the
// same order. std::log and std::sqrt are the C library's, as scipy's.
double Ndtri(double y0) {
  static constexpr double kP0[5] = {
      -5.99633501014107895267E1, 9.80010754185999661536E1,
      -5.66762857469070293439E1, 1.39312609387279679503E1,
      -1.23916583867381258016E0};
  static constexpr double kQ0[8] = {
      1.95448858338141759834E0, 4.67627912898881538453E0,
      8.63602421390890590575E1, -2.25462687854119370527E2,
      2.00260212380060660359E2, -8.20372256168333339912E1,
      1.59056225126211695515E1, -1.18331621121330003142E0};
  static constexpr double kP1[9] = {
      4.05544892305962419923E0,   3.15251094599893866154E1,
      5.71628192246421288162E1,   4.40805073893200834700E1,
      1.46849561928858024014E1,   2.18663306850790267539E0,
      -1.40256079171354495875E-1, -3.50424626827848203418E-2,
      -8.57456785154685413611E-4};
  static constexpr double kQ1[8] = {
      1.57799883256466749731E1,   4.53907635128879210584E1,
      4.13172038254672030440E1,   1.50425385692907503408E1,
      2.50464946208309415979E0,   -1.42182922854787788574E-1,
      -3.80806407691578277194E-2, -9.33259480895457427372E-4};
  static constexpr double kP2[9] = {
      3.23774891776946035970E0,  6.91522889068984211695E0,
      3.93881025292474443415E0,  1.33303460815807542389E0,
      2.01485389549179081538E-1, 1.23716634817820021358E-2,
      3.01581553508235416007E-4, 2.65806974686737550832E-6,
      6.23974539184983293730E-9};
  static constexpr double kQ2[8] = {
      6.02427039364742014255E0,  3.67983563856160859403E0,
      1.37702099489081330271E0,  2.16236993594496635890E-1,
      1.34204006088543189037E-2, 3.28014464682127739104E-4,
      2.89247864745380683936E-6, 6.79019408009981274425E-9};
  static constexpr double kSqrt2Pi = 2.50662827463100050242E0;
  static constexpr double kExpMinus2 = 0.13533528323661269189;
  if (y0 == 0.0) return -std::numeric_limits<double>::infinity();
  if (y0 == 1.0) return std::numeric_limits<double>::infinity();
  if (!(y0 >= 0.0 && y0 <= 1.0)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  bool negate = true;
  double y = y0;
  if (y > 1.0 - kExpMinus2) {
    y = 1.0 - y;
    negate = false;
  }
  if (y > kExpMinus2) {
    y = y - 0.5;
    const double y2 = y * y;
    double x = y + y * (y2 * Polevl(y2, kP0) / P1evl(y2, kQ0));
    x = x * kSqrt2Pi;
    return x;
  }
  double x = std::sqrt(-2.0 * std::log(y));
  const double x0 = x - std::log(x) / x;
  const double z = 1.0 / x;
  const double x1 = x < 8.0 ? z * Polevl(z, kP1) / P1evl(z, kQ1)
                            : z * Polevl(z, kP2) / P1evl(z, kQ2);
  x = x0 - x1;
  return negate ? -x : x;
}

// np.interp(x, xp, fp) for one x that is not NaN, as numpy's arr_interp
// (numpy/_core/src/multiarray/compiled_base.c, the same in 1.26 and 2.x)
// computes it: below xp[0] fp[0], above xp[n-1] fp[n-1]; else j is the
// index with xp[j] <= x < xp[j + 1] (binary_search_with_guess finds that
// one, the last of equal values), fp[j] when j is the last index or xp[j]
// equals x, else slope * (x - xp[j]) + fp[j] with slope = (fp[j+1] -
// fp[j]) / (xp[j+1] - xp[j]), retried from the right end when NaN.
double Interp(double x, const double* xp, const double* fp, size_t n) {
  if (n == 1 || x > xp[n - 1]) return fp[n - 1];
  if (x < xp[0]) return fp[0];
  const size_t j = static_cast<size_t>(std::upper_bound(xp, xp + n, x) - xp) -
                   1;  // xp[0] <= x, so at least 1 element is <= x
  if (j == n - 1 || xp[j] == x) return fp[j];
  const double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
  double r = slope * (x - xp[j]) + fp[j];
  if (std::isnan(r)) {
    r = slope * (x - xp[j + 1]) + fp[j + 1];
    if (std::isnan(r) && fp[j] == fp[j + 1]) r = fp[j];
  }
  return r;
}

// scikit-learn's BOUNDS_THRESHOLD (sklearn/preprocessing/_data.py).
constexpr double kBoundsThreshold = 1e-7;

// QuantileTransformer._transform_col (forward, dense; identical in
// scikit-learn 1.4.2 to 1.9.1), per feature with q its quantiles and r the
// references:
//   normal:  lower = X - BOUNDS_THRESHOLD < q[0]
//            upper = X + BOUNDS_THRESHOLD > q[-1]
//   uniform: lower = X == q[0];  upper = X == q[-1]
//   X[~nan] = 0.5 * (np.interp(X, q, r) - np.interp(-X, -q[::-1], -r[::-1]))
//   X[upper] = 1;  X[lower] = 0
//   normal:  X = np.clip(stats.norm.ppf(X), ppf(1e-7 - eps),
//                        ppf(1 - (1e-7 - eps)))
// NaN fails both masks and passes through. float32 input stays float32
// (check_array keeps it): X -+ 1e-7 is float32 arithmetic (the threshold
// rounded to float32 first), each assignment into X rounds to float32,
// np.interp computes in float64, and ndtri's float32 loop rounds its
// float64 result to float32 before the float64 clip.
struct QuantileStep final : TransformStep {
  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width, rows = call.rows;
    const bool f32 = call.dtype == DType::kFloat32;
    // check_array(ensure_all_finite="allow-nan").
    MODELSEAL_RETURN_IF_ERROR(
        call.p.CheckBlock(x, rows, n, call.row0, InputRule::kAllowNan, true));
    const double t =
        f32 ? inference::RoundToFloat32(kBoundsThreshold) : kBoundsThreshold;
    auto round = [f32](double v) {
      return f32 ? inference::RoundToFloat32(v) : v;
    };
    for (size_t r = 0; r < rows; ++r) {
      const double* xr = x + r * n;
      double* yr = y + r * n;
      for (size_t j = 0; j < n; ++j) {
        const Feature& f = features[j];
        const double v = xr[j];
        if (std::isnan(v)) {
          yr[j] = v;
          continue;
        }
        const double q0 = f.q[0], q1 = f.q[k - 1];
        bool lower, upper;
        if (normal) {
          lower = round(v - t) < q0;
          upper = round(v + t) > q1;
        } else {
          lower = v == q0;
          upper = v == q1;
        }
        double out = round(0.5 * (Interp(v, f.q, references, k) -
                                  Interp(-v, f.neg_q, neg_references, k)));
        if (upper) out = 1.0;
        if (lower) out = 0.0;
        if (normal) {
          out = round(Ndtri(out));
          // np.clip: maximum then minimum (out is not NaN here).
          out = out < clip_min ? clip_min : out;
          out = out > clip_max ? clip_max : out;
          out = round(out);
        }
        yr[j] = out;
      }
    }
    return Status::Ok();
  }
  struct Feature {
    const double* q = nullptr;      // quantiles_[:, j], contiguous
    const double* neg_q = nullptr;  // -quantiles_[::-1, j]
  };
  std::vector<Feature> features;
  std::vector<double> columns;  // the quantile columns and their negations
  const double* references = nullptr;
  std::vector<double> neg_references_store;
  const double* neg_references = nullptr;
  size_t k = 0;  // n_quantiles_
  bool normal = false;
  double clip_min = 0, clip_max = 0;
};

// ---- end QuantileTransformer ----

// ---- PowerTransformer ----

// scipy.special.boxcox(x, lmbda) for x > 0 (scipy's _boxcox.pxd, 1.17):
// log(x) for |lmbda| < 1e-19; else with t = lmbda * log(x), expm1(t) /
// lmbda below t = 709.78 (where expm1 would overflow), and above it
// copysign(1, lmbda) * exp(t - log|lmbda|) - 1 / lmbda, finite while the
// quotient is (older scipy returns infinity there).
double BoxCox(double x, double lmbda) {
  if (std::fabs(lmbda) < 1e-19) return std::log(x);
  const double t = lmbda * std::log(x);
  if (t < 709.78) return std::expm1(t) / lmbda;
  return std::copysign(1.0, lmbda) * std::exp(t - std::log(std::fabs(lmbda))) -
         1 / lmbda;
}

// PowerTransformer.transform per value, x not NaN:
//   box-cox: scipy.special.boxcox (BoxCox; x > 0 checked before);
//   yeo-johnson, scikit-learn <= 1.8 (_yeo_johnson_transform), eps =
//   np.spacing(1.0):
//     x >= 0: log1p(x) if |l| < eps else (power(x + 1, l) - 1) / l
//     x < 0:  -(power(-x + 1, 2 - l) - 1) / (2 - l) if |l - 2| > eps
//             else -log1p(-x)
//   yeo-johnson, scikit-learn >= 1.9 (scipy.stats.yeojohnson's
//   _yeojohnson_transform): as above with expm1(l * log1p(x)) / l and
//   -expm1((2 - l) * log1p(-x)) / (2 - l) for the power terms.
double PowerValue(PowerMethod method, double x, double l) {
  constexpr double kEps = std::numeric_limits<double>::epsilon();
  switch (method) {
    case PowerMethod::kBoxCox:
      return BoxCox(x, l);
    case PowerMethod::kYeoJohnsonPower:
      if (x >= 0) {
        if (std::fabs(l) < kEps) return std::log1p(x);
        return (std::pow(x + 1, l) - 1) / l;
      }
      if (std::fabs(l - 2) > kEps) {
        return -(std::pow(-x + 1, 2 - l) - 1) / (2 - l);
      }
      return -std::log1p(-x);
    case PowerMethod::kYeoJohnsonExpm1:
      if (x >= 0) {
        if (std::fabs(l) < kEps) return std::log1p(x);
        return std::expm1(l * std::log1p(x)) / l;
      }
      if (std::fabs(l - 2) > kEps) {
        return -std::expm1((2 - l) * std::log1p(-x)) / (2 - l);
      }
      return -std::log1p(-x);
  }
  return std::numeric_limits<double>::quiet_NaN();  // not reached (compile)
}

// PowerTransformer.transform (scikit-learn 1.4.2 to 1.9.1): _check_input
// (check_array with ensure_all_finite="allow-nan"; for box-cox
// np.nanmin(X) <= 0 raises), f per feature, then with standardize the
// fitted StandardScaler: X -= mean_; X /= scale_. NaN passes through.
// float64 only: scikit-learn computes float32 input with float32
// roundings that depend on the numpy release (value-based casting in 1.x).
struct PowerStep final : TransformStep {
  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width, rows = call.rows;
    if (call.dtype == DType::kFloat32) {
      return Status(ErrorCode::kInputFloat32Unsupported, "X",
                    "a PowerTransformer takes float64 input only (scikit-"
                    "learn's float32 arithmetic here depends on the numpy "
                    "release)");
    }
    MODELSEAL_RETURN_IF_ERROR(
        call.p.CheckBlock(x, rows, n, call.row0, InputRule::kAllowNan, true));
    if (method == PowerMethod::kBoxCox) {
      for (size_t r = 0; r < rows; ++r) {
        for (size_t j = 0; j < n; ++j) {
          // NaN passes (np.nanmin); not (v > 0) would refuse it.
          if (x[r * n + j] <= 0) {
            return Status(ErrorCode::kInputNotPositive,
                          "X[" + std::to_string(call.row0 + r) + "][" +
                              std::to_string(j) + "]",
                          "column " + std::to_string(j) +
                              ": the Box-Cox transformation can only be "
                              "applied to strictly positive data");
          }
        }
      }
    }
    for (size_t r = 0; r < rows; ++r) {
      const double* xr = x + r * n;
      double* yr = y + r * n;
      for (size_t j = 0; j < n; ++j) {
        const double v = xr[j];
        double out = std::isnan(v) ? v : PowerValue(method, v, lambdas[j]);
        if (standardize) {
          out -= mean[j];
          out /= scale[j];
        }
        yr[j] = out;
      }
    }
    return Status::Ok();
  }
  PowerMethod method = PowerMethod::kYeoJohnsonExpm1;
  const double* lambdas = nullptr;
  bool standardize = false;
  const double* mean = nullptr;
  const double* scale = nullptr;
};

// ---- end PowerTransformer ----

}  // namespace

using namespace inference;  // NOLINT(build/namespaces)

// ---- QuantileTransformer ----

Status Predictor::Impl::CompileQuantileTransformer(const QuantileTransformer& k,
                                                   const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "QuantileTransformer"));
  if (!IsKnown(k.output)) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "output"),
                  "unknown output distribution");
  }
  const std::string q_path = JoinContext(path, "quantiles");
  const std::string r_path = JoinContext(path, "references");
  const auto& shape = k.quantiles.shape();
  const uint64_t rows = shape.size() == 2 ? shape[0] : 0;
  if (rows < 1) {
    return Status(ErrorCode::kPredictorTensor, q_path,
                  "expected [n_quantiles >= 1, n_features]");
  }
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(k.quantiles, DType::kFloat64, {rows, n_features}, q_path));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(k.references, DType::kFloat64, {rows}, r_path));
  const double* q = DataOf<double>(k.quantiles);
  const double* r = DataOf<double>(k.references);
  const size_t m = static_cast<size_t>(rows);
  for (size_t i = 0; i < m; ++i) {
    if (!(r[i] >= 0.0 && r[i] <= 1.0) || (i > 0 && r[i] < r[i - 1])) {
      return Status(ErrorCode::kPredictorTensor, IndexContext(r_path, i),
                    "references not sorted in [0, 1]");
    }
  }
  auto step = std::make_unique<QuantileStep>();
  step->k = m;
  step->normal = k.output == QuantileOutput::kNormal;
  step->references = r;
  step->neg_references_store.resize(m);
  for (size_t i = 0; i < m; ++i) {
    step->neg_references_store[i] = -r[m - 1 - i];
  }
  step->neg_references = step->neg_references_store.data();
  // rows * n_features values are in the file, so 2x that fits in memory
  // terms the loader already accepted.
  step->columns.resize(2 * m * n_features);
  for (size_t j = 0; j < n_features; ++j) {
    double* col = step->columns.data() + 2 * m * j;
    double* neg = col + m;
    for (size_t i = 0; i < m; ++i) {
      const double v = q[i * n_features + j];
      if (!std::isfinite(v) || (i > 0 && v < col[i - 1])) {
        return Status(ErrorCode::kPredictorTensor,
                      IndexContext(q_path, i * n_features + j),
                      "quantiles not finite and sorted");
      }
      col[i] = v;
    }
    for (size_t i = 0; i < m; ++i) neg[i] = -col[m - 1 - i];
  }
  step->features.resize(n_features);
  for (size_t j = 0; j < n_features; ++j) {
    const double* col = step->columns.data() + 2 * m * j;
    step->features[j] = {col, col + m};
  }
  // stats.norm.ppf(BOUNDS_THRESHOLD - np.spacing(1)) and of 1 minus it.
  const double eps = std::numeric_limits<double>::epsilon();
  step->clip_min = Ndtri(kBoundsThreshold - eps);
  step->clip_max = Ndtri(1.0 - (kBoundsThreshold - eps));
  AddNumericStep(std::move(step), n_features);
  return Status::Ok();
}

// ---- end QuantileTransformer ----

// ---- PowerTransformer ----

Status Predictor::Impl::CompilePowerTransformer(const PowerTransformer& k,
                                                const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, "PowerTransformer"));
  if (!IsKnown(k.method)) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "method"),
                  "unknown power method");
  }
  const std::string l_path = JoinContext(path, "lambdas");
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(k.lambdas, DType::kFloat64, {n_features}, l_path));
  auto step = std::make_unique<PowerStep>();
  step->method = k.method;
  step->lambdas = DataOf<double>(k.lambdas);
  for (size_t j = 0; j < n_features; ++j) {
    if (!std::isfinite(step->lambdas[j])) {
      return Status(ErrorCode::kPredictorTensor, IndexContext(l_path, j),
                    "lambda not finite");
    }
  }
  if (k.mean.present() || k.scale.present()) {
    const std::string m_path = JoinContext(path, "mean");
    const std::string s_path = JoinContext(path, "scale");
    MODELSEAL_RETURN_IF_ERROR(
        CheckTensor(k.mean, DType::kFloat64, {n_features}, m_path));
    MODELSEAL_RETURN_IF_ERROR(
        CheckTensor(k.scale, DType::kFloat64, {n_features}, s_path));
    step->standardize = true;
    step->mean = DataOf<double>(k.mean);
    step->scale = DataOf<double>(k.scale);
    for (size_t j = 0; j < n_features; ++j) {
      if (!std::isfinite(step->mean[j]) ||
          !(std::isfinite(step->scale[j]) && step->scale[j] > 0)) {
        return Status(ErrorCode::kPredictorTensor, IndexContext(s_path, j),
                      "mean not finite or scale not finite and > 0");
      }
    }
  }
  AddNumericStep(std::move(step), n_features);
  return Status::Ok();
}

// ---- end PowerTransformer ----

}  // namespace modelseal
