// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Clustering in the predictor: its compile step and its final step
// (evaluation). Compiled into the inference library.
#include <cblas.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "inference/kernels.h"
#include "inference/predictor_impl.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

namespace {

// raw per row, width k + 2: s_j = x.c_j for the k centers (one cblas_dgemm
// per block, as scikit-learn's _gemm and matmul), ||x||^2, and the label.
// The label, as sklearn/cluster/_k_means_lloyd.pyx (_update_chunk_dense,
// the same in 1.4.2 and 1.9.1): the first j with the smallest
// ||c_j||^2 + (-2 s_j) (its _gemm adds -2 x.c_j to ||c_j||^2); or, for
// BisectingKMeans (_predict_recursive), down the tree: at each internal node
// the right child if its score is below the left one's, else the left.
class ClusteringFinal final : public FinalStep {
 public:
  ClusteringFinal(const Clustering& c, size_t k, size_t n)
      : k_(k), n_(n), centers_(DataOf<double>(c.centers)) {
    norms_ = SquaredRowNorms(centers_, k, n);
    if (c.tree_children.present()) {
      const size_t nodes = c.tree_labels.shape()[0];
      const auto children = c.tree_children.span<int32_t>();
      children_.assign(children.begin(), children.end());
      const auto labels = c.tree_labels.span<int32_t>();
      labels_.assign(labels.begin(), labels.end());
      tree_centers_ = DataOf<double>(c.tree_centers);
      tree_norms_ = SquaredRowNorms(tree_centers_, nodes, n);
    }
  }

  bool HasProba() const override { return false; }
  bool HasDecision() const override { return true; }

  void ComputeRaw(const Predictor::Impl&, const double* x, const float*,
                  size_t rows, int32_t*, double* raw) const override {
    const size_t w = k_ + 2;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows),
                static_cast<int>(k_), static_cast<int>(n_), 1.0, x,
                static_cast<int>(n_), centers_, static_cast<int>(n_), 0.0, raw,
                static_cast<int>(w));
    for (size_t r = 0; r < rows; ++r) {
      const double* xr = x + r * n_;
      double* out = raw + r * w;
      out[k_] = Dot(xr, xr, n_);
      out[k_ + 1] = static_cast<double>(
          children_.empty() ? FirstNearestCenter(norms_.data(), out, k_)
                            : Descend(xr));
    }
  }

  void Finish(const Predictor::Impl&, Method, const double* raw, size_t rows,
              size_t row0, size_t, Outputs outs) const override {
    // Only predict reaches here (no predict_proba).
    int64_t* out = outs.classes->data.data() + row0;
    for (size_t r = 0; r < rows; ++r) {
      out[r] = static_cast<int64_t>(raw[r * (k_ + 2) + k_ + 1]);
    }
  }

  size_t DecisionWidth(const Predictor::Impl&) const override { return k_; }

  // transform: sklearn.metrics.pairwise._euclidean_distances (1.4.2 to
  // 1.9.1): distances = -2 * X @ C.T; += XX; += YY; np.maximum(.., 0);
  // np.sqrt.
  void FinishDecision(const Predictor::Impl&, const double* raw, size_t rows,
                      size_t row0, Outputs outs) const override {
    double* out = outs.values->data.data() + row0 * k_;
    for (size_t r = 0; r < rows; ++r) {
      const double* s = raw + r * (k_ + 2);
      double* o = out + r * k_;
      for (size_t j = 0; j < k_; ++j) o[j] = -2.0 * s[j] + s[k_] + norms_[j];
      // np.maximum(d, 0) (NaN stays NaN: max_pd(0, d) returns d unless
      // 0 > d) then the correctly rounded square root, two at a time
      // (std::sqrt's errno path keeps the compiler from vectorising it).
      size_t j = 0;
#if defined(__SSE2__)
      const __m128d zero = _mm_setzero_pd();
      for (; j + 2 <= k_; j += 2) {
        _mm_storeu_pd(o + j,
                      _mm_sqrt_pd(_mm_max_pd(zero, _mm_loadu_pd(o + j))));
      }
#endif
      for (; j < k_; ++j) o[j] = std::sqrt(std::max(o[j], 0.0));
    }
  }

 private:
  int32_t Descend(const double* x) const {
    size_t node = 0;
    // Children come after their parent (validated), so this ends.
    while (children_[2 * node] >= 0) {
      const auto l = static_cast<size_t>(children_[2 * node]);
      const auto r = static_cast<size_t>(children_[2 * node + 1]);
      const double sl =
          tree_norms_[l] + -2.0 * Dot(x, tree_centers_ + l * n_, n_);
      const double sr =
          tree_norms_[r] + -2.0 * Dot(x, tree_centers_ + r * n_, n_);
      node = sr < sl ? r : l;
    }
    return labels_[node];
  }

  size_t k_, n_;
  const double* centers_;
  std::vector<double> norms_;
  std::vector<int32_t> children_;  // [nodes, 2]; empty: not bisecting
  std::vector<int32_t> labels_;
  const double* tree_centers_ = nullptr;
  std::vector<double> tree_norms_;
};

}  // namespace

Status Predictor::Impl::CompileClustering(const Clustering& c,
                                          const std::string& path) {
  if (!classifier || n_outputs != 1 || class_counts[0] < 1) {
    return Status(ErrorCode::kPredictorOutputSpec, JoinContext(path, "centers"),
                  "a clusterer needs one classification output");
  }
  const uint64_t k = class_counts[0];
  if (k > static_cast<uint64_t>(INT32_MAX) - 2 ||
      n_features > static_cast<uint64_t>(INT32_MAX)) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "centers"),
                  "more clusters or features than BLAS indexes");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.centers, DType::kFloat64,
                                        {k, n_features},
                                        JoinContext(path, "centers")));
  if (c.tree_children.present()) {
    const uint64_t nodes = 2 * k - 1;
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.tree_children, DType::kInt32,
                                          {nodes, 2},
                                          JoinContext(path, "tree_children")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.tree_centers, DType::kFloat64,
                                          {nodes, n_features},
                                          JoinContext(path, "tree_centers")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.tree_labels, DType::kInt32, {nodes},
                                          JoinContext(path, "tree_labels")));
    // The walk's invariants (validated in the format; rechecked here as
    // the engine relies on them): children after their parent, in range;
    // leaf labels in [0, k).
    const auto children = c.tree_children.span<int32_t>();
    const auto labels = c.tree_labels.span<int32_t>();
    for (uint64_t i = 0; i < nodes; ++i) {
      const int64_t l = children[2 * i], r = children[2 * i + 1];
      const bool leaf = l == -1 && r == -1;
      const bool ok =
          leaf ? labels[i] >= 0 && static_cast<uint64_t>(labels[i]) < k
               : l > static_cast<int64_t>(i) && r > static_cast<int64_t>(i) &&
                     static_cast<uint64_t>(l) < nodes &&
                     static_cast<uint64_t>(r) < nodes;
      if (!ok) {
        return Status(ErrorCode::kPredictorTensor,
                      IndexContext(JoinContext(path, "tree_children"), i),
                      "not a tree node the walk can follow");
      }
    }
  }
  final_step = std::make_unique<ClusteringFinal>(c, k, n_features);
  final_rule = InputRule::kFinite;
  raw_width = k + 2;
  return Status::Ok();
}

}  // namespace modelseal
