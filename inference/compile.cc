// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The predictor's compile half: Predictor::Create checks a Model again and
// turns it into evaluation plans (docs/ARCHITECTURE.md, Layers). The
// compile step of each kind lives with the kind (kinds/<family>/predict.cc),
// reached through the registry below (kinds/kinds.def).
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
#include "inference/blas.h"
#include "inference/kernels.h"
#include "inference/predictor_impl.h"
#include "kinds/kinds.h"
#include "modelseal/limits.h"
#include "modelseal/predictor.h"

namespace modelseal {
namespace inference {

std::string ShapeString(const std::vector<uint64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += shape[i] == kAnyDim ? std::string("*") : std::to_string(shape[i]);
  }
  return s + "]";
}

// Checks that `t` is present with `dtype` and `shape` (kAnyDim matches any
// extent), that its byte length agrees with the shape and that its data is
// aligned for the dtype.
Status CheckTensor(const Tensor& t, DType dtype,
                   const std::vector<uint64_t>& shape,
                   const std::string& path) {
  if (!t.present()) {
    return Status(ErrorCode::kPredictorTensor, path, "absent");
  }
  if (t.dtype() != dtype) {
    return Status(ErrorCode::kPredictorTensor, path,
                  std::string("dtype ") + DTypeName(t.dtype()) + ", expected " +
                      DTypeName(dtype));
  }
  bool ok = t.shape().size() == shape.size();
  uint64_t count = 1;
  for (size_t i = 0; ok && i < shape.size(); ++i) {
    if (shape[i] != kAnyDim && shape[i] != t.shape()[i]) ok = false;
    auto c = CheckedMul(count, t.shape()[i]);
    if (!c) ok = false;
    count = c.value_or(0);
  }
  if (!ok) {
    return Status(
        ErrorCode::kPredictorTensor, path,
        "shape " + ShapeString(t.shape()) + ", expected " + ShapeString(shape));
  }
  auto bytes = CheckedMul(count, DTypeSize(dtype));
  if (!bytes || *bytes != t.nbytes()) {
    return Status(ErrorCode::kPredictorTensor, path,
                  "byte length disagrees with the shape");
  }
  if (count > 0 && (t.data() == nullptr ||
                    reinterpret_cast<uintptr_t>(t.data()) % DTypeSize(dtype))) {
    return Status(ErrorCode::kPredictorTensor, path, "data misaligned");
  }
  return Status::Ok();
}

const char* MethodName(Method m) {
  switch (m) {
    case Method::kPredict:
      return "predict";
    case Method::kProba:
      return "predict_proba";
    case Method::kDecision:
      return "decision_function";
    case Method::kTransform:
      return "transform";
    case Method::kLogProba:
      return "predict_log_proba";
  }
  return "?";
}

uint32_t SklearnRelease(const Model& m) {
  for (const LibraryVersion& l : m.metadata.library_versions) {
    if (l.name != "scikit-learn") continue;
    uint32_t parts[2] = {0, 0};
    size_t i = 0;
    for (uint32_t& part : parts) {
      size_t digits = 0;
      for (; i < l.version.size() && l.version[i] >= '0' &&
             l.version[i] <= '9' && digits < 4;
           ++i, ++digits) {
        part = part * 10 + static_cast<uint32_t>(l.version[i] - '0');
      }
      if (digits == 0) return 0;
      if (&part == &parts[0]) {
        if (i >= l.version.size() || l.version[i] != '.') return 0;
        ++i;
      }
    }
    return parts[0] * 1000 + parts[1];
  }
  return 0;
}

double RoundToFloat32(double v) {
  constexpr double kOverflow = 0x1.ffffffp127;  // FLT_MAX + half an ulp
  if (std::fabs(v) >= kOverflow) return std::copysign(HUGE_VAL, v);
  return static_cast<float>(v);
}

}  // namespace inference

using namespace inference;  // NOLINT(build/namespaces)

// ---------------------------------------------------------------------------
// Construction

