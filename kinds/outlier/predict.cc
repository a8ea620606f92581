// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// LocalOutlierFactor in the predictor: its compile step and its final step,
// scikit-learn's score_samples (sklearn/neighbors/_lof.py, the same
// arithmetic in 1.4.2, 1.7.2 and 1.9.1) over the k-nearest-neighbours query
// of kinds/neighbors/search.h. Compiled into the inference library (without
// floating-point contraction).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
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

// sklearn/utils/_sorting.pyx simultaneous_sort of scikit-learn 1.4 to 1.8
// (1.9 replaced it by the introsort of search.h): a quicksort with the
// median of three moved to the end as the pivot, a partition that moves
// the values below it to the front in order, and 2 or 3 values sorted by
// compare-and-swap. Rows tied in distance come out in another order than
// the introsort's, which changes the order np.mean adds them in. The two
// sides of a pivot are disjoint, so sorting the smaller side first (by
// recursion, depth at most log2(n)) and the larger in the loop gives
// scikit-learn's result.
void Swap(double* v, int64_t* ix, size_t i, size_t j) {
  std::swap(v[i], v[j]);
  std::swap(ix[i], ix[j]);
}

void QuicksortBefore19(double* v, int64_t* ix, size_t size) {
  while (size > 3) {
    size_t pivot = size / 2;
    if (v[0] > v[size - 1]) Swap(v, ix, 0, size - 1);
    if (v[size - 1] > v[pivot]) {
      Swap(v, ix, size - 1, pivot);
      if (v[0] > v[size - 1]) Swap(v, ix, 0, size - 1);
    }
    const double pivot_val = v[size - 1];
    size_t store = 0;
    for (size_t i = 0; i + 1 < size; ++i) {
      if (v[i] < pivot_val) {
        Swap(v, ix, i, store);
        ++store;
      }
    }
    Swap(v, ix, store, size - 1);
    pivot = store;
    // scikit-learn sorts [0, pivot) when pivot > 1 and [pivot + 1, size)
    // when pivot + 2 < size; a side of 0 or 1 values is left as it is.
    const size_t left = pivot, right = size - pivot - 1;
    if (left <= right) {
      QuicksortBefore19(v, ix, left);
      v += pivot + 1;
      ix += pivot + 1;
      size = right;
    } else {
      QuicksortBefore19(v + pivot + 1, ix + pivot + 1, right);
      size = left;
    }
  }
  if (size == 2) {
    if (v[0] > v[1]) Swap(v, ix, 0, 1);
  } else if (size == 3) {
    if (v[0] > v[1]) Swap(v, ix, 0, 1);
    if (v[1] > v[2]) {
      Swap(v, ix, 1, 2);
      if (v[0] > v[1]) Swap(v, ix, 0, 1);
    }
  }
}

// raw, one per row: score_samples. kneighbors(X, n_neighbors_) gives each
// row's k sorted distances and indices; then, each step one numpy
// operation of _lof.py on the row's k values:
//   reach = np.maximum(distances, _distances_fit_X_[ind, k - 1])
//   X_lrd = 1.0 / (np.mean(reach) + 1e-10)
//   score = -np.mean(_lrd[ind] / X_lrd)
// np.mean over axis 1 of a C-contiguous [rows, k] array is numpy's
// pairwise sum of each row divided by k.
class LocalOutlierFactorFinal final : public FinalStep {
 public:
  LocalOutlierFactorFinal(const LocalOutlierFactor& lof, size_t n, size_t d,
                          bool sort_before_19)
      : search_(lof.algorithm, lof.metric, lof.p, lof.fit_x, lof.idx_array,
                lof.node_data, lof.node_radius, lof.node_bounds, n, d),
        k_(lof.n_neighbors),
        lrd_(DataOf<double>(lof.lrd)),
        k_distance_(DataOf<double>(lof.k_distance)),
        offset_(lof.offset),
        sort_before_19_(sort_before_19) {}

  bool HasProba() const override { return false; }
  bool HasDecision() const override { return true; }

