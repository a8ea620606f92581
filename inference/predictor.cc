// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "modelseal/predictor.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "core/checked_math.h"
#include "inference/kernels.h"
#include "modelseal/limits.h"

namespace modelseal {
namespace {

using inference::HistNode;
using inference::TreeNode;

// Rows processed together: each tree is walked for a whole block before the
// next tree, so the tree's nodes stay in cache. Wide inputs or outputs use
// fewer rows per block so that a block's buffers stay under about
// kBlockValues doubles (256 KiB) each. Models whose nodes do not fit in a
// core's L2 cache (kLargeTreesBytes) use kLargeBlockRows: each pass over the
// nodes then serves more rows (measured on a 200-tree full-depth forest of
// 4.4 MiB of nodes: 64 rows 641 ms, 256 rows 542 ms, 1024 rows 517 ms per
// 100k rows; small models are slower with large blocks: GradientBoosting
// with 200 depth-3 trees 108 ms at 64 rows, 121 ms at 256).
constexpr size_t kBlockRows = 64;
constexpr size_t kLargeBlockRows = 1024;
constexpr size_t kBlockValues = 32768;
constexpr size_t kLargeBlockValues = 131072;
constexpr size_t kLargeTreesBytes = size_t{1} << 20;
constexpr uint64_t kAnyDim = std::numeric_limits<uint64_t>::max();

std::string Idx(std::string_view name, uint64_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}
std::string Join(const std::string& a, std::string_view b) {
  return a.empty() ? std::string(b) : a + "." + std::string(b);
}

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

template <typename T>
const T* DataOf(const Tensor& t) {
  return t.span<T>().data();
}

// Checks, node by node, that no node is the child of two nodes (or twice
// the child of one) and that node 0 is nobody's child. Then no walk from
// node 0 meets a node twice (the node would need a second parent), so
// traversal ends within n steps; nodes no walk reaches are never read. One
// pass, no stack (this runs for every node of every tree at load).
class ParentCheck {
 public:
  explicit ParentCheck(uint64_t n) : has_parent_(n, 0) { has_parent_[0] = 1; }
  // Records that node `parent` has children l and r (in range).
  Status Add(uint64_t parent, uint64_t l, uint64_t r, const std::string& path,
             const char* left_name, const char* right_name) {
    if (has_parent_[l]) return Error(parent, l, path, left_name);
    has_parent_[l] = 1;
    if (has_parent_[r]) return Error(parent, r, path, right_name);
    has_parent_[r] = 1;
    return Status::Ok();
  }

 private:
  static Status Error(uint64_t parent, uint64_t child, const std::string& path,
                      const char* name) {
    return Status(ErrorCode::kPredictorTreeChild, Join(path, Idx(name, parent)),
                  "node " + std::to_string(child) +
                      (child == 0 ? " is the root" : " has two parents"));
  }
  std::vector<uint8_t> has_parent_;
};

// How a step checks its input (see predictor.h).
enum class InputRule {
  kAllowNan,  // StandardScaler: infinity rejected
  kFinite,    // LinearModel
  kFloat32,   // trees: cast; infinity rejected, nan if allow_nan
  kAnything,  // HistGradientBoosting
};

struct ScalerStep {
  const double* mean = nullptr;   // or null
  const double* scale = nullptr;  // or null
  // For float32 input when the fitting release casts mean_ and scale_ to
  // X's dtype first (scikit-learn >= 1.8): both rounded to float32.
  std::vector<double> mean_f32, scale_f32;
};

// The scikit-learn release that fitted the model, from
// metadata.library_versions ("scikit-learn", "1.8.0"), as major * 1000 +
// minor; 0 when not recorded or not of the form "<digits>.<digits>...".
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

// v rounded to float32 (to nearest, ties to even; beyond float32's range,
// infinity) without a float conversion that overflows.
double RoundToFloat32(double v) {
  constexpr double kOverflow = 0x1.ffffffp127;  // FLT_MAX + half an ulp
  if (std::fabs(v) >= kOverflow) return std::copysign(HUGE_VAL, v);
  return static_cast<float>(v);
}

// A CategoryEncoder: output column j reads input column source[j]; the
// first categories.size() output columns are encoded with their categories.
struct EncoderStep {
  struct Column {
    const double* categories = nullptr;  // strictly increasing
    size_t count = 0;
  };
  std::vector<uint32_t> source;  // [n_features], a permutation
  std::vector<Column> encoded;   // [m]
};

// One transformer step of the pipeline, applied in order.
struct TransformStep {
  enum class Kind { kScaler, kEncoder };
  Kind kind = Kind::kScaler;
  ScalerStep scaler;
  EncoderStep encoder;
};

// The index of `x` in `cats[0, n)` (exact equality), or NaN when x is NaN or
// not a category.
double EncodeCategory(double x, const double* cats, size_t n) {
  if (std::isnan(x)) return x;
  const double* it = std::lower_bound(cats, cats + n, x);
  if (it == cats + n || !(*it == x)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return static_cast<double>(it - cats);
}

struct CompiledTree {
  std::vector<TreeNode> nodes;
  const double* value = nullptr;  // [nodes, n_outputs, width]
};

struct CompiledHistTree {
  std::vector<HistNode> nodes;
  const uint32_t* raw_bitsets = nullptr;  // [n, 8] or null (no categorical)
};

enum class FinalKind { kNone, kLinear, kTree, kForest, kGb, kHgb };

enum class Method { kPredict, kProba, kDecision, kTransform };

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
  }
  return "?";
}

// Output buffers of one call; each thread writes its own rows.
struct Outputs {
  Matrix<int64_t>* classes = nullptr;
  Matrix<double>* values = nullptr;
  std::vector<Matrix<double>>* proba = nullptr;
};

}  // namespace

class Predictor::Impl {
 public:
  explicit Impl(const Model& m) : model(m) {}

  Status Build();
  Status Run(const MatrixView& X, Method method, Outputs outs,
             const PredictOptions& options) const;
  bool Supports(Method method) const;

  Model model;
  size_t n_features = 0;
  size_t n_outputs = 0;
  bool classifier = false;
  std::vector<TransformStep> transforms;
  bool has_encoder = false;
  FinalKind final_kind = FinalKind::kNone;
  InputRule final_rule = InputRule::kAnything;
  bool trees_allow_nan = false;
  std::vector<size_t> class_counts;   // per output (classification)
  std::vector<size_t> class_offsets;  // of each output in the raw row
  size_t raw_width = 0;               // doubles per row of raw scores
  size_t block_rows = kBlockRows;     // rows per block (see kBlockValues)

