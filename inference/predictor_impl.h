// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The predictor's internals, shared by its compile half (inference/compile.cc),
// its evaluate half (inference/evaluate.cc) and the kinds' compile steps
// (kinds/<family>/predict.cc). Private to the inference library.
#ifndef MODELSEAL_INFERENCE_PREDICTOR_IMPL_H_
#define MODELSEAL_INFERENCE_PREDICTOR_IMPL_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/context_path.h"  // JoinContext, IndexContext
#include "inference/kernels.h"
#include "modelseal/limits.h"
#include "modelseal/predictor.h"

namespace modelseal {
namespace inference {

class InputSource;

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

std::string ShapeString(const std::vector<uint64_t>& shape);

// The scikit-learn release that fitted the model, from
// metadata.library_versions ("scikit-learn", "1.8.0"), as major * 1000 +
// minor; 0 when not recorded or not of the form "<digits>.<digits>...".
uint32_t SklearnRelease(const Model& m);

// v rounded to float32 (to nearest, ties to even; beyond float32's range,
// infinity) without a float conversion that overflows.
double RoundToFloat32(double v);

// Checks that `t` is present with `dtype` and `shape` (kAnyDim matches any
// extent), that its byte length agrees with the shape and that its data is
// aligned for the dtype.
Status CheckTensor(const Tensor& t, DType dtype,
                   const std::vector<uint64_t>& shape, const std::string& path);

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
    return Status(ErrorCode::kPredictorTreeChild,
                  JoinContext(path, IndexContext(name, parent)),
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
  // IsolationForest (fitted by scikit-learn 1.6 or later): cast to
  // float32 as kFloat32, but nothing refused (nan and infinity are walked).
  kFloat32Any,
};

// What a transformer step's Apply gets besides its rows: the predictor, the
// caller's input (for error messages that quote an input value) and where
// the block starts.
struct StepCall {
  const Predictor::Impl& p;
  // The dtype scikit-learn's step sees: the caller's X's for the first step
  // (kFloat64 for a table), then each step's OutDType (kFloat32 keeps
  // scikit-learn's float32 arithmetic; kUInt8 stands for numpy bool).
  DType dtype;
  size_t row0;  // the block's first row in X
  size_t rows;
  const InputSource& source;
  // Scratch for the steps: rows * scratch_width doubles of the StepList
  // being run, allocated once per call and thread (StepList).
  double* scratch = nullptr;
};

// One transformer step, applied in order to each block of rows
// (kinds/<family>/predict.cc defines one per transformer kind). Widths are
// set by Predictor::Impl::AddStep.
class TransformStep {
 public:
  virtual ~TransformStep() = default;
  // Reads x[rows, in_width], writes y[rows, out_width] (distinct buffers).
  virtual Status Apply(const StepCall& call, const double* x,
                       double* y) const = 0;
  // The dtype of scikit-learn's output for input of dtype `in` (kUInt8:
  // numpy bool). The default is a numeric kind's: validate_data with
  // dtype=FLOAT_DTYPES keeps float32 and float64 and makes bool float64.
  virtual DType OutDType(DType in) const {
    return in == DType::kUInt8 ? DType::kFloat64 : in;
  }
  size_t in_width = 0;
  size_t out_width = 0;
  // Doubles per row the step uses of StepCall::scratch (set at compile).
  size_t scratch_width = 0;
};

// A list of steps and the run that chains them (ping-pong between two
// buffers of rows * max_width doubles). Returns the buffer holding the
// result (x itself when the list is empty). The caller passes the steps
// rows * scratch_width doubles of scratch in StepCall::scratch.
struct StepList {
  std::vector<std::unique_ptr<const TransformStep>> steps;
  size_t max_width = 0;      // widest input or output of a step
  size_t scratch_width = 0;  // the largest scratch_width of a step
  Status Run(const StepCall& call, const double* x, double* a, double* b,
             const double** result) const;
  // The dtype of the last step's output for input of dtype `in`.
  DType OutDType(DType in) const;
};

// The type of a column flowing between steps, known at compile time: a
// number, or a string column's dictionary code (SPEC §6; DESIGN: the
// input's strings become codes of the dictionary of their input column).
// Eight bytes: a step list holds one per column of each step's output, up
// to kMaxFeatures (2^24) of them.
struct FlowColumn {
  int32_t origin = -1;  // input column it comes from unchanged, or -1
  bool is_string = false;
};
static_assert(limits::kMaxFeatures <= INT32_MAX, "FlowColumn::origin");

// A string input column's dictionary: every string the model names for it
// (categories, fill values), each with its code (its index).
struct Dictionary {
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> codes;
  std::vector<const std::string*> strings;  // by code
  uint32_t Intern(const std::string& s);
  // The code of s, or -1.
  int64_t Find(std::string_view s) const {
    auto it = codes.find(s);
    return it == codes.end() ? -1 : static_cast<int64_t>(it->second);
  }
};

struct CompiledTree {
  std::vector<TreeNode> nodes;
  const double* value = nullptr;  // [nodes, n_outputs, width]
};

struct CompiledHistTree {
  std::vector<HistNode> nodes;
  const uint32_t* raw_bitsets = nullptr;  // [n, 8] or null (no categorical)
};

enum class Method { kPredict, kProba, kDecision, kTransform, kLogProba };

const char* MethodName(Method m);

// Output buffers of one call; each thread writes its own rows.
struct Outputs {
  Matrix<int64_t>* classes = nullptr;
  Matrix<double>* values = nullptr;
  std::vector<Matrix<double>>* proba = nullptr;
};

// Where a block of rows comes from, for a final step that evaluates other
// compiled estimators on it (Voting): the caller's input (for error
// messages), the dtype scikit-learn's final step sees, the block's first
// row in X and X's row count.
struct BlockCall {
  const InputSource& source;
  DType dtype;
  size_t row0;
  size_t total_rows;
};

// The pipeline's final estimator, compiled: raw scores for a block of rows,
// and their conversion into predict's and predict_proba's outputs
// (decision_function is the raw scores; inference/evaluate.cc copies them).
// kinds/<family>/predict.cc defines one per predictor kind and holds the
// kind's parameters; the trees themselves stay in Predictor::Impl (trees,
// hist_trees), where the block size is chosen from their size.
class FinalStep {
 public:
  virtual ~FinalStep() = default;
  // scikit-learn's estimator API, for a classifier (a regressor has
  // neither).
  virtual bool HasProba() const = 0;
  virtual bool HasDecision() const = 0;
  // Whether predict works: false where scikit-learn's predict would raise
  // for a method the model lacks (a ThresholdClassifier whose classifier
  // has no score of the kind it thresholds, a soft Voting with an
  // estimator without predict_proba). The model still loads, as
  // scikit-learn's still fits.
  virtual bool HasPredict() const { return true; }
  // Whether Finish computes predict_log_proba itself (method kLogProba):
  // only where scikit-learn's is not np.log(predict_proba) (naive Bayes).
  virtual bool HasLogProba() const { return false; }
  // Input checks beyond p.final_rule, on the `rows` rows from row0 (of
  // width p.n_features): CategoricalNB's category indices. ComputeRaw runs
  // only on rows that passed.
  virtual Status CheckRows(const Predictor::Impl& /*p*/, const double* /*x*/,
                           size_t /*rows*/, size_t /*row0*/) const {
    return Status::Ok();
  }
  // Fills raw[rows, p.raw_width] from the step's input: x in float64, xf the
  // same rows cast to float32 (when p.final_rule is kFloat32 or
  // kFloat32Any), leaves room
  // for `rows` leaf indices and for one per tree when rows < kLockstep.
  virtual void ComputeRaw(const Predictor::Impl& p, const double* x,
                          const float* xf, size_t rows, int32_t* leaves,
                          double* raw) const = 0;
  // ComputeRaw for one method, which the predictor calls: by default the
  // same raw scores for every method. A step whose predict needs less than
  // its other methods (NearestCentroid's nearest rule reads no
  // discriminants) overrides it.
  virtual void ComputeRawFor(const Predictor::Impl& p, Method /*method*/,
                             const double* x, const float* xf, size_t rows,
                             int32_t* leaves, double* raw) const {
    ComputeRaw(p, x, xf, rows, leaves, raw);
  }
  // What the predictor calls for a block: ComputeRawFor, which cannot
  // fail. A step that evaluates other compiled estimators on its rows
  // (Voting), whose steps check their input, overrides this instead and
  // reports their errors; a step that wraps another forwards it.
  virtual Status Compute(const Predictor::Impl& p, const BlockCall& /*call*/,
                         Method method, const double* x, const float* xf,
                         size_t rows, int32_t* leaves, double* raw) const {
    ComputeRawFor(p, method, x, xf, rows, leaves, raw);
    return Status::Ok();
  }
  // Doubles per row the step allocates while it runs, beyond the
  // predictor's own buffers (a Voting's estimators' buffers), for
  // Predictor::workspace_per_row.
  virtual uint64_t WorkspacePerRow() const { return 0; }
  // Turns raw scores of `rows` rows (starting at row0, of total_rows in X)
  // into predict's (method kPredict: class indices of a classifier, values
  // of a regressor) or predict_proba's outputs.
  virtual void Finish(const Predictor::Impl& p, Method method,
                      const double* raw, size_t rows, size_t row0,
                      size_t total_rows, Outputs outs) const = 0;
  // decision_function's columns and values: by default the raw scores
  // themselves. A step whose decision is computed from its raw scores (the
  // SVM's one-vs-rest aggregation of its one-vs-one values) overrides both.
  virtual size_t DecisionWidth(const Predictor::Impl& p) const;
  virtual void FinishDecision(const Predictor::Impl& p, const double* raw,
                              size_t rows, size_t row0, Outputs outs) const;
  // After Finish, for a step that wraps another and may fail on its outputs
  // (TransformedTargetRegressor's inverse transform): works on the `rows`
  // rows of outs from row0.
  virtual Status Finalize(const Predictor::Impl& /*p*/, Method /*method*/,
                          size_t /*rows*/, size_t /*row0*/,
                          Outputs /*outs*/) const {
    return Status::Ok();
  }
};

// A numpy ufunc of a FunctionTransformer on one value, with the C library's
// functions where numpy may use its own (predictor.h states the measured
// difference); kinds/preprocessing/predict.cc.
double ApplyUfunc(Ufunc f, double v);

// Shared conversions for FinalStep::Finish (inference/evaluate.cc).
// predict of a regressor: raw scores through `link` (identity when null).
void FinishValues(const Predictor::Impl& p, const double* raw, size_t rows,
                  size_t row0, Outputs outs, double (*link)(double) = nullptr);
// predict of a one-output classifier from its decision values: one value,
// class 1 when it is above 0 (at or above 0 when `at_zero_is_positive`);
// otherwise the first largest.
void FinishDecisionLabels(const Predictor::Impl& p, const double* raw,
                          size_t rows, size_t row0, Outputs outs,
                          bool at_zero_is_positive);
// predict_proba of a one-output classifier by softmax of the raw scores (one
// score d: softmax of (-d, d) when `binary_as_pair`, else expit(d)).
void FinishSoftmaxProba(const Predictor::Impl& p, const double* raw,
                        size_t rows, size_t row0, Outputs outs, RowSum order,
                        bool binary_as_pair);

}  // namespace inference

using inference::BlockCall;
using inference::CompiledHistTree;
using inference::CompiledTree;
using inference::Dictionary;
using inference::FinalStep;
using inference::FlowColumn;
using inference::HistNode;
using inference::InputRule;
using inference::kBlockRows;
using inference::Method;
using inference::Outputs;
using inference::StepCall;
using inference::StepList;
using inference::TransformStep;
using inference::TreeNode;

class Predictor::Impl {
 public:
  explicit Impl(Model m) : model(std::move(m)) {}

