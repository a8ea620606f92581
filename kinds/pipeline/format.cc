// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of Pipeline (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

Status Converter::ReadPipeline(const void* value, const std::string& ctx,
                               uint64_t depth, Estimator* out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  const auto* p = static_cast<const fbs::Pipeline*>(value);
  if (p == nullptr || p->steps() == nullptr) return Missing(ctx);
  const auto* steps = p->steps();
  if (steps->size() < 1 || steps->size() > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kPipelineShape, JoinContext(ctx, "steps"),
                  std::to_string(steps->size()) + " steps");
  }
  Pipeline pipeline;
  pipeline.steps.resize(steps->size());
  for (flatbuffers::uoffset_t i = 0; i < steps->size(); ++i) {
    const auto* entry = steps->Get(i);
    const std::string step_ctx = IndexContext(JoinContext(ctx, "steps"), i);
    if (entry == nullptr) return Missing(step_ctx);
    MODELSEAL_RETURN_IF_ERROR(ConvertEstimator(entry->estimator_type(),
                                               entry->estimator(), step_ctx,
                                               depth + 1, &pipeline.steps[i]));
  }
  out->kind = std::move(pipeline);
  return Status::Ok();
}

Offset<void> ManifestWriter::WritePipeline(const Pipeline& k) {
  const auto* p = &k;
  std::vector<Offset<fbs::EstimatorEntry>> steps;
  for (const auto& step : p->steps) {
    auto [type, value] = BuildEstimator(step);
    steps.push_back(fbs::CreateEstimatorEntry(fbb_, type, value));
  }
  auto steps_vec = fbb_.CreateVector(steps);
  return fbs::CreatePipeline(fbb_, steps_vec).Union();
}

}  // namespace modelseal::format_internal