  // LinearModel: d = X coef^T + intercept, [k] per row.
  const double* coef = nullptr;
  const double* intercept = nullptr;
  LinearOutput linear_output = LinearOutput::kRegression;
  // DecisionTree / Forest / GradientBoosting.
  std::vector<CompiledTree> trees;
  size_t value_width = 1;  // last extent of Tree.value
  // GradientBoosting.
  const double* init_raw = nullptr;
  double learning_rate = 0;
  GbLoss gb_loss = GbLoss::kSquaredError;
  // HistGradientBoosting.
  std::vector<CompiledHistTree> hist_trees;
  // The node arrays of `trees` / `hist_trees` in order, for walking one row
  // down many trees at once (blocks of fewer than kLockstep rows).
  std::vector<const TreeNode*> tree_nodes;
  std::vector<inference::HistTreeRef> hist_refs;
  const double* baseline = nullptr;
  const uint32_t* known_bitsets = nullptr;
  HgbLoss hgb_loss = HgbLoss::kSquaredError;
  size_t k_per_iter = 1;  // K of GradientBoosting / HistGradientBoosting

 private:
  Status BuildSteps();
  Status Flatten(const Estimator& e, const std::string& path, uint64_t depth,
                 std::vector<std::pair<const Estimator*, std::string>>* out);
  Status BuildScaler(const StandardScaler& s, const std::string& path);
  Status BuildEncoder(const CategoryEncoder& c, const std::string& path);
  Status BuildTransform(const Estimator& e, const std::string& path);
  Status BuildOutputsForClassifier(const std::string& path);
  Status BuildLinear(const LinearModel& l, const std::string& path);
  Status BuildTree(const Tree& t, size_t outputs, size_t width,
                   const std::string& path, CompiledTree* out);
  Status BuildTrees(const std::vector<const Tree*>& ts,
                    const std::vector<std::string>& paths);
  Status BuildGb(const GradientBoosting& g, const std::string& path);
  Status BuildHgb(const HistGradientBoosting& h, const std::string& path);
  Status BuildHistTree(const HistTree& t, uint64_t n_known,
                       const int32_t* f_idx_map, const std::string& path,
                       CompiledHistTree* out);

  // Runs rows [begin, end) of X.
  Status RunRange(const MatrixView& X, size_t begin, size_t end, Method method,
                  Outputs outs) const;
  Status CheckBlock(const double* x, size_t rows, size_t row0, InputRule rule,
                    bool allow_nan) const;
  // Encodes x[rows, n_features] in place; `row` has room for one row.
  Status ApplyEncoder(const EncoderStep& e, double* x, size_t rows, size_t row0,
                      double* row) const;
  void ComputeRaw(const double* x, const float* xf, size_t rows,
                  int32_t* leaves, double* raw) const;
  void Finish(Method method, const double* raw, size_t rows, size_t row0,
              size_t total_rows, Outputs outs) const;
};

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
      return Status(ErrorCode::kPredictorPipeline, Join(path, "steps"),
                    "empty pipeline");
    }
    if (p->steps.size() > limits::kMaxPipelineSteps) {
      return Status(ErrorCode::kPredictorPipeline, Join(path, "steps"),
                    "too many steps");
    }
    for (size_t i = 0; i < p->steps.size(); ++i) {
      MODELSEAL_RETURN_IF_ERROR(
          Flatten(p->steps[i], Join(path, Idx("steps", i)), depth + 1, out));
    }
    return Status::Ok();
  }
  out->emplace_back(&e, path);
  return Status::Ok();
}

Status Predictor::Impl::BuildScaler(const StandardScaler& s,
                                    const std::string& path) {
  ScalerStep step;
  if (s.mean.present()) {
    MODELSEAL_RETURN_IF_ERROR(
        CheckTensor(s.mean, DType::kFloat64, {n_features}, Join(path, "mean")));
    step.mean = DataOf<double>(s.mean);
  }
  if (s.scale.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(s.scale, DType::kFloat64,
                                          {n_features}, Join(path, "scale")));
    step.scale = DataOf<double>(s.scale);
  }
  // scikit-learn 1.8 and newer compute `X -= mean_.astype(X.dtype)`; older
  // releases subtract the float64 mean_ (either way the result is float32).
  // A model that records no release gets the newest behaviour.
  const uint32_t release = SklearnRelease(model);
  if (release == 0 || release >= 1008) {
    if (step.mean) {
      step.mean_f32.resize(n_features);
      for (size_t i = 0; i < n_features; ++i) {
        step.mean_f32[i] = RoundToFloat32(step.mean[i]);
      }
    }
    if (step.scale) {
      step.scale_f32.resize(n_features);
      for (size_t i = 0; i < n_features; ++i) {
        step.scale_f32[i] = RoundToFloat32(step.scale[i]);
      }
    }
  }
  TransformStep t;
  t.kind = TransformStep::Kind::kScaler;
  t.scaler = step;
  transforms.push_back(std::move(t));
  return Status::Ok();
}

Status Predictor::Impl::BuildEncoder(const CategoryEncoder& c,
                                     const std::string& path) {
  const std::string columns_path = Join(path, "columns");
  if (c.columns.empty() || c.columns.size() > n_features) {
    return Status(ErrorCode::kPredictorCategories, columns_path,
                  std::to_string(c.columns.size()) + " columns for " +
                      std::to_string(n_features) + " input features");
  }
  TransformStep t;
  t.kind = TransformStep::Kind::kEncoder;
  EncoderStep& enc = t.encoder;
  std::vector<uint8_t> listed(n_features, 0);
  for (size_t i = 0; i < c.columns.size(); ++i) {
    const CategoryColumn& col = c.columns[i];
    const std::string col_path = Idx(columns_path, i);
    if (col.column >= n_features) {
      return Status(ErrorCode::kPredictorFeatureIndex, col_path + ".column",
                    std::to_string(col.column) + " out of range [0, " +
                        std::to_string(n_features) + ")");
    }
    if (i > 0 && !(c.columns[i - 1].column < col.column)) {
      return Status(ErrorCode::kPredictorCategories, col_path + ".column",
                    "columns not strictly increasing");
    }
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(col.categories, DType::kFloat64,
                                          {kAnyDim}, col_path + ".categories"));
    const size_t k = col.categories.shape()[0];
    const double* cats = DataOf<double>(col.categories);
    if (k < 1 || k > limits::kMaxCategories) {
      return Status(ErrorCode::kPredictorCategories, col_path + ".categories",
                    std::to_string(k) + " categories");
    }
    for (size_t j = 1; j < k; ++j) {
      if (!(cats[j - 1] < cats[j])) {  // also rejects nan
        return Status(ErrorCode::kPredictorCategories,
                      Idx(col_path + ".categories", j),
                      "categories not strictly increasing");
      }
    }
    if (std::isnan(cats[0])) {
      return Status(ErrorCode::kPredictorCategories,
                    col_path + ".categories[0]", "nan category");
    }
    listed[col.column] = 1;
    enc.source.push_back(static_cast<uint32_t>(col.column));
    enc.encoded.push_back({cats, k});
  }
  for (size_t j = 0; j < n_features; ++j) {
    if (!listed[j]) enc.source.push_back(static_cast<uint32_t>(j));
  }
  has_encoder = true;
  transforms.push_back(std::move(t));
  return Status::Ok();
}