  Status Build();
  Status Run(inference::InputSource& X, Method method, Outputs outs,
             const PredictOptions& options) const;
  bool Supports(Method method) const;

  Model model;
  // Input column j: model.input.columns[j], or for a model without typed
  // columns a nullable float column named feature_names[j] (empty when the
  // model has no names). Nothing is stored per column for the latter, so
  // that a wide numeric model costs no memory per input column here.
  const std::string& ColumnName(size_t j) const;
  ColumnType ColumnTypeOf(size_t j) const;
  Nullable ColumnNullable(size_t j) const;
  // The dictionaries of the string input columns (empty for others; none at
  // all when no input column is a string).
  std::vector<Dictionary> dictionaries;
  // Predictor::input_columns(), built on its first call.
  mutable std::vector<InputColumn> input_columns_list;
  mutable std::once_flag input_columns_once;
  // Whether some step reads input column j (a column a ColumnTransformer
  // puts in no group is never read: it may hold any type, and is loaded as
  // NaN).
  std::vector<uint8_t> input_read;
  bool has_string_input = false;
  size_t input_width = 0;  // InputSpec.n_features
  // While compiling: the width of the step being compiled and the types of
  // its columns. After Build: those of the final step's input (the
  // transform's output for a transformer).
  size_t n_features = 0;
  std::vector<FlowColumn> flow;
  size_t n_outputs = 0;
  bool classifier = false;
  StepList transforms;
  // Where compile steps append (transforms, or a ColumnTransformer group's
  // list while it is compiled).
  StepList* sink = &transforms;
  uint64_t compile_depth = 0;  // ColumnTransformers being compiled
  // The final estimator; null for a transformer (Task::kTransform).
  std::unique_ptr<const FinalStep> final_step;
  InputRule final_rule = InputRule::kAnything;
  bool trees_allow_nan = false;
  std::vector<size_t> class_counts;   // per output (classification)
  std::vector<size_t> class_offsets;  // of each output in the raw row
  size_t raw_width = 0;               // doubles per row of raw scores
  size_t block_rows = kBlockRows;     // rows per block (see kBlockValues)

