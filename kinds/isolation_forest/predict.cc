// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// IsolationForest in the predictor: its compile step (the trees are
// compiled as a Forest's, inference/kernels.h walks them) and its final
// step. Compiled into the inference library.
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

// raw, one per row: scikit-learn's score_samples (sklearn/ensemble/
// _iforest.py, _compute_score_samples, the same arithmetic in 1.4.2, 1.7.2
// and 1.9.1): depths summed over the trees in order, starting from 0, each
// tree adding its leaf's path value; then -(2 ** -(depths / denominator)),
// where a zero denominator makes the quotient 1 (np.divide's out=ones).
class IsolationForestFinal final : public FinalStep {
 public:
  IsolationForestFinal(double denominator, double offset)
      : denominator_(denominator), offset_(offset) {}

  bool HasProba() const override { return false; }
  bool HasDecision() const override { return true; }

  void ComputeRaw(const Predictor::Impl& p, const double*, const float* xf,
                  size_t rows, int32_t* leaves, double* raw) const override {
    std::fill(raw, raw + rows, 0.0);
    const std::vector<CompiledTree>& trees = p.trees;
    if (rows < kLockstep) {
      // Few rows: one row down kLockstep trees at a time; each row still
      // adds its trees in order.
      for (size_t r = 0; r < rows; ++r) {
        FindLeavesAcrossTrees(p.tree_nodes.data(), trees.size(),
                              xf + r * p.n_features, leaves);
        double d = 0.0;
        for (size_t t = 0; t < trees.size(); ++t)
          d += trees[t].value[leaves[t]];
        raw[r] = d;
      }
    } else {
      for (const CompiledTree& t : trees) {
        FindLeaves(t.nodes.data(), xf, p.n_features, rows, leaves);
        for (size_t r = 0; r < rows; ++r) raw[r] += t.value[leaves[r]];
      }
    }
    for (size_t r = 0; r < rows; ++r) {
      const double q = denominator_ != 0 ? raw[r] / denominator_ : 1.0;
      raw[r] = -std::pow(2.0, -q);
    }
  }

  // predict: -1 (class 0) where score_samples - offset_ < 0, else 1.
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
  double denominator_;
  double offset_;
};

}  // namespace

Status Predictor::Impl::CompileIsolationForest(const IsolationForest& f,
                                               const std::string& path) {
  if (!classifier || n_outputs != 1 || class_counts.size() != 1 ||
      class_counts[0] != 2) {
    return Status(ErrorCode::kPredictorOutputSpec, JoinContext(path, "trees"),
                  "an isolation forest needs one classification output with "
                  "2 classes");
  }
  if (f.trees.empty()) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "trees"),
                  "no trees");
  }
  if (!std::isfinite(f.denominator) || f.denominator < 0 ||
      !std::isfinite(f.offset)) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "denominator"),
                  "denominator or offset not finite (or denominator < 0)");
  }
  trees.resize(f.trees.size());
  for (size_t i = 0; i < f.trees.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        BuildTree(f.trees[i], 1, 1, JoinContext(path, IndexContext("trees", i)),
                  &trees[i]));
  }
  final_rule = f.input == IsolationInput::kAny ? InputRule::kFloat32Any
                                               : InputRule::kFloat32;
  trees_allow_nan = false;
  raw_width = 1;
  final_step = std::make_unique<IsolationForestFinal>(f.denominator, f.offset);
  return Status::Ok();
}

}  // namespace modelseal