Status Predictor::Impl::BuildTransform(const Estimator& e,
                                       const std::string& path) {
  if (const auto* s = std::get_if<StandardScaler>(&e.kind)) {
    return BuildScaler(*s, path);
  }
  if (const auto* c = std::get_if<CategoryEncoder>(&e.kind)) {
    return BuildEncoder(*c, path);
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
      return Status(ErrorCode::kPredictorOutputSpec, Idx("output.classes", i),
                    std::to_string(c) + " classes");
    }
    class_counts.push_back(c);
    class_offsets.push_back(raw_width);
    raw_width += c;
  }
  (void)path;
  return Status::Ok();
}

Status Predictor::Impl::BuildLinear(const LinearModel& l,
                                    const std::string& path) {
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(
      l.coef, DType::kFloat64, {kAnyDim, n_features}, Join(path, "coef")));
  const uint64_t k = l.coef.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(l.intercept, DType::kFloat64, {k}, Join(path, "intercept")));
  coef = DataOf<double>(l.coef);
  intercept = DataOf<double>(l.intercept);
  linear_output = l.output;
  final_rule = InputRule::kFinite;
  switch (l.output) {
    case LinearOutput::kRegression:
      if (classifier || k != n_outputs) {
        return Status(ErrorCode::kPredictorOutputSpec, Join(path, "output"),
                      "regression with " + std::to_string(k) +
                          " coefficient rows for " + std::to_string(n_outputs) +
                          " outputs");
      }
      raw_width = k;
      return Status::Ok();
    case LinearOutput::kDecision:
    case LinearOutput::kLogisticOvr:
    case LinearOutput::kSoftmax: {
      if (!classifier || n_outputs != 1) {
        return Status(ErrorCode::kPredictorOutputSpec, Join(path, "output"),
                      "linear classifier needs one classification output");
      }
      const size_t c = class_counts[0];
      if (!((k == 1 && c == 2) || (k >= 2 && k == c))) {
        return Status(ErrorCode::kPredictorOutputSpec, Join(path, "coef"),
                      std::to_string(k) + " coefficient rows for " +
                          std::to_string(c) + " classes");
      }
      raw_width = k;
      return Status::Ok();
    }
  }
  return Status(
      ErrorCode::kPredictorOutputSpec, Join(path, "output"),
      "unknown linear output " + std::to_string(static_cast<int>(l.output)));
}

Status Predictor::Impl::BuildTree(const Tree& t, size_t outputs, size_t width,
                                  const std::string& path, CompiledTree* out) {
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(
      t.children_left, DType::kInt32, {kAnyDim}, Join(path, "children_left")));
  const uint64_t n = t.children_left.shape()[0];
  if (n < 1 || n > limits::kMaxTreeNodes) {
    return Status(ErrorCode::kPredictorTensor, Join(path, "children_left"),
                  std::to_string(n) + " nodes");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.children_right, DType::kInt32, {n},
                                        Join(path, "children_right")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(t.feature, DType::kInt32, {n}, Join(path, "feature")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(t.threshold, DType::kFloat64, {n}, Join(path, "threshold")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(
      t.value, DType::kFloat64, {n, outputs, width}, Join(path, "value")));
  const uint8_t* missing = nullptr;
  if (t.missing_go_to_left.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.missing_go_to_left, DType::kUInt8,
                                          {n},
                                          Join(path, "missing_go_to_left")));
    missing = DataOf<uint8_t>(t.missing_go_to_left);
  }
  const int32_t* left = DataOf<int32_t>(t.children_left);
  const int32_t* right = DataOf<int32_t>(t.children_right);
  const int32_t* feature = DataOf<int32_t>(t.feature);
  const double* threshold = DataOf<double>(t.threshold);
  out->nodes.resize(n);
  out->value = DataOf<double>(t.value);
  // One pass without branches on the node kind (leaves and splits alternate
  // unpredictably) checks the rules and lays out every node. Only when a
  // node breaks a rule does the loop below run, to report the first one;
  // the layout is the same either way.
  {
    std::vector<uint8_t> has_parent(n + 1, 0);  // [n]: a dummy slot
    has_parent[0] = 1;
    bool ok = true;
    for (uint64_t i = 0; i < n; ++i) {
      const int64_t l = left[i], r = right[i], f = feature[i];
      const bool leaf = (l == -1) & (r == -1);
      const bool in_range = (static_cast<uint64_t>(l) < n) &
                            (static_cast<uint64_t>(r) < n) &
                            (static_cast<uint64_t>(f) < n_features);
      const bool split = !leaf & in_range;
      const uint64_t lc = split ? static_cast<uint64_t>(l) : n;
      const uint64_t rc = split ? static_cast<uint64_t>(r) : n;
      const bool l_free = !has_parent[lc], r_free = !has_parent[rc];
      const bool first_parent = l_free & r_free & (lc != rc);
      ok &= leaf | (split & first_parent);
      has_parent[lc] = 1;
      has_parent[rc] = 1;
      const int32_t self = static_cast<int32_t>(i);
      const uint32_t flags =
          missing && missing[i] ? inference::kMissingLeft : 0u;
      out->nodes[i] =
          TreeNode{leaf ? inference::kLeaf : (static_cast<uint32_t>(f) | flags),
                   leaf ? 0.0f : inference::RoundDownToFloat(threshold[i]),
                   {leaf ? self : static_cast<int32_t>(l),
                    leaf ? self : static_cast<int32_t>(r)}};
    }
    if (ok) return Status::Ok();
  }
  ParentCheck parents(n);
  for (uint64_t i = 0; i < n; ++i) {
    const int64_t l = left[i], r = right[i];
    if (l == -1 && r == -1) continue;
    const int64_t nn = static_cast<int64_t>(n);
    if (l < 0 || l >= nn) {
      return Status(
          ErrorCode::kPredictorTreeChild, Join(path, Idx("children_left", i)),
          std::to_string(l) + " out of range [0, " + std::to_string(n) + ")");
    }
    if (r < 0 || r >= nn) {
      return Status(
          ErrorCode::kPredictorTreeChild, Join(path, Idx("children_right", i)),
          std::to_string(r) + " out of range [0, " + std::to_string(n) + ")");
    }
    const int64_t f = feature[i];
    if (f < 0 || static_cast<uint64_t>(f) >= n_features) {
      return Status(ErrorCode::kPredictorFeatureIndex,
                    Join(path, Idx("feature", i)),
                    std::to_string(f) + " out of range [0, " +
                        std::to_string(n_features) + ")");
    }
    MODELSEAL_RETURN_IF_ERROR(parents.Add(i, static_cast<uint64_t>(l),
                                          static_cast<uint64_t>(r), path,
                                          "children_left", "children_right"));
  }
  return Status::Ok();  // the two passes' rules agree: not reached
}

