// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Neighbors and RadiusNeighbors in the predictor: their compile steps and
// final steps, the votes or means of KNeighborsClassifier and
// KNeighborsRegressor over the k-nearest-neighbours query of search.h, and
// of RadiusNeighborsClassifier and RadiusNeighborsRegressor over its radius
// query. Compiled into the inference
// library (without floating-point contraction: every sum is the sequential
// loop scikit-learn's Cython runs).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/pairwise_sum.h"
#include "inference/predictor_impl.h"
#include "kinds/neighbors/search.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

// predict and predict_proba of a neighbours kind from its raw rows
// (raw_width per row: per output its class_counts[o] probabilities, then
// the predicted class index), or a regressor's values (no class counts).
void FinishNeighbors(const Predictor::Impl& p, Method method, const double* raw,
                     size_t rows, size_t row0, Outputs outs,
                     const std::vector<size_t>& class_counts, size_t n_outputs,
                     size_t raw_width) {
  if (class_counts.empty()) return FinishValues(p, raw, rows, row0, outs);
  for (size_t r = 0; r < rows; ++r) {
    const double* s = raw + r * raw_width;
    for (size_t o = 0; o < n_outputs; ++o) {
      const size_t c = class_counts[o];
      if (method == Method::kPredict) {
        outs.classes->data[(row0 + r) * n_outputs + o] =
            static_cast<int64_t>(s[c]);
      } else {
        std::copy(s, s + c, (*outs.proba)[o].data.data() + (row0 + r) * c);
      }
      s += c + 1;
    }
  }
}

using neighbors_internal::kHeapValues;
using neighbors_internal::NeighborSearch;
using neighbors_internal::SimultaneousSort;

class NeighborsFinal final : public FinalStep {
 public:
  NeighborsFinal(const Neighbors& nb, size_t n, size_t d,
                 std::vector<size_t> class_counts, size_t n_outputs)
      : search_(nb.algorithm, nb.metric, nb.p, nb.fit_x, nb.idx_array,
                nb.node_data, nb.node_radius, nb.node_bounds, n, d),
        distance_weights_(nb.weights == NeighborsWeights::kDistance),
        k_(nb.n_neighbors),
        class_counts_(std::move(class_counts)),
        n_outputs_(n_outputs) {
    if (!class_counts_.empty()) {
      y_class_ = DataOf<int32_t>(nb.y);
    } else {
      y_value_ = DataOf<double>(nb.y);
    }
    for (size_t c : class_counts_) raw_width_ += c + 1;
    if (class_counts_.empty()) raw_width_ = n_outputs_;
  }

  size_t raw_width() const { return raw_width_; }

  bool HasProba() const override { return !class_counts_.empty(); }
  bool HasDecision() const override { return false; }

