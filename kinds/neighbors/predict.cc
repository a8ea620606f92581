// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Neighbors in the predictor: its compile step and its final step, the
// k-nearest-neighbours query of scikit-learn's brute force, KDTree and
// BallTree (sklearn/neighbors/_binary_tree.pxi.tp, _kd_tree.pyx.tp,
// _ball_tree.pyx.tp; sklearn/utils/_heap.pyx, _sorting.pyx;
// sklearn/metrics/_dist_metrics.pyx.tp) and the votes or means of
// KNeighborsClassifier and KNeighborsRegressor. Compiled into the inference
// library (without floating-point contraction: every sum is the sequential
// loop scikit-learn's Cython runs).
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/pairwise_sum.h"
#include "inference/predictor_impl.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Training rows per dgemm (scikit-learn's chunk size, 256).
constexpr size_t kGemmChunk = 256;
// Heap slots held at once by a block's brute-force euclidean query (rows
// grouped so that rows * k stays near this; a hostile k cannot make a
// block allocate rows * k).
constexpr size_t kHeapValues = 65536;

// sklearn/utils/_heap.pyx heap_push: a max-heap of `size` values (the
// largest at 0) that refuses a value >= its largest and otherwise replaces
// the largest and sifts it down.
void HeapPush(double* values, int64_t* indices, size_t size, double val,
              int64_t val_idx) {
  if (val >= values[0]) return;
  size_t current = 0;
  while (true) {
    const size_t left = 2 * current + 1, right = left + 1;
    size_t swap;
    if (left >= size) {
      break;
    } else if (right >= size) {
      if (values[left] > val) {
        swap = left;
      } else {
        break;
      }
    } else if (values[left] >= values[right]) {
      if (val < values[left]) {
        swap = left;
      } else {
        break;
      }
    } else {
      if (val < values[right]) {
        swap = right;
      } else {
        break;
      }
    }
    values[current] = values[swap];
    indices[current] = indices[swap];
    current = swap;
  }
  values[current] = val;
  indices[current] = val_idx;
}

// sklearn/utils/_sorting.pyx simultaneous_sort (2-way introsort: median of
// three, insertion sort at 15 values or fewer, heapsort past 2 log2(n)
// levels).
void Swap(double* v, int64_t* ix, size_t i, size_t j) {
  std::swap(v[i], v[j]);
  std::swap(ix[i], ix[j]);
}

void SiftDown(double* v, int64_t* ix, size_t start, size_t end) {
  size_t root = start;
  while (true) {
    const size_t child = root * 2 + 1;
    size_t maxind = root;
    if (child < end && v[maxind] < v[child]) maxind = child;
    if (child + 1 < end && v[maxind] < v[child + 1]) maxind = child + 1;
    if (maxind == root) return;
    Swap(v, ix, root, maxind);
    root = maxind;
  }
}

void HeapSort(double* v, int64_t* ix, size_t n) {
  size_t start = (n - 2) / 2;
  while (true) {
    SiftDown(v, ix, start, n);
    if (start == 0) break;
    --start;
  }
  for (size_t end = n - 1; end > 0; --end) {
    Swap(v, ix, 0, end);
    SiftDown(v, ix, 0, end);
  }
}

void InsertionSort(double* v, int64_t* ix, size_t n) {
  for (size_t i = 1; i < n; ++i) {
    const double tv = v[i];
    const int64_t ti = ix[i];
    size_t j = i;
    while (j > 0 && v[j - 1] > tv) {
      v[j] = v[j - 1];
      ix[j] = ix[j - 1];
      --j;
    }
    v[j] = tv;
    ix[j] = ti;
  }
}

void Introsort(double* v, int64_t* ix, size_t n, int64_t maxd) {
  while (n > 15) {
    if (maxd <= 0) {
      HeapSort(v, ix, n);
      return;
    }
    --maxd;
    const size_t mid = n / 2;
    if (v[0] > v[n - 1]) Swap(v, ix, 0, n - 1);
    if (v[n - 1] > v[mid]) {
      Swap(v, ix, n - 1, mid);
      if (v[0] > v[n - 1]) Swap(v, ix, 0, n - 1);
    }
    const double pivot = v[n - 1];
    // Signed: j may step below i (to i - 1, at least 0).
    int64_t i = 1, j = static_cast<int64_t>(n) - 2;
    while (true) {
      while (i <= j && v[i] < pivot) ++i;
      while (i <= j && v[j] > pivot) --j;
      if (i >= j) break;
      Swap(v, ix, static_cast<size_t>(i), static_cast<size_t>(j));
      ++i;
      --j;
    }
    const auto p = static_cast<size_t>(i);
    Swap(v, ix, p, n - 1);
    Introsort(v, ix, p, maxd);
    v += p + 1;
    ix += p + 1;
    n -= p + 1;
  }
  InsertionSort(v, ix, n);
}

