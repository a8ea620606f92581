// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Pipeline in the predictor: BuildSteps flattens pipelines into their steps
// (Predictor::Impl::Flatten, inference/compile.cc) before compiling them, so
// a Pipeline never reaches its compile step. Compiled into the inference
// library.
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

Status Predictor::Impl::CompilePipeline(const Pipeline& /*p*/,
                                        const std::string& path) {
  return Status(ErrorCode::kPredictorPipeline, path,
                "a pipeline is flattened before it is compiled");
}

}  // namespace modelseal