  // Classifier: per output, its class probabilities then its predicted
  // class index. Regressor: the n_outputs predictions.
  void ComputeRaw(const Predictor::Impl&, const double* x, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    // Heaps for up to `group` rows at once (the dgemm's rows): at most
    // about kHeapValues slots, one row's when k is larger.
    const bool gemm = search_.gemm();
    const size_t group = gemm ? std::max<size_t>(1, kHeapValues / k_) : 1;
    std::vector<double> dists(std::min(rows, group) * k_);
    std::vector<int64_t> inds(dists.size());
    std::vector<double> w(k_);
    std::vector<double> scratch(k_);
    for (size_t r0 = 0; r0 < rows; r0 += group) {
      const size_t nr = std::min(group, rows - r0);
      if (gemm) {
        search_.GemmQuery(x + r0 * search_.d(), nr, k_, dists.data(),
                          inds.data());
      }
      for (size_t i = 0; i < nr; ++i) {
        double* dist = dists.data() + i * k_;
        int64_t* ind = inds.data() + i * k_;
        if (!gemm) search_.Query(x + (r0 + i) * search_.d(), k_, dist, ind);
        SimultaneousSort(dist, ind, k_);
        const bool weighted = Weights(dist, w.data());
        double* out = raw + (r0 + i) * raw_width_;
        if (class_counts_.empty()) {
          Regress(ind, weighted ? w.data() : nullptr, scratch.data(), out);
        } else {
          Vote(ind, weighted ? w.data() : nullptr, scratch.data(), out);
        }
      }
    }
  }

  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t, Outputs outs) const override {
    FinishNeighbors(p, method, raw, rows, row0, outs, class_counts_, n_outputs_,
                    raw_width_);
  }

 private:
  // _get_weights for 'distance' from the sorted reduced distances: 1 / d,
  // or, on a row with a zero distance, 1 on those neighbours and 0
  // elsewhere. False for 'uniform' (no weights).
  bool Weights(const double* rdist, double* w) const {
    if (!distance_weights_) return false;
    bool zero = false;
    for (size_t i = 0; i < k_; ++i) {
      w[i] = 1.0 / search_.RdistToDist(rdist[i]);
      zero = zero || std::isinf(w[i]);
    }
    if (zero) {
      for (size_t i = 0; i < k_; ++i) w[i] = std::isinf(w[i]) ? 1.0 : 0.0;
    }
    return true;
  }

  // predict_proba: per output, proba[c] += weight over the neighbours in
  // order, divided by their numpy sum; predict: the first class with the
  // largest count (uniform: scipy's mode) or weighted_mode's np.sum of the
  // row with the class's weights and zeros elsewhere.
  void Vote(const int64_t* ind, const double* w, double* scratch,
            double* out) const {
    for (size_t o = 0; o < n_outputs_; ++o) {
      const size_t c = class_counts_[o];
      std::fill(out, out + c, 0.0);
      for (size_t i = 0; i < k_; ++i) {
        const int32_t label =
            y_class_[static_cast<size_t>(ind[i]) * n_outputs_ + o];
        out[label] += w != nullptr ? w[i] : 1.0;
      }
      size_t best = 0;
      if (w == nullptr) {
        for (size_t j = 1; j < c; ++j) {
          if (out[j] > out[best]) best = j;
        }
      } else {
        double best_count = 0.0;
        for (size_t j = 0; j < c; ++j) {
          for (size_t i = 0; i < k_; ++i) {
            const int32_t label =
                y_class_[static_cast<size_t>(ind[i]) * n_outputs_ + o];
            scratch[i] = static_cast<size_t>(label) == j ? w[i] : 0.0;
          }
          const double count = NumpyPairwiseSum(scratch, k_);
          if (count > best_count) {
            best_count = count;
            best = j;
          }
        }
      }
      const double total = NumpyPairwiseSum(out, c);
      for (size_t j = 0; j < c; ++j) out[j] /= total;
      out[c] = static_cast<double>(best);
      out += c + 1;
    }
  }

  // predict: np.mean of the neighbours' targets (uniform), or per output
  // np.sum(y * w) / np.sum(w).
  void Regress(const int64_t* ind, const double* w, double* scratch,
               double* out) const {
    const double denom = w != nullptr ? NumpyPairwiseSum(w, k_) : 0.0;
    for (size_t o = 0; o < n_outputs_; ++o) {
      for (size_t i = 0; i < k_; ++i) {
        const double v = y_value_[static_cast<size_t>(ind[i]) * n_outputs_ + o];
        scratch[i] = w != nullptr ? v * w[i] : v;
      }
      if (w != nullptr) {
        out[o] = NumpyPairwiseSum(scratch, k_) / denom;
      } else if (n_outputs_ == 1) {
        out[o] = NumpyPairwiseSum(scratch, k_) / static_cast<double>(k_);
      } else {
        // A reduction over the middle axis of [rows, k, outputs]: numpy
        // adds the neighbours' rows one after the other.
        double s = scratch[0];
        for (size_t i = 1; i < k_; ++i) s += scratch[i];
        out[o] = s / static_cast<double>(k_);
      }
    }
  }

  NeighborSearch search_;
  bool distance_weights_;
  size_t k_;
  std::vector<size_t> class_counts_;  // empty: a regressor
  size_t n_outputs_;
  const int32_t* y_class_ = nullptr;
  const double* y_value_ = nullptr;
  size_t raw_width_ = 0;
};

// RadiusNeighborsClassifier and RadiusNeighborsRegressor over the radius
// query of search.h (scikit-learn's radius_neighbors, unsorted).
class RadiusNeighborsFinal final : public FinalStep {
 public:
  RadiusNeighborsFinal(const RadiusNeighbors& nb, size_t n, size_t d,
                       std::vector<size_t> class_counts, size_t n_outputs)
      : search_(nb.algorithm, nb.metric, nb.p, nb.fit_x, nb.idx_array,
                nb.node_data, nb.node_radius, nb.node_bounds, n, d,
                nb.euclidean == RadiusEuclidean::kGemm),
        distance_weights_(nb.weights == NeighborsWeights::kDistance),
        radius_(nb.radius),
        class_counts_(std::move(class_counts)),
        n_outputs_(n_outputs) {
    if (!class_counts_.empty()) {
      y_class_ = DataOf<int32_t>(nb.y);
      if (nb.outlier_proba.present()) {
        outlier_proba_ = DataOf<int64_t>(nb.outlier_proba);
        outlier_class_ = DataOf<int64_t>(nb.outlier_class);
      }
    } else {
      y_value_ = DataOf<double>(nb.y);
    }
    for (size_t c : class_counts_) raw_width_ += c + 1;
    if (class_counts_.empty()) raw_width_ = n_outputs_;
  }