Status Predictor::Impl::BuildTrees(const std::vector<const Tree*>& ts,
                                   const std::vector<std::string>& paths) {
  final_rule = InputRule::kFloat32;
  if (ts.empty()) {
    return Status(ErrorCode::kPredictorTensor, Join(paths.at(0), "trees"),
                  "no trees");
  }
  if (classifier) {
    value_width = *std::max_element(class_counts.begin(), class_counts.end());
    if (!ts[0]->value.shape().empty() && ts[0]->value.rank() == 3 &&
        ts[0]->value.shape()[2] >= value_width) {
      value_width = ts[0]->value.shape()[2];
    }
  } else {
    value_width = 1;
    raw_width = n_outputs;
  }
  trees_allow_nan = true;
  trees.resize(ts.size());
  for (size_t i = 0; i < ts.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        BuildTree(*ts[i], n_outputs, value_width, paths[i + 1], &trees[i]));
    if (!ts[i]->missing_go_to_left.present()) trees_allow_nan = false;
  }
  return Status::Ok();
}

Status Predictor::Impl::BuildGb(const GradientBoosting& g,
                                const std::string& path) {
  final_rule = InputRule::kFloat32;
  trees_allow_nan = false;
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(g.init_raw, DType::kFloat64, {kAnyDim},
                                        Join(path, "init_raw")));
  const uint64_t k = g.init_raw.shape()[0];
  auto expected = CheckedMul(g.n_stages, k);
  if (!expected || *expected != g.trees.size()) {
    return Status(ErrorCode::kPredictorTensor, Join(path, "trees"),
                  std::to_string(g.trees.size()) + " trees for " +
                      std::to_string(g.n_stages) + " stages of " +
                      std::to_string(k));
  }
  bool loss_is_classifier;
  switch (g.loss) {
    case GbLoss::kSquaredError:
    case GbLoss::kAbsoluteError:
    case GbLoss::kHuber:
    case GbLoss::kQuantile:
      loss_is_classifier = false;
      break;
    case GbLoss::kLogLossBinary:
    case GbLoss::kLogLossMulticlass:
    case GbLoss::kExponential:
      loss_is_classifier = true;
      break;
    default:
      return Status(ErrorCode::kPredictorOutputSpec, Join(path, "loss"),
                    "unknown loss " + std::to_string(static_cast<int>(g.loss)));
  }
  bool k_ok;
  if (!loss_is_classifier) {
    k_ok = !classifier && n_outputs == 1 && k == 1;
  } else if (g.loss == GbLoss::kLogLossMulticlass) {
    k_ok = classifier && n_outputs == 1 && k >= 2 && k == class_counts[0];
  } else {
    k_ok = classifier && n_outputs == 1 && k == 1 && class_counts[0] == 2;
  }
  if (!k_ok) {
    return Status(ErrorCode::kPredictorOutputSpec, Join(path, "loss"),
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
        BuildTree(g.trees[i], 1, 1, Join(path, Idx("trees", i)), &trees[i]));
  }
  return Status::Ok();
}

Status Predictor::Impl::BuildHistTree(const HistTree& t, uint64_t n_known,
                                      const int32_t* f_idx_map,
                                      const std::string& path,
                                      CompiledHistTree* out) {
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(t.value, DType::kFloat64, {kAnyDim}, Join(path, "value")));
  const uint64_t n = t.value.shape()[0];
  if (n < 1 || n > limits::kMaxTreeNodes) {
    return Status(ErrorCode::kPredictorTensor, Join(path, "value"),
                  std::to_string(n) + " nodes");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.feature_idx, DType::kUInt32, {n},
                                        Join(path, "feature_idx")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.num_threshold, DType::kFloat64, {n},
                                        Join(path, "num_threshold")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.missing_go_to_left, DType::kUInt8,
                                        {n}, Join(path, "missing_go_to_left")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(t.left, DType::kUInt32, {n}, Join(path, "left")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(t.right, DType::kUInt32, {n}, Join(path, "right")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(t.is_leaf, DType::kUInt8, {n}, Join(path, "is_leaf")));
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.is_categorical, DType::kUInt8, {n},
                                        Join(path, "is_categorical")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(t.bitset_idx, DType::kUInt32, {n}, Join(path, "bitset_idx")));
  uint64_t n_bitsets = 0;
  if (t.raw_left_cat_bitsets.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(t.raw_left_cat_bitsets,
                                          DType::kUInt32, {kAnyDim, 8},
                                          Join(path, "raw_left_cat_bitsets")));
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
      return Status(ErrorCode::kPredictorTreeChild, Join(path, Idx("left", i)),
                    std::to_string(left[i]) + " out of range [0, " +
                        std::to_string(n) + ")");
    }
    if (right[i] >= n) {
      return Status(ErrorCode::kPredictorTreeChild, Join(path, Idx("right", i)),
                    std::to_string(right[i]) + " out of range [0, " +
                        std::to_string(n) + ")");
    }
    if (feature[i] >= n_features) {
      return Status(ErrorCode::kPredictorFeatureIndex,
                    Join(path, Idx("feature_idx", i)),
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
                      Join(path, Idx("bitset_idx", i)),
                      std::to_string(bitset[i]) + " out of range [0, " +
                          std::to_string(n_bitsets) + ")");
      }
      const int64_t row = f_idx_map ? f_idx_map[feature[i]] : -1;
      if (row < 0 || static_cast<uint64_t>(row) >= n_known) {
        return Status(ErrorCode::kPredictorBitsetIndex,
                      Idx("f_idx_map", feature[i]),
                      "categorical split on feature " +
                          std::to_string(feature[i]) + " without a row in " +
                          "known_cat_bitsets (" + std::to_string(row) + ")");
      }
      node.cat = HistNode::CatSplit{bitset[i], static_cast<uint32_t>(row)};
    }
  }
  return Status::Ok();
}

