// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Compile of LinearModel (its evaluation: the kLinear case of
// Predictor::Impl::ComputeRaw in inference/evaluate.cc). Compiled into the
// inference library.
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

Status Predictor::Impl::CompileLinearModel(const LinearModel& l,
                                           const std::string& path) {
  final_kind = FinalKind::kLinear;
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(l.coef, DType::kFloat64,
                                        {kAnyDim, n_features},
                                        JoinContext(path, "coef")));
  const uint64_t k = l.coef.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(l.intercept, DType::kFloat64, {k},
                                        JoinContext(path, "intercept")));
  coef = DataOf<double>(l.coef);
  intercept = DataOf<double>(l.intercept);
  linear_output = l.output;
  final_rule = InputRule::kFinite;
  switch (l.output) {
    case LinearOutput::kRegression:
      if (classifier || k != n_outputs) {
        return Status(
            ErrorCode::kPredictorOutputSpec, JoinContext(path, "output"),
            "regression with " + std::to_string(k) + " coefficient rows for " +
                std::to_string(n_outputs) + " outputs");
      }
      raw_width = k;
      return Status::Ok();
    case LinearOutput::kDecision:
    case LinearOutput::kLogisticOvr:
    case LinearOutput::kSoftmax: {
      if (!classifier || n_outputs != 1) {
        return Status(ErrorCode::kPredictorOutputSpec,
                      JoinContext(path, "output"),
                      "linear classifier needs one classification output");
      }
      const size_t c = class_counts[0];
      if (!((k == 1 && c == 2) || (k >= 2 && k == c))) {
        return Status(ErrorCode::kPredictorOutputSpec,
                      JoinContext(path, "coef"),
                      std::to_string(k) + " coefficient rows for " +
                          std::to_string(c) + " classes");
      }
      raw_width = k;
      return Status::Ok();
    }
  }
  return Status(
      ErrorCode::kPredictorOutputSpec, JoinContext(path, "output"),
      "unknown linear output " + std::to_string(static_cast<int>(l.output)));
}

}  // namespace modelseal