Status Predictor::Impl::Flatten(
    const Estimator& e, const std::string& path, uint64_t depth,
    std::vector<std::pair<const Estimator*, std::string>>* out) {
  if (const auto* p = std::get_if<Pipeline>(&e.kind)) {
    if (depth >= limits::kMaxNestingDepth) {
      return Status(ErrorCode::kPredictorPipeline, path, "nested too deeply");
    }
    if (p->steps.empty()) {
      return Status(ErrorCode::kPredictorPipeline, JoinContext(path, "steps"),
                    "empty pipeline");
    }
    if (p->steps.size() > limits::kMaxPipelineSteps) {
      return Status(ErrorCode::kPredictorPipeline, JoinContext(path, "steps"),
                    "too many steps");
    }
    for (size_t i = 0; i < p->steps.size(); ++i) {
      MODELSEAL_RETURN_IF_ERROR(
          Flatten(p->steps[i], JoinContext(path, IndexContext("steps", i)),
                  depth + 1, out));
    }
    return Status::Ok();
  }
  out->emplace_back(&e, path);
  return Status::Ok();
}

Status StepList::Run(const StepCall& call, const double* x, double* a,
                     double* b, const double** result) const {
  const double* in = x;
  StepCall c = call;
  for (const auto& step : steps) {
    double* out = in == a ? b : a;
    MODELSEAL_RETURN_IF_ERROR(step->Apply(c, in, out));
    c.dtype = step->OutDType(c.dtype);
    in = out;
  }
  *result = in;
  return Status::Ok();
}

DType StepList::OutDType(DType in) const {
  for (const auto& step : steps) in = step->OutDType(in);
  return in;
}

uint32_t Dictionary::Intern(const std::string& s) {
  auto [it, added] =
      codes.try_emplace(s, static_cast<uint32_t>(strings.size()));
  if (added) strings.push_back(&it->first);
  return it->second;
}

void Predictor::Impl::AddStep(std::unique_ptr<TransformStep> step,
                              size_t out_width,
                              std::vector<FlowColumn> out_flow) {
  step->in_width = n_features;
  step->out_width = out_width;
  sink->max_width = std::max({sink->max_width, n_features, out_width});
  sink->scratch_width = std::max(sink->scratch_width, step->scratch_width);
  sink->steps.push_back(std::move(step));
  n_features = out_width;
  flow = std::move(out_flow);
}

void Predictor::Impl::AddNumericStep(std::unique_ptr<TransformStep> step,
                                     size_t out_width) {
  AddStep(std::move(step), out_width,
          std::vector<FlowColumn>(out_width, FlowColumn{}));
}

void Predictor::Impl::MarkRead() {
  for (const FlowColumn& f : flow) {
    if (f.origin >= 0) input_read[static_cast<size_t>(f.origin)] = 1;
  }
}

Status Predictor::Impl::RequireNumeric(const std::string& path,
                                       const char* what) const {
  for (size_t j = 0; j < flow.size(); ++j) {
    if (!flow[j].is_string) continue;
    const int64_t o = flow[j].origin;
    return Status(
        ErrorCode::kPredictorColumnType, path,
        std::string(what) + " takes numbers but its column " +
            std::to_string(j) + " is the string column " +
            (o >= 0 && !ColumnName(o).empty() ? "'" + ColumnName(o) + "'"
                                              : std::to_string(o)) +
            " of the input");
  }
  return Status::Ok();
}

Status Predictor::Impl::BuildTransform(const Estimator& e,
                                       const std::string& path) {
  if (std::holds_alternative<ColumnTransformer>(e.kind)) {
    return CompileColumnTransformer(std::get<ColumnTransformer>(e.kind), path);
  }
  if (const auto* u = std::get_if<FeatureUnion>(&e.kind)) {
    return CompileFeatureUnion(*u, path);
  }
  if (kinds::RoleOf(e) == kinds::Role::kTransformer) {
    // Every step but Passthrough (whose columns reach the next step) and
    // ColumnTransformer (whose groups read what they select) reads all of
    // its columns.
    if (!std::holds_alternative<Passthrough>(e.kind)) MarkRead();
    switch (e.kind.index()) {
#define MODELSEAL_KIND(K, role) \
  case kinds::internal::k##K:   \
    return Compile##K(std::get<K>(e.kind), path);
#include "kinds/kinds.def"
#undef MODELSEAL_KIND
    }
  }
  return Status(ErrorCode::kPredictorPipeline, path,
                std::string(e.kind_name()) +
                    " is not a transformer but is followed by a step");
}

