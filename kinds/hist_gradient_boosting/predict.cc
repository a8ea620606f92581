// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// HistGradientBoosting in the predictor: its compile step and its final
// step. Compiled into the inference library.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "core/checked_math.h"
#include "inference/kernels.h"
#include "inference/predictor_impl.h"
#include "modelseal/limits.h"

namespace modelseal {

using namespace inference;  // NOLINT(build/namespaces)

Status Predictor::Impl::BuildHistTree(const HistTree& t, uint64_t n_known,
                                      const int32_t* f_idx_map,
                                      const std::string& path,
                                      CompiledHistTree* out) {
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.value, DType::kFloat64, {kAnyDim},
                                        JoinContext(path, "value")));
  const uint64_t n = t.value.shape()[0];
  if (n < 1 || n > limits::kMaxTreeNodes) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "value"),
                  std::to_string(n) + " nodes");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.feature_idx, DType::kUInt32, {n},
                                        JoinContext(path, "feature_idx")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.num_threshold, DType::kFloat64, {n},
                                        JoinContext(path, "num_threshold")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(t.missing_go_to_left, DType::kUInt8, {n},
                  JoinContext(path, "missing_go_to_left")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(t.left, DType::kUInt32, {n}, JoinContext(path, "left")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(t.right, DType::kUInt32, {n}, JoinContext(path, "right")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(t.is_leaf, DType::kUInt8, {n}, JoinContext(path, "is_leaf")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.is_categorical, DType::kUInt8, {n},
                                        JoinContext(path, "is_categorical")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.bitset_idx, DType::kUInt32, {n},
                                        JoinContext(path, "bitset_idx")));
  uint64_t n_bitsets = 0;
  if (t.raw_left_cat_bitsets.present()) {
    MODELSEAL_RETURN_IF_ERROR(
        CheckTensor(t.raw_left_cat_bitsets, DType::kUInt32, {kAnyDim, 8},
                    JoinContext(path, "raw_left_cat_bitsets")));
    n_bitsets = t.raw_left_cat_bitsets.shape()[0];
    out->raw_bitsets = DataOf<uint32_t>(t.raw_left_cat_bitsets);
  }
  const double* value = DataOf<double>(t.value);
  const uint32_t* feature = DataOf<uint32_t>(t.feature_idx);
  const double* thr = DataOf<double>(t.num_threshold);
  const uint8_t* missing = DataOf<uint8_t>(t.missing_go_to_left);
  const uint32_t* left = DataOf<uint32_t>(t.left);
  const uint32_t* right = DataOf<uint32_t>(t.right);
  const uint8_t* leaf = DataOf<uint8_t>(t.is_leaf);
  const uint8_t* cat = DataOf<uint8_t>(t.is_categorical);
  const uint32_t* bitset = DataOf<uint32_t>(t.bitset_idx);
  out->nodes.resize(n);
  ParentCheck parents(n);
  for (uint64_t i = 0; i < n; ++i) {
    HistNode& node = out->nodes[i];
    const uint32_t self = static_cast<uint32_t>(i);
    node = HistNode{};
    node.child[0] = node.child[1] = self;
    if (leaf[i]) {
      node.threshold = value[i];
      node.feature = inference::kHistLeaf;
      continue;
    }
    node.threshold = thr[i];
    if (left[i] >= n) {
      return Status(ErrorCode::kPredictorTreeChild,
                    JoinContext(path, IndexContext("left", i)),
                    std::to_string(left[i]) + " out of range [0, " +
                        std::to_string(n) + ")");
    }
    if (right[i] >= n) {
      return Status(ErrorCode::kPredictorTreeChild,
                    JoinContext(path, IndexContext("right", i)),
                    std::to_string(right[i]) + " out of range [0, " +
                        std::to_string(n) + ")");
    }
    if (feature[i] >= n_features) {
      return Status(ErrorCode::kPredictorFeatureIndex,
                    JoinContext(path, IndexContext("feature_idx", i)),
                    std::to_string(feature[i]) + " out of range [0, " +
                        std::to_string(n_features) + ")");
    }
    MODELSEAL_RETURN_IF_ERROR(
        parents.Add(i, left[i], right[i], path, "left", "right"));
    node.feature = feature[i];  // < n_features <= kHistFeatureMask + 1
    node.child[0] = left[i];
    node.child[1] = right[i];
    if (missing[i]) node.feature |= inference::kHistMissingLeft;
    if (cat[i]) {
      node.feature |= inference::kHistCategorical;
      if (bitset[i] >= n_bitsets) {
        return Status(ErrorCode::kPredictorBitsetIndex,
                      JoinContext(path, IndexContext("bitset_idx", i)),
                      std::to_string(bitset[i]) + " out of range [0, " +
                          std::to_string(n_bitsets) + ")");
      }
      const int64_t row = f_idx_map ? f_idx_map[feature[i]] : -1;
      if (row < 0 || static_cast<uint64_t>(row) >= n_known) {
        return Status(ErrorCode::kPredictorBitsetIndex,
                      IndexContext("f_idx_map", feature[i]),
                      "categorical split on feature " +
                          std::to_string(feature[i]) + " without a row in " +
                          "known_cat_bitsets (" + std::to_string(row) + ")");
      }
      node.cat = HistNode::CatSplit{bitset[i], static_cast<uint32_t>(row)};
    }
  }
  return Status::Ok();
}

namespace {

double Exp(double v) { return std::exp(v); }

// raw = baseline + sum of the iteration's tree values, K per iteration;
// then scikit-learn's loss link (predictor.h).
class HistGradientBoostingFinal final : public FinalStep {
 public:
  HistGradientBoostingFinal(const double* baseline,
                            const uint32_t* known_bitsets, HgbLoss loss,
                            size_t k)
      : baseline_(baseline),
        known_bitsets_(known_bitsets),
        loss_(loss),
        k_(k) {}

  bool HasProba() const override { return true; }
  bool HasDecision() const override { return true; }

  void ComputeRaw(const Predictor::Impl& p, const double* x, const float*,
                  size_t rows, int32_t* leaves, double* raw) const override {
    const size_t k = k_;
    for (size_t r = 0; r < rows; ++r) {
      for (size_t j = 0; j < k; ++j) raw[r * k + j] = 0.0 + baseline_[j];
    }
    if (rows < kLockstep) {
      // int32 and uint32 may alias.
      uint32_t* hist_leaves = reinterpret_cast<uint32_t*>(leaves);
      const std::vector<HistTreeRef>& refs = p.hist_refs;
      for (size_t r = 0; r < rows; ++r) {
        FindHistLeavesAcrossTrees(refs.data(), refs.size(), known_bitsets_,
                                  x + r * p.n_features, hist_leaves);
        for (size_t t = 0; t < refs.size(); ++t) {
          raw[r * k + t % k] += refs[t].nodes[hist_leaves[t]].threshold;
        }
      }
      return;
    }
    for (size_t t = 0; t < p.hist_trees.size(); ++t) {
      const CompiledHistTree& tree = p.hist_trees[t];
      AddHistLeafValues(tree.nodes.data(), tree.raw_bitsets, known_bitsets_, x,
                        p.n_features, rows, raw + t % k, k);
    }
  }

  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t total_rows,
              Outputs outs) const override {
    if (method == Method::kPredict) {
      if (!p.classifier) {
        const bool exp_link =
            loss_ == HgbLoss::kGamma || loss_ == HgbLoss::kPoisson;
        return FinishValues(p, raw, rows, row0, outs,
                            exp_link ? &Exp : nullptr);
      }
      return FinishDecisionLabels(p, raw, rows, row0, outs, false);
    }
    // scikit-learn's raw predictions are a Fortran-order array: numpy sums
    // a row of several left to right (kernels.h RowSum).
    FinishSoftmaxProba(
        p, raw, rows, row0, outs,
        total_rows > 1 ? RowSum::kLeftToRight : RowSum::kNumpyPairwise, false);
  }

 private:
  const double* baseline_;
  const uint32_t* known_bitsets_;
  HgbLoss loss_;
  size_t k_;
};

}  // namespace

