// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// GradientBoosting in the predictor: its compile step and its final step.
// Compiled into the inference library.
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

namespace {

// raw = init_raw + learning_rate * (sum of the stage's tree values), K per
// stage; then scikit-learn's loss link (predictor.h).
class GradientBoostingFinal final : public FinalStep {
 public:
  GradientBoostingFinal(const double* init_raw, double learning_rate,
                        GbLoss loss, size_t k)
      : init_raw_(init_raw),
        learning_rate_(learning_rate),
        loss_(loss),
        k_(k) {}

  bool HasProba() const override { return true; }
  bool HasDecision() const override { return true; }

  void ComputeRaw(const Predictor::Impl& p, const double*, const float* xf,
                  size_t rows, int32_t* leaves, double* raw) const override {
    const size_t k = k_;
    const std::vector<CompiledTree>& trees = p.trees;
    for (size_t r = 0; r < rows; ++r) {
      for (size_t j = 0; j < k; ++j) raw[r * k + j] = init_raw_[j];
    }
    if (rows < kLockstep) {
      for (size_t r = 0; r < rows; ++r) {
        FindLeavesAcrossTrees(p.tree_nodes.data(), trees.size(),
                              xf + r * p.n_features, leaves);
        for (size_t t = 0; t < trees.size(); ++t) {
          raw[r * k + t % k] += learning_rate_ * trees[t].value[leaves[t]];
        }
      }
      return;
    }
    for (size_t t = 0; t < trees.size(); ++t) {
      const size_t j = t % k;
      const double* value = trees[t].value;
      FindLeaves(trees[t].nodes.data(), xf, p.n_features, rows, leaves);
      for (size_t r = 0; r < rows; ++r) {
        raw[r * k + j] += learning_rate_ * value[leaves[r]];
      }
    }
  }

  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t, Outputs outs) const override {
    if (method == Method::kPredict) {
      if (!p.classifier) return FinishValues(p, raw, rows, row0, outs);
      // scikit-learn's binary losses: class 1 where raw >= 0.
      return FinishDecisionLabels(p, raw, rows, row0, outs, true);
    }
    if (loss_ != GbLoss::kExponential) {
      return FinishSoftmaxProba(p, raw, rows, row0, outs,
                                RowSum::kNumpyPairwise, false);
    }
    // ExponentialLoss: expit(2 raw).
    double* out = (*outs.proba)[0].data.data() + row0 * 2;
    for (size_t r = 0; r < rows; ++r) {
      const double q = Expit(2 * raw[r]);
      out[2 * r] = 1 - q;
      out[2 * r + 1] = q;
    }
  }

 private:
  const double* init_raw_;
  double learning_rate_;
  GbLoss loss_;
  size_t k_;
};

}  // namespace

Status Predictor::Impl::CompileGradientBoosting(const GradientBoosting& g,
                                                const std::string& path) {
  final_rule = InputRule::kFloat32;
  trees_allow_nan = false;
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(g.init_raw, DType::kFloat64, {kAnyDim},
                                        JoinContext(path, "init_raw")));
  const uint64_t k = g.init_raw.shape()[0];
  auto expected = CheckedMul(g.n_stages, k);
  if (!expected || *expected != g.trees.size()) {
    return Status(ErrorCode::kPredictorTensor, JoinContext(path, "trees"),
                  std::to_string(g.trees.size()) + " trees for " +
                      std::to_string(g.n_stages) + " stages of " +
                      std::to_string(k));
  }
  if (!IsKnown(g.loss)) {
    return Status(ErrorCode::kPredictorOutputSpec, JoinContext(path, "loss"),
                  "unknown loss " + std::to_string(static_cast<int>(g.loss)));
  }
  const bool loss_is_classifier = IsClassifierLoss(g.loss);
  bool k_ok;
  if (!loss_is_classifier) {
    k_ok = !classifier && n_outputs == 1 && k == 1;
  } else if (IsMulticlassLoss(g.loss)) {
    k_ok = classifier && n_outputs == 1 && k >= 2 && k == class_counts[0];
  } else {
    k_ok = classifier && n_outputs == 1 && k == 1 && class_counts[0] == 2;
  }
  if (!k_ok) {
    return Status(ErrorCode::kPredictorOutputSpec, JoinContext(path, "loss"),
                  "loss, init_raw length " + std::to_string(k) +
                      " and the output spec disagree");
  }
  final_step = std::make_unique<GradientBoostingFinal>(
      DataOf<double>(g.init_raw), g.learning_rate, g.loss, k);
  raw_width = k;
  trees.resize(g.trees.size());
  for (size_t i = 0; i < g.trees.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        BuildTree(g.trees[i], 1, 1, JoinContext(path, IndexContext("trees", i)),
                  &trees[i]));
  }
  return Status::Ok();
}

}  // namespace modelseal
