// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The k-nearest-neighbours query of scikit-learn's brute force, KDTree and
// BallTree over a fitted _fit_X (sklearn/neighbors/_binary_tree.pxi.tp,
// _kd_tree.pyx.tp, _ball_tree.pyx.tp; sklearn/utils/_heap.pyx,
// _sorting.pyx; sklearn/metrics/_dist_metrics.pyx.tp), shared by the kinds
// that search a training set. Header-only: included by predict.cc files of
// the inference library (built without floating-point contraction: every
// sum is the sequential loop scikit-learn's Cython runs).
#ifndef MODELSEAL_KINDS_NEIGHBORS_SEARCH_H_
#define MODELSEAL_KINDS_NEIGHBORS_SEARCH_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "inference/predictor_impl.h"
#include "kinds/neighbors/blas_order.h"

namespace modelseal::neighbors_internal {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Heap slots held at once by a block's brute-force euclidean query (rows
// grouped so that rows * k stays near this; a hostile k cannot make a
// block allocate rows * k).
constexpr size_t kHeapValues = 65536;

// sklearn/utils/_heap.pyx heap_push: a max-heap of `size` values (the
// largest at 0) that refuses a value >= its largest and otherwise replaces
// the largest and sifts it down.
inline void HeapPush(double* values, int64_t* indices, size_t size, double val,
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
inline void Swap(double* v, int64_t* ix, size_t i, size_t j) {
  std::swap(v[i], v[j]);
  std::swap(ix[i], ix[j]);
}

inline void SiftDown(double* v, int64_t* ix, size_t start, size_t end) {
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

inline void HeapSort(double* v, int64_t* ix, size_t n) {
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

inline void InsertionSort(double* v, int64_t* ix, size_t n) {
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

inline void Introsort(double* v, int64_t* ix, size_t n, int64_t maxd) {
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

inline void SimultaneousSort(double* v, int64_t* ix, size_t n) {
  if (n == 0) return;
  // 2 * <intp_t>log2(n), log2 of a double truncated.
  const auto maxd = 2 * static_cast<int64_t>(std::log2(static_cast<double>(n)));
  Introsort(v, ix, n, maxd);
}

// The training set and the index a search runs over. The tensors are
// borrowed: they outlive the search (the compiled model holds them), and
// CheckSearch has accepted them.
class NeighborSearch {
 public:
  NeighborSearch(NeighborsAlgorithm algorithm, NeighborsMetric metric, double p,
                 const Tensor& fit_x, const Tensor& idx_array,
                 const Tensor& node_data, const Tensor& node_radius,
                 const Tensor& node_bounds, size_t n, size_t d,
                 bool allow_gemm = true)
      : algorithm_(algorithm),
        metric_(metric),
        p_(metric == NeighborsMetric::kMinkowski   ? p
           : metric == NeighborsMetric::kEuclidean ? 2.0
           : metric == NeighborsMetric::kManhattan ? 1.0
                                                   : kInf),
        n_(n),
        d_(d),
        x_(inference::DataOf<double>(fit_x)) {
    if (algorithm_ != NeighborsAlgorithm::kBrute) {
      idx_ = inference::DataOf<int64_t>(idx_array);
      nodes_ = inference::DataOf<int64_t>(node_data);
      radius_ = inference::DataOf<double>(node_radius);
      bounds_ = inference::DataOf<double>(node_bounds);
      m_ = node_data.shape()[0];
    }
    gemm_ = allow_gemm && algorithm_ == NeighborsAlgorithm::kBrute &&
            metric_ == NeighborsMetric::kEuclidean;
    if (gemm_) {
      y_norms_.resize(n_);
      for (size_t j = 0; j < n_; ++j) {
        y_norms_[j] = ReplayDdot(x_ + j * d_, x_ + j * d_, d_, kernel_);
      }
    }
  }

  // True where scikit-learn's brute force runs the euclidean dgemm path:
  // callers then query blocks of rows with GemmQuery, else one row at a
  // time with Query.
  bool gemm() const { return gemm_; }
  size_t n() const { return n_; }
  size_t d() const { return d_; }

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

  // kneighbors' heap (unsorted): reduced distances and indices; the heap
  // starts as infinities and zeros.
  void Query(const double* pt, size_t k, double* dist, int64_t* ind) const {
    std::fill(dist, dist + k, kInf);
    std::fill(ind, ind + k, 0);
    if (algorithm_ == NeighborsAlgorithm::kBrute) {
      for (size_t j = 0; j < n_; ++j) {
        HeapPush(dist, ind, k, Rdist(pt, x_ + j * d_), static_cast<int64_t>(j));
      }
    } else {
      Visit(0, pt, k, dist, ind, MinRdist(0, pt));
    }
  }

  // Brute force with the euclidean metric, as scikit-learn's
  // EuclideanArgKmin (and ArgKminClassMode) compute it: per pair
  // max(0, (|x|^2 + (-2 x.y)) + |y|^2), pushed in training order. The
  // norms and the middle terms are what scipy's BLAS (scikit-learn's ddot
  // and dgemm) computes, replayed (blas_order.h), not the engine's
  // OpenBLAS, whose kernels add in other orders (ties would differ).
  void GemmQuery(const double* x, size_t rows, size_t k, double* dists,
                 int64_t* inds) const {
    std::fill(dists, dists + rows * k, kInf);
    std::fill(inds, inds + rows * k, 0);
    for (size_t r = 0; r < rows; ++r) {
      const double* xr = x + r * d_;
      const double xn = ReplayDdot(xr, xr, d_, kernel_);
      double dots[4];
      for (size_t j0 = 0; j0 < n_; j0 += 4) {
        const size_t nj = std::min<size_t>(4, n_ - j0);
        FmaDots(xr, x_ + j0 * d_, nj, d_, dots);
        for (size_t i = 0; i < nj; ++i) {
          double v = xn + -2.0 * dots[i] + y_norms_[j0 + i];
          v = v > 0.0 ? v : 0.0;
          HeapPush(dists + r * k, inds + r * k, k, v,
                   static_cast<int64_t>(j0 + i));
        }
      }
    }
  }

  // query_radius (sort_results=False): appends the distance and index of
  // every training row within `radius` of pt, in scikit-learn's order:
  // training order (brute force: reduced distance <= the reduced radius),
  // or the tree's depth-first visit. Distances are RdistToDist of the
  // reduced distance (the tree's dist for a node taken whole: the same
  // value). At most n entries (a well-formed tree gives each row once).
  void RadiusQuery(const double* pt, double radius, std::vector<double>* dist,
                   std::vector<int64_t>* ind) const {
    dist->clear();
    ind->clear();
    const double reduced = DistToRdist(radius);
    if (algorithm_ == NeighborsAlgorithm::kBrute) {
      for (size_t j = 0; j < n_; ++j) {
        const double r = Rdist(pt, x_ + j * d_);
        if (r <= reduced) {
          dist->push_back(RdistToDist(std::fmax(r, 0.0)));
          ind->push_back(static_cast<int64_t>(j));
        }
      }
    } else {
      VisitRadius(0, pt, radius, reduced, dist, ind);
    }
  }

  // Brute force with the euclidean metric, as scikit-learn's
  // EuclideanRadiusNeighbors: per pair max(0, (|x|^2 + m) + |y|^2), kept
  // where <= radius^2, in training order; the distance its square root.
  // The norms and the middle term m = -2 x.y are what scikit-learn's BLAS
  // (scipy's OpenBLAS) computes, replayed as GemmQuery's (blas_order.h):
  // the engine's OpenBLAS adds in other orders, and the rows on the radius
  // would differ. dists and inds hold `rows` lists.
  void FmaRadiusQuery(const double* x, size_t rows, double radius,
                      std::vector<std::vector<double>>* dists,
                      std::vector<std::vector<int64_t>>* inds) const {
    const double reduced = radius * radius;
    dists->resize(rows);
    inds->resize(rows);
    for (size_t r = 0; r < rows; ++r) {
      std::vector<double>& dist = (*dists)[r];
      std::vector<int64_t>& ind = (*inds)[r];
      dist.clear();
      ind.clear();
      const double* xr = x + r * d_;
      const double xn = ReplayDdot(xr, xr, d_, kernel_);
      double dots[4];
      for (size_t j0 = 0; j0 < n_; j0 += 4) {
        const size_t nj = std::min<size_t>(4, n_ - j0);
        FmaDots(xr, x_ + j0 * d_, nj, d_, dots);
        for (size_t i = 0; i < nj; ++i) {
          const size_t j = j0 + i;
          double v = xn + -2.0 * dots[i] + y_norms_[j];
          v = v > 0.0 ? v : 0.0;
          if (v <= reduced) {
            dist.push_back(std::sqrt(v));
            ind.push_back(static_cast<int64_t>(j));
          }
        }
      }
    }
  }

  // sum a_j b_j as one fused multiply-add chain from 0 (the FMA
  // instruction where the CPU has it, else the C library's fma: the same
  // exactly rounded values).
  static double FmaDot(const double* a, const double* b, size_t d) {
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool hardware = __builtin_cpu_supports("fma");
    if (hardware) return FmaDotHardware(a, b, d);
#endif
    double s = 0.0;
    for (size_t j = 0; j < d; ++j) s = std::fma(a[j], b[j], s);
    return s;
  }

  // FmaDot of a with each of the nj <= 4 consecutive rows at b (d values
  // each): independent chains, run side by side.
  static void FmaDots(const double* a, const double* b, size_t nj, size_t d,
                      double* out) {
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool hardware = __builtin_cpu_supports("fma");
    if (hardware && nj == 4) return FmaDots4Hardware(a, b, d, out);
#endif
    for (size_t i = 0; i < nj; ++i) out[i] = FmaDot(a, b + i * d, d);
  }

#if defined(__x86_64__) && defined(__GNUC__)
  __attribute__((target("fma"))) static void FmaDots4Hardware(const double* a,
                                                              const double* b,
                                                              size_t d,
                                                              double* out) {
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    for (size_t k = 0; k < d; ++k) {
      s0 = __builtin_fma(a[k], b[k], s0);
      s1 = __builtin_fma(a[k], b[d + k], s1);
      s2 = __builtin_fma(a[k], b[2 * d + k], s2);
      s3 = __builtin_fma(a[k], b[3 * d + k], s3);
    }
    out[0] = s0;
    out[1] = s1;
    out[2] = s2;
    out[3] = s3;
  }

  __attribute__((target("fma"))) static double FmaDotHardware(const double* a,
                                                              const double* b,
                                                              size_t d) {
    double s = 0.0;
    for (size_t j = 0; j < d; ++j) s = __builtin_fma(a[j], b[j], s);
    return s;
  }
#endif

 private:
  // min_max_dist: the KDTree's bounds of the distance (not reduced) from pt
  // to node i's box, or the BallTree's from its centroid and radius.
  void MinMaxDist(size_t i, const double* pt, double* lo_dist,
                  double* hi_dist) const {
    if (algorithm_ == NeighborsAlgorithm::kKdTree) {
      const double* lo = bounds_ + i * d_;
      const double* hi = bounds_ + (m_ + i) * d_;
      double mn = 0.0, mx = 0.0;
      if (metric_ == NeighborsMetric::kChebyshev) {
        for (size_t j = 0; j < d_; ++j) {
          const double d_lo = lo[j] - pt[j];
          const double d_hi = pt[j] - hi[j];
          const double d = (d_lo + std::fabs(d_lo)) + (d_hi + std::fabs(d_hi));
          mn = std::fmax(mn, 0.5 * d);
          mx = std::fmax(mx, std::fabs(d_lo));
          mx = std::fmax(mx, std::fabs(d_hi));
        }
      } else {
        for (size_t j = 0; j < d_; ++j) {
          const double d_lo = lo[j] - pt[j];
          const double d_hi = pt[j] - hi[j];
          const double d = (d_lo + std::fabs(d_lo)) + (d_hi + std::fabs(d_hi));
          mn += std::pow(0.5 * d, p_);
          mx += std::pow(std::fmax(std::fabs(d_lo), std::fabs(d_hi)), p_);
        }
        mn = std::pow(mn, 1.0 / p_);
        mx = std::pow(mx, 1.0 / p_);
      }
      *lo_dist = mn;
      *hi_dist = mx;
      return;
    }
    const double dist = RdistToDist(Rdist(pt, bounds_ + i * d_));
    *lo_dist = std::fmax(0.0, dist - radius_[i]);
    *hi_dist = dist + radius_[i];
  }

  // _query_radius_single: prune a node whose lower bound is > r, take a
  // node whose upper bound is <= r whole, test a leaf's rows, else visit
  // the children in order. Depth at most log2(m) + 1.
  void VisitRadius(size_t i, const double* pt, double r, double reduced,
                   std::vector<double>* dist, std::vector<int64_t>* ind) const {
    double lb = 0.0, ub = 0.0;
    MinMaxDist(i, pt, &lb, &ub);
    if (lb > r) return;
    const int64_t* node = nodes_ + 3 * i;
    if (ub <= r) {
      for (int64_t j = node[0]; j < node[1] && ind->size() < n_; ++j) {
        const int64_t row = idx_[j];
        ind->push_back(row);
        dist->push_back(
            RdistToDist(Rdist(pt, x_ + static_cast<size_t>(row) * d_)));
      }
    } else if (node[2] != 0) {
      for (int64_t j = node[0]; j < node[1]; ++j) {
        const int64_t row = idx_[j];
        const double rd = Rdist(pt, x_ + static_cast<size_t>(row) * d_);
        if (rd <= reduced && ind->size() < n_) {
          ind->push_back(row);
          dist->push_back(RdistToDist(rd));
        }
      }
    } else {
      VisitRadius(2 * i + 1, pt, r, reduced, dist, ind);
      VisitRadius(2 * i + 2, pt, r, reduced, dist, ind);
    }
  }

  // _query_single_depthfirst. The recursion depth is the tree's depth, at
  // most log2(m) + 1 (node i's children are 2i+1 and 2i+2 < m).
  void Visit(size_t i, const double* pt, size_t k, double* dist, int64_t* ind,
             double lower) const {
    if (lower > dist[0]) return;
    const int64_t* node = nodes_ + 3 * i;
    if (node[2] != 0) {
      for (int64_t j = node[0]; j < node[1]; ++j) {
        const int64_t row = idx_[j];
        HeapPush(dist, ind, k, Rdist(pt, x_ + static_cast<size_t>(row) * d_),
                 row);
      }
      return;
    }
    const size_t i1 = 2 * i + 1, i2 = i1 + 1;
    const double lb1 = MinRdist(i1, pt), lb2 = MinRdist(i2, pt);
    if (lb1 <= lb2) {
      Visit(i1, pt, k, dist, ind, lb1);
      Visit(i2, pt, k, dist, ind, lb2);
    } else {
      Visit(i2, pt, k, dist, ind, lb2);
      Visit(i1, pt, k, dist, ind, lb1);
    }
  }

  NeighborsAlgorithm algorithm_;
  NeighborsMetric metric_;
  double p_;
  size_t n_, d_;
  const double* x_;
  const int64_t* idx_ = nullptr;
  const int64_t* nodes_ = nullptr;
  const double* radius_ = nullptr;
  const double* bounds_ = nullptr;
  size_t m_ = 0;
  bool gemm_ = false;
  // |y|^2 of each training row as scipy's ddot adds it (gemm_).
  std::vector<double> y_norms_;
  BlasKernel kernel_ = DetectBlasKernel();
};

// The predictor's own check of a search's training set and metric (a
// Model need not come from a validated file): fit_x f64 [n, d] with n >= 1
// and d within BLAS's int, the algorithm and metric known, minkowski's p
// finite and >= 1. Sets *n.
inline Status CheckTrainingSet(NeighborsAlgorithm algorithm,
                               NeighborsMetric metric, double p,
                               const Tensor& fit_x, uint64_t d,
                               const std::string& path, uint64_t* n) {
  const std::string xpath = JoinContext(path, "fit_x");
  if (fit_x.rank() != 2 || fit_x.shape()[0] < 1) {
    return Status(ErrorCode::kPredictorTensor, xpath,
                  "fit_x needs shape [n, d] with n >= 1");
  }
  *n = fit_x.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(
      inference::CheckTensor(fit_x, DType::kFloat64, {*n, d}, xpath));
  if (d > static_cast<uint64_t>(INT32_MAX)) {
    return Status(ErrorCode::kPredictorTensor, xpath,
                  "more features than BLAS indexes");
  }
  if (!IsKnown(algorithm) || !IsKnown(metric) ||
      (metric == NeighborsMetric::kMinkowski &&
       !(std::isfinite(p) && p >= 1))) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "metric"),
                  "unknown algorithm or metric, or minkowski p not finite "
                  "and >= 1");
  }
  return Status::Ok();
}

// The predictor's own check of a search's tree arrays (a Model need not
// come from a validated file): shapes, the permutation's range, node
// ranges and children; a brute-force search has no tree.
inline Status CheckSearch(NeighborsAlgorithm algorithm, const Tensor& idx_array,
                          const Tensor& node_data, const Tensor& node_radius,
                          const Tensor& node_bounds, uint64_t n, uint64_t d,
                          const std::string& path) {
  using inference::CheckTensor;
  if (algorithm != NeighborsAlgorithm::kBrute) {
    const std::string dpath = JoinContext(path, "node_data");
    if (node_data.rank() != 2 || node_data.shape()[0] < 1) {
      return Status(ErrorCode::kPredictorTensor, dpath,
                    "node_data needs shape [m, 3] with m >= 1");
    }
    const uint64_t m = node_data.shape()[0];
    const uint64_t planes = algorithm == NeighborsAlgorithm::kKdTree ? 2 : 1;
    MODELSEAL_RETURN_IF_ERROR(
        CheckTensor(node_data, DType::kInt64, {m, 3}, dpath));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(idx_array, DType::kInt64, {n},
                                          JoinContext(path, "idx_array")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(node_radius, DType::kFloat64, {m},
                                          JoinContext(path, "node_radius")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(node_bounds, DType::kFloat64,
                                          {planes, m, d},
                                          JoinContext(path, "node_bounds")));
    for (int64_t v : idx_array.span<int64_t>()) {
      if (v < 0 || static_cast<uint64_t>(v) >= n) {
        return Status(ErrorCode::kPredictorTensor,
                      JoinContext(path, "idx_array"), "index not in [0, n)");
      }
    }
    const auto nodes = node_data.span<int64_t>();
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
  } else if (node_data.present()) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "node_data"),
                  "a brute-force model has no tree");
  }
  return Status::Ok();
}

}  // namespace modelseal::neighbors_internal

#endif  // MODELSEAL_KINDS_NEIGHBORS_SEARCH_H_
