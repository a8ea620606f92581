// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Neighbors in the predictor: its compile step and its final step, the
// votes or means of KNeighborsClassifier and KNeighborsRegressor over the
// k-nearest-neighbours query of search.h. Compiled into the inference
// library (without floating-point contraction: every sum is the sequential
// loop scikit-learn's Cython runs).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/pairwise_sum.h"
#include "inference/predictor_impl.h"
#include "kinds/neighbors/search.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

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
    if (class_counts_.empty()) return FinishValues(p, raw, rows, row0, outs);
    for (size_t r = 0; r < rows; ++r) {
      const double* s = raw + r * raw_width_;
      for (size_t o = 0; o < n_outputs_; ++o) {
        const size_t c = class_counts_[o];
        if (method == Method::kPredict) {
          outs.classes->data[(row0 + r) * n_outputs_ + o] =
              static_cast<int64_t>(s[c]);
        } else {
          std::copy(s, s + c, (*outs.proba)[o].data.data() + (row0 + r) * c);
        }
        s += c + 1;
      }
    }
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
  const std::string ypath = JoinContext(path, "y");
  std::vector<size_t> counts;
  if (classifier) {
    if (class_counts.size() != n_outputs) {
      return Status(ErrorCode::kPredictorOutputSpec, ypath,
                    "one class list per output expected");
    }
    MODELSEAL_RETURN_IF_ERROR(
        CheckTensor(nb.y, DType::kInt32, {n, n_outputs}, ypath));
    const auto y = nb.y.span<int32_t>();
    for (size_t i = 0; i < y.size(); ++i) {
      if (y[i] < 0 ||
          static_cast<size_t>(y[i]) >= class_counts[i % n_outputs]) {
        return Status(ErrorCode::kPredictorTensor, IndexContext(ypath, i),
                      "not a class index of its output");
      }
    }
    counts = class_counts;
  } else {
    MODELSEAL_RETURN_IF_ERROR(
        CheckTensor(nb.y, DType::kFloat64, {n, n_outputs}, ypath));
  }
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

}  // namespace modelseal
