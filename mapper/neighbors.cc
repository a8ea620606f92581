// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// scikit-learn's nearest-neighbours estimators (sklearn/neighbors/
// _classification.py, _regression.py, _base.py): KNeighborsClassifier,
// KNeighborsRegressor, RadiusNeighborsClassifier and
// RadiusNeighborsRegressor, saved with their training rows (_fit_X, _y)
// and, for a kd_tree or ball_tree fit, the fitted tree's arrays, so that the
// engine finds the same neighbours scikit-learn's query finds, ties and
// rows on the radius included.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

// What classifier and regressor share: _fit_method, the metric, weights,
// n_neighbors (KNeighbors*) or radius (RadiusNeighbors*), _fit_X and the
// tree.
template <class K>
Status MapCommon(const Value& est, K* nb, uint64_t* n) {
  Value fx = est.Get("_fit_X");
  if (fx.is_object()) {
    return Unsupported(est,
                       "fitted on sparse X (modelseal saves "
                       "neighbours fitted on dense float64 X)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> x, Float64Array(est, fx));
  if (x.shape.size() != 2 || x.shape[0] < 1 || x.shape[1] < 1) {
    return fx.Fail(ErrorCode::kStateShape, "expected [n_samples, n_features]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(fx, x.values));
  *n = x.shape[0];
  const uint64_t d = x.shape[1];
  Value w = est.Get("weights");
  if (!w.is_str() && !w.is_none()) {
    return Unsupported(est,
                       "callable weights (supported: 'uniform', "
                       "'distance')");
  }
  std::string weights = "uniform";
  if (w.is_str()) {
    MODELSEAL_ASSIGN_OR_RETURN(weights, w.AsStr());
  }
  if (weights == "uniform") {
    nb->weights = NeighborsWeights::kUniform;
  } else if (weights == "distance") {
    nb->weights = NeighborsWeights::kDistance;
  } else {
    return Unsupported(est, "weights '" + weights + "'");
  }
  MODELSEAL_RETURN_IF_ERROR(NeighborsMetricOf(est, &nb->metric, &nb->p));
  if constexpr (std::is_same_v<K, Neighbors>) {
    MODELSEAL_ASSIGN_OR_RETURN(int64_t k, est.Get("n_neighbors").AsInt());
    if (k < 1 || static_cast<uint64_t>(k) > *n) {
      return est.Get("n_neighbors")
          .Fail(ErrorCode::kStateValue,
                std::to_string(k) +
                    " not in [1, n_samples_fit_ = " + std::to_string(*n) + "]");
    }
    nb->n_neighbors = static_cast<uint64_t>(k);
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(nb->radius, est.Get("radius").AsFloat());
    if (!(std::isfinite(nb->radius) && nb->radius >= 0)) {
      return Unsupported(est, "radius " + std::to_string(nb->radius) +
                                  " (supported: finite, >= 0)");
    }
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::string method, StrParam(est, "_fit_method"));
  if (method == "brute") {
    // Brute force computes 'euclidean' as |x|^2 - 2 x.y + |y|^2 (the
    // engine too) but its alias 'l2' as sum (x - y)^2.
    MODELSEAL_ASSIGN_OR_RETURN(std::string metric,
                               StrParam(est, "effective_metric_"));
    if constexpr (std::is_same_v<K, Neighbors>) {
      if (metric == "l2") {
        return Unsupported(est,
                           "metric 'l2' with brute force (use "
                           "'euclidean')");
      }
    } else {
      // radius_neighbors computes 'l2' as sum (x - y)^2 (scikit-learn's
      // generic RadiusNeighbors), 'euclidean' by BLAS.
      nb->euclidean =
          metric == "l2" ? RadiusEuclidean::kDirect : RadiusEuclidean::kGemm;
    }
    nb->algorithm = NeighborsAlgorithm::kBrute;
  } else if (method == "kd_tree" || method == "ball_tree") {
    const bool kd = method == "kd_tree";
    nb->algorithm =
        kd ? NeighborsAlgorithm::kKdTree : NeighborsAlgorithm::kBallTree;
    MODELSEAL_RETURN_IF_ERROR(
        MapNeighborsTree(est, x.values, *n, d, kd, &nb->idx_array,
                         &nb->node_data, &nb->node_radius, &nb->node_bounds));
  } else {
    return Unsupported(est, "_fit_method '" + method + "'");
  }
  nb->fit_x = Tensor::FromVector(std::move(x.values), {*n, d});
  return Status();
}

// A classifier's _y, [n] or [n, n_outputs] class indices, as i32 [n,
// n_outputs].
Result<Tensor> ClassIndexTargets(const Value& est, uint64_t n,
                                 const OutputSpec& spec) {
  Value yv = est.Get("_y");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<int32_t> y, yv.Numeric<int32_t>());
  const uint64_t k = spec.n_outputs;
  if (!(y.shape == std::vector<uint64_t>{n} && k == 1) &&
      y.shape != std::vector<uint64_t>{n, k}) {
    return yv.Fail(ErrorCode::kStateShape, "expected [" + std::to_string(n) +
                                               "] or [" + std::to_string(n) +
                                               ", " + std::to_string(k) + "]");
  }
  return Tensor::FromVector(std::move(y.values), {n, k});
}

}  // namespace

// predict (and predict_proba) read the neighbours' class indices _y, [n]
// or [n, n_outputs] (outputs_2d_), and classes_.
Status MapKNeighborsClassifier(const Value& est, const MapContext&,
                               Mapped* out) {
  Neighbors nb;
  uint64_t n = 0;
  MODELSEAL_RETURN_IF_ERROR(MapCommon(est, &nb, &n));
  MODELSEAL_ASSIGN_OR_RETURN(OutputSpec spec, ClassifierOutput(est));
  MODELSEAL_ASSIGN_OR_RETURN(Tensor y, ClassIndexTargets(est, n, spec));
  nb.y = std::move(y);
  Mapped m;
  m.estimator.kind = std::move(nb);
  m.output = std::move(spec);
  *out = std::move(m);
  return Status();
}

// predict averages _y, [n] or [n, n_outputs], in float64: a float64 or
// integer array (np.mean of integers accumulates in float64); float32
// targets are averaged in float32 by numpy and refused.
Status MapKNeighborsRegressor(const Value& est, const MapContext&,
                              Mapped* out) {
  Neighbors nb;
  uint64_t n = 0;
  MODELSEAL_RETURN_IF_ERROR(MapCommon(est, &nb, &n));
  Value yv = est.Get("_y");
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, yv.AsArray());
  const char kind = a->typestr.size() >= 2 ? a->typestr[1] : '?';
  const bool f8 = a->typestr == "<f8" || a->typestr == ">f8";
  if (!f8 && kind != 'i' && kind != 'u' && kind != 'b') {
    return Unsupported(est, yv.path() + " has dtype " +
                                NumpyDTypeName(a->typestr) +
                                " (float64 or integer targets are supported)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> y, yv.Numeric<double>());
  uint64_t k = 0;
  if (y.shape == std::vector<uint64_t>{n}) {
    k = 1;
  } else if (y.shape.size() == 2 && y.shape[0] == n && y.shape[1] >= 1) {
    k = y.shape[1];
  } else {
    return yv.Fail(ErrorCode::kStateShape,
                   "expected [n_samples] or [n_samples, n_outputs]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(yv, y.values));
  nb.y = Tensor::FromVector(std::move(y.values), {n, k});
  Mapped m;
  m.estimator.kind = std::move(nb);
  m.output = RegressionOutput(k);
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper

namespace modelseal::mapper {

namespace {

// Python's == between a class value (an int) and the scalar v.
bool PyEqualsInt(int64_t c, const Value& v) {
  switch (v.kind()) {
    case Node::Kind::kBool:
      return c == (*v.AsBool() ? 1 : 0);
    case Node::Kind::kInt:
      return c == *v.AsInt();
    case Node::Kind::kFloat:
      return static_cast<double>(c) == *v.AsFloat();
    default:
      return false;
  }
}

// numpy's classes_k == label for label v: the class index, or -1 unless
// exactly one class matches.
int64_t ClassIndexOf(const ClassLabels& labels, const Value& v) {
  int64_t found = -1, matches = 0;
  for (size_t j = 0; j < labels.count(); ++j) {
    bool eq = false;
    if (labels.int_labels.present()) {
      eq = PyEqualsInt(labels.int_labels.span<int64_t>()[j], v);
    } else if (v.is_str()) {
      eq = *v.AsStr() == labels.str_labels[j];
    }
    if (eq) {
      found = static_cast<int64_t>(j);
      ++matches;
    }
  }
  return matches == 1 ? found : -1;
}

// Optional sign, then decimal digits: what np.array(classes_, dtype=np.intp)
// reads from a string class (anything else refused).
bool ParseIntLabel(const std::string& s, int64_t* v) {
  size_t i = s.size() > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size() || s.size() > 18) return false;
  int64_t r = 0;
  for (size_t k = i; k < s.size(); ++k) {
    if (s[k] < '0' || s[k] > '9') return false;
    r = r * 10 + (s[k] - '0');
  }
  *v = s[0] == '-' ? -r : r;
  return true;
}

// The classifier's outlier handling (predict_proba and predict on a row with
// no training row within the radius), per output, as the saving release
// computes it for a float64 C-ordered X:
// - RadiusNeighborsClassMode (uniform weights, brute force, one output):
//   probability 1 on the class index idx where unique_Y_labels[idx] ==
//   outlier_label (the parameter, last match), none if no match;
//   unique_Y_labels is np.arange(n_classes) from 1.9, classes_ cast to intp
//   before (string classes that are not integers raise there).
// - else: probability 1 on the class equal to outlier_label_[k] (exactly one
//   match), none otherwise.
// predict gives outlier_label_[k] where the probabilities are all zero.
Status MapOutliers(const Value& est, const MapContext& ctx,
                   const OutputSpec& spec, bool class_mode,
                   RadiusNeighbors* nb) {
  Value ol = est.Get("outlier_label_");
  if (ol.is_none()) return Status();
  const uint64_t k = spec.n_outputs;
  MODELSEAL_ASSIGN_OR_RETURN(size_t size, ol.Size());
  if (size != k) {
    return ol.Fail(
        ErrorCode::kStateShape,
        "expected one outlier label per output (" + std::to_string(k) + ")");
  }
  std::vector<int64_t> proba(k, -1), cls(k, -1);
  Value param = est.Get("outlier_label");
  for (uint64_t o = 0; o < k; ++o) {
    const ClassLabels& labels = spec.classes[o];
    const Value label = ol.At(o);
    MODELSEAL_RETURN_IF_ERROR(label.status());
    cls[o] = ClassIndexOf(labels, label);
    if (!class_mode) {
      proba[o] = cls[o];
    } else {
      const size_t c = labels.count();
      std::vector<int64_t> unique(c);
      for (size_t j = 0; j < c; ++j) {
        if (ctx.version() >= SklearnVersion{1, 9, 0}) {
          unique[j] = static_cast<int64_t>(j);
        } else if (labels.int_labels.present()) {
          unique[j] = labels.int_labels.span<int64_t>()[j];
        } else if (!ParseIntLabel(labels.str_labels[j], &unique[j])) {
          return Unsupported(
              est,
              "string classes with uniform weights and brute force: "
              "scikit-learn before 1.9 casts classes_ to integers in "
              "predict_proba (RadiusNeighborsClassMode) and raises on '" +
                  labels.str_labels[j] + "'");
        }
      }
      for (size_t j = 0; j < c; ++j) {
        if (PyEqualsInt(unique[j], param)) proba[o] = static_cast<int64_t>(j);
      }
    }
    if (proba[o] < 0 && cls[o] < 0) {
      return Unsupported(est,
                         "outlier_label not among classes_ (scikit-learn "
                         "predicts it for a row with no neighbour; modelseal "
                         "predicts only labels in classes_)");
    }
  }
  nb->outlier_proba = Tensor::FromVector(std::move(proba), {k});
  nb->outlier_class = Tensor::FromVector(std::move(cls), {k});
  return Status();
}

}  // namespace

// predict and predict_proba read _y, [n] or [n, n_outputs], classes_,
// outlier_label_ (and, for RadiusNeighborsClassMode's outliers, the
// outlier_label parameter).
Status MapRadiusNeighborsClassifier(const Value& est, const MapContext& ctx,
                                    Mapped* out) {
  RadiusNeighbors nb;
  uint64_t n = 0;
  MODELSEAL_RETURN_IF_ERROR(MapCommon(est, &nb, &n));
  MODELSEAL_ASSIGN_OR_RETURN(OutputSpec spec, ClassifierOutput(est));
  MODELSEAL_ASSIGN_OR_RETURN(Tensor y, ClassIndexTargets(est, n, spec));
  nb.y = std::move(y);
  MODELSEAL_ASSIGN_OR_RETURN(bool outputs_2d, est.Get("outputs_2d_").AsBool());
  if (outputs_2d && spec.n_outputs == 1) {
    return Unsupported(est,
                       "y of one column (scikit-learn predicts [n, 1] and a "
                       "list of one predict_proba array; fit on a 1-D y)");
  }
  // predict_proba's RadiusNeighborsClassMode path: uniform weights, brute
  // force, one output, and the metric parameter (minkowski with p 2 read
  // as euclidean: _adjusted_metric) other than euclidean, which it
  // excludes. Its neighbours are radius_neighbors' (the same sequential
  // loops; 'l2' as sum (x - y)^2 on both paths); only its outliers differ.
  bool class_mode = nb.weights == NeighborsWeights::kUniform &&
                    nb.algorithm == NeighborsAlgorithm::kBrute && !outputs_2d;
  if (class_mode) {
    MODELSEAL_ASSIGN_OR_RETURN(std::string metric, StrParam(est, "metric"));
    if (metric == "minkowski") {
      Value pv = est.Get("p");
      if (!pv.is_none()) {
        MODELSEAL_ASSIGN_OR_RETURN(double p, pv.AsFloat());
        if (p == 2) metric = "euclidean";
      }
    }
    class_mode = metric != "euclidean" && metric != "sqeuclidean";
  }
  MODELSEAL_RETURN_IF_ERROR(MapOutliers(est, ctx, spec, class_mode, &nb));
  Mapped m;
  m.estimator.kind = std::move(nb);
  m.output = std::move(spec);
  *out = std::move(m);
  return Status();
}

// predict averages _y, [n] or [n, n_outputs]: float64 targets only (a row
// with no neighbour predicts NaN, which scikit-learn casts to an integer
// target's dtype).
Status MapRadiusNeighborsRegressor(const Value& est, const MapContext&,
                                   Mapped* out) {
  RadiusNeighbors nb;
  uint64_t n = 0;
  MODELSEAL_RETURN_IF_ERROR(MapCommon(est, &nb, &n));
  Value yv = est.Get("_y");
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, yv.AsArray());
  if (a->typestr != "<f8" && a->typestr != ">f8") {
    return Unsupported(est, yv.path() + " has dtype " +
                                NumpyDTypeName(a->typestr) +
                                " (float64 targets are supported: scikit-learn "
                                "casts NaN to the targets' dtype for a row "
                                "with no neighbour)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> y, yv.Numeric<double>());
  uint64_t k = 0;
  if (y.shape == std::vector<uint64_t>{n}) {
    k = 1;
  } else if (y.shape.size() == 2 && y.shape[0] == n && y.shape[1] >= 1) {
    k = y.shape[1];
  } else {
    return yv.Fail(ErrorCode::kStateShape,
                   "expected [n_samples] or [n_samples, n_outputs]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckFiniteValues(yv, y.values));
  const bool column = y.shape.size() == 2 && k == 1;
  nb.y = Tensor::FromVector(std::move(y.values), {n, k});
  Mapped m;
  m.estimator.kind = std::move(nb);
  m.output = RegressionOutput(k);
  // A 2-D y of one column: predict returns [n, 1] (no ravel).
  if (column) m.output.shape = OutputShape::kColumn;
  *out = std::move(m);
  return Status();
}

}  // namespace modelseal::mapper