Status Predictor::Impl::BuildOutputsForClassifier(const std::string& path) {
  const OutputSpec& o = model.output;
  if (o.classes.size() != n_outputs) {
    return Status(ErrorCode::kPredictorOutputSpec, "output.classes",
                  std::to_string(o.classes.size()) + " label lists for " +
                      std::to_string(n_outputs) + " outputs");
  }
  raw_width = 0;
  for (size_t i = 0; i < n_outputs; ++i) {
    const size_t c = o.classes[i].count();
    if (c < 1 || c > limits::kMaxClasses) {
      return Status(ErrorCode::kPredictorOutputSpec,
                    IndexContext("output.classes", i),
                    std::to_string(c) + " classes");
    }
    class_counts.push_back(c);
    class_offsets.push_back(raw_width);
    raw_width += c;
  }
  (void)path;
  return Status::Ok();
}

Status Predictor::Impl::Build() {
  MODELSEAL_RETURN_IF_ERROR(BuildSteps());
  FinishBuild();
  return Status::Ok();
}

void Predictor::Impl::FinishBuild() {
  size_t node_bytes = 0;
  for (const CompiledTree& t : trees) {
    tree_nodes.push_back(t.nodes.data());
    node_bytes += t.nodes.size() * sizeof(TreeNode);
  }
  for (const CompiledHistTree& t : hist_trees) {
    hist_refs.push_back({t.nodes.data(), t.raw_bitsets});
    node_bytes += t.nodes.size() * sizeof(HistNode);
  }
  const bool large = node_bytes > kLargeTreesBytes;
  const size_t widest =
      std::max({input_width, n_features, raw_width, transforms.max_width});
  block_rows =
      std::clamp<size_t>((large ? kLargeBlockValues : kBlockValues) / widest, 1,
                         large ? kLargeBlockRows : kBlockRows);
}

const std::string& Predictor::Impl::ColumnName(size_t j) const {
  static const std::string kNoName;
  const InputSpec& in = model.input;
  if (!in.columns.empty()) return in.columns[j].name;
  return in.feature_names.empty() ? kNoName : in.feature_names[j];
}

ColumnType Predictor::Impl::ColumnTypeOf(size_t j) const {
  const InputSpec& in = model.input;
  return in.columns.empty() ? ColumnType::kFloat : in.columns[j].type;
}

Nullable Predictor::Impl::ColumnNullable(size_t j) const {
  const InputSpec& in = model.input;
  return in.columns.empty() ? Nullable::kYes : in.columns[j].nullable;
}

Status Predictor::Impl::BuildInputColumns() {
  const InputSpec& in = model.input;
  if (!in.columns.empty() && in.columns.size() != input_width) {
    return Status(ErrorCode::kPredictorOutputSpec, "input.columns",
                  std::to_string(in.columns.size()) + " columns for " +
                      std::to_string(input_width) + " features");
  }
  if (!in.feature_names.empty() && in.feature_names.size() != input_width) {
    return Status(ErrorCode::kPredictorOutputSpec, "input.feature_names",
                  std::to_string(in.feature_names.size()) + " names for " +
                      std::to_string(input_width) + " features");
  }
  input_read.assign(input_width, 0);
  flow.assign(input_width, FlowColumn{});
  for (size_t j = 0; j < input_width; ++j) {
    const ColumnType type = ColumnTypeOf(j);
    if (!IsKnown(type) || !IsKnown(ColumnNullable(j))) {
      return Status(ErrorCode::kPredictorOutputSpec,
                    IndexContext("input.columns", j), "unknown type");
    }
    flow[j].origin = static_cast<int32_t>(j);
    if (type == ColumnType::kString) {
      flow[j].is_string = true;
      has_string_input = true;
    }
  }
  if (has_string_input) dictionaries.resize(input_width);
  return Status::Ok();
}