  void ComputeRaw(const Predictor::Impl&, const double* x, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    // Heaps for up to `group` rows at once (the dgemm's rows): at most
    // about kHeapValues slots, one row's when k is larger.
    const bool gemm = search_.gemm();
    const size_t group = gemm ? std::max<size_t>(1, kHeapValues / k_) : 1;
    std::vector<double> dists(std::min(rows, group) * k_);
    std::vector<int64_t> inds(dists.size());
    std::vector<double> values(k_);
    const double kd = static_cast<double>(k_);
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
        if (sort_before_19_) {
          QuicksortBefore19(dist, ind, k_);
        } else {
          SimultaneousSort(dist, ind, k_);
        }
        for (size_t j = 0; j < k_; ++j) {
          // np.maximum (no NaN: the distances and k_distance are finite).
          const double d = search_.RdistToDist(dist[j]);
          const double kdist = k_distance_[static_cast<size_t>(ind[j])];
          values[j] = d >= kdist ? d : kdist;
        }
        const double x_lrd =
            1.0 / (NumpyPairwiseSum(values.data(), k_) / kd + 1e-10);
        for (size_t j = 0; j < k_; ++j) {
          values[j] = lrd_[static_cast<size_t>(ind[j])] / x_lrd;
        }
        raw[r0 + i] = -(NumpyPairwiseSum(values.data(), k_) / kd);
      }
    }
  }

  // predict (_predict): -1 (class 0) where decision_function =
  // score_samples - offset_ < 0, else 1.
  void Finish(const Predictor::Impl&, Method, const double* raw, size_t rows,
              size_t row0, size_t, Outputs outs) const override {
    int64_t* out = outs.classes->data.data() + row0;
    for (size_t r = 0; r < rows; ++r) out[r] = raw[r] - offset_ < 0 ? 0 : 1;
  }

  // The decision value is score_samples itself (one per row);
  // decision_function is score_samples - offset_ (python/modelseal's
  // Predictor computes it as scikit-learn does).
  size_t DecisionWidth(const Predictor::Impl&) const override { return 1; }

 private:
  NeighborSearch search_;
  size_t k_;
  const double* lrd_;
  const double* k_distance_;
  double offset_;
  bool sort_before_19_;
};

}  // namespace

// The rules the query relies on are checked again here (a Model need not
// come from a validated file): shapes, the tree's permutation, node ranges
// and children.
Status Predictor::Impl::CompileLocalOutlierFactor(const LocalOutlierFactor& lof,
                                                  const std::string& path) {
  if (!classifier || n_outputs != 1 || class_counts.size() != 1 ||
      class_counts[0] != 2) {
    return Status(ErrorCode::kPredictorOutputSpec, JoinContext(path, "lrd"),
                  "a local outlier factor needs one classification output "
                  "with 2 classes");
  }
  uint64_t n = 0;
  MODELSEAL_RETURN_IF_ERROR(neighbors_internal::CheckTrainingSet(
      lof.algorithm, lof.metric, lof.p, lof.fit_x, n_features, path, &n));
  if (lof.n_neighbors < 1 || lof.n_neighbors > n) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "n_neighbors"),
                  "not in [1, n]");
  }
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(lof.lrd, DType::kFloat64, {n}, JoinContext(path, "lrd")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(lof.k_distance, DType::kFloat64, {n},
                                        JoinContext(path, "k_distance")));
  MODELSEAL_RETURN_IF_ERROR(neighbors_internal::CheckSearch(
      lof.algorithm, lof.idx_array, lof.node_data, lof.node_radius,
      lof.node_bounds, n, n_features, path));
  raw_width = 1;
  // The sort of kneighbors' results is the release's (recorded at save):
  // 1.9's introsort, or before 1.9 the quicksort above. An unrecorded
  // release sorts as 1.9.
  const uint32_t release = SklearnRelease(model);
  final_step = std::make_unique<LocalOutlierFactorFinal>(
      lof, n, n_features, release != 0 && release < 1009);
  // check_array's default: NaN and infinity refused.
  final_rule = InputRule::kFinite;
  return Status::Ok();
}

}  // namespace modelseal