Status Predictor::Impl::BuildHgb(const HistGradientBoosting& h,
                                 const std::string& path) {
  final_rule = InputRule::kAnything;
  MODELSEAL_RETURN_IF_ERROR(CheckTensor(h.baseline, DType::kFloat64, {kAnyDim},
                                        Join(path, "baseline")));
  const uint64_t k = h.baseline.shape()[0];
  auto expected = CheckedMul(h.n_iter, k);
  if (!expected || *expected != h.trees.size()) {
    return Status(ErrorCode::kPredictorTensor, Join(path, "trees"),
                  std::to_string(h.trees.size()) + " trees for " +
                      std::to_string(h.n_iter) + " iterations of " +
                      std::to_string(k));
  }
  bool loss_is_classifier;
  switch (h.loss) {
    case HgbLoss::kSquaredError:
    case HgbLoss::kAbsoluteError:
    case HgbLoss::kGamma:
    case HgbLoss::kPoisson:
    case HgbLoss::kQuantile:
      loss_is_classifier = false;
      break;
    case HgbLoss::kLogLossBinary:
    case HgbLoss::kLogLossMulticlass:
      loss_is_classifier = true;
      break;
    default:
      return Status(ErrorCode::kPredictorOutputSpec, Join(path, "loss"),
                    "unknown loss " + std::to_string(static_cast<int>(h.loss)));
  }
  bool k_ok;
  if (!loss_is_classifier) {
    k_ok = !classifier && n_outputs == 1 && k == 1;
  } else if (h.loss == HgbLoss::kLogLossMulticlass) {
    k_ok = classifier && n_outputs == 1 && k >= 2 && k == class_counts[0];
  } else {
    k_ok = classifier && n_outputs == 1 && k == 1 && class_counts[0] == 2;
  }
  if (!k_ok) {
    return Status(ErrorCode::kPredictorOutputSpec, Join(path, "loss"),
                  "loss, baseline length " + std::to_string(k) +
                      " and the output spec disagree");
  }
  uint64_t n_known = 0;
  const int32_t* f_idx_map = nullptr;
  if (h.known_cat_bitsets.present() || h.f_idx_map.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(h.known_cat_bitsets, DType::kUInt32,
                                          {kAnyDim, 8},
                                          Join(path, "known_cat_bitsets")));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(
        h.f_idx_map, DType::kInt32, {n_features}, Join(path, "f_idx_map")));
    n_known = h.known_cat_bitsets.shape()[0];
    known_bitsets = DataOf<uint32_t>(h.known_cat_bitsets);
    f_idx_map = DataOf<int32_t>(h.f_idx_map);
  }
  baseline = DataOf<double>(h.baseline);
  hgb_loss = h.loss;
  k_per_iter = k;
  raw_width = k;
  hist_trees.resize(h.trees.size());
  for (size_t i = 0; i < h.trees.size(); ++i) {
    Status s = BuildHistTree(h.trees[i], n_known, f_idx_map,
                             Join(path, Idx("trees", i)), &hist_trees[i]);
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

Status Predictor::Impl::Build() {
  MODELSEAL_RETURN_IF_ERROR(BuildSteps());
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
  const size_t widest = std::max(n_features, raw_width);
  block_rows =
      std::clamp<size_t>((large ? kLargeBlockValues : kBlockValues) / widest, 1,
                         large ? kLargeBlockRows : kBlockRows);
  return Status::Ok();
}

Status Predictor::Impl::BuildSteps() {
  n_features = model.input.n_features;
  n_outputs = model.output.n_outputs;
  if (n_features < 1 || n_features > limits::kMaxFeatures) {
    return Status(ErrorCode::kPredictorOutputSpec, "input.n_features",
                  std::to_string(n_features) + " features");
  }
  if (n_outputs < 1 || n_outputs > limits::kMaxOutputs) {
    return Status(ErrorCode::kPredictorOutputSpec, "output.n_outputs",
                  std::to_string(n_outputs) + " outputs");
  }
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
      std::holds_alternative<StandardScaler>(last.kind) ||
      std::holds_alternative<CategoryEncoder>(last.kind);
  if (task == Task::kTransform) {
    if (!last_is_transformer) {
      return Status(ErrorCode::kPredictorOutputSpec, "output.task",
                    std::string("transform task but the last step is ") +
                        last.kind_name());
    }
    if (n_outputs != n_features) {
      return Status(ErrorCode::kPredictorOutputSpec, "output.n_outputs",
                    std::to_string(n_outputs) +
                        " outputs for a transformer "
                        "of " +
                        std::to_string(n_features) + " features");
    }
    final_kind = FinalKind::kNone;
    return BuildTransform(last, path);
  }
  if (last_is_transformer) {
    return Status(ErrorCode::kPredictorOutputSpec, "output.task",
                  "the last step is a transformer but the task is not "
                  "transform");
  }
  if (const auto* l = std::get_if<LinearModel>(&last.kind)) {
    final_kind = FinalKind::kLinear;
    return BuildLinear(*l, path);
  }
  if (const auto* d = std::get_if<DecisionTree>(&last.kind)) {
    final_kind = FinalKind::kTree;
    return BuildTrees({&d->tree}, {path, Join(path, "tree")});
  }
  if (const auto* f = std::get_if<Forest>(&last.kind)) {
    final_kind = FinalKind::kForest;
    std::vector<const Tree*> ts;
    std::vector<std::string> paths{path};
    for (size_t i = 0; i < f->trees.size(); ++i) {
      ts.push_back(&f->trees[i]);
      paths.push_back(Join(path, Idx("trees", i)));
    }
    return BuildTrees(ts, paths);
  }
  if (const auto* g = std::get_if<GradientBoosting>(&last.kind)) {
    final_kind = FinalKind::kGb;
    return BuildGb(*g, path);
  }
  if (const auto* h = std::get_if<HistGradientBoosting>(&last.kind)) {
    final_kind = FinalKind::kHgb;
    return BuildHgb(*h, path);
  }
  return Status(ErrorCode::kPredictorPipeline, path,
                std::string("unsupported estimator kind ") + last.kind_name());
}

// ---------------------------------------------------------------------------
// Evaluation

Status Predictor::Impl::CheckBlock(const double* x, size_t rows, size_t row0,
                                   InputRule rule, bool allow_nan) const {
  if (rule == InputRule::kAnything) return Status::Ok();
  // A branch-free scan first (the common case: every value passes); the
  // loop below finds and reports the first failing value.
  const bool nan_ok = rule == InputRule::kAllowNan || allow_nan;
  const size_t count = rows * n_features;
  unsigned bad = 0;
  if (rule == InputRule::kFloat32) {
    constexpr float kInf = std::numeric_limits<float>::infinity();
    constexpr float kMax = std::numeric_limits<float>::max();
    for (size_t i = 0; i < count; ++i) {
      const float v = std::fabs(static_cast<float>(x[i]));
      bad |= nan_ok ? v == kInf : !(v <= kMax);
    }
  } else {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    constexpr double kMax = std::numeric_limits<double>::max();
    for (size_t i = 0; i < count; ++i) {
      const double v = std::fabs(x[i]);
      bad |= nan_ok ? v == kInf : !(v <= kMax);
    }
  }
  if (!bad) return Status::Ok();
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < n_features; ++c) {
      double v = x[r * n_features + c];
      if (rule == InputRule::kFloat32) v = static_cast<float>(v);
      if (std::isnan(v)) {
        if (rule == InputRule::kAllowNan || allow_nan) continue;
        return Status(
            ErrorCode::kInputNaN,
            "X[" + std::to_string(row0 + r) + "][" + std::to_string(c) + "]",
            "");
      }
      if (std::isinf(v)) {
        return Status(
            ErrorCode::kInputInfinite,
            "X[" + std::to_string(row0 + r) + "][" + std::to_string(c) + "]",
            rule == InputRule::kFloat32 ? "too large for float32" : "");
      }
    }
  }
  return Status::Ok();
}

