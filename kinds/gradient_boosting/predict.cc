// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Compile of GradientBoosting (its evaluation: the kGb case of ComputeRaw in
// inference/evaluate.cc). Compiled into the inference library.
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

Status Predictor::Impl::CompileGradientBoosting(const GradientBoosting& g,
                                                const std::string& path) {
  final_kind = FinalKind::kGb;
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
  init_raw = DataOf<double>(g.init_raw);
  learning_rate = g.learning_rate;
  gb_loss = g.loss;
  k_per_iter = k;
  raw_width = k;
  value_width = 1;
  trees.resize(g.trees.size());
  for (size_t i = 0; i < g.trees.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        BuildTree(g.trees[i], 1, 1, JoinContext(path, IndexContext("trees", i)),
                  &trees[i]));
  }
  return Status::Ok();
}

}  // namespace modelseal
