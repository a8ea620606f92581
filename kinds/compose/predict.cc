// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Compile and evaluate of Passthrough, ColumnTransformer and FeatureUnion
// (format/SPEC.md §7). A ColumnTransformer's groups are compiled like
// pipelines of their own, over the columns they select; their outputs are
// written side by side. A FeatureUnion is the same step with every group
// selecting all columns, each group's output multiplied by its weight. A
// TransformedTargetRegressor wraps its regressor's final step and runs the
// inverse transform over its predictions. Compiled into the inference
// library.
#include <algorithm>
#include <cmath>
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
    size_t offset = 0;      // of its output in the output row
    size_t width = 0;       // its output width
    bool weighted = false;  // output * weight (FeatureUnion weights)
    double weight = 1.0;
  };
  std::vector<Group> groups;
  // While compiling: the output width so far and the output columns' types.
  size_t width = 0;
  std::vector<FlowColumn> flow_out;

  // Scratch per row a group needs: its columns, the two buffers of its
  // steps, then their own scratch (a nested ColumnTransformer's).
  static size_t GroupScratch(const Group& grp) {
    return grp.columns.size() + 2 * grp.steps.max_width +
           grp.steps.scratch_width;
  }

  // np.hstack of the groups' outputs: numpy's result type (float64 over
  // float32 over bool); a weighted group's res * weight is float64.
  DType OutDType(DType in) const override {
    bool f32 = false, f64 = false;
    for (const Group& grp : groups) {
      const DType t = grp.weighted ? DType::kFloat64 : grp.steps.OutDType(in);
      f64 = f64 || t == DType::kFloat64;
      f32 = f32 || t == DType::kFloat32;
    }
    return f64 ? DType::kFloat64 : f32 ? DType::kFloat32 : DType::kUInt8;
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
      if (grp.weighted) {
        // FeatureUnion's _transform_one: res * weight, one multiply each.
        // On float32 input numpy's result type depends on the weight's
        // Python type, which the file does not keep: refused.
        if (call.dtype == DType::kFloat32) {
          return Status(ErrorCode::kInputFloat32Unsupported, "X",
                        "a FeatureUnion with transformer_weights takes "
                        "float64 input only");
        }
        for (size_t r = 0; r < rows; ++r) {
          const double* src = out + r * grp.width;
          double* dst = y + r * w + grp.offset;
          for (size_t i = 0; i < grp.width; ++i) dst[i] = src[i] * grp.weight;
        }
      } else {
        for (size_t r = 0; r < rows; ++r) {
          std::copy(out + r * grp.width, out + (r + 1) * grp.width,
                    y + r * w + grp.offset);
        }
      }
    }
    return Status::Ok();
  }
};

// Compiles transformer `t` (at t_path) into grp->steps over the input
// columns grp->columns of types `g_flow`; sets grp->width and *out_flow (the
// types of its output). Leaves p's sink, n_features and flow changed: the
// caller restores them.
Status CompileGroup(Predictor::Impl& p, const Estimator& t,
                    const std::string& t_path, std::vector<FlowColumn> g_flow,
                    ColumnStep::Group* grp, std::vector<FlowColumn>* out_flow) {
  p.sink = &grp->steps;
  p.n_features = grp->columns.size();
  p.flow = std::move(g_flow);
  std::vector<std::pair<const Estimator*, std::string>> steps;
  MODELSEAL_RETURN_IF_ERROR(p.Flatten(t, t_path, p.compile_depth, &steps));
  for (size_t i = 0; i < steps.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        p.BuildTransform(*steps[i].first, steps[i].second));
  }
  grp->width = p.n_features;
  *out_flow = p.flow;
  return Status::Ok();
}

// Appends compiled group `grp` (output types `g_out`) to `step`, its output
// after the earlier groups'; an error when the outputs pass kMaxFeatures.
Status AppendGroup(ColumnStep* step, ColumnStep::Group grp,
                   const std::vector<FlowColumn>& g_out,
                   const std::string& list_path) {
  grp.offset = step->width;
  step->scratch_width =
      std::max(step->scratch_width, ColumnStep::GroupScratch(grp));
  step->width += grp.width;
  step->flow_out.insert(step->flow_out.end(), g_out.begin(), g_out.end());
  step->groups.push_back(std::move(grp));
  if (step->width > limits::kMaxFeatures) {
    return Status(ErrorCode::kPredictorPipeline, list_path,
                  "more than " + std::to_string(limits::kMaxFeatures) +
                      " output columns");
  }
  return Status::Ok();
}