Status Predictor::Impl::ApplyEncoder(const EncoderStep& e, double* x,
                                     size_t rows, size_t row0,
                                     double* row) const {
  const size_t m = e.encoded.size();
  for (size_t r = 0; r < rows; ++r) {
    double* xr = x + r * n_features;
    for (size_t j = 0; j < m; ++j) {
      const double v = xr[e.source[j]];
      if (std::isinf(v)) {  // OrdinalEncoder's check_array(allow-nan)
        return Status(ErrorCode::kInputInfinite,
                      "X[" + std::to_string(row0 + r) + "][" +
                          std::to_string(e.source[j]) + "]",
                      "");
      }
      row[j] = EncodeCategory(v, e.encoded[j].categories, e.encoded[j].count);
    }
    for (size_t j = m; j < n_features; ++j) row[j] = xr[e.source[j]];
    std::copy(row, row + n_features, xr);
  }
  return Status::Ok();
}

// Fills raw[rows, raw_width] from the final step's input (x in float64; xf
// the same rows cast to float32, for trees; leaves: room for `rows` leaf
// indices, and for one per tree when rows < kLockstep).
void Predictor::Impl::ComputeRaw(const double* x, const float* xf, size_t rows,
                                 int32_t* leaves, double* raw) const {
  const size_t w = raw_width;
  switch (final_kind) {
    case FinalKind::kNone:
      return;
    case FinalKind::kLinear:
      for (size_t r = 0; r < rows; ++r) {
        const double* xr = x + r * n_features;
        for (size_t j = 0; j < w; ++j) {
          raw[r * w + j] =
              inference::Dot(xr, coef + j * n_features, n_features) +
              intercept[j];
        }
      }
      return;
    case FinalKind::kTree:
    case FinalKind::kForest: {
      const size_t stride = n_outputs * value_width;
      if (final_kind == FinalKind::kForest) {
        std::fill(raw, raw + rows * w, 0.0);
      }
      // Adds (forest) or copies (single tree) the value of leaf `leaf` into
      // row r's raw scores.
      auto add = [&](const CompiledTree& t, size_t r, int32_t leaf) {
        const double* v = t.value + static_cast<size_t>(leaf) * stride;
        double* out = raw + r * w;
        if (final_kind == FinalKind::kTree) {
          for (size_t o = 0; o < n_outputs; ++o) {
            if (classifier) {
              std::memcpy(out + class_offsets[o], v + o * value_width,
                          class_counts[o] * sizeof(double));
            } else {
              out[o] = v[o];
            }
          }
          return;
        }
        for (size_t o = 0; o < n_outputs; ++o) {
          if (classifier) {
            const double* vo = v + o * value_width;
            double* oo = out + class_offsets[o];
            for (size_t c = 0; c < class_counts[o]; ++c) oo[c] += vo[c];
          } else {
            out[o] += v[o];
          }
        }
      };
      if (rows < inference::kLockstep) {
        // Few rows: walk each row down kLockstep trees at a time. Every
        // row still sums its trees in order.
        for (size_t r = 0; r < rows; ++r) {
          inference::FindLeavesAcrossTrees(tree_nodes.data(), trees.size(),
                                           xf + r * n_features, leaves);
          for (size_t t = 0; t < trees.size(); ++t) add(trees[t], r, leaves[t]);
        }
      } else {
        for (const CompiledTree& t : trees) {
          inference::FindLeaves(t.nodes.data(), xf, n_features, rows, leaves);
          for (size_t r = 0; r < rows; ++r) add(t, r, leaves[r]);
        }
      }
      if (final_kind == FinalKind::kForest) {
        const double n = static_cast<double>(trees.size());
        for (size_t i = 0; i < rows * w; ++i) raw[i] /= n;
      }
      return;
    }
    case FinalKind::kGb: {
      const size_t k = k_per_iter;
      for (size_t r = 0; r < rows; ++r) {
        for (size_t j = 0; j < k; ++j) raw[r * k + j] = init_raw[j];
      }
      if (rows < inference::kLockstep) {
        for (size_t r = 0; r < rows; ++r) {
          inference::FindLeavesAcrossTrees(tree_nodes.data(), trees.size(),
                                           xf + r * n_features, leaves);
          for (size_t t = 0; t < trees.size(); ++t) {
            raw[r * k + t % k] += learning_rate * trees[t].value[leaves[t]];
          }
        }
        return;
      }
      for (size_t t = 0; t < trees.size(); ++t) {
        const size_t j = t % k;
        const double* value = trees[t].value;
        inference::FindLeaves(trees[t].nodes.data(), xf, n_features, rows,
                              leaves);
        for (size_t r = 0; r < rows; ++r) {
          raw[r * k + j] += learning_rate * value[leaves[r]];
        }
      }
      return;
    }
    case FinalKind::kHgb: {
      const size_t k = k_per_iter;
      for (size_t r = 0; r < rows; ++r) {
        for (size_t j = 0; j < k; ++j) raw[r * k + j] = 0.0 + baseline[j];
      }
      if (rows < inference::kLockstep) {
        // int32 and uint32 may alias.
        uint32_t* hist_leaves = reinterpret_cast<uint32_t*>(leaves);
        for (size_t r = 0; r < rows; ++r) {
          inference::FindHistLeavesAcrossTrees(hist_refs.data(),
                                               hist_refs.size(), known_bitsets,
                                               x + r * n_features, hist_leaves);
          for (size_t t = 0; t < hist_refs.size(); ++t) {
            raw[r * k + t % k] += hist_refs[t].nodes[hist_leaves[t]].threshold;
          }
        }
        return;
      }
      for (size_t t = 0; t < hist_trees.size(); ++t) {
        const size_t j = t % k;
        inference::AddHistLeafValues(hist_trees[t].nodes.data(),
                                     hist_trees[t].raw_bitsets, known_bitsets,
                                     x, n_features, rows, raw + j, k);
      }
      return;
    }
  }
}