Status Predictor::Impl::BuildSteps() {
  input_width = n_features = model.input.n_features;
  n_outputs = model.output.n_outputs;
  if (n_features < 1 || n_features > limits::kMaxFeatures) {
    return Status(ErrorCode::kPredictorOutputSpec, "input.n_features",
                  std::to_string(n_features) + " features");
  }
  if (n_outputs < 1 || n_outputs > limits::kMaxOutputs) {
    return Status(ErrorCode::kPredictorOutputSpec, "output.n_outputs",
                  std::to_string(n_outputs) + " outputs");
  }
  MODELSEAL_RETURN_IF_ERROR(BuildInputColumns());
  const Task task = model.output.task;
  if (task != Task::kRegression && task != Task::kClassification &&
      task != Task::kTransform) {
    return Status(ErrorCode::kPredictorOutputSpec, "output.task",
                  "unknown task " + std::to_string(static_cast<int>(task)));
  }
  classifier = task == Task::kClassification;
  if (classifier) {
    MODELSEAL_RETURN_IF_ERROR(BuildOutputsForClassifier("output"));
  }

  std::vector<std::pair<const Estimator*, std::string>> steps;
  MODELSEAL_RETURN_IF_ERROR(Flatten(model.estimator, "estimator", 0, &steps));
  for (size_t i = 0; i + 1 < steps.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(BuildTransform(*steps[i].first, steps[i].second));
  }
  const Estimator& last = *steps.back().first;
  const std::string& path = steps.back().second;
  const bool last_is_transformer =
      kinds::RoleOf(last) == kinds::Role::kTransformer ||
      std::holds_alternative<ColumnTransformer>(last.kind) ||
      std::holds_alternative<FeatureUnion>(last.kind);
  if (task == Task::kTransform) {
    if (!last_is_transformer) {
      return Status(ErrorCode::kPredictorOutputSpec, "output.task",
                    std::string("transform task but the last step is ") +
                        last.kind_name());
    }
    MODELSEAL_RETURN_IF_ERROR(BuildTransform(last, path));
    // final_step stays null
    if (n_outputs != n_features) {
      return Status(ErrorCode::kPredictorOutputSpec, "output.n_outputs",
                    std::to_string(n_outputs) + " outputs for a transform of " +
                        std::to_string(n_features) + " columns");
    }
    MarkRead();
    return RequireNumeric(path, "the transform's output");
  }
  if (last_is_transformer) {
    return Status(ErrorCode::kPredictorOutputSpec, "output.task",
                  "the last step is a transformer but the task is not "
                  "transform");
  }
  return BuildFinal(last, path);
}

Status Predictor::Impl::BuildWrapped(const Estimator& e,
                                     const std::string& path,
                                     const std::string& wrapper_path,
                                     const char* what) {
  if (compile_depth >= limits::kMaxNestingDepth) {
    return Status(ErrorCode::kPredictorPipeline, wrapper_path,
                  "nested too deeply");
  }
  std::vector<std::pair<const Estimator*, std::string>> steps;
  MODELSEAL_RETURN_IF_ERROR(Flatten(e, path, compile_depth + 1, &steps));
  for (size_t i = 0; i + 1 < steps.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(BuildTransform(*steps[i].first, steps[i].second));
  }
  ++compile_depth;
  Status s = BuildFinal(*steps.back().first, steps.back().second);
  --compile_depth;
  MODELSEAL_RETURN_IF_ERROR(s);
  if (final_step == nullptr) {
    return Status(ErrorCode::kPredictorPipeline, wrapper_path,
                  std::string("the ") + what + " has no final estimator");
  }
  return Status::Ok();
}