  // The final step's trees (DecisionTree, Forest, GradientBoosting) or
  // histogram trees (HistGradientBoosting), compiled.
  std::vector<CompiledTree> trees;
  std::vector<CompiledHistTree> hist_trees;
  // Their node arrays in order, for walking one row down many trees at once
  // (blocks of fewer than kLockstep rows).
  std::vector<const TreeNode*> tree_nodes;
  std::vector<inference::HistTreeRef> hist_refs;

  // Compile (inference/compile.cc and kinds/<family>/predict.cc).
  Status BuildSteps();
  Status BuildInputColumns();
  Status Flatten(const Estimator& e, const std::string& path, uint64_t depth,
                 std::vector<std::pair<const Estimator*, std::string>>* out);
  Status BuildTransform(const Estimator& e, const std::string& path);
  // Compiles a model's (or a TransformedTargetRegressor's) final estimator
  // `e` after its steps: a predictor kind through the registry.
  Status BuildFinal(const Estimator& e, const std::string& path);
  // Compiles the one estimator a wrapper holds (TransformedTargetRegressor's
  // regressor, ThresholdClassifier's classifier) at `path` as the model's
  // own steps and final step, which the wrapper then wraps; `what` names it
  // in errors. Counts towards kMaxNestingDepth.
  Status BuildWrapped(const Estimator& e, const std::string& path,
                      const std::string& wrapper_path, const char* what);
  // Compiles `e` (a predictor, or a Pipeline ending in one) at `path` as a
  // model of its own that reads this one's current columns (which must be
  // numbers) and has its output spec: a Voting's estimator. Counts towards
  // kMaxNestingDepth; the input columns it reads are marked read here.
  Status BuildMember(const Estimator& e, const std::string& path,
                     std::unique_ptr<const Impl>* out);
  // Doubles per row RunRange allocates (Predictor::workspace_per_row).
  uint64_t WorkspacePerRow() const;
  // After the steps are compiled: the tree node lists and the block size.
  void FinishBuild();
  // Appends a compiled step that maps n_features columns to out_width
  // columns of types out_flow, and makes them the current ones.
  void AddStep(std::unique_ptr<TransformStep> step, size_t out_width,
               std::vector<FlowColumn> out_flow);
  // Same, for a step whose output columns are numbers.
  void AddNumericStep(std::unique_ptr<TransformStep> step, size_t out_width);
  // Fails with kPredictorColumnType unless every current column is a
  // number (for a numeric-only kind at `path`).
  Status RequireNumeric(const std::string& path, const char* what) const;
  // Marks the input columns the current columns come from as read.
  void MarkRead();
  Status BuildOutputsForClassifier(const std::string& path);
  Status BuildTree(const Tree& t, size_t outputs, size_t width,
                   const std::string& path, CompiledTree* out);
  // Compiles the trees of a DecisionTree or Forest; *value_width: the last
  // extent of their Tree.value.
  Status BuildTrees(const std::vector<const Tree*>& ts,
                    const std::vector<std::string>& paths, size_t* value_width);
  Status BuildHistTree(const HistTree& t, uint64_t n_known,
                       const int32_t* f_idx_map, const std::string& path,
                       CompiledHistTree* out);
  // One compile step per kind (kinds/kinds.def), in
  // kinds/<family>/predict.cc: a transformer appends to `transforms`, a
  // predictor sets final_step, final_rule and raw_width.
#define MODELSEAL_KIND(K, role) \
  Status Compile##K(const K& k, const std::string& path);
#include "kinds/kinds.def"
#undef MODELSEAL_KIND

  // Evaluate (inference/evaluate.cc).
  // Buffers for running blocks of up to `rows` rows (RunBlock).
  struct Workspace {
    std::vector<double> a, b, scratch, raw;
    std::vector<float> xf;
    std::vector<int32_t> leaves;
  };
  void AllocateWorkspace(size_t rows, Workspace* ws) const;
  // Runs rows [begin, end) of X.
  Status RunRange(const inference::InputSource& X, size_t begin, size_t end,
                  Method method, Outputs outs) const;
  // Runs one block: xb[rows, input width] (the caller's rows from
  // call.row0, after Load) through the steps and the final step, writing
  // the outputs' rows from out_row0.
  Status RunBlock(const BlockCall& call, const double* xb, size_t rows,
                  Method method, Outputs outs, size_t out_row0,
                  Workspace& ws) const;
  // Checks x[rows, width] against `rule` (errors at "X[row][col]").
  Status CheckBlock(const double* x, size_t rows, size_t width, size_t row0,
                    InputRule rule, bool allow_nan) const;
};

}  // namespace modelseal

#endif  // MODELSEAL_INFERENCE_PREDICTOR_IMPL_H_