  size_t raw_width() const { return raw_width_; }

  bool HasProba() const override { return !class_counts_.empty(); }
  bool HasDecision() const override { return false; }

  // A classifier without an outlier label refuses a row with no training
  // row within the radius (scikit-learn's ValueError "No neighbors found
  // for test samples").
  Status CheckRows(const Predictor::Impl&, const double* x, size_t rows,
                   size_t row0) const override {
    if (class_counts_.empty() || outlier_proba_ != nullptr) {
      return Status::Ok();
    }
    std::vector<std::vector<double>> dists;
    std::vector<std::vector<int64_t>> inds;
    for (size_t r0 = 0; r0 < rows; r0 += kQueryRows) {
      const size_t nr = std::min(kQueryRows, rows - r0);
      Query(x + r0 * search_.d(), nr, &dists, &inds);
      for (size_t i = 0; i < nr; ++i) {
        if (inds[i].empty()) {
          return Status(ErrorCode::kInputNoNeighbors,
                        "X[" + std::to_string(row0 + r0 + i) + "]",
                        "no training row within radius " + RadiusText() +
                            " (RadiusNeighborsClassifier without an "
                            "outlier_label)");
        }
      }
    }
    return Status::Ok();
  }

  // Classifier: per output, its class probabilities then its predicted
  // class index. Regressor: the n_outputs predictions.
  void ComputeRaw(const Predictor::Impl&, const double* x, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    std::vector<std::vector<double>> dists;
    std::vector<std::vector<int64_t>> inds;
    std::vector<double> w, scratch;
    for (size_t r0 = 0; r0 < rows; r0 += kQueryRows) {
      const size_t nr = std::min(kQueryRows, rows - r0);
      Query(x + r0 * search_.d(), nr, &dists, &inds);
      for (size_t i = 0; i < nr; ++i) {
        const bool weighted = Weights(dists[i], &w);
        double* out = raw + (r0 + i) * raw_width_;
        if (class_counts_.empty()) {
          Regress(inds[i], weighted ? &w : nullptr, &scratch, out);
        } else {
          Vote(inds[i], weighted ? &w : nullptr, out);
        }
      }
    }
  }

  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t, Outputs outs) const override {
    FinishNeighbors(p, method, raw, rows, row0, outs, class_counts_, n_outputs_,
                    raw_width_);
  }

 private:
  std::string RadiusText() const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", radius_);
    return buf;
  }

  // Rows per radius query: the euclidean dgemm's rows at once.
  static constexpr size_t kQueryRows = 256;

  void Query(const double* x, size_t rows,
             std::vector<std::vector<double>>* dists,
             std::vector<std::vector<int64_t>>* inds) const {
    if (search_.gemm()) {
      search_.FmaRadiusQuery(x, rows, radius_, dists, inds);
      return;
    }
    dists->resize(rows);
    inds->resize(rows);
    for (size_t i = 0; i < rows; ++i) {
      search_.RadiusQuery(x + i * search_.d(), radius_, &(*dists)[i],
                          &(*inds)[i]);
    }
  }

  // _get_weights on radius_neighbors' object array: 'distance' is 1 / d,
  // or, on a row with a distance 0.0, (d == 0.0): 1 on those neighbours, 0
  // elsewhere. False for 'uniform' (no weights).
  bool Weights(const std::vector<double>& dist, std::vector<double>* w) const {
    if (!distance_weights_) return false;
    const size_t m = dist.size();
    w->resize(m);
    const bool zero = std::find(dist.begin(), dist.end(), 0.0) != dist.end();
    for (size_t i = 0; i < m; ++i) {
      (*w)[i] = zero ? (dist[i] == 0.0 ? 1.0 : 0.0) : 1.0 / dist[i];
    }
    return true;
  }

  // predict_proba: per output, np.bincount of the neighbours' class
  // indices (weighted: the weights added in neighbour order), divided by
  // the row's numpy sum (1 where it is 0); a row with no neighbour gets 1
  // on outlier_proba, or zeros. predict: numpy's argmax of the
  // probabilities (the first largest, the first NaN), or outlier_class
  // where they are all 0.
  void Vote(const std::vector<int64_t>& ind, const std::vector<double>* w,
            double* out) const {
    const size_t m = ind.size();
    for (size_t o = 0; o < n_outputs_; ++o) {
      const size_t c = class_counts_[o];
      std::fill(out, out + c, 0.0);
      if (m == 0) {
        // CheckRows refused the row when there is no outlier label.
        if (outlier_proba_ != nullptr && outlier_proba_[o] >= 0) {
          out[outlier_proba_[o]] = 1.0;
        }
      } else {
        for (size_t i = 0; i < m; ++i) {
          const int32_t label =
              y_class_[static_cast<size_t>(ind[i]) * n_outputs_ + o];
          out[label] += w != nullptr ? (*w)[i] : 1.0;
        }
      }
      double total = NumpyPairwiseSum(out, c);
      if (total == 0.0) total = 1.0;
      for (size_t j = 0; j < c; ++j) out[j] /= total;
      size_t best = 0;
      bool all_zero = out[0] == 0.0;
      if (!std::isnan(out[0])) {
        for (size_t j = 1; j < c; ++j) {
          all_zero = all_zero && out[j] == 0.0;
          if (std::isnan(out[j])) {
            best = j;
            all_zero = false;
            break;
          }
          if (out[j] > out[best]) best = j;
        }
      } else {
        all_zero = false;
      }
      if (all_zero && outlier_class_ != nullptr && outlier_class_[o] >= 0) {
        best = static_cast<size_t>(outlier_class_[o]);
      }
      out[c] = static_cast<double>(best);
      out += c + 1;
    }
  }

  // predict: NaN with no neighbour; uniform: np.mean(_y[ind], axis=0)
  // (one output: numpy's pairwise sum; more: the rows added one after the
  // other) over m; distance: np.average, the weighted sum (pairwise for one
  // output, row after row for more) over the pairwise sum of the weights.
  void Regress(const std::vector<int64_t>& ind, const std::vector<double>* w,
               std::vector<double>* scratch, double* out) const {
    const size_t m = ind.size();
    if (m == 0) {
      std::fill(out, out + n_outputs_, std::nan(""));
      return;
    }
    scratch->resize(m);
    const double denom =
        w != nullptr ? NumpyPairwiseSum(w->data(), m) : static_cast<double>(m);
    for (size_t o = 0; o < n_outputs_; ++o) {
      for (size_t i = 0; i < m; ++i) {
        const double v = y_value_[static_cast<size_t>(ind[i]) * n_outputs_ + o];
        (*scratch)[i] = w != nullptr ? v * (*w)[i] : v;
      }
      double s;
      if (n_outputs_ == 1) {
        s = NumpyPairwiseSum(scratch->data(), m);
      } else {
        s = (*scratch)[0];
        for (size_t i = 1; i < m; ++i) s += (*scratch)[i];
      }
      out[o] = s / denom;
    }
  }

  NeighborSearch search_;
  bool distance_weights_;
  double radius_;
  std::vector<size_t> class_counts_;  // empty: a regressor
  size_t n_outputs_;
  const int32_t* y_class_ = nullptr;
  const double* y_value_ = nullptr;
  const int64_t* outlier_proba_ = nullptr;  // absent: no outlier label
  const int64_t* outlier_class_ = nullptr;
  size_t raw_width_ = 0;
};