Status Predictor::Impl::BuildMember(const Estimator& e, const std::string& path,
                                    std::unique_ptr<const Impl>* out) {
  if (compile_depth >= limits::kMaxNestingDepth) {
    return Status(ErrorCode::kPredictorPipeline, path, "nested too deeply");
  }
  // A model of its own: this one's input spec (the member's columns come
  // from its input columns, flow[].origin, for names in errors) and output
  // spec, and the member as its estimator (a copy of the tree; tensors
  // share their data).
  Model sub;
  sub.input = model.input;
  sub.output = model.output;
  sub.estimator = e;
  auto m = std::make_unique<Impl>(std::move(sub));
  m->input_width = n_features;
  m->n_features = n_features;
  m->flow = flow;
  m->input_read.assign(input_read.size(), 0);
  m->n_outputs = n_outputs;
  m->classifier = classifier;
  m->class_counts = class_counts;
  m->class_offsets = class_offsets;
  m->raw_width = raw_width;
  m->compile_depth = compile_depth + 1;
  std::vector<std::pair<const Estimator*, std::string>> steps;
  MODELSEAL_RETURN_IF_ERROR(
      m->Flatten(m->model.estimator, path, compile_depth + 1, &steps));
  for (size_t i = 0; i + 1 < steps.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        m->BuildTransform(*steps[i].first, steps[i].second));
  }
  MODELSEAL_RETURN_IF_ERROR(
      m->BuildFinal(*steps.back().first, steps.back().second));
  if (m->final_step == nullptr) {
    return Status(ErrorCode::kPredictorPipeline, path,
                  "the estimator has no final estimator");
  }
  m->FinishBuild();
  for (size_t j = 0; j < input_read.size(); ++j) {
    input_read[j] |= m->input_read[j];
  }
  *out = std::move(m);
  return Status::Ok();
}

Status Predictor::Impl::BuildFinal(const Estimator& e,
                                   const std::string& path) {
  // A TransformedTargetRegressor's regressor (a ThresholdClassifier's
  // classifier) runs its own transformer steps first
  // (CompileTransformedTargetRegressor); its final estimator makes the
  // check below when that compiles it.
  if (!std::holds_alternative<TransformedTargetRegressor>(e.kind) &&
      !std::holds_alternative<ThresholdClassifier>(e.kind)) {
    MarkRead();
    MODELSEAL_RETURN_IF_ERROR(RequireNumeric(path, e.kind_name()));
  }
  // The registry: one case per line of kinds/kinds.def.
  switch (e.kind.index()) {
#define MODELSEAL_KIND(K, role) \
  case kinds::internal::k##K:   \
    return Compile##K(std::get<K>(e.kind), path);
#include "kinds/kinds.def"
#undef MODELSEAL_KIND
  }
  return Status(ErrorCode::kPredictorPipeline, path,
                std::string("unsupported estimator kind ") + e.kind_name());
}

// ---------------------------------------------------------------------------
// Public API

Predictor::Predictor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Predictor::~Predictor() = default;

Result<std::unique_ptr<Predictor>> Predictor::Create(const Model& model) {
  inference::UseOneBlasThreadPerCaller();
  auto impl = std::make_unique<Impl>(model);
  MODELSEAL_RETURN_IF_ERROR(impl->Build());
  return std::unique_ptr<Predictor>(new Predictor(std::move(impl)));
}

const Model& Predictor::model() const { return impl_->model; }
Task Predictor::task() const { return impl_->model.output.task; }
uint64_t Predictor::n_features() const { return impl_->input_width; }
const std::vector<InputColumn>& Predictor::input_columns() const {
  const Impl& p = *impl_;
  std::call_once(p.input_columns_once, [&p] {
    p.input_columns_list.reserve(p.input_width);
    for (size_t j = 0; j < p.input_width; ++j) {
      p.input_columns_list.push_back(
          {p.ColumnName(j), p.ColumnTypeOf(j), p.ColumnNullable(j)});
    }
  });
  return p.input_columns_list;
}
const std::vector<uint8_t>& Predictor::input_read() const {
  return impl_->input_read;
}
uint64_t Predictor::Impl::WorkspacePerRow() const {
  // As RunRange allocates it (evaluate.cc).
  return uint64_t{input_width} + 2 * uint64_t{transforms.max_width} +
         transforms.scratch_width + std::max<uint64_t>(raw_width, 1) +
         (final_step != nullptr ? final_step->WorkspacePerRow() : 0);
}

uint64_t Predictor::workspace_per_row() const {
  return impl_->WorkspacePerRow();
}

}  // namespace modelseal