// Turns raw scores of `rows` rows (starting at row0, of total_rows in X)
// into the method's outputs.
void Predictor::Impl::Finish(Method method, const double* raw, size_t rows,
                             size_t row0, size_t total_rows,
                             Outputs outs) const {
  const size_t w = raw_width;
  // Softmax sums each row as numpy does for scikit-learn's raw predictions:
  // HistGradientBoosting's are a Fortran-order array, GradientBoosting's and
  // linear models' C order (kernels.h RowSum).
  const inference::RowSum sum_order =
      final_kind == FinalKind::kHgb && total_rows > 1
          ? inference::RowSum::kLeftToRight
          : inference::RowSum::kNumpyPairwise;
  for (size_t r = 0; r < rows; ++r) {
    const double* s = raw + r * w;
    const size_t row = row0 + r;
    switch (method) {
      case Method::kTransform:
        break;
      case Method::kDecision: {
        double* out = outs.values->data.data() + row * w;
        std::copy(s, s + w, out);
        break;
      }
      case Method::kPredict: {
        if (!classifier) {
          double* out = outs.values->data.data() + row * w;
          const bool exp_link =
              final_kind == FinalKind::kHgb &&
              (hgb_loss == HgbLoss::kGamma || hgb_loss == HgbLoss::kPoisson);
          for (size_t j = 0; j < w; ++j) {
            out[j] = exp_link ? std::exp(s[j]) : s[j];
          }
          break;
        }
        int64_t* out = outs.classes->data.data() + row * n_outputs;
        if (final_kind == FinalKind::kTree ||
            final_kind == FinalKind::kForest) {
          for (size_t o = 0; o < n_outputs; ++o) {
            out[o] = static_cast<int64_t>(
                inference::ArgMax(s + class_offsets[o], class_counts[o]));
          }
        } else if (w == 1) {
          // Linear: d > 0; GradientBoosting: raw >= 0; HGB: raw > 0.
          const bool positive =
              final_kind == FinalKind::kGb ? s[0] >= 0 : s[0] > 0;
          out[0] = positive ? 1 : 0;
        } else {
          out[0] = static_cast<int64_t>(inference::ArgMax(s, w));
        }
        break;
      }
      case Method::kProba: {
        if (final_kind == FinalKind::kTree ||
            final_kind == FinalKind::kForest) {
          for (size_t o = 0; o < n_outputs; ++o) {
            double* out = (*outs.proba)[o].data.data() + row * class_counts[o];
            std::copy(s + class_offsets[o],
                      s + class_offsets[o] + class_counts[o], out);
          }
          break;
        }
        const size_t c = class_counts[0];
        double* out = (*outs.proba)[0].data.data() + row * c;
        const bool softmax = (final_kind == FinalKind::kLinear &&
                              linear_output == LinearOutput::kSoftmax) ||
                             final_kind == FinalKind::kGb ||
                             final_kind == FinalKind::kHgb;
        if (w == 1) {
          if (softmax && final_kind == FinalKind::kLinear) {
            out[0] = -s[0];
            out[1] = s[0];
            inference::SoftmaxInPlace(out, 2, sum_order);
          } else {
            const double arg =
                final_kind == FinalKind::kGb && gb_loss == GbLoss::kExponential
                    ? 2 * s[0]
                    : s[0];
            const double p = inference::Expit(arg);
            out[0] = 1 - p;
            out[1] = p;
          }
        } else if (softmax) {
          std::copy(s, s + w, out);
          inference::SoftmaxInPlace(out, w, sum_order);
        } else {  // one-vs-rest logistic
          // sklearn's _predict_proba_lr: expit, then divide by the row sum.
          for (size_t j = 0; j < w; ++j) out[j] = inference::Expit(s[j]);
          const double sum = inference::NumpyRowSum(out, w);
          for (size_t j = 0; j < w; ++j) out[j] /= sum;
        }
        break;
      }
    }
  }
}

Status Predictor::Impl::RunRange(const MatrixView& X, size_t begin, size_t end,
                                 Method method, Outputs outs) const {
  // Workspace for one block, allocated once per call and thread (no larger
  // than the call needs: a single-row call allocates one row).
  const size_t ws_rows = std::min(block_rows, end - begin);
  // float64 input that no transform changes is read in place.
  const bool in_place = X.dtype == DType::kFloat64 && transforms.empty();
  std::vector<double> x(in_place ? 0 : ws_rows * n_features);
  std::vector<float> xf;
  if (final_rule == InputRule::kFloat32) xf.resize(ws_rows * n_features);
  std::vector<double> raw(ws_rows * std::max<size_t>(raw_width, 1));
  // Leaf indices: one per row of a block, or one per tree when a block
  // (the last one, say) has fewer than kLockstep rows.
  std::vector<int32_t> leaves(
      std::max({ws_rows, trees.size(), hist_trees.size()}));
  std::vector<double> row(has_encoder ? n_features : 0);
  for (size_t row0 = begin; row0 < end; row0 += block_rows) {
    const size_t rows = std::min(block_rows, end - row0);
    const size_t count = rows * n_features;
    const double* xb = x.data();  // the block's rows in float64
    if (in_place) {
      xb = static_cast<const double*>(X.data) + row0 * n_features;
    } else if (X.dtype == DType::kFloat64) {
      std::memcpy(x.data(),
                  static_cast<const double*>(X.data) + row0 * n_features,
                  count * sizeof(double));
    } else {
      const float* src = static_cast<const float*>(X.data) + row0 * n_features;
      for (size_t i = 0; i < count; ++i) x[i] = src[i];
    }
    for (const TransformStep& t : transforms) {
      if (t.kind == TransformStep::Kind::kEncoder) {
        MODELSEAL_RETURN_IF_ERROR(
            ApplyEncoder(t.encoder, x.data(), rows, row0, row.data()));
        continue;
      }
      const ScalerStep& s = t.scaler;
      MODELSEAL_RETURN_IF_ERROR(
          CheckBlock(x.data(), rows, row0, InputRule::kAllowNan, true));
      // scikit-learn keeps float32 input float32: `X -= mean_` and
      // `X /= scale_` each round to float32 (with mean_ and scale_ first
      // rounded to float32 from 1.8 on). A float32 operation equals the
      // float64 one rounded to float32 (53 >= 2 * 24 + 2 bits).
      const bool f32 = X.dtype == DType::kFloat32;
      const double* mean =
          f32 && !s.mean_f32.empty() ? s.mean_f32.data() : s.mean;
      const double* scale =
          f32 && !s.scale_f32.empty() ? s.scale_f32.data() : s.scale;
      for (size_t r = 0; r < rows; ++r) {
        double* xr = x.data() + r * n_features;
        if (mean) {
          for (size_t i = 0; i < n_features; ++i) {
            xr[i] -= mean[i];
            if (f32) xr[i] = RoundToFloat32(xr[i]);
          }
        }
        if (scale) {
          for (size_t i = 0; i < n_features; ++i) {
            xr[i] /= scale[i];
            if (f32) xr[i] = RoundToFloat32(xr[i]);
          }
        }
      }
    }
    if (method == Method::kTransform) {
      std::copy(xb, xb + count, outs.values->data.data() + row0 * n_features);
      continue;
    }
    MODELSEAL_RETURN_IF_ERROR(
        CheckBlock(xb, rows, row0, final_rule, trees_allow_nan));
    if (!xf.empty()) {
      for (size_t i = 0; i < count; ++i) xf[i] = static_cast<float>(xb[i]);
    }
    ComputeRaw(xb, xf.data(), rows, leaves.data(), raw.data());
    Finish(method, raw.data(), rows, row0, X.rows, outs);
  }
  return Status::Ok();
}