Status Predictor::Impl::CompileHistGradientBoosting(
    const HistGradientBoosting& h, const std::string& path) {
  final_rule = InputRule::kAnything;
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(h.baseline, DType::kFloat64, {kAnyDim},
                                        JoinContext(path, "baseline")));
  const uint64_t k = h.baseline.shape()[0];
  auto expected = CheckedMul(h.n_iter, k);
  if (!expected || *expected != h.trees.size()) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "trees"),
                  std::to_string(h.trees.size()) + " trees for " +
                      std::to_string(h.n_iter) + " iterations of " +
                      std::to_string(k));
  }
  if (!IsKnown(h.loss)) {
    return Status(ErrorCode::kPredictorOutputSpec, JoinContext(path, "loss"),
                  "unknown loss " + std::to_string(static_cast<int>(h.loss)));
  }
  const bool loss_is_classifier = IsClassifierLoss(h.loss);
  bool k_ok;
  if (!loss_is_classifier) {
    k_ok = !classifier && n_outputs == 1 && k == 1;
  } else if (IsMulticlassLoss(h.loss)) {
    k_ok = classifier && n_outputs == 1 && k >= 2 && k == class_counts[0];
  } else {
    k_ok = classifier && n_outputs == 1 && k == 1 && class_counts[0] == 2;
  }
  if (!k_ok) {
    return Status(ErrorCode::kPredictorOutputSpec, JoinContext(path, "loss"),
                  "loss, baseline length " + std::to_string(k) +
                      " and the output spec disagree");
  }
  uint64_t n_known = 0;
  const uint32_t* known_bitsets = nullptr;
  const int32_t* f_idx_map = nullptr;
  if (h.known_cat_bitsets.present() || h.f_idx_map.present()) {
    MODELSEAL_RETURN_IF_ERROR(
        CheckTensor(h.known_cat_bitsets, DType::kUInt32, {kAnyDim, 8},
                    JoinContext(path, "known_cat_bitsets")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(h.f_idx_map, DType::kInt32,
                                          {n_features},
                                          JoinContext(path, "f_idx_map")));
    n_known = h.known_cat_bitsets.shape()[0];
    known_bitsets = DataOf<uint32_t>(h.known_cat_bitsets);
    f_idx_map = DataOf<int32_t>(h.f_idx_map);
  }
  final_step = std::make_unique<HistGradientBoostingFinal>(
      DataOf<double>(h.baseline), known_bitsets, h.loss, k);
  raw_width = k;
  hist_trees.resize(h.trees.size());
  for (size_t i = 0; i < h.trees.size(); ++i) {
    Status s = BuildHistTree(h.trees[i], n_known, f_idx_map,
                             JoinContext(path, IndexContext("trees", i)),
                             &hist_trees[i]);
    if (!s.ok()) {
      if (s.code() == ErrorCode::kPredictorBitsetIndex &&
          s.context().rfind("f_idx_map", 0) == 0) {
        return s.WithPrefix(path);
      }
      return s;
    }
  }
  return Status::Ok();
}

}  // namespace modelseal