void SimultaneousSort(double* v, int64_t* ix, size_t n) {
  if (n == 0) return;
  // 2 * <intp_t>log2(n), log2 of a double truncated.
  const auto maxd = 2 * static_cast<int64_t>(std::log2(static_cast<double>(n)));
  Introsort(v, ix, n, maxd);
}

class NeighborsFinal final : public FinalStep {
 public:
  NeighborsFinal(const Neighbors& nb, size_t n, size_t d,
                 std::vector<size_t> class_counts, size_t n_outputs)
      : algorithm_(nb.algorithm),
        metric_(nb.metric),
        p_(nb.metric == NeighborsMetric::kMinkowski   ? nb.p
           : nb.metric == NeighborsMetric::kEuclidean ? 2.0
           : nb.metric == NeighborsMetric::kManhattan ? 1.0
                                                      : kInf),
        distance_weights_(nb.weights == NeighborsWeights::kDistance),
        k_(nb.n_neighbors),
        n_(n),
        d_(d),
        x_(DataOf<double>(nb.fit_x)),
        class_counts_(std::move(class_counts)),
        n_outputs_(n_outputs) {
    if (!class_counts_.empty()) {
      y_class_ = DataOf<int32_t>(nb.y);
    } else {
      y_value_ = DataOf<double>(nb.y);
    }
    if (algorithm_ != NeighborsAlgorithm::kBrute) {
      idx_ = DataOf<int64_t>(nb.idx_array);
      nodes_ = DataOf<int64_t>(nb.node_data);
      radius_ = DataOf<double>(nb.node_radius);
      bounds_ = DataOf<double>(nb.node_bounds);
      m_ = nb.node_data.shape()[0];
    }
    gemm_ = algorithm_ == NeighborsAlgorithm::kBrute &&
            metric_ == NeighborsMetric::kEuclidean;
    if (gemm_) {
      y_norms_.resize(n_);
      for (size_t j = 0; j < n_; ++j) {
        y_norms_[j] =
            cblas_ddot(static_cast<int>(d_), x_ + j * d_, 1, x_ + j * d_, 1);
      }
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
    const size_t group = gemm_ ? std::max<size_t>(1, kHeapValues / k_) : 1;
    std::vector<double> dists(std::min(rows, group) * k_);
    std::vector<int64_t> inds(dists.size());
    std::vector<double> w(k_);
    std::vector<double> scratch(k_);
    for (size_t r0 = 0; r0 < rows; r0 += group) {
      const size_t nr = std::min(group, rows - r0);
      if (gemm_) GemmQuery(x + r0 * d_, nr, dists.data(), inds.data());
      for (size_t i = 0; i < nr; ++i) {
        double* dist = dists.data() + i * k_;
        int64_t* ind = inds.data() + i * k_;
        if (!gemm_) Query(x + (r0 + i) * d_, dist, ind);
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
  // The metric's reduced distance between a and b (DistanceMetric.rdist;
  // the tree's euclidean_rdist): one sequential loop over the features.
  double Rdist(const double* a, const double* b) const {
    double s = 0.0;
    switch (metric_) {
      case NeighborsMetric::kEuclidean:
        for (size_t j = 0; j < d_; ++j) {
          const double t = a[j] - b[j];
          s += t * t;
        }
        break;
      case NeighborsMetric::kManhattan:
        for (size_t j = 0; j < d_; ++j) s += std::fabs(a[j] - b[j]);
        break;
      case NeighborsMetric::kChebyshev:
        for (size_t j = 0; j < d_; ++j)
          s = std::fmax(s, std::fabs(a[j] - b[j]));
        break;
      case NeighborsMetric::kMinkowski:
        for (size_t j = 0; j < d_; ++j)
          s += std::pow(std::fabs(a[j] - b[j]), p_);
        break;
    }
    return s;
  }

  double RdistToDist(double r) const {
    switch (metric_) {
      case NeighborsMetric::kEuclidean:
        return std::sqrt(r);
      case NeighborsMetric::kMinkowski:
        return std::pow(r, 1.0 / p_);
      default:
        return r;
    }
  }

  double DistToRdist(double d) const {
    switch (metric_) {
      case NeighborsMetric::kEuclidean:
        return d * d;
      case NeighborsMetric::kMinkowski:
        return std::pow(d, p_);
      default:
        return d;
    }
  }

  // The lower bound of the reduced distance from pt to node i: the KDTree's
  // min_rdist over the node's box, the BallTree's from its centroid and
  // radius.
  double MinRdist(size_t i, const double* pt) const {
    if (algorithm_ == NeighborsAlgorithm::kKdTree) {
      const double* lo = bounds_ + i * d_;
      const double* hi = bounds_ + (m_ + i) * d_;
      double rdist = 0.0;
      for (size_t j = 0; j < d_; ++j) {
        const double d_lo = lo[j] - pt[j];
        const double d_hi = pt[j] - hi[j];
        const double d = (d_lo + std::fabs(d_lo)) + (d_hi + std::fabs(d_hi));
        if (metric_ == NeighborsMetric::kChebyshev) {
          rdist = std::fmax(rdist, 0.5 * d);
        } else {
          rdist += std::pow(0.5 * d, p_);
        }
      }
      return rdist;
    }
    const double* centroid = bounds_ + i * d_;
    // DistanceMetric.dist (the tree's euclidean_dist for euclidean).
    const double dist = RdistToDist(Rdist(pt, centroid));
    return DistToRdist(std::fmax(0.0, dist - radius_[i]));
  }

  // _query_single_depthfirst. The recursion depth is the tree's depth, at
  // most log2(m) + 1 (node i's children are 2i+1 and 2i+2 < m).
  void Visit(size_t i, const double* pt, double* dist, int64_t* ind,
             double lower) const {
    if (lower > dist[0]) return;
    const int64_t* node = nodes_ + 3 * i;
    if (node[2] != 0) {
      for (int64_t j = node[0]; j < node[1]; ++j) {
        const int64_t row = idx_[j];
        HeapPush(dist, ind, k_, Rdist(pt, x_ + static_cast<size_t>(row) * d_),
                 row);
      }
      return;
    }
    const size_t i1 = 2 * i + 1, i2 = i1 + 1;
    const double lb1 = MinRdist(i1, pt), lb2 = MinRdist(i2, pt);
    if (lb1 <= lb2) {
      Visit(i1, pt, dist, ind, lb1);
      Visit(i2, pt, dist, ind, lb2);
    } else {
      Visit(i2, pt, dist, ind, lb2);
      Visit(i1, pt, dist, ind, lb1);
    }
  }

  // kneighbors' heap (unsorted): reduced distances and indices; the heap
  // starts as infinities and zeros.
  void Query(const double* pt, double* dist, int64_t* ind) const {
    std::fill(dist, dist + k_, kInf);
    std::fill(ind, ind + k_, 0);
    if (algorithm_ == NeighborsAlgorithm::kBrute) {
      for (size_t j = 0; j < n_; ++j) {
        HeapPush(dist, ind, k_, Rdist(pt, x_ + j * d_),
                 static_cast<int64_t>(j));
      }
    } else {
      Visit(0, pt, dist, ind, MinRdist(0, pt));
    }
  }

  // Brute force with the euclidean metric, as scikit-learn's
  // EuclideanArgKmin (and ArgKminClassMode) compute it: per pair
  // max(0, (|x|^2 + (-2 x.y)) + |y|^2), the norms BLAS dot products, the
  // middle terms a BLAS dgemm over chunks of kGemmChunk training rows,
  // pushed in training order.
  void GemmQuery(const double* x, size_t rows, double* dists,
                 int64_t* inds) const {
    std::fill(dists, dists + rows * k_, kInf);
    std::fill(inds, inds + rows * k_, 0);
    std::vector<double> xn(rows);
    const int d = static_cast<int>(d_);
    for (size_t r = 0; r < rows; ++r) {
      xn[r] = cblas_ddot(d, x + r * d_, 1, x + r * d_, 1);
    }
    std::vector<double> mid(rows * kGemmChunk);
    for (size_t j0 = 0; j0 < n_; j0 += kGemmChunk) {
      const size_t nc = std::min(kGemmChunk, n_ - j0);
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                  static_cast<int>(rows), static_cast<int>(nc), d, -2.0, x, d,
                  x_ + j0 * d_, d, 0.0, mid.data(), static_cast<int>(nc));
      for (size_t r = 0; r < rows; ++r) {
        const double* m = mid.data() + r * nc;
        for (size_t j = 0; j < nc; ++j) {
          double v = xn[r] + m[j] + y_norms_[j0 + j];
          v = v > 0.0 ? v : 0.0;
          HeapPush(dists + r * k_, inds + r * k_, k_, v,
                   static_cast<int64_t>(j0 + j));
        }
      }
    }
  }

  // _get_weights for 'distance' from the sorted reduced distances: 1 / d,
  // or, on a row with a zero distance, 1 on those neighbours and 0
  // elsewhere. False for 'uniform' (no weights).
  bool Weights(const double* rdist, double* w) const {
    if (!distance_weights_) return false;
    bool zero = false;
    for (size_t i = 0; i < k_; ++i) {
      w[i] = 1.0 / RdistToDist(rdist[i]);
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

  NeighborsAlgorithm algorithm_;
  NeighborsMetric metric_;
  double p_;
  bool distance_weights_;
  size_t k_, n_, d_;
  const double* x_;
  std::vector<size_t> class_counts_;  // empty: a regressor
  size_t n_outputs_;
  const int32_t* y_class_ = nullptr;
  const double* y_value_ = nullptr;
  const int64_t* idx_ = nullptr;
  const int64_t* nodes_ = nullptr;
  const double* radius_ = nullptr;
  const double* bounds_ = nullptr;
  size_t m_ = 0;
  size_t raw_width_ = 0;
  bool gemm_ = false;
  std::vector<double> y_norms_;  // |y|^2 of each training row (gemm_)
};

}  // namespace

// The rules the query relies on are checked again here (a Model need not
// come from a validated file): shapes, labels, the tree's permutation,
// node ranges and children.
Status Predictor::Impl::CompileNeighbors(const Neighbors& nb,
                                         const std::string& path) {
  const std::string xpath = JoinContext(path, "fit_x");
  if (nb.fit_x.rank() != 2 || nb.fit_x.shape()[0] < 1) {
    return Status(ErrorCode::kPredictorTensor, xpath,
                  "fit_x needs shape [n, d] with n >= 1");
  }
  const uint64_t n = nb.fit_x.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(nb.fit_x, DType::kFloat64, {n, n_features}, xpath));
  if (n_features > static_cast<uint64_t>(INT32_MAX)) {
    return Status(ErrorCode::kPredictorTensor, xpath,
                  "more features than BLAS indexes");
  }
  if (nb.n_neighbors < 1 || nb.n_neighbors > n) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "n_neighbors"),
                  "not in [1, n]");
  }
  if (!IsKnown(nb.algorithm) || !IsKnown(nb.metric) || !IsKnown(nb.weights) ||
      (nb.metric == NeighborsMetric::kMinkowski &&
       !(std::isfinite(nb.p) && nb.p >= 1))) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "metric"),
                  "unknown algorithm, metric or weights, or minkowski p not "
                  "finite and >= 1");
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
  if (nb.algorithm != NeighborsAlgorithm::kBrute) {
    const std::string dpath = JoinContext(path, "node_data");
    if (nb.node_data.rank() != 2 || nb.node_data.shape()[0] < 1) {
      return Status(ErrorCode::kPredictorTensor, dpath,
                    "node_data needs shape [m, 3] with m >= 1");
    }
    const uint64_t m = nb.node_data.shape()[0];
    const uint64_t planes = nb.algorithm == NeighborsAlgorithm::kKdTree ? 2 : 1;
    MODELSEAL_RETURN_IF_ERROR(
        CheckTensor(nb.node_data, DType::kInt64, {m, 3}, dpath));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(nb.idx_array, DType::kInt64, {n},
                                          JoinContext(path, "idx_array")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(nb.node_radius, DType::kFloat64, {m},
                                          JoinContext(path, "node_radius")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(nb.node_bounds, DType::kFloat64,
                                          {planes, m, n_features},
                                          JoinContext(path, "node_bounds")));
    for (int64_t v : nb.idx_array.span<int64_t>()) {
      if (v < 0 || static_cast<uint64_t>(v) >= n) {
        return Status(ErrorCode::kPredictorTensor,
                      JoinContext(path, "idx_array"), "index not in [0, n)");
      }
    }
    const auto nodes = nb.node_data.span<int64_t>();
    for (uint64_t i = 0; i < m; ++i) {
      const int64_t start = nodes[3 * i], end = nodes[3 * i + 1];
      const int64_t leaf = nodes[3 * i + 2];
      const bool ok = start >= 0 && start <= end &&
                      static_cast<uint64_t>(end) <= n &&
                      (leaf == 1 || (leaf == 0 && 2 * i + 2 < m));
      if (!ok) {
        return Status(ErrorCode::kPredictorTensor, IndexContext(dpath, i),
                      "not a node the query can follow");
      }
    }
  } else if (nb.node_data.present()) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "node_data"),
                  "a brute-force model has no tree");
  }
  auto step = std::make_unique<NeighborsFinal>(nb, n, n_features,
                                               std::move(counts), n_outputs);
  raw_width = step->raw_width();
  final_step = std::move(step);
  // check_array's default: NaN and infinity refused.
  final_rule = InputRule::kFinite;
  return Status::Ok();
}

}  // namespace modelseal