// Adds the compiled `step` (all its groups appended) to p's steps; a step
// with no output column is an error.
Status AddColumnStep(Predictor::Impl& p, std::unique_ptr<ColumnStep> step,
                     const std::string& path) {
  if (step->width == 0) {
    return Status(ErrorCode::kPredictorPipeline, path, "no output column");
  }
  const size_t width = step->width;
  std::vector<FlowColumn> out_flow = std::move(step->flow_out);
  p.AddStep(std::move(step), width, std::move(out_flow));
  return Status::Ok();
}

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
    const std::string t_path =
        IndexContext(JoinContext(g_path, "transformer"), 0);
    std::vector<FlowColumn> g_out;
    status = CompileGroup(*this, g.transformer[0], t_path, std::move(g_flow),
                          &grp, &g_out);
    if (!status.ok()) break;
    status = AppendGroup(step.get(), std::move(grp), g_out, groups_path);
  }
  --compile_depth;
  sink = outer;
  n_features = n_in;
  flow = in_flow;
  MODELSEAL_RETURN_IF_ERROR(status);
  return AddColumnStep(*this, std::move(step), path);
}

Status Predictor::Impl::CompileFeatureUnion(const FeatureUnion& fu,
                                            const std::string& path) {
  const std::string list_path = JoinContext(path, "transformers");
  const size_t count = fu.transformers.size();
  if (count == 0 || count > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kPredictorPipeline, list_path,
                  std::to_string(count) + " transformers");
  }
  const double* weights = nullptr;
  if (fu.weights.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(fu.weights, DType::kFloat64, {count},
                                          JoinContext(path, "weights")));
    weights = DataOf<double>(fu.weights);
  }
  if (compile_depth >= limits::kMaxNestingDepth) {
    return Status(ErrorCode::kPredictorPipeline, path, "nested too deeply");
  }
  const size_t n_in = n_features;
  const std::vector<FlowColumn> in_flow = flow;
  StepList* const outer = sink;
  auto step = std::make_unique<ColumnStep>();
  ++compile_depth;
  Status status = Status::Ok();
  for (size_t i = 0; i < count && status.ok(); ++i) {
    const std::string t_path = IndexContext(list_path, i);
    ColumnStep::Group grp;
    grp.columns.resize(n_in);
    for (size_t c = 0; c < n_in; ++c) grp.columns[c] = c;
    if (weights != nullptr) {
      grp.weighted = true;
      grp.weight = weights[i];
    }
    std::vector<FlowColumn> g_out;
    status =
        CompileGroup(*this, fu.transformers[i], t_path, in_flow, &grp, &g_out);
    if (!status.ok()) break;
    // Passthrough compiles to no step: its columns are read here.
    if (std::holds_alternative<Passthrough>(fu.transformers[i].kind)) {
      MarkRead();
    }
    status = RequireNumeric(t_path, "FeatureUnion's output");
    if (!status.ok()) break;
    status = AppendGroup(step.get(), std::move(grp), g_out, list_path);
  }
  --compile_depth;
  sink = outer;
  n_features = n_in;
  flow = in_flow;
  MODELSEAL_RETURN_IF_ERROR(status);
  return AddColumnStep(*this, std::move(step), path);
}

namespace {

// TransformedTargetRegressor: the regressor's final step, then (predict) its
// values through the inverse steps, each step's check before its op as the
// inverting transformer's check_array does (SPEC §7).
struct TargetFinal final : FinalStep {
  struct Step {
    TargetCheck check = TargetCheck::kNone;
    TargetOp op = TargetOp::kIdentity;
    const double* values = nullptr;  // [n_outputs] for the arithmetic ops
    Ufunc func{};
  };
  std::unique_ptr<const FinalStep> inner;
  std::vector<Step> steps;
  std::string path;  // of the estimator, for errors