// The stored targets y ([n, outputs]) against the compiled model's
// outputs: a classifier's class indices (each below its output's class
// count; *counts the class counts), a regressor's values (*counts empty).
Status CheckTargets(const Predictor::Impl& p, const Tensor& y_tensor, size_t n,
                    const std::string& path, std::vector<size_t>* counts) {
  const std::string ypath = JoinContext(path, "y");
  counts->clear();
  if (!p.classifier) {
    return CheckTensor(y_tensor, DType::kFloat64, {n, p.n_outputs}, ypath);
  }
  if (p.class_counts.size() != p.n_outputs) {
    return Status(ErrorCode::kPredictorOutputSpec, ypath,
                  "one class list per output expected");
  }
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(y_tensor, DType::kInt32, {n, p.n_outputs}, ypath));
  const auto y = y_tensor.span<int32_t>();
  for (size_t i = 0; i < y.size(); ++i) {
    if (y[i] < 0 ||
        static_cast<size_t>(y[i]) >= p.class_counts[i % p.n_outputs]) {
      return Status(ErrorCode::kPredictorTensor, IndexContext(ypath, i),
                    "not a class index of its output");
    }
  }
  *counts = p.class_counts;
  return Status::Ok();
}

}  // namespace

// The rules the query relies on are checked again here (a Model need not
// come from a validated file): shapes, labels, the tree's permutation,
// node ranges and children.
Status Predictor::Impl::CompileNeighbors(const Neighbors& nb,
                                         const std::string& path) {
  uint64_t n = 0;
  MODELSEAL_RETURN_IF_ERROR(neighbors_internal::CheckTrainingSet(
      nb.algorithm, nb.metric, nb.p, nb.fit_x, n_features, path, &n));
  if (!IsKnown(nb.weights)) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "weights"),
                  "unknown weights");
  }
  if (nb.n_neighbors < 1 || nb.n_neighbors > n) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "n_neighbors"),
                  "not in [1, n]");
  }
  std::vector<size_t> counts;
  MODELSEAL_RETURN_IF_ERROR(CheckTargets(*this, nb.y, n, path, &counts));
  MODELSEAL_RETURN_IF_ERROR(neighbors_internal::CheckSearch(
      nb.algorithm, nb.idx_array, nb.node_data, nb.node_radius, nb.node_bounds,
      n, n_features, path));
  auto step = std::make_unique<NeighborsFinal>(nb, n, n_features,
                                               std::move(counts), n_outputs);
  raw_width = step->raw_width();
  final_step = std::move(step);
  // check_array's default: NaN and infinity refused.
  final_rule = InputRule::kFinite;
  return Status::Ok();
}