bool Predictor::Impl::Supports(Method method) const {
  // Which methods the model has (scikit-learn's estimator API).
  const bool proba_ok =
      classifier &&
      (final_kind == FinalKind::kTree || final_kind == FinalKind::kForest ||
       final_kind == FinalKind::kGb || final_kind == FinalKind::kHgb ||
       (final_kind == FinalKind::kLinear &&
        (linear_output == LinearOutput::kLogisticOvr ||
         linear_output == LinearOutput::kSoftmax)));
  const bool decision_ok = classifier && (final_kind == FinalKind::kLinear ||
                                          final_kind == FinalKind::kGb ||
                                          final_kind == FinalKind::kHgb);
  bool supported = false;
  switch (method) {
    case Method::kPredict:
      supported = final_kind != FinalKind::kNone;
      break;
    case Method::kProba:
      supported = proba_ok;
      break;
    case Method::kDecision:
      supported = decision_ok;
      break;
    case Method::kTransform:
      supported = final_kind == FinalKind::kNone;
      break;
  }
  return supported;
}

Status Predictor::Impl::Run(const MatrixView& X, Method method, Outputs outs,
                            const PredictOptions& options) const {
  if (options.n_threads < 1 || options.n_threads > kMaxPredictThreads) {
    return Status(ErrorCode::kPredictOptions, "options.n_threads",
                  std::to_string(options.n_threads) + " not in [1, " +
                      std::to_string(kMaxPredictThreads) + "]");
  }
  if (X.dtype != DType::kFloat64 && X.dtype != DType::kFloat32) {
    return Status(ErrorCode::kInputDType, "X",
                  std::string("dtype ") + DTypeName(X.dtype));
  }
  // scikit-learn's check_array refuses an empty batch before it looks at
  // the number of features.
  if (X.rows == 0) {
    return Status(ErrorCode::kInputNoRows, "X",
                  "found array with 0 sample(s) (shape=(0, " +
                      std::to_string(X.cols) +
                      ")) while a minimum of 1 is required");
  }
  if (X.cols != n_features) {
    return Status(ErrorCode::kInputShape, "X",
                  std::to_string(X.cols) + " columns, expected " +
                      std::to_string(n_features));
  }
  if (X.rows > 0 && X.data == nullptr) {
    return Status(ErrorCode::kInputNullData, "X",
                  std::to_string(X.rows) + " rows");
  }
  if (!CheckedMul(X.rows, n_features) ||
      !CheckedMul(X.rows * n_features, sizeof(double))) {
    return Status(ErrorCode::kInputShape, "X",
                  std::to_string(X.rows) + " rows overflow");
  }

  if (!Supports(method)) {
    const Estimator* e = &model.estimator;
    while (const auto* p = std::get_if<Pipeline>(&e->kind)) {
      if (p->steps.empty()) break;
      e = &p->steps.back();
    }
    return Status(ErrorCode::kMethodNotSupported, MethodName(method),
                  std::string(e->kind_name()) + " " +
                      (classifier                              ? "classifier"
                       : model.output.task == Task::kTransform ? "transformer"
                                                               : "regressor") +
                      " has no " + MethodName(method));
  }

  // Allocate the outputs.
  const size_t n = X.rows;
  switch (method) {
    case Method::kPredict:
      if (classifier) {
        *outs.classes = Matrix<int64_t>{n, n_outputs, {}};
        outs.classes->data.assign(n * n_outputs, 0);
      } else {
        *outs.values = Matrix<double>{n, raw_width, {}};
        outs.values->data.assign(n * raw_width, 0.0);
      }
      break;
    case Method::kProba:
      outs.proba->assign(n_outputs, Matrix<double>{});
      for (size_t o = 0; o < n_outputs; ++o) {
        (*outs.proba)[o] = Matrix<double>{n, class_counts[o], {}};
        (*outs.proba)[o].data.assign(n * class_counts[o], 0.0);
      }
      break;
    case Method::kDecision:
      *outs.values = Matrix<double>{n, raw_width, {}};
      outs.values->data.assign(n * raw_width, 0.0);
      break;
    case Method::kTransform:
      *outs.values = Matrix<double>{n, n_features, {}};
      outs.values->data.assign(n * n_features, 0.0);
      break;
  }

  // Split the rows into contiguous block-aligned ranges, one per thread.
  const size_t blocks = (n + block_rows - 1) / block_rows;
  const size_t threads =
      std::max<size_t>(1, std::min<size_t>(options.n_threads, blocks));
  if (threads == 1) return RunRange(X, 0, n, method, outs);
  std::vector<Status> results(threads);
  std::vector<std::thread> workers;
  workers.reserve(threads - 1);
  auto range = [&](size_t t) {
    const size_t b0 = blocks * t / threads, b1 = blocks * (t + 1) / threads;
    return std::pair<size_t, size_t>(b0 * block_rows,
                                     std::min(n, b1 * block_rows));
  };
  for (size_t t = 1; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto [b, e] = range(t);
      results[t] = RunRange(X, b, e, method, outs);
    });
  }
  {
    auto [b, e] = range(0);
    results[0] = RunRange(X, b, e, method, outs);
  }
  for (std::thread& w : workers) w.join();
  // The first failing range holds the first offending row.
  for (const Status& s : results) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// Public API

Predictor::Predictor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Predictor::~Predictor() = default;

Result<std::unique_ptr<Predictor>> Predictor::Create(const Model& model) {
  auto impl = std::make_unique<Impl>(model);
  MODELSEAL_RETURN_IF_ERROR(impl->Build());
  return std::unique_ptr<Predictor>(new Predictor(std::move(impl)));
}

const Model& Predictor::model() const { return impl_->model; }
Task Predictor::task() const { return impl_->model.output.task; }
uint64_t Predictor::n_features() const { return impl_->n_features; }

bool Predictor::HasMethod(PredictMethod method) const {
  switch (method) {
    case PredictMethod::kPredict:
      return impl_->Supports(Method::kPredict);
    case PredictMethod::kPredictProba:
      return impl_->Supports(Method::kProba);
    case PredictMethod::kDecisionFunction:
      return impl_->Supports(Method::kDecision);
    case PredictMethod::kTransform:
      return impl_->Supports(Method::kTransform);
  }
  return false;
}

Status Predictor::Predict(const MatrixView& X, PredictOutput* out,
                          const PredictOptions& options) const {
  *out = PredictOutput{};
  return impl_->Run(X, Method::kPredict, {&out->classes, &out->values, nullptr},
                    options);
}

Status Predictor::PredictProba(const MatrixView& X,
                               std::vector<Matrix<double>>* out,
                               const PredictOptions& options) const {
  return impl_->Run(X, Method::kProba, {nullptr, nullptr, out}, options);
}

Status Predictor::DecisionFunction(const MatrixView& X, Matrix<double>* out,
                                   const PredictOptions& options) const {
  return impl_->Run(X, Method::kDecision, {nullptr, out, nullptr}, options);
}

Status Predictor::Transform(const MatrixView& X, Matrix<double>* out,
                            const PredictOptions& options) const {
  return impl_->Run(X, Method::kTransform, {nullptr, out, nullptr}, options);
}

}  // namespace modelseal