  bool HasProba() const override { return false; }
  bool HasDecision() const override { return false; }
  void ComputeRaw(const Predictor::Impl& p, const double* x, const float* xf,
                  size_t rows, int32_t* leaves, double* raw) const override {
    inner->ComputeRaw(p, x, xf, rows, leaves, raw);
  }
  uint64_t WorkspacePerRow() const override { return inner->WorkspacePerRow(); }
  bool HasPredict() const override { return inner->HasPredict(); }
  Status Compute(const Predictor::Impl& p, const BlockCall& call, Method method,
                 const double* x, const float* xf, size_t rows, int32_t* leaves,
                 double* raw) const override {
    return inner->Compute(p, call, method, x, xf, rows, leaves, raw);
  }
  void Finish(const Predictor::Impl& p, Method method, const double* raw,
              size_t rows, size_t row0, size_t total_rows,
              Outputs outs) const override {
    inner->Finish(p, method, raw, rows, row0, total_rows, outs);
  }
  Status Finalize(const Predictor::Impl& p, Method method, size_t rows,
                  size_t row0, Outputs outs) const override {
    MODELSEAL_RETURN_IF_ERROR(inner->Finalize(p, method, rows, row0, outs));
    if (method != Method::kPredict) return Status::Ok();
    const size_t w = p.n_outputs;
    double* y = outs.values->data.data() + row0 * w;
    for (size_t i = 0; i < steps.size(); ++i) {
      const Step& s = steps[i];
      if (s.check != TargetCheck::kNone) {
        MODELSEAL_RETURN_IF_ERROR(Check(s.check, i, y, rows, row0, w));
      }
      for (size_t r = 0; r < rows; ++r) {
        double* row = y + r * w;
        for (size_t j = 0; j < w; ++j) {
          switch (s.op) {
            case TargetOp::kIdentity:
              break;
            case TargetOp::kMultiply:
              row[j] *= s.values[j];
              break;
            case TargetOp::kAdd:
              row[j] += s.values[j];
              break;
            case TargetOp::kSubtract:
              row[j] -= s.values[j];
              break;
            case TargetOp::kDivide:
              row[j] /= s.values[j];
              break;
            case TargetOp::kUfunc:
              row[j] = ApplyUfunc(s.func, row[j]);
              break;
          }
        }
      }
    }
    return Status::Ok();
  }

  // scikit-learn's check_array of the values step i receives: NaN is an
  // error unless kAllowNan, infinity always.
  Status Check(TargetCheck check, size_t i, const double* y, size_t rows,
               size_t row0, size_t w) const {
    for (size_t r = 0; r < rows; ++r) {
      for (size_t j = 0; j < w; ++j) {
        const double v = y[r * w + j];
        if (std::isfinite(v) ||
            (std::isnan(v) && check == TargetCheck::kAllowNan)) {
          continue;
        }
        const std::string where =
            IndexContext(IndexContext("prediction", row0 + r), j);
        return Status(
            std::isnan(v) ? ErrorCode::kInputNaN : ErrorCode::kInputInfinite,
            IndexContext(JoinContext(path, "inverse"), i),
            "the regressor's " + where + " is " +
                (std::isnan(v) ? std::string("NaN") : std::string("infinite")) +
                ": the inverse transform's input check fails (" +
                (std::isnan(v) ? "Input contains NaN"
                               : "Input contains infinity") +
                ")");
      }
    }
    return Status::Ok();
  }
};

}  // namespace

// The regressor is compiled like a model of its own (its steps, then its
// final estimator), then its final step is wrapped.
Status Predictor::Impl::CompileTransformedTargetRegressor(
    const TransformedTargetRegressor& t, const std::string& path) {
  if (classifier || model.output.task != Task::kRegression) {
    return Status(ErrorCode::kPredictorOutputSpec, "output.task",
                  "a TransformedTargetRegressor is a regressor");
  }
  if (t.regressor.size() != 1) {
    return Status(
        ErrorCode::kPredictorPipeline, JoinContext(path, "regressor"),
        std::to_string(t.regressor.size()) + " regressors, expected exactly 1");
  }
  MODELSEAL_RETURN_IF_ERROR(BuildWrapped(
      t.regressor[0], IndexContext(JoinContext(path, "regressor"), 0), path,
      "regressor"));
  auto wrap = std::make_unique<TargetFinal>();
  wrap->path = path;
  const std::string inverse_path = JoinContext(path, "inverse");
  for (size_t i = 0; i < t.inverse.size(); ++i) {
    const InverseStep& ts = t.inverse[i];
    const std::string step_path = IndexContext(inverse_path, i);
    if (!IsKnown(ts.check) || !IsKnown(ts.op) ||
        (ts.op == TargetOp::kUfunc && !IsKnown(ts.func))) {
      return Status(ErrorCode::kPredictorPipeline, step_path,
                    "unknown check, op or function");
    }
    TargetFinal::Step step;
    step.check = ts.check;
    step.op = ts.op;
    step.func = ts.func;
    if (ts.op != TargetOp::kIdentity && ts.op != TargetOp::kUfunc) {
      MODELSEAL_RETURN_IF_ERROR(CheckTensor(ts.values, DType::kFloat64,
                                            {n_outputs},
                                            JoinContext(step_path, "values")));
      step.values = DataOf<double>(ts.values);
    }
    wrap->steps.push_back(step);
  }
  wrap->inner = std::move(final_step);
  final_step = std::move(wrap);
  return Status::Ok();
}

}  // namespace modelseal
