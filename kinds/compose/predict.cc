// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Compile and evaluate of Passthrough and ColumnTransformer (format/SPEC.md
// §7). A ColumnTransformer's groups are compiled like pipelines of their
// own, over the columns they select; their outputs are written side by side.
// Compiled into the inference library.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "inference/predictor_impl.h"
#include "modelseal/limits.h"

namespace modelseal {
namespace {

using namespace inference;  // NOLINT(build/namespaces)

struct ColumnStep final : TransformStep {
  struct Group {
    std::vector<size_t> columns;  // input columns, in order
    StepList steps;
    size_t offset = 0;  // of its output in the output row
    size_t width = 0;   // its output width
  };
  std::vector<Group> groups;

  // Scratch per row a group needs: its columns, the two buffers of its
  // steps, then their own scratch (a nested ColumnTransformer's).
  static size_t GroupScratch(const Group& grp) {
    return grp.columns.size() + 2 * grp.steps.max_width +
           grp.steps.scratch_width;
  }

  // Uses call.scratch (rows * scratch_width doubles, scratch_width the
  // largest GroupScratch): no allocation per block.
  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t rows = call.rows, n = in_width, w = out_width;
    for (const Group& grp : groups) {
      const size_t k = grp.columns.size();
      double* g = call.scratch;
      double* a = g + rows * k;
      double* b = a + rows * grp.steps.max_width;
      StepCall inner = call;
      inner.scratch = b + rows * grp.steps.max_width;
      for (size_t r = 0; r < rows; ++r) {
        for (size_t i = 0; i < k; ++i) g[r * k + i] = x[r * n + grp.columns[i]];
      }
      const double* out = nullptr;
      MODELSEAL_RETURN_IF_ERROR(grp.steps.Run(inner, g, a, b, &out));
      for (size_t r = 0; r < rows; ++r) {
        std::copy(out + r * grp.width, out + (r + 1) * grp.width,
                  y + r * w + grp.offset);
      }
    }
    return Status::Ok();
  }
};

}  // namespace

using namespace inference;  // NOLINT(build/namespaces)

Status Predictor::Impl::CompilePassthrough(const Passthrough& /*p*/,
                                           const std::string& /*path*/) {
  return Status::Ok();  // the identity: no step
}

Status Predictor::Impl::CompileColumnTransformer(const ColumnTransformer& ct,
                                                 const std::string& path) {
  const std::string groups_path = JoinContext(path, "groups");
  if (ct.groups.empty() || ct.groups.size() > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kPredictorPipeline, groups_path,
                  std::to_string(ct.groups.size()) + " groups");
  }
  if (compile_depth >= limits::kMaxNestingDepth) {
    return Status(ErrorCode::kPredictorPipeline, path, "nested too deeply");
  }
  const size_t n_in = n_features;
  const std::vector<FlowColumn> in_flow = flow;
  StepList* const outer = sink;
  auto step = std::make_unique<ColumnStep>();
  std::vector<FlowColumn> out_flow;
  size_t width = 0;
  ++compile_depth;
  Status status = Status::Ok();
  for (size_t gi = 0; gi < ct.groups.size() && status.ok(); ++gi) {
    const ColumnGroup& g = ct.groups[gi];
    const std::string g_path = IndexContext(groups_path, gi);
    ColumnStep::Group grp;
    if (g.columns.empty() || g.columns.size() > limits::kMaxFeatures) {
      status =
          Status(ErrorCode::kPredictorPipeline, JoinContext(g_path, "columns"),
                 std::to_string(g.columns.size()) + " columns");
      break;
    }
    std::vector<FlowColumn> g_flow;
    for (size_t i = 0; i < g.columns.size(); ++i) {
      if (g.columns[i] >= n_in) {
        status = Status(ErrorCode::kPredictorFeatureIndex,
                        IndexContext(JoinContext(g_path, "columns"), i),
                        std::to_string(g.columns[i]) + " out of range [0, " +
                            std::to_string(n_in) + ")");
        break;
      }
      grp.columns.push_back(g.columns[i]);
      g_flow.push_back(in_flow[g.columns[i]]);
    }
    if (!status.ok()) break;
    if (g.transformer.size() != 1) {
      status = Status(
          ErrorCode::kPredictorPipeline, JoinContext(g_path, "transformer"),
          std::to_string(g.transformer.size()) + " transformers, expected 1");
      break;
    }
    // Compile the group's steps into its own list, over its columns.
    sink = &grp.steps;
    n_features = grp.columns.size();
    flow = std::move(g_flow);
    std::vector<std::pair<const Estimator*, std::string>> steps;
    const std::string t_path =
        IndexContext(JoinContext(g_path, "transformer"), 0);
    status = Flatten(g.transformer[0], t_path, compile_depth, &steps);
    for (size_t i = 0; i < steps.size() && status.ok(); ++i) {
      status = BuildTransform(*steps[i].first, steps[i].second);
    }
    if (!status.ok()) break;
    grp.offset = width;
    grp.width = n_features;
    step->scratch_width =
        std::max(step->scratch_width, ColumnStep::GroupScratch(grp));
    width += n_features;
    out_flow.insert(out_flow.end(), flow.begin(), flow.end());
    step->groups.push_back(std::move(grp));
    sink = outer;
    if (width > limits::kMaxFeatures) {
      status = Status(ErrorCode::kPredictorPipeline, groups_path,
                      "more than " + std::to_string(limits::kMaxFeatures) +
                          " output columns");
    }
  }
  --compile_depth;
  sink = outer;
  n_features = n_in;
  flow = in_flow;
  MODELSEAL_RETURN_IF_ERROR(status);
  if (width == 0) {
    return Status(ErrorCode::kPredictorPipeline, path, "no output column");
  }
  AddStep(std::move(step), width, std::move(out_flow));
  return Status::Ok();
}

}  // namespace modelseal