// As CompileNeighbors, plus the radius and the outlier arrays.
Status Predictor::Impl::CompileRadiusNeighbors(const RadiusNeighbors& nb,
                                               const std::string& path) {
  uint64_t n = 0;
  MODELSEAL_RETURN_IF_ERROR(neighbors_internal::CheckTrainingSet(
      nb.algorithm, nb.metric, nb.p, nb.fit_x, n_features, path, &n));
  if (!IsKnown(nb.weights) || !IsKnown(nb.euclidean)) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "weights"),
                  "unknown weights or euclidean form");
  }
  if (!(std::isfinite(nb.radius) && nb.radius >= 0)) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "radius"),
                  "not finite and >= 0");
  }
  std::vector<size_t> counts;
  MODELSEAL_RETURN_IF_ERROR(CheckTargets(*this, nb.y, n, path, &counts));
  if (classifier) {
    if (nb.outlier_proba.present() || nb.outlier_class.present()) {
      const std::string opath = JoinContext(path, "outlier_proba");
      MODELSEAL_RETURN_IF_ERROR(
          CheckTensor(nb.outlier_proba, DType::kInt64, {n_outputs}, opath));
      MODELSEAL_RETURN_IF_ERROR(
          CheckTensor(nb.outlier_class, DType::kInt64, {n_outputs},
                      JoinContext(path, "outlier_class")));
      const auto op = nb.outlier_proba.span<int64_t>();
      const auto oc = nb.outlier_class.span<int64_t>();
      for (size_t o = 0; o < n_outputs; ++o) {
        const auto c = static_cast<int64_t>(class_counts[o]);
        if (op[o] < -1 || op[o] >= c || oc[o] < -1 || oc[o] >= c ||
            (op[o] == -1 && oc[o] == -1)) {
          return Status(ErrorCode::kPredictorTensor, IndexContext(opath, o),
                        "not -1 or a class index");
        }
      }
    }
  } else {
    if (nb.outlier_proba.present() || nb.outlier_class.present()) {
      return Status(ErrorCode::kPredictorTensor,
                    JoinContext(path, "outlier_proba"),
                    "a regressor has no outlier label");
    }
  }
  MODELSEAL_RETURN_IF_ERROR(neighbors_internal::CheckSearch(
      nb.algorithm, nb.idx_array, nb.node_data, nb.node_radius, nb.node_bounds,
      n, n_features, path));
  auto step = std::make_unique<RadiusNeighborsFinal>(
      nb, n, n_features, std::move(counts), n_outputs);
  raw_width = step->raw_width();
  final_step = std::move(step);
  // check_array's default: NaN and infinity refused.
  final_rule = InputRule::kFinite;
  return Status::Ok();
}

}  // namespace modelseal
