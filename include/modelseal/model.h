// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The in-memory description of a model: what a .seal file holds, as plain
// C++ values. The writer (format/) serializes a Model; the reader parses a
// file into one; the sandbox reply carries one; inference/ builds predictors
// from one. format/SPEC.md is the normative description of every field.
//
// A Model made by hand is not trusted: call ValidateModel (format.h) before
// predicting with it. A Model returned by ParseModel or by the loader has been
// validated.
//
// Every struct lists its fields once, in Visit(), in a fixed order with a
// stable numeric tag. A visitor handles these field types: std::string,
// uint16_t, uint64_t, double, Tensor, the enums below,
// std::vector<std::string>, std::vector<uint64_t>, a struct with Visit(), a
// std::vector of such structs, Estimator and std::vector<Estimator> (Estimator
// has no Visit(): a visitor dispatches on kind.index() to the alternative's
// Visit()). Generic code (the sandbox reply codec, equality, JSON printing)
// walks a Model through Visit() so that adding an estimator kind touches this
// header, the schema, the FlatBuffers mapping, validation and inference, and
// nothing else.
#ifndef MODELSEAL_MODEL_H_
#define MODELSEAL_MODEL_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace modelseal {

// Element types of tensors. Values match format/model.fbs (DType).
enum class DType : uint8_t {
  kFloat64 = 1,
  kFloat32 = 2,
  kInt64 = 3,
  kInt32 = 4,
  kUInt32 = 5,
  kUInt8 = 6,
};
// Size in bytes of one element; 0 for a value outside the enum.
size_t DTypeSize(DType dtype);
const char* DTypeName(DType dtype);
bool DTypeIsValid(uint8_t raw);

template <typename T>
constexpr DType DTypeOf();
template <>
constexpr DType DTypeOf<double>() {
  return DType::kFloat64;
}
template <>
constexpr DType DTypeOf<float>() {
  return DType::kFloat32;
}
template <>
constexpr DType DTypeOf<int64_t>() {
  return DType::kInt64;
}
template <>
constexpr DType DTypeOf<int32_t>() {
  return DType::kInt32;
}
template <>
constexpr DType DTypeOf<uint32_t>() {
  return DType::kUInt32;
}
template <>
constexpr DType DTypeOf<uint8_t>() {
  return DType::kUInt8;
}

// A typed, row-major n-dimensional array. Immutable once built; cheap to
// copy (the bytes are shared). The bytes are either owned (a model built in
// memory) or borrowed from a mapping that `keepalive` keeps alive (a model
// loaded from a file: tensors are used in place, never copied).
//
// An empty Tensor (present() == false) stands for an optional field that is
// absent.
class Tensor {
 public:
  Tensor() = default;

  // Owns a copy of `values`; `shape`'s product must equal values.size().
  template <typename T>
  static Tensor FromVector(std::vector<T> values, std::vector<uint64_t> shape) {
    auto holder = std::make_shared<std::vector<T>>(std::move(values));
    Tensor t;
    t.dtype_ = DTypeOf<T>();
    t.shape_ = std::move(shape);
    t.data_ = reinterpret_cast<const std::byte*>(holder->data());
    t.nbytes_ = holder->size() * sizeof(T);
    t.present_ = true;
    t.keepalive_ = std::move(holder);
    return t;
  }
  // 1-D convenience.
  template <typename T>
  static Tensor FromVector(std::vector<T> values) {
    uint64_t n = values.size();
    return FromVector(std::move(values), std::vector<uint64_t>{n});
  }
  // Borrows `nbytes` bytes at `data`, kept valid by `keepalive`. The caller
  // has checked that nbytes == element count * DTypeSize(dtype) and that
  // `data` is aligned for dtype.
  static Tensor Borrow(DType dtype, std::vector<uint64_t> shape,
                       const std::byte* data, size_t nbytes,
                       std::shared_ptr<const void> keepalive) {
    Tensor t;
    t.dtype_ = dtype;
    t.shape_ = std::move(shape);
    t.data_ = data;
    t.nbytes_ = nbytes;
    t.present_ = true;
    t.keepalive_ = std::move(keepalive);
    return t;
  }

  bool present() const { return present_; }
  DType dtype() const { return dtype_; }
  const std::vector<uint64_t>& shape() const { return shape_; }
  size_t rank() const { return shape_.size(); }
  // Number of elements: nbytes() / DTypeSize(dtype()).
  uint64_t size() const {
    size_t s = DTypeSize(dtype_);
    return s == 0 ? 0 : nbytes_ / s;
  }
  size_t nbytes() const { return nbytes_; }
  const std::byte* data() const { return data_; }

  // Typed view; empty when the dtype is not T (never reinterprets).
  template <typename T>
  std::span<const T> span() const {
    if (!present_ || dtype_ != DTypeOf<T>()) return {};
    return {reinterpret_cast<const T*>(data_), nbytes_ / sizeof(T)};
  }

  // Same dtype, shape and bytes.
  bool operator==(const Tensor& other) const {
    return present_ == other.present_ && dtype_ == other.dtype_ &&
           shape_ == other.shape_ && nbytes_ == other.nbytes_ &&
           (nbytes_ == 0 || std::memcmp(data_, other.data_, nbytes_) == 0);
  }

 private:
  DType dtype_ = DType::kFloat64;
  std::vector<uint64_t> shape_;
  const std::byte* data_ = nullptr;
  size_t nbytes_ = 0;
  bool present_ = false;
  std::shared_ptr<const void> keepalive_;
};

// ---------------------------------------------------------------------------
// Provenance metadata (SPEC §5). Everything here is informational and signed;
// nothing is ever resolved, fetched or executed.

struct TrainingData {
  std::string uri;           // where the immutable snapshot lives
  std::string content_hash;  // "sha256:<64 hex>" or empty
  std::vector<uint64_t> shape;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "uri", uri);
    v.Field(2, "content_hash", content_hash);
    v.Field(3, "shape", shape);
  }
  bool operator==(const TrainingData&) const = default;
};

struct SourceRef {
  std::string uri;           // script path or repository reference
  std::string content_hash;  // "sha256:<64 hex>" or empty
  std::string text;          // optional full source text
  template <class V>
  void Visit(V& v) {
    v.Field(1, "uri", uri);
    v.Field(2, "content_hash", content_hash);
    v.Field(3, "text", text);
  }
  bool operator==(const SourceRef&) const = default;
};

struct LibraryVersion {
  std::string name;
  std::string version;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "name", name);
    v.Field(2, "version", version);
  }
  bool operator==(const LibraryVersion&) const = default;
};

struct CvScore {
  std::string scorer;  // scikit-learn scorer name, e.g. "accuracy"
  double mean = 0;
  double std = 0;
  uint64_t n_splits = 0;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "scorer", scorer);
    v.Field(2, "mean", mean);
    v.Field(3, "std", std);
    v.Field(4, "n_splits", n_splits);
  }
  bool operator==(const CvScore&) const = default;
};

struct Metadata {
  std::string name;  // required, non-empty
  uint64_t version = 0;
  std::string description;
  std::string created;  // "YYYY-MM-DDTHH:MM:SSZ" or empty
  TrainingData training_data;
  SourceRef source;
  std::vector<LibraryVersion> library_versions;
  std::vector<CvScore> cv_scores;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "name", name);
    v.Field(2, "version", version);
    v.Field(3, "description", description);
    v.Field(4, "created", created);
    v.Field(5, "training_data", training_data);
    v.Field(6, "source", source);
    v.Field(7, "library_versions", library_versions);
    v.Field(8, "cv_scores", cv_scores);
  }
  bool operator==(const Metadata&) const = default;
};

// ---------------------------------------------------------------------------
// Input and output (SPEC §6).

// The type of an input column (format 1.1; SPEC §6). A 1.0 file has no
// column list: every column is then a nullable float.
enum class ColumnType : uint8_t {
  kFloat = 1,    // float64/float32 values (NaN allowed where the model is)
  kInteger = 2,  // integers (passed to the estimator as float64)
  kBoolean = 3,  // booleans (passed as 0.0 / 1.0)
  kString = 4,   // UTF-8 strings: categories (pandas object, string and
                 // category columns)
};
// Whether a column accepts missing values (None, NaN, pd.NA, an empty CSV
// field or NA).
enum class Nullable : uint8_t { kNo = 1, kYes = 2 };

struct InputColumn {
  std::string name;  // feature_names_in_ entry; empty when the model has
                     // no names
  ColumnType type = ColumnType::kFloat;
  Nullable nullable = Nullable::kYes;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "name", name);
    v.Field(2, "type", type);
    v.Field(3, "nullable", nullable);
  }
  bool operator==(const InputColumn&) const = default;
};

struct InputSpec {
  uint64_t n_features = 0;
  std::vector<std::string> feature_names;  // empty, or n_features names
  // Format 1.1: empty (every column a nullable float, as 1.0), or
  // n_features columns whose names equal feature_names (or are all empty
  // when feature_names is).
  std::vector<InputColumn> columns;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "n_features", n_features);
    v.Field(2, "feature_names", feature_names);
    v.Field(3, "columns", columns);
  }
  bool operator==(const InputSpec&) const = default;
};

enum class Task : uint8_t {
  kRegression = 1,
  kClassification = 2,
  kTransform = 3,  // the model is a transformer (e.g. a lone StandardScaler)
};

// The numpy dtype of integer class labels (format 1.1): scikit-learn keeps
// y's dtype in classes_, so a classifier fitted on booleans predicts
// booleans, one fitted on whole-number floats predicts floats.
enum class LabelType : uint8_t {
  kInt64 = 1,    // int64 (and every 1.0 file)
  kBool = 2,     // bool: int_labels are 0 (False) and/or 1 (True)
  kFloat64 = 3,  // float64 holding whole numbers, |v| <= 2^53
};

// The labels of one classification output: int64 or strings, sorted strictly
// increasing (as numpy.unique returns them); one class or more.
struct ClassLabels {
  Tensor int_labels;                         // int64 [n_classes], or absent
  std::vector<std::string> str_labels;       // or these
  LabelType label_type = LabelType::kInt64;  // of int_labels
  template <class V>
  void Visit(V& v) {
    v.Field(1, "int_labels", int_labels);
    v.Field(2, "str_labels", str_labels);
    v.Field(3, "label_type", label_type);
  }
  size_t count() const {
    return int_labels.present() ? int_labels.size() : str_labels.size();
  }
  bool operator==(const ClassLabels&) const = default;
};

// How predict returns one regression output (SPEC §6.12).
enum class OutputShape : uint8_t {
  kDefault = 0,  // [n]
  kColumn = 1,   // [n, 1]
};

struct OutputSpec {
  Task task = Task::kRegression;
  uint64_t n_outputs = 1;  // targets (regression), outputs (classification)
                           // or output columns (transform)
  std::vector<ClassLabels> classes;  // one per output for classification
  // Format 1.1: kColumn for a regressor with one output that scikit-learn
  // predicts as [n, 1] (LinearRegression and the multi-task models fitted
  // on a 2-D y of one column); the values are the same, only their shape.
  OutputShape shape = OutputShape::kDefault;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "task", task);
    v.Field(2, "n_outputs", n_outputs);
    v.Field(3, "classes", classes);
    v.Field(4, "shape", shape);
  }
  bool operator==(const OutputSpec&) const = default;
};

// ---------------------------------------------------------------------------
// Estimators (SPEC §7). Shapes use n = number of input features of the step.

struct Estimator;

// Applies its steps in order: all but the last are transformers.
struct Pipeline {
  std::vector<Estimator> steps;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "steps", steps);
  }
  bool operator==(const Pipeline&) const;
};

// (x - mean) / scale, each part optional (with_mean, with_std).
struct StandardScaler {
  Tensor mean;   // f64 [n] or absent
  Tensor scale;  // f64 [n] or absent; no zero entries
  template <class V>
  void Visit(V& v) {
    v.Field(1, "mean", mean);
    v.Field(2, "scale", scale);
  }
  bool operator==(const StandardScaler&) const = default;
};

// How a linear model's scores d = X coef^T + intercept become outputs.
enum class LinearOutput : uint8_t {
  kRegression = 1,   // outputs are d (one column per target)
  kDecision = 2,     // classifier without probabilities (LinearSVC, Ridge-
                     // Classifier, SGD hinge): binary d > 0, else argmax
  kLogisticOvr = 3,  // + proba: binary [1-s(d), s(d)]; else s(d)/sum
  kSoftmax = 4,      // + proba: softmax(d); binary softmax([-d, d])
  // Format 1.1. SGDClassifier(loss="modified_huber"): as kDecision, + proba
  // q = (clip(d, -1, 1) + 1) / 2: binary [1 - q, q]; else q / sum(q), a row
  // of zeros uniform.
  kModifiedHuber = 5,
  // Format 1.1. The GLMs' log link (PoissonRegressor, GammaRegressor,
  // TweedieRegressor): outputs are exp(d), one target.
  kExp = 6,
  // Format 1.1. LinearDiscriminantAnalysis: proba as kLogisticOvr (binary)
  // or kSoftmax (multiclass); its predict_log_proba adds the smallest
  // normal double to a zero probability before the log.
  kDiscriminant = 7,
};

struct LinearModel {
  Tensor coef;       // f64 [k, n]: k = targets, 1 (binary) or n_classes
  Tensor intercept;  // f64 [k]
  LinearOutput output = LinearOutput::kRegression;
  // Format 1.1. The GLMs' Tweedie power, which makes `score` scikit-learn's
  // D^2 (fraction of Tweedie deviance explained) instead of R^2; NaN: none.
  // Predictions do not read it.
  double deviance_power = std::numeric_limits<double>::quiet_NaN();
  template <class V>
  void Visit(V& v) {
    v.Field(1, "coef", coef);
    v.Field(2, "intercept", intercept);
    v.Field(3, "output", output);
    v.Field(4, "deviance_power", deviance_power);
  }
  // deviance_power compares by its bits (a NaN equals itself).
  bool operator==(const LinearModel& o) const {
    return coef == o.coef && intercept == o.intercept && output == o.output &&
           std::bit_cast<uint64_t>(deviance_power) ==
               std::bit_cast<uint64_t>(o.deviance_power);
  }
};

// scikit-learn's tree_ arrays. Node 0 is the root; a leaf has
// children_left == children_right == -1. Inputs are compared as
// (double)(float)x <= threshold; NaN goes left iff missing_go_to_left.
struct Tree {
  Tensor children_left;       // i32 [nodes]
  Tensor children_right;      // i32 [nodes]
  Tensor feature;             // i32 [nodes]; any value at leaves
  Tensor threshold;           // f64 [nodes]
  Tensor value;               // f64 [nodes, n_outputs, width]
  Tensor missing_go_to_left;  // u8 [nodes] or absent (= all 0)
  template <class V>
  void Visit(V& v) {
    v.Field(1, "children_left", children_left);
    v.Field(2, "children_right", children_right);
    v.Field(3, "feature", feature);
    v.Field(4, "threshold", threshold);
    v.Field(5, "value", value);
    v.Field(6, "missing_go_to_left", missing_go_to_left);
  }
  bool operator==(const Tree&) const = default;
};

// DecisionTreeClassifier / DecisionTreeRegressor. For classifiers `value`
// holds class fractions per node (width = max classes over outputs).
struct DecisionTree {
  Tree tree;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "tree", tree);
  }
  bool operator==(const DecisionTree&) const = default;
};

// RandomForest*/ExtraTrees*: outputs are the mean of the trees' outputs
// (probabilities for classifiers), summed in tree order, divided by count.
struct Forest {
  std::vector<Tree> trees;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "trees", trees);
  }
  bool operator==(const Forest&) const = default;
};

enum class GbLoss : uint8_t {
  kSquaredError = 1,
  kAbsoluteError = 2,
  kHuber = 3,
  kQuantile = 4,
  kLogLossBinary = 5,      // proba sigmoid(raw); label raw >= 0
  kLogLossMulticlass = 6,  // proba softmax(raw); label argmax
  kExponential = 7,        // proba sigmoid(2 raw); label raw >= 0
};
// The losses of a classifier (probabilities and labels from raw scores);
// the others are regression losses. A switch without default, so that
// -Wswitch asks for every new loss; IsKnown (below) tells a stored value.
constexpr bool IsClassifierLoss(GbLoss loss) {
  switch (loss) {
    case GbLoss::kSquaredError:
    case GbLoss::kAbsoluteError:
    case GbLoss::kHuber:
    case GbLoss::kQuantile:
      return false;
    case GbLoss::kLogLossBinary:
    case GbLoss::kLogLossMulticlass:
    case GbLoss::kExponential:
      return true;
  }
  return false;  // not an enumerator
}
// The multiclass loss: one raw score column per class.
constexpr bool IsMulticlassLoss(GbLoss loss) {
  return loss == GbLoss::kLogLossMulticlass;
}

// GradientBoosting*: raw = init_raw + sum over stages s, columns k of
// learning_rate * trees[s * K + k](x), added stage by stage.
struct GradientBoosting {
  std::vector<Tree> trees;  // n_stages * K regression trees, stage-major
  uint64_t n_stages = 0;
  Tensor init_raw;  // f64 [K]; K = 1 except multiclass (= n_classes)
  double learning_rate = 0.1;
  GbLoss loss = GbLoss::kSquaredError;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "trees", trees);
    v.Field(2, "n_stages", n_stages);
    v.Field(3, "init_raw", init_raw);
    v.Field(4, "learning_rate", learning_rate);
    v.Field(5, "loss", loss);
  }
  bool operator==(const GradientBoosting&) const = default;
};

// One predictor of a HistGradientBoosting model (its `nodes` array, split
// into columns). Inputs are compared in float64, without casting.
struct HistTree {
  Tensor value;                 // f64 [nodes]; leaves hold shrunk values
  Tensor feature_idx;           // u32 [nodes]
  Tensor num_threshold;         // f64 [nodes]
  Tensor missing_go_to_left;    // u8 [nodes]
  Tensor left;                  // u32 [nodes]
  Tensor right;                 // u32 [nodes]
  Tensor is_leaf;               // u8 [nodes]
  Tensor is_categorical;        // u8 [nodes]
  Tensor bitset_idx;            // u32 [nodes]
  Tensor raw_left_cat_bitsets;  // u32 [n_bitsets, 8] or absent
  template <class V>
  void Visit(V& v) {
    v.Field(1, "value", value);
    v.Field(2, "feature_idx", feature_idx);
    v.Field(3, "num_threshold", num_threshold);
    v.Field(4, "missing_go_to_left", missing_go_to_left);
    v.Field(5, "left", left);
    v.Field(6, "right", right);
    v.Field(7, "is_leaf", is_leaf);
    v.Field(8, "is_categorical", is_categorical);
    v.Field(9, "bitset_idx", bitset_idx);
    v.Field(10, "raw_left_cat_bitsets", raw_left_cat_bitsets);
  }
  bool operator==(const HistTree&) const = default;
};

enum class HgbLoss : uint8_t {
  kSquaredError = 1,
  kAbsoluteError = 2,
  kGamma = 3,    // prediction exp(raw)
  kPoisson = 4,  // prediction exp(raw)
  kQuantile = 5,
  kLogLossBinary = 6,      // proba sigmoid(raw); label raw > 0
  kLogLossMulticlass = 7,  // proba softmax(raw); label argmax
};
// As for GbLoss: the classifier losses, and the multiclass one.
constexpr bool IsClassifierLoss(HgbLoss loss) {
  switch (loss) {
    case HgbLoss::kSquaredError:
    case HgbLoss::kAbsoluteError:
    case HgbLoss::kGamma:
    case HgbLoss::kPoisson:
    case HgbLoss::kQuantile:
      return false;
    case HgbLoss::kLogLossBinary:
    case HgbLoss::kLogLossMulticlass:
      return true;
  }
  return false;  // not an enumerator
}
constexpr bool IsMulticlassLoss(HgbLoss loss) {
  return loss == HgbLoss::kLogLossMulticlass;
}

// HistGradientBoosting*: raw = baseline + sum of predictor outputs.
struct HistGradientBoosting {
  std::vector<HistTree> trees;  // n_iter * K, iteration-major
  uint64_t n_iter = 0;
  Tensor baseline;  // f64 [K]
  HgbLoss loss = HgbLoss::kSquaredError;
  // Categories seen in training, per categorical feature (u32 [m, 8]), and
  // the map from feature index to row of it (i32 [n], -1 = not
  // categorical). Both absent when no feature is categorical.
  Tensor known_cat_bitsets;
  Tensor f_idx_map;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "trees", trees);
    v.Field(2, "n_iter", n_iter);
    v.Field(3, "baseline", baseline);
    v.Field(4, "loss", loss);
    v.Field(5, "known_cat_bitsets", known_cat_bitsets);
    v.Field(6, "f_idx_map", f_idx_map);
  }
  bool operator==(const HistGradientBoosting&) const = default;
};

// One categorical input column of a CategoryEncoder and the categories seen
// for it in training.
struct CategoryColumn {
  uint64_t column = 0;  // input column index, < n
  Tensor categories;    // f64 [k], 1 <= k <= kMaxCategories, finite,
                        // strictly increasing (so no NaN, no duplicates)
  template <class V>
  void Visit(V& v) {
    v.Field(1, "column", column);
    v.Field(2, "categories", categories);
  }
  bool operator==(const CategoryColumn&) const = default;
};

// The categorical preprocessing of HistGradientBoosting* with
// categorical_features (scikit-learn's `_preprocessor`: a ColumnTransformer
// of an OrdinalEncoder over the categorical columns, then the other columns
// passed through). A transformer; output width == input width n:
//   output = [encode(c, X[:, c.column]) for c in columns]
//            followed by X[:, j] for every j not in columns, increasing j.
// encode(c, x) = NaN if x is NaN; else the index i with c.categories[i] == x
// (exact double equality, so -0.0 equals 0.0 as in numpy); else NaN (an
// unknown category). `columns` is non-empty, at most n entries, with
// `column` strictly increasing. Inputs in listed columns must not be
// infinite (scikit-learn's OrdinalEncoder rejects infinity); other columns
// pass through unchecked.
struct CategoryEncoder {
  std::vector<CategoryColumn> columns;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "columns", columns);
  }
  bool operator==(const CategoryEncoder&) const = default;
};

// scikit-learn's MinMaxScaler: x * scale + min (two roundings, as numpy's
// `X *= scale_; X += min_`), then, when clip_range is present, clipped to
// [clip_range[0], clip_range[1]] as np.clip does (NaN stays NaN).
struct MinMaxScaler {
  Tensor scale;       // f64 [n], finite
  Tensor min;         // f64 [n], finite
  Tensor clip_range;  // f64 [2] = feature_range when clip=True, or absent
  template <class V>
  void Visit(V& v) {
    v.Field(1, "scale", scale);
    v.Field(2, "min", min);
    v.Field(3, "clip_range", clip_range);
  }
  bool operator==(const MinMaxScaler&) const = default;
};

// scikit-learn's MaxAbsScaler: x / scale (scale_ = max_abs_ with zeros
// replaced by 1 at fit, so every entry is finite and > 0).
struct MaxAbsScaler {
  Tensor scale;  // f64 [n]
  template <class V>
  void Visit(V& v) {
    v.Field(1, "scale", scale);
  }
  bool operator==(const MaxAbsScaler&) const = default;
};

// The categories of one encoded column, as scikit-learn's categories_[i]:
// numbers (f64, strictly increasing, finite) for a numeric column, or
// strings (strictly increasing in byte order, which for UTF-8 is Python's
// code point order) for a string column; exactly one of the two is given.
// When `missing` is kYes the column's missing value (None / NaN) is a
// category too, after the others (scikit-learn sorts it last); its index
// is then count() - 1.
struct CategoryList {
  Tensor numbers;                    // f64 [k] or absent
  std::vector<std::string> strings;  // [k] or empty
  Nullable missing = Nullable::kNo;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "numbers", numbers);
    v.Field(2, "strings", strings);
    v.Field(3, "missing", missing);
  }
  // Categories including the missing one.
  uint64_t count() const {
    return (numbers.present() ? numbers.size() : strings.size()) +
           (missing == Nullable::kYes ? 1 : 0);
  }
  bool operator==(const CategoryList&) const = default;
};

// What an encoder does with a value that is not among a column's
// categories.
enum class UnknownCategory : uint8_t {
  kError = 1,  // fail (handle_unknown="error")
  kSlot = 2,   // OneHotEncoder: unknown_slot (-1: all zeros);
               // OrdinalEncoder: unknown_value
};

// One input column of a OneHotEncoder. Category i sets output column
// slots[i] of the column's block of `width` columns (slots[i] == -1: no
// column, as for the dropped category); infrequent categories share one
// slot. The last entry, slots[categories.count()], is the slot of a value
// that is no category (used with UnknownCategory::kSlot: -1 for
// handle_unknown="ignore", the infrequent slot for "infrequent_if_exist").
struct OneHotColumn {
  CategoryList categories;
  Tensor slots;  // i64 [categories.count() + 1], each -1 or < width
  uint64_t width = 0;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "categories", categories);
    v.Field(2, "slots", slots);
    v.Field(3, "width", width);
  }
  bool operator==(const OneHotColumn&) const = default;
};

// scikit-learn's OneHotEncoder (dense output). Input width n ==
// columns.size(); output = the columns' blocks side by side.
struct OneHotEncoder {
  std::vector<OneHotColumn> columns;
  UnknownCategory unknown = UnknownCategory::kError;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "columns", columns);
    v.Field(2, "unknown", unknown);
  }
  bool operator==(const OneHotEncoder&) const = default;
};

// One input column of an OrdinalEncoder: category i becomes codes[i]
// (encoded_missing_value for the missing category; infrequent categories
// share a code).
struct OrdinalColumn {
  CategoryList categories;
  Tensor codes;  // f64 [categories.count()]
  template <class V>
  void Visit(V& v) {
    v.Field(1, "categories", categories);
    v.Field(2, "codes", codes);
  }
  bool operator==(const OrdinalColumn&) const = default;
};

// scikit-learn's OrdinalEncoder. Output width == input width n ==
// columns.size(). A value that is no category (a missing value that is not
// a category included) fails (kError) or becomes unknown_value (kSlot).
struct OrdinalEncoder {
  std::vector<OrdinalColumn> columns;
  UnknownCategory unknown = UnknownCategory::kError;
  double unknown_value = 0;  // with UnknownCategory::kSlot (may be NaN)
  template <class V>
  void Visit(V& v) {
    v.Field(1, "columns", columns);
    v.Field(2, "unknown", unknown);
    v.Field(3, "unknown_value", unknown_value);
  }
  // unknown_value compares by its bits: a NaN equals itself, as in a
  // Tensor, so that a model with unknown_value NaN reads back equal.
  bool operator==(const OrdinalEncoder& o) const {
    return columns == o.columns && unknown == o.unknown &&
           std::bit_cast<uint64_t>(unknown_value) ==
               std::bit_cast<uint64_t>(o.unknown_value);
  }
};

// scikit-learn's SimpleImputer with missing_values NaN/None (the default):
// output = [fill(x[:, kept[j]]) for j] followed by
// [isnan(x[:, f]) for f in indicator] (add_indicator's MissingIndicator
// features). fill replaces a missing value by the column's statistic:
// fill_numbers[kept[j]] for a numeric column, fill_strings[kept[j]] for a
// string column.
struct SimpleImputer {
  Tensor fill_numbers;                    // f64 [n] or absent
  std::vector<std::string> fill_strings;  // [n] or empty
  std::vector<uint64_t> kept;             // strictly increasing, < n
  std::vector<uint64_t> indicator;        // strictly increasing, < n
  template <class V>
  void Visit(V& v) {
    v.Field(1, "fill_numbers", fill_numbers);
    v.Field(2, "fill_strings", fill_strings);
    v.Field(3, "kept", kept);
    v.Field(4, "indicator", indicator);
  }
  bool operator==(const SimpleImputer&) const = default;
};

// The identity transformer: a "passthrough" step or ColumnTransformer
// group.
struct Passthrough {
  template <class V>
  void Visit(V& /*v*/) {}
  bool operator==(const Passthrough&) const = default;
};

// One transformer of a ColumnTransformer: `transformer` applied to the
// input columns `columns` (in that order; indices < n, repeats allowed).
struct ColumnGroup {
  std::vector<uint64_t> columns;
  std::vector<Estimator> transformer;  // exactly one: a transformer, a
                                       // Pipeline of transformers or
                                       // Passthrough
  template <class V>
  void Visit(V& v) {
    v.Field(1, "columns", columns);
    v.Field(2, "transformer", transformer);
  }
  bool operator==(const ColumnGroup&) const;
};

// scikit-learn's ColumnTransformer (dense output): the groups' outputs side
// by side, in order (the remainder, when passed through or transformed, is
// the last group; dropped columns are in no group).
struct ColumnTransformer {
  std::vector<ColumnGroup> groups;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "groups", groups);
  }
  bool operator==(const ColumnTransformer&) const = default;
};

// scikit-learn's RobustScaler: (x - center) / scale, each part optional
// (center_ is None with with_centering=False, scale_ with
// with_scaling=False), two roundings as numpy's `X -= center_;
// X /= scale_`. scale_ had its zeros replaced by 1 at fit, so every entry
// is > 0.
struct RobustScaler {
  Tensor center;  // f64 [n] or absent, finite
  Tensor scale;   // f64 [n] or absent, finite, > 0
  template <class V>
  void Visit(V& v) {
    v.Field(1, "center", center);
    v.Field(2, "scale", scale);
  }
  bool operator==(const RobustScaler&) const = default;
};

// The norm a Normalizer divides each row by.
enum class NormKind : uint8_t {
  kL1 = 1,   // sum of |x|
  kL2 = 2,   // sqrt of the sum of squares
  kMax = 3,  // max |x|
};

// scikit-learn's Normalizer (sklearn.preprocessing.normalize, axis=1):
// each row divided by its norm, a norm below 10 eps of the input's float
// type taken as 1. Stateless: width n in, n out.
struct Normalizer {
  NormKind norm = NormKind::kL2;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "norm", norm);
  }
  bool operator==(const Normalizer&) const = default;
};

// scikit-learn's Binarizer: x > threshold -> 1, else 0 (stateless; width n
// in, n out). float32 input compares in float32, with the threshold rounded
// to float32 (numpy's comparison of a float32 array with a Python float).
struct Binarizer {
  double threshold = 0;  // any value (NaN: every output 0)
  template <class V>
  void Visit(V& v) {
    v.Field(1, "threshold", threshold);
  }
  // By its bits, so that a NaN threshold reads back equal.
  bool operator==(const Binarizer& o) const {
    return std::bit_cast<uint64_t>(threshold) ==
           std::bit_cast<uint64_t>(o.threshold);
  }
};

// ---- KBinsDiscretizer (format 1.1; SPEC §7) ----
// scikit-learn's encode parameter: how a feature's bin index is output.
enum class KBinsEncode : uint8_t {
  kOrdinal = 1,  // "ordinal": the bin index as a number
  kOneHot = 2,   // "onehot-dense": n_bins columns, 1 in the bin's column
};
// What scikit-learn's transform does to X before binning (its dtype
// parameter): nothing (None, numpy.float64) or a cast to float32.
enum class KBinsInput : uint8_t {
  kAsGiven = 1,  // values compared as given (float32 input is exact)
  kFloat32 = 2,  // dtype=numpy.float32: each value rounded to float32
};

// scikit-learn's KBinsDiscretizer (encode "ordinal" or "onehot-dense"):
// feature j's bin is the number of its inner edges (bin_edges_[j][1:-1])
// at or below x, as np.searchsorted(..., side="right"). `edges` holds
// bin_edges_[0], bin_edges_[1], ... one after the other, n_bins[j] + 1
// values for feature j (the outer two are not compared; either may be
// infinite), non-decreasing, no NaN.
struct KBinsDiscretizer {
  std::vector<uint64_t> n_bins;  // [n], each >= 1
  Tensor edges;                  // f64 [sum(n_bins[j] + 1)]
  KBinsEncode encode = KBinsEncode::kOrdinal;
  KBinsInput input = KBinsInput::kAsGiven;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "n_bins", n_bins);
    v.Field(2, "edges", edges);
    v.Field(3, "encode", encode);
    v.Field(4, "input", input);
  }
  bool operator==(const KBinsDiscretizer&) const = default;
};

// ---- h-tenc: TargetEncoder ----
// One input column of a TargetEncoder: its categories (as scikit-learn's
// categories_[i], the missing category last) and their encodings, one row
// per category and one column per target.
struct TargetColumn {
  CategoryList categories;
  Tensor encodings;  // f64 [categories.count(), t]
  template <class V>
  void Visit(V& v) {
    v.Field(1, "categories", categories);
    v.Field(2, "encodings", encodings);
  }
  bool operator==(const TargetColumn&) const = default;
};

// scikit-learn's TargetEncoder.transform (not fit_transform's cross
// fitting). t = target_mean.size(): 1 for a binary or continuous target,
// the number of classes for a multiclass one. Input width n ==
// columns.size(); output width n * t, feature-major:
//   output[j * t + c] = columns[j].encodings[i, c] for category i of x[j],
//                       target_mean[c] for a value that is no category
//                       (unknown, or missing without a missing category).
struct TargetEncoder {
  std::vector<TargetColumn> columns;
  Tensor target_mean;  // f64 [t], finite
  template <class V>
  void Visit(V& v) {
    v.Field(1, "columns", columns);
    v.Field(2, "target_mean", target_mean);
  }
  bool operator==(const TargetEncoder&) const = default;
};
// ---- end h-tenc ----

// scikit-learn's FeatureUnion (dense output): every transformer applied to
// all input columns, its output multiplied by its weight
// (transformer_weights; absent: no weights), the outputs side by side in
// transformer_list order ("drop" entries are left out, "passthrough" entries
// are Passthrough).
struct FeatureUnion {
  std::vector<Estimator> transformers;  // each a transformer, a Pipeline of
                                        // transformers or Passthrough
  Tensor weights;                       // f64 [k], finite, or absent
  template <class V>
  void Visit(V& v) {
    v.Field(1, "transformers", transformers);
    v.Field(2, "weights", weights);
  }
  bool operator==(const FeatureUnion&) const;
};

// The numpy ufuncs a FunctionTransformer may name (a closed list: a stored
// value is never resolved to code by name).
enum class Ufunc : uint8_t {
  kLog = 1,
  kLog1p = 2,
  kExp = 3,
  kExpm1 = 4,
  kSqrt = 5,
  kAbsolute = 6,  // numpy.abs is numpy.absolute
  kSquare = 7,
  kNegative = 8,
  kReciprocal = 9,
  kSin = 10,
  kCos = 11,
  kTanh = 12,
};

// scikit-learn's FunctionTransformer with func one of the ufuncs (func None,
// the identity, is a Passthrough): `func` applied to every value, width n.
struct FunctionTransformer {
  Ufunc func = Ufunc::kLog;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "func", func);
  }
  bool operator==(const FunctionTransformer&) const = default;
};

// How a TransformedTargetRegressor's inverse transform checks the values a
// step receives, as the inverting transformer's check_array does.
enum class TargetCheck : uint8_t {
  kNone = 1,      // FunctionTransformer(validate=False): no check
  kAllowNan = 2,  // the scalers (ensure_all_finite="allow-nan"): infinity
                  // is an error, NaN passes
  kFinite = 3,    // FunctionTransformer(validate=True): NaN and infinity
                  // are errors
};

// What a step of the inverse transform does to each prediction y[i][j].
enum class TargetOp : uint8_t {
  kIdentity = 1,  // nothing (FunctionTransformer, inverse_func None)
  kMultiply = 2,  // y *= values[j]
  kAdd = 3,       // y += values[j]
  kSubtract = 4,  // y -= values[j]
  kDivide = 5,    // y /= values[j]
  kUfunc = 6,     // y = func(y)
};

// One step of the inverse transform: the check, then the operation. `values`
// is present exactly for the arithmetic ops, `func` set (not 0) exactly for
// kUfunc.
struct InverseStep {
  TargetCheck check = TargetCheck::kNone;
  TargetOp op = TargetOp::kIdentity;
  Tensor values;  // f64 [n_outputs], finite; nonzero for kDivide
  Ufunc func{};   // kUfunc only
  template <class V>
  void Visit(V& v) {
    v.Field(1, "check", check);
    v.Field(2, "op", op);
    v.Field(3, "values", values);
    v.Field(4, "func", func);
  }
  bool operator==(const InverseStep&) const = default;
};

// scikit-learn's TransformedTargetRegressor: the regressor's predictions
// (float64, one column per output) through transformer_.inverse_transform,
// written out as steps (a scaler's inverse is one or two steps, a
// FunctionTransformer's one, a Pipeline's its steps' in reverse order).
struct TransformedTargetRegressor {
  std::vector<Estimator> regressor;  // exactly one: a regressor, or a
                                     // Pipeline ending in one
  std::vector<InverseStep> inverse;  // in order; may be empty
  template <class V>
  void Visit(V& v) {
    v.Field(1, "regressor", regressor);
    v.Field(2, "inverse", inverse);
  }
  bool operator==(const TransformedTargetRegressor&) const;
};

// ---- FeatureSelector (format 1.1; SPEC §7) ----
// How a FeatureSelector checks its input: scikit-learn's SelectorMixin
// validates X with ensure_all_finite = not the selector's allow_nan tag.
enum class SelectorInput : uint8_t {
  kAny = 1,     // allow_nan: NaN and infinity pass (ensure_all_finite=False)
  kFinite = 2,  // NaN (E903) and infinity (E904) refused
};

// scikit-learn's feature selectors (SelectorMixin.transform: VarianceThreshold,
// SelectKBest, SelectPercentile, SelectFpr, SelectFdr, SelectFwe,
// GenericUnivariateSelect, SelectFromModel, RFE, RFECV,
// SequentialFeatureSelector): the
// input columns `columns` (the support mask's true entries), in input
// order, copied unchanged. Numeric columns only.
struct FeatureSelector {
  std::vector<uint64_t> columns;  // strictly increasing, < n, not empty
  SelectorInput input = SelectorInput::kFinite;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "columns", columns);
    v.Field(2, "input", input);
  }
  bool operator==(const FeatureSelector&) const = default;
};

// ---- MissingIndicator (format 1.1; SPEC §7) ----
// What MissingIndicator does with a missing value in a column that had
// none in fit (its error_on_new with features="missing-only").
enum class IndicatorNew : uint8_t {
  kIgnore = 1,  // not reported
  kError = 2,   // the input is refused (E914)
};

// scikit-learn's MissingIndicator (dense output): output column i is 1.0
// where input column features[i] holds a missing value (NaN when
// missing_value is NaN, else a value equal to missing_value), else 0.0
// (scikit-learn outputs bool). on_new kError: a missing value in a column
// not in `features` is an input error. Numeric columns only.
struct MissingIndicator {
  std::vector<uint64_t> features;  // strictly increasing, < n, not empty
  double missing_value = std::numeric_limits<double>::quiet_NaN();
  IndicatorNew on_new = IndicatorNew::kIgnore;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "features", features);
    v.Field(2, "missing_value", missing_value);
    v.Field(3, "on_new", on_new);
  }
  // missing_value compares by its bits (a NaN equals itself).
  bool operator==(const MissingIndicator& o) const {
    return features == o.features && on_new == o.on_new &&
           std::bit_cast<uint64_t>(missing_value) ==
               std::bit_cast<uint64_t>(o.missing_value);
  }
};

// ---- PolynomialFeatures (format 1.1; SPEC §7) ----
// scikit-learn's PolynomialFeatures (dense): its transform builds a table
// of product columns, each an earlier column times one input feature
// (np.multiply(XP[:, start:end], X[:, f:f+1])), and outputs some of them.
// Product column c is (base[c] == 0 ? 1 : column base[c] - 1) times
// (feature[c] == 0 ? 1 : x[feature[c] - 1]); base[c] - 1 < c, so every
// column refers to an earlier one. The output is the product columns listed
// in `output`, in order.
struct PolynomialFeatures {
  std::vector<uint64_t> base;     // [m]: 0 (the constant 1) or column + 1
  std::vector<uint64_t> feature;  // [m]: 0 (none) or input feature + 1
  std::vector<uint64_t> output;   // [width]: product columns, each < m
  template <class V>
  void Visit(V& v) {
    v.Field(1, "base", base);
    v.Field(2, "feature", feature);
    v.Field(3, "output", output);
  }
  bool operator==(const PolynomialFeatures&) const = default;
};

// ---- QuantileTransformer (format 1.1; SPEC §7) ----
// scikit-learn's output_distribution.
enum class QuantileOutput : uint8_t {
  kUniform = 1,  // "uniform": the interpolated reference in [0, 1]
  kNormal = 2,   // "normal": then stats.norm.ppf, clipped
};

// scikit-learn's QuantileTransformer (dense transform): feature j maps x to
// 0.5 * (np.interp(x, q, r) - np.interp(-x, -q[::-1], -r[::-1])) with q =
// quantiles_[:, j] and r = references_, the bounds set to 0 and 1, then
// for kNormal stats.norm.ppf and np.clip (SPEC §7). NaN passes through.
struct QuantileTransformer {
  Tensor quantiles;   // f64 [n_quantiles, n]: quantiles_, each column sorted
  Tensor references;  // f64 [n_quantiles]: references_, in [0, 1], sorted
  QuantileOutput output = QuantileOutput::kUniform;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "quantiles", quantiles);
    v.Field(2, "references", references);
    v.Field(3, "output", output);
  }
  bool operator==(const QuantileTransformer&) const = default;
};

// ---- PowerTransformer (format 1.1; SPEC §7) ----
// scikit-learn's method, and for Yeo-Johnson the formula of the release
// that fitted the model (the mapper decides from _sklearn_version).
enum class PowerMethod : uint8_t {
  kBoxCox = 1,           // scipy.special.boxcox
  kYeoJohnsonPower = 2,  // scikit-learn <= 1.8's _yeo_johnson_transform
  kYeoJohnsonExpm1 = 3,  // scikit-learn >= 1.9: scipy.stats.yeojohnson
};

// scikit-learn's PowerTransformer (transform): feature j maps x to
// f(x, lambdas_[j]) (SPEC §7 gives f per method), then with standardize
// the fitted _scaler's (x - mean_) / scale_. NaN passes through.
struct PowerTransformer {
  Tensor lambdas;  // f64 [n]: lambdas_, finite
  PowerMethod method = PowerMethod::kYeoJohnsonExpm1;
  Tensor mean;   // f64 [n] or absent (standardize=False): _scaler.mean_
  Tensor scale;  // f64 [n] or absent: _scaler.scale_, finite > 0
  template <class V>
  void Visit(V& v) {
    v.Field(1, "lambdas", lambdas);
    v.Field(2, "method", method);
    v.Field(3, "mean", mean);
    v.Field(4, "scale", scale);
  }
  bool operator==(const PowerTransformer&) const = default;
};

// ---- SupportVectorMachine (format 1.1; SPEC §7) ----
// libsvm's problem type (scikit-learn's _impl).
enum class SvmType : uint8_t {
  kCSvc = 1,        // SVC
  kNuSvc = 2,       // NuSVC
  kOneClass = 3,    // OneClassSVM
  kEpsilonSvr = 4,  // SVR
  kNuSvr = 5,       // NuSVR
};
// The kernel K(x, s) of an input row x and a support vector s; <x, s> is
// the dot product.
enum class SvmKernel : uint8_t {
  kLinear = 1,   // <x, s>
  kPoly = 2,     // (gamma <x, s> + coef0)^degree, libsvm's powi
  kRbf = 3,      // exp(-gamma |x - s|^2)
  kSigmoid = 4,  // tanh(gamma <x, s> + coef0)
};
// A classifier's decision_function: the one-vs-one values, or scikit-learn's
// one-vs-rest aggregation of them (votes + confidences / (3 (|c| + 1))).
enum class SvmDecisionShape : uint8_t { kOvo = 1, kOvr = 2 };
// A classifier's predict: libsvm's one-vs-one vote (first most votes), or
// with break_ties (ovr, more than 2 classes) the argmax of the ovr decision.
enum class SvmTies : uint8_t { kVotes = 1, kDecision = 2 };

// scikit-learn's SVC, NuSVC, SVR, NuSVR and OneClassSVM as libsvm predicts
// with them (SPEC §7): l support vectors of c classes (c = 1 for the
// regressors and OneClassSVM), p = c (c - 1) / 2 class pairs (1 for the
// others). The decision value of pair (i, j) is the sum over class i's
// support vectors of dual_coef[j - 1] K and over class j's of dual_coef[i]
// K, plus intercept[pair]. Tensors are scikit-learn's libsvm-side arrays:
// _dual_coef_ and _intercept_ (not the sign-flipped public ones).
struct SupportVectorMachine {
  SvmType type = SvmType::kCSvc;
  SvmKernel kernel = SvmKernel::kRbf;
  double gamma = 0;        // _gamma (resolved at fit)
  double coef0 = 0;        // poly, sigmoid
  uint64_t degree = 3;     // poly; <= 2^31 - 1 (libsvm's int)
  Tensor support_vectors;  // f64 [l, n]: support_vectors_
  Tensor n_support;        // i32 [c]: _n_support (classifiers; else absent)
  Tensor dual_coef;        // f64 [max(c - 1, 1), l]: _dual_coef_
  Tensor intercept;        // f64 [p]: _intercept_ (libsvm's -rho)
  Tensor prob_a;           // f64 [p]: _probA (probability=True), or absent
  Tensor prob_b;           // f64 [p]: _probB, with prob_a
  SvmDecisionShape decision_shape = SvmDecisionShape::kOvr;
  SvmTies ties = SvmTies::kVotes;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "type", type);
    v.Field(2, "kernel", kernel);
    v.Field(3, "gamma", gamma);
    v.Field(4, "coef0", coef0);
    v.Field(5, "degree", degree);
    v.Field(6, "support_vectors", support_vectors);
    v.Field(7, "n_support", n_support);
    v.Field(8, "dual_coef", dual_coef);
    v.Field(9, "intercept", intercept);
    v.Field(10, "prob_a", prob_a);
    v.Field(11, "prob_b", prob_b);
    v.Field(12, "decision_shape", decision_shape);
    v.Field(13, "ties", ties);
  }
  bool operator==(const SupportVectorMachine&) const = default;
};
// Whether libsvm's type is a classifier with one-vs-one pairs.
constexpr bool IsSvmClassifier(SvmType t) {
  return t == SvmType::kCSvc || t == SvmType::kNuSvc;
}

// ---- NaiveBayes (format 1.1; SPEC §7) ----
// How the joint log likelihood jll[c] of a row x is computed.
enum class NaiveBayesType : uint8_t {
  // GaussianNB: class_term[c] + (log_norm[c] - 0.5 sum_j (x_j -
  // theta[c, j])^2 / var[c, j]), the sum numpy's pairwise row sum.
  kGaussian = 1,
  // MultinomialNB, ComplementNB, BernoulliNB (after its binarize step):
  // x . coef[c] + class_term[c].
  kDiscrete = 2,
  // CategoricalNB: each x_j truncated to an integer t_j (a category index
  // in [0, n_categories[j])); sum_j category_log_prob[offset_j + t_j, c]
  // from 0.0 in feature order, + class_term[c].
  kCategorical = 3,
};

// scikit-learn's naive Bayes classifiers (SPEC §7): c classes, n features.
// predict is the first class with the largest jll; predict_proba is
// exp(jll - logsumexp(jll)) as scipy's logsumexp computes it. No
// decision_function (scikit-learn's have none).
struct NaiveBayes {
  NaiveBayesType type = NaiveBayesType::kGaussian;
  Tensor class_term;    // f64 [c]: log(class_prior_) (Gaussian); the
                        // intercept of the linear jll (discrete)
  Tensor theta;         // f64 [c, n], Gaussian only: theta_
  Tensor var;           // f64 [c, n], Gaussian only: var_ (> 0)
  Tensor log_norm;      // f64 [c], Gaussian only: -0.5 sum(log(2 pi var[c]))
  Tensor coef;          // f64 [c, n], discrete only
  Tensor n_categories;  // i64 [n], categorical only: n_categories_
  Tensor category_log_prob;  // f64 [K, c], categorical only: feature j's
                             // category t is row sum(n_categories[:j]) + t;
                             // K = sum(n_categories)
  template <class V>
  void Visit(V& v) {
    v.Field(1, "type", type);
    v.Field(2, "class_term", class_term);
    v.Field(3, "theta", theta);
    v.Field(4, "var", var);
    v.Field(5, "log_norm", log_norm);
    v.Field(6, "coef", coef);
    v.Field(7, "n_categories", n_categories);
    v.Field(8, "category_log_prob", category_log_prob);
  }
  bool operator==(const NaiveBayes&) const = default;
};

// ---- NeuralNetwork (format 1.1; SPEC §7) ----
// An activation function, applied to every value of a layer's output
// (sklearn/neural_network/_base.py ACTIVATIONS).
enum class Activation : uint8_t {
  kIdentity = 1,  // x
  kLogistic = 2,  // scipy.special.expit: 1 / (1 + exp(-x))
  kTanh = 3,      // tanh(x)
  kRelu = 4,      // np.maximum(x, 0) (NaN stays NaN)
  kSoftmax = 5,   // output only: exp(x - max(x)) / sum, over a row
  kExp = 6,       // output only: exp(x) (MLPRegressor, loss="poisson")
};

// scikit-learn's MLPClassifier and MLPRegressor (SPEC §7): L >= 1 dense
// layers. Layer i maps a row a of width s[i] to (a @ W_i) + b_i of width
// s[i + 1], W_i row-major [s[i], s[i + 1]] (coefs_[i]) and b_i
// (intercepts_[i]); hidden_activation follows every layer but the last,
// output_activation the last. The output layer is read as scikit-learn's
// LabelBinarizer reads it: a regressor's values; one logistic column: a
// binary classifier (class 1 where p > 0.5, proba [1 - p, p]); s[L] logistic
// columns: s[L] binary outputs (multilabel); a softmax row: one output, the
// first largest.
struct NeuralNetwork {
  Activation hidden_activation = Activation::kRelu;
  Activation output_activation = Activation::kIdentity;
  Tensor layer_sizes;  // i64 [L + 1]: s[0] = n, ..., s[L] = output width
  Tensor weights;      // f64 [sum s[i] s[i + 1]]: W_0, W_1, ... concatenated
  Tensor biases;       // f64 [sum s[i + 1]]: b_0, b_1, ... concatenated
  template <class V>
  void Visit(V& v) {
    v.Field(1, "hidden_activation", hidden_activation);
    v.Field(2, "output_activation", output_activation);
    v.Field(3, "layer_sizes", layer_sizes);
    v.Field(4, "weights", weights);
    v.Field(5, "biases", biases);
  }
  bool operator==(const NeuralNetwork&) const = default;
};

// ---- Projection (format 1.1; SPEC §7) ----
// Where the mean is subtracted (scikit-learn's PCA changed it in 1.5).
enum class ProjectionCentering : uint8_t {
  kNone = 1,    // y = x C^T (TruncatedSVD)
  kBefore = 2,  // y = (x - mean) C^T (PCA, IncrementalPCA of 1.4)
  kAfter = 3,   // y = x C^T - mean C^T (PCA, IncrementalPCA of 1.5 on)
};

// scikit-learn's PCA, IncrementalPCA and TruncatedSVD transform (SPEC §7):
// n features to k components, then divided by `scale` when present
// (whiten).
struct Projection {
  ProjectionCentering centering = ProjectionCentering::kNone;
  Tensor components;  // f64 [k, n]: components_
  Tensor mean;        // f64 [n]: mean_; absent for kNone
  Tensor scale;       // f64 [k], > 0: the whitening divisor; or absent
  template <class V>
  void Visit(V& v) {
    v.Field(1, "centering", centering);
    v.Field(2, "components", components);
    v.Field(3, "mean", mean);
    v.Field(4, "scale", scale);
  }
  bool operator==(const Projection&) const = default;
};

// ---- Clustering (format 1.1; SPEC §7) ----
// scikit-learn's KMeans, MiniBatchKMeans and BisectingKMeans. A classifier
// whose k classes are the cluster indices 0..k-1: predict is the nearest
// center by scikit-learn's score ||c||^2 - 2 x.c (first smallest); the
// engine's decision_function is scikit-learn's transform, the Euclidean
// distances sqrt(max(-2 x.c + ||x||^2 + ||c||^2, 0)) to the k centers.
// BisectingKMeans predicts down its tree instead: at each internal node the
// nearer of its two children (the left one on a tie) by the same score.
struct Clustering {
  Tensor centers;  // f64 [k, n]: cluster_centers_
  // BisectingKMeans's tree; all three absent for the other two. Node 0 is
  // the root; a child's index is above its parent's.
  Tensor tree_children;  // i32 [nodes, 2]: left, right; -1, -1 at a leaf
  Tensor tree_centers;   // f64 [nodes, n]: the node's center (+ _X_mean)
  Tensor tree_labels;    // i32 [nodes]: a leaf's cluster; -1 elsewhere
  template <class V>
  void Visit(V& v) {
    v.Field(1, "centers", centers);
    v.Field(2, "tree_children", tree_children);
    v.Field(3, "tree_centers", tree_centers);
    v.Field(4, "tree_labels", tree_labels);
  }
  bool operator==(const Clustering&) const = default;
};

// ---- Constant (format 1.1; SPEC §7) ----
// scikit-learn's DummyRegressor and DummyClassifier (strategies prior,
// most_frequent and constant): outputs that do not depend on X. A
// regressor predicts `values`; a classifier's predict_proba is `values` on
// every row and its predict the class of the first largest entry.
struct Constant {
  Tensor values;  // f64: [n_outputs] (regression) or [C] (classification)
  template <class V>
  void Visit(V& v) {
    v.Field(1, "values", values);
  }
  bool operator==(const Constant&) const = default;
};

// ---- QuadraticDiscriminant (format 1.1; SPEC §7) ----
// How predict_proba and predict_log_proba normalise the k decision values
// d (scikit-learn changed it in 1.6).
enum class QuadraticProba : uint8_t {
  // 1.4, 1.5: e = exp(d - max d); proba = e / sum e; log proba = log(proba).
  kLikelihood = 1,
  // 1.6 on: l = d - max d; log proba = l - log(sum exp l); proba = exp of it.
  kLogSoftmax = 2,
};

// scikit-learn's QuadraticDiscriminantAnalysis: k classes, n features, r
// components per class (r <= n). Class i's decision value is
// -0.5 * (||(x - means[i]) (rotations[i] * scalings[i]^-0.5)||^2 +
// sum log scalings[i]) + log priors[i]; predict is the first largest.
struct QuadraticDiscriminant {
  QuadraticProba proba = QuadraticProba::kLogSoftmax;
  Tensor means;      // f64 [k, n]: means_
  Tensor rotations;  // f64 [k, n, r]: rotations_
  Tensor scalings;   // f64 [k, r], finite and > 0: scalings_
  Tensor priors;     // f64 [k], finite and > 0: priors_
  template <class V>
  void Visit(V& v) {
    v.Field(1, "proba", proba);
    v.Field(2, "means", means);
    v.Field(3, "rotations", rotations);
    v.Field(4, "scalings", scalings);
    v.Field(5, "priors", priors);
  }
  bool operator==(const QuadraticDiscriminant&) const = default;
};

// ---- Isotonic (format 1.1; SPEC §7) ----
// scikit-learn's IsotonicRegression (predict and transform, the same
// values): one input column x, np.interp(x, x_thresholds, y_thresholds)
// inside [x_thresholds[0], x_thresholds[k - 1]]; outside it per
// out_of_bounds. One threshold: y_thresholds[0] on every row.
enum class IsotonicBounds : uint8_t {
  kNan = 1,    // "nan": NaN outside the range
  kClip = 2,   // "clip": x clipped to the range first
  kRaise = 3,  // "raise": a value outside the range is an input error
};
enum class IsotonicDirection : uint8_t {
  kIncreasing = 1,  // increasing_ True: y_thresholds non-decreasing
  kDecreasing = 2,  // increasing_ False: y_thresholds non-increasing
};
struct Isotonic {
  Tensor x_thresholds;  // f64 [k], k >= 1: X_thresholds_, strictly increasing
  Tensor y_thresholds;  // f64 [k]: y_thresholds_, monotone per `direction`
  IsotonicBounds out_of_bounds = IsotonicBounds::kNan;
  IsotonicDirection direction = IsotonicDirection::kIncreasing;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "x_thresholds", x_thresholds);
    v.Field(2, "y_thresholds", y_thresholds);
    v.Field(3, "out_of_bounds", out_of_bounds);
    v.Field(4, "direction", direction);
  }
  bool operator==(const Isotonic&) const = default;
};

// ---- GaussianMixture (format 1.1; SPEC §7) ----
// The shape of precisions_cholesky_ (scikit-learn's covariance_type).
enum class CovarianceType : uint8_t {
  kFull = 1,       // [k, n, n]: one matrix per component
  kTied = 2,       // [n, n]: one matrix shared by the components
  kDiag = 3,       // [k, n]: a diagonal per component
  kSpherical = 4,  // [k]: one value per component
};

// scikit-learn's GaussianMixture and BayesianGaussianMixture: a classifier
// whose k classes are the component indices 0..k-1 (int64 labels). Per row
// the weighted log-probabilities w_j, in scikit-learn's order:
//   w_j = ((-0.5 * (n log(2 pi) + q_j) + log_det_j) [- dof_term_j
//         + lambda_term_j]) + log_weights_j
// with q_j the squared Mahalanobis distance as _estimate_log_gaussian_prob
// computes it per covariance type and log_det_j the sum of the logs of the
// Cholesky factor's diagonal (n log p_j when spherical). predict is the
// first largest w_j; predict_proba exp(w_j - logsumexp(w)); the engine's
// decision value (one per row) is logsumexp(w), scikit-learn's
// score_samples.
struct GaussianMixture {
  CovarianceType covariance_type = CovarianceType::kFull;
  Tensor means;                // f64 [k, n]: means_
  Tensor precisions_cholesky;  // f64, the shape covariance_type names
  Tensor log_weights;          // f64 [k]: log(weights_), or the Bayesian
                               // mixture's E[log pi] (_estimate_log_weights)
  // BayesianGaussianMixture only (both or neither), f64 [k]:
  // 0.5 * n * log(degrees_of_freedom_) and 0.5 * (n log 2 + sum_i
  // digamma(0.5 * (dof - i)) - n / mean_precision_).
  Tensor dof_term;
  Tensor lambda_term;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "covariance_type", covariance_type);
    v.Field(2, "means", means);
    v.Field(3, "precisions_cholesky", precisions_cholesky);
    v.Field(4, "log_weights", log_weights);
    v.Field(5, "dof_term", dof_term);
    v.Field(6, "lambda_term", lambda_term);
  }
  bool operator==(const GaussianMixture&) const = default;
};

// ---- IsolationForest (format 1.1; SPEC §7) ----
// Which input values score_samples accepts (scikit-learn's check at
// predict time, which depends on the release that fitted the model).
enum class IsolationInput : uint8_t {
  // 1.4-1.5: X cast to float32, NaN and infinity refused (force_all_finite).
  kFinite = 1,
  // 1.6 and later (ensure_all_finite=False): any value; NaN follows each
  // node's missing_go_to_left, infinity compares as itself.
  kAny = 2,
};

// scikit-learn's IsolationForest, an outlier detector (classes -1 and 1,
// int64 labels). Each tree's `feature` already indexes the columns of the
// full X (the mapper applies estimators_features_ where score_samples
// subsamples them), and each node's `value` (f64 [nodes, 1, 1]) is the
// leaf's path value (_decision_path_lengths + _average_path_length_per_tree)
// - 1.0, computed in float64 as scikit-learn does. Per row, with X cast to
// float32 and walked as Tree says:
//   d = ((0 + v_0) + v_1) + ... (trees in order)
//   s = -2^(-(d / denominator)), or -2^-1 when denominator is 0
// The engine's decision value is s (scikit-learn's score_samples);
// decision_function is s - offset; predict is -1 where s - offset < 0,
// else 1.
struct IsolationForest {
  std::vector<Tree> trees;
  // len(estimators_) * _average_path_length([max_samples_]).
  double denominator = 0;
  double offset = 0;  // offset_
  IsolationInput input = IsolationInput::kFinite;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "trees", trees);
    v.Field(2, "denominator", denominator);
    v.Field(3, "offset", offset);
    v.Field(4, "input", input);
  }
  // The doubles compare by their bits (a NaN read from a file equals
  // itself, so a round trip keeps the model).
  bool operator==(const IsolationForest& o) const {
    return trees == o.trees &&
           std::bit_cast<uint64_t>(denominator) ==
               std::bit_cast<uint64_t>(o.denominator) &&
           std::bit_cast<uint64_t>(offset) ==
               std::bit_cast<uint64_t>(o.offset) &&
           input == o.input;
  }
};

// ---- NearestCentroid (format 1.1; SPEC §7) ----
// The distance scikit-learn's NearestCentroid was fitted with.
enum class CentroidMetric : uint8_t { kEuclidean = 1, kManhattan = 2 };

// How predict picks the class (scikit-learn 1.6 added priors).
enum class CentroidRule : uint8_t {
  // pairwise_distances_argmin(X, centroids_): the first class with the
  // smallest distance. All fits before 1.6; from 1.6 when
  // np.isclose(class_prior_, 1 / k).all().
  kNearest = 1,
  // 1.6 on, other priors: the first largest discriminant (below).
  kDiscriminant = 2,
};

// scikit-learn's NearestCentroid: k classes, n features. Fitted by 1.6 or
// later it also has within_class_std_dev_ s and class_prior_ p, and the
// discriminant of class i is, with x and centroids[i] divided by s where
// s != 0 (DiscriminantAnalysisPredictionMixin, eq. 18.2 of the ESL):
//   -distance(x / s, centroids[i] / s)^2 + 2 log p[i]
// predict_proba and decision_function exist for the euclidean metric only.
struct NearestCentroid {
  CentroidMetric metric = CentroidMetric::kEuclidean;
  CentroidRule rule = CentroidRule::kNearest;
  Tensor centroids;  // f64 [k, n], finite: centroids_
  Tensor std_dev;    // f64 [n], finite >= 0, 1.6 on: within_class_std_dev_
  Tensor priors;     // f64 [k], finite > 0, 1.6 on: class_prior_
  template <class V>
  void Visit(V& v) {
    v.Field(1, "metric", metric);
    v.Field(2, "rule", rule);
    v.Field(3, "centroids", centroids);
    v.Field(4, "std_dev", std_dev);
    v.Field(5, "priors", priors);
  }
  bool operator==(const NearestCentroid&) const = default;
};

// ---- Neighbors (format 1.1; SPEC §7) ----
// How the fitted model found its neighbours (scikit-learn's _fit_method).
enum class NeighborsAlgorithm : uint8_t {
  kBrute = 1,     // every training row, in training order
  kKdTree = 2,    // _tree, a KDTree
  kBallTree = 3,  // _tree, a BallTree
};
// scikit-learn's effective_metric_ (minkowski with p 1, 2 or infinity is
// manhattan, euclidean or chebyshev there already).
enum class NeighborsMetric : uint8_t {
  kEuclidean = 1,
  kManhattan = 2,
  kChebyshev = 3,
  kMinkowski = 4,  // sum |d|^p, p finite and >= 1
};
enum class NeighborsWeights : uint8_t { kUniform = 1, kDistance = 2 };

// scikit-learn's KNeighborsClassifier and KNeighborsRegressor. The k =
// n_neighbors training rows nearest to a row are found as the fitted
// model's kneighbors finds them, ties included: reduced distances (squared
// for euclidean, sum |d|^p for minkowski) computed by one sequential loop
// over the features, pushed into a bounded max-heap that refuses a value
// >= its largest (sklearn/utils/_heap.pyx), in training order (brute) or in
// the tree's depth-first order, closer child first, skipping a node whose
// lower bound is > the heap's largest (the KDTree's and BallTree's query);
// then sorted as scikit-learn's simultaneous_sort does. A classifier votes
// per output (uniform: counts, ties to the smallest class index; distance:
// weights 1/d, or 1 on the zero-distance neighbours only when a row has
// one); a regressor averages (weighted by the same weights).
struct Neighbors {
  NeighborsAlgorithm algorithm = NeighborsAlgorithm::kBrute;
  NeighborsMetric metric = NeighborsMetric::kEuclidean;
  double p = 2;  // minkowski's p; unused by the other metrics
  NeighborsWeights weights = NeighborsWeights::kUniform;
  uint64_t n_neighbors = 5;
  Tensor fit_x;  // f64 [n, d]: _fit_X (also the tree's data)
  // Classifier: i32 [n, n_outputs], each row's class index per output
  // (_y). Regressor: f64 [n, n_outputs] (_y).
  Tensor y;
  // kd_tree and ball_tree only (absent for brute): the tree's arrays
  // (BinaryTree.get_arrays()), m nodes, node i's children 2i+1 and 2i+2.
  Tensor idx_array;    // i64 [n]: a permutation of 0..n-1
  Tensor node_data;    // i64 [m, 3]: idx_start, idx_end, is_leaf
  Tensor node_radius;  // f64 [m]: the ball's radius (ball_tree)
  // f64 [2, m, d]: each node's lower and upper bounds (kd_tree), or
  // f64 [1, m, d]: each node's centroid (ball_tree).
  Tensor node_bounds;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "algorithm", algorithm);
    v.Field(2, "metric", metric);
    v.Field(3, "p", p);
    v.Field(4, "weights", weights);
    v.Field(5, "n_neighbors", n_neighbors);
    v.Field(6, "fit_x", fit_x);
    v.Field(7, "y", y);
    v.Field(8, "idx_array", idx_array);
    v.Field(9, "node_data", node_data);
    v.Field(10, "node_radius", node_radius);
    v.Field(11, "node_bounds", node_bounds);
  }
  // p compares by its bits (a NaN read from a file equals itself).
  bool operator==(const Neighbors& o) const {
    return algorithm == o.algorithm && metric == o.metric &&
           std::bit_cast<uint64_t>(p) == std::bit_cast<uint64_t>(o.p) &&
           weights == o.weights && n_neighbors == o.n_neighbors &&
           fit_x == o.fit_x && y == o.y && idx_array == o.idx_array &&
           node_data == o.node_data && node_radius == o.node_radius &&
           node_bounds == o.node_bounds;
  }
};

// ---- ThresholdClassifier (format 1.1; SPEC §7) ----
// Which of the classifier's scores a ThresholdClassifier thresholds.
enum class ThresholdResponse : uint8_t {
  kAuto = 1,      // predict_proba if the classifier has it, else
                  // decision_function (response_method="auto")
  kProba = 2,     // predict_proba's column of the positive class
  kDecision = 3,  // decision_function, negated when the positive class is
                  // the first
};

// Where a ThresholdClassifier's threshold comes from.
enum class ThresholdSource : uint8_t {
  kValue = 1,  // the threshold field
  kAuto = 2,   // 0.5 when the score is predict_proba's, 0.0 when it is
               // decision_function's (FixedThresholdClassifier's "auto")
};

// scikit-learn's FixedThresholdClassifier and TunedThresholdClassifierCV
// around a binary classifier: predict is the positive class where the
// classifier's score of it is >= threshold, else the other class
// (_threshold_scores_to_class_labels); predict_proba, predict_log_proba and
// decision_function are the classifier's own.
struct ThresholdClassifier {
  std::vector<Estimator> estimator;  // exactly one: a binary classifier, or
                                     // a Pipeline ending in one
  ThresholdResponse response = ThresholdResponse::kAuto;
  double threshold = 0.5;  // read when source is kValue
  ThresholdSource source = ThresholdSource::kValue;
  uint64_t positive = 1;  // the positive class's index in classes (0 or 1)
  template <class V>
  void Visit(V& v) {
    v.Field(1, "estimator", estimator);
    v.Field(2, "response", response);
    v.Field(3, "threshold", threshold);
    v.Field(4, "source", source);
    v.Field(5, "positive", positive);
  }
  bool operator==(const ThresholdClassifier& o) const;
};

// ---- LocalOutlierFactor (format 1.1; SPEC §7) ----
// scikit-learn's LocalOutlierFactor fitted with novelty=True, an outlier
// detector (classes -1 and 1, int64 labels). Per row x, the k =
// n_neighbors (n_neighbors_) nearest rows of fit_x are found and sorted as
// Neighbors finds them (the same query: kinds/neighbors/search.h), with
// distances dist_j (the square root or p-th root of the reduced
// distances). Then, as sklearn/neighbors/_lof.py's score_samples:
//   reach_j = max(dist_j, k_distance[ind_j])
//   x_lrd = 1 / (numpy_mean(reach) + 1e-10)
//   s = -numpy_mean(lrd[ind_j] / x_lrd)
// numpy_mean being numpy's pairwise sum over the k values divided by k.
// The engine's decision value is s (score_samples); decision_function is
// s - offset; predict is -1 where s - offset < 0, else 1.
struct LocalOutlierFactor {
  NeighborsAlgorithm algorithm = NeighborsAlgorithm::kBrute;
  NeighborsMetric metric = NeighborsMetric::kEuclidean;
  double p = 2;               // minkowski's p; unused by the other metrics
  uint64_t n_neighbors = 20;  // n_neighbors_
  Tensor fit_x;               // f64 [n, d]: _fit_X (also the tree's data)
  Tensor lrd;                 // f64 [n]: _lrd, finite > 0
  // f64 [n]: _distances_fit_X_[:, n_neighbors_ - 1], each training row's
  // distance to its k-th nearest other row, finite >= 0.
  Tensor k_distance;
  // kd_tree and ball_tree only, as Neighbors' (absent for brute).
  Tensor idx_array;      // i64 [n]
  Tensor node_data;      // i64 [m, 3]
  Tensor node_radius;    // f64 [m]
  Tensor node_bounds;    // f64 [2, m, d] (kd_tree) or [1, m, d] (ball_tree)
  double offset = -1.5;  // offset_
  template <class V>
  void Visit(V& v) {
    v.Field(1, "algorithm", algorithm);
    v.Field(2, "metric", metric);
    v.Field(3, "p", p);
    v.Field(4, "n_neighbors", n_neighbors);
    v.Field(5, "fit_x", fit_x);
    v.Field(6, "lrd", lrd);
    v.Field(7, "k_distance", k_distance);
    v.Field(8, "idx_array", idx_array);
    v.Field(9, "node_data", node_data);
    v.Field(10, "node_radius", node_radius);
    v.Field(11, "node_bounds", node_bounds);
    v.Field(12, "offset", offset);
  }
  // The doubles compare by their bits (a NaN read from a file equals
  // itself).
  bool operator==(const LocalOutlierFactor& o) const {
    return algorithm == o.algorithm && metric == o.metric &&
           std::bit_cast<uint64_t>(p) == std::bit_cast<uint64_t>(o.p) &&
           n_neighbors == o.n_neighbors && fit_x == o.fit_x && lrd == o.lrd &&
           k_distance == o.k_distance && idx_array == o.idx_array &&
           node_data == o.node_data && node_radius == o.node_radius &&
           node_bounds == o.node_bounds &&
           std::bit_cast<uint64_t>(offset) == std::bit_cast<uint64_t>(o.offset);
  }
};

// ---- SplineTransformer (format 1.1; SPEC §7) ----
// scikit-learn's extrapolation: what transform does with a value outside
// [t[k], t[n]] (n = m - k - 1).
enum class SplineExtrapolation : uint8_t {
  kError = 1,     // refused (E918)
  kConstant = 2,  // the first / last k bases' values at the boundary
  kLinear = 3,    // the boundary bases continued with their slope
  kContinue = 4,  // the polynomial pieces evaluated beyond (BSpline's
                  // extrapolate=True)
  kPeriodic = 5,  // x mapped into [t[k], t[n]) by the period t[n] - t[k]
};
// handle_missing (scikit-learn >= 1.8; "error" before).
enum class SplineMissing : uint8_t {
  kError = 1,  // NaN and infinity refused (check_array's finite check)
  kZeros = 2,  // NaN rows output 0; infinity accepted
};
// How scipy's de Boor derivative step (_deBoor_D) treats a zero-length
// knot span, which 'linear' extrapolation meets at a boundary whose last
// two knots are equal: scipy >= 1.17 zeroes h[n]; scipy 1.15 - 1.16 zeroes
// h[m] (m = 1, the derivative order) and leaves h[n] as it was (scipy
// <= 1.14 the same, but its work array is uninitialised memory).
enum class SplineDerivative : uint8_t {
  kScipy117 = 1,
  kScipy115 = 2,
};

// scikit-learn's SplineTransformer (dense transform, SPEC §7): feature i's
// B-spline basis of degree k on the knots knots[i, :] (bsplines_[i].t, m
// knots), evaluated as scipy's BSpline with identity coefficients (stacked
// [I; I[:k]] for periodic): ns = m - k - 1 bases (m - 2k - 1 periodic),
// the last one dropped when include_bias is 0. 'linear' keeps the boundary
// knot index scikit-learn 1.4 - 1.9's loop uses for each feature in bound
// (its `degree` variable grows from 0 or 1 to 2 across the features).
struct SplineTransformer {
  Tensor knots;         // f64 [n, m]: finite, each row non-decreasing
  uint64_t degree = 3;  // k
  SplineExtrapolation extrapolation = SplineExtrapolation::kConstant;
  uint64_t include_bias = 1;  // 0 or 1
  SplineMissing missing = SplineMissing::kError;
  SplineDerivative derivative = SplineDerivative::kScipy117;
  // kLinear: [n], feature i's boundary index b (xmin = t[b], xmax =
  // t[m - 1 - b]; b + (b <= 1) bases continued); empty otherwise.
  std::vector<uint64_t> bound;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "knots", knots);
    v.Field(2, "degree", degree);
    v.Field(3, "extrapolation", extrapolation);
    v.Field(4, "include_bias", include_bias);
    v.Field(5, "missing", missing);
    v.Field(6, "derivative", derivative);
    v.Field(7, "bound", bound);
  }
  bool operator==(const SplineTransformer&) const = default;
};

// ---- RadiusNeighbors (format 1.1; SPEC §7) ----
// scikit-learn's RadiusNeighborsClassifier and RadiusNeighborsRegressor.
// The training rows within `radius` of a row are found as the fitted
// model's radius_neighbors finds them (sort_results=False): brute force in
// training order, reduced distances <= the reduced radius (euclidean:
// |x|^2 + (-2 x.y) + |y|^2 with BLAS, as scikit-learn's
// EuclideanRadiusNeighbors); kd_tree and ball_tree in the tree's
// depth-first order (BinaryTree.query_radius: a node whose lower bound is
// > radius skipped, a node whose upper bound is <= radius taken whole, a
// leaf's rows tested against the reduced radius). Weights 'distance': 1/d,
// or, on a row with a zero distance, 1 on the zero-distance neighbours and
// 0 elsewhere. A classifier sums the weights per class in neighbour order
// (np.bincount) and divides by their numpy sum; predict is the first
// largest probability, or outlier_class where all are zero. A regressor
// averages (numpy's mean or np.average); a row with no neighbour predicts
// NaN.
// How brute force computes euclidean distances: for the metric named
// 'euclidean', scikit-learn's radius_neighbors (EuclideanRadiusNeighbors)
// by |x|^2 + (-2 x.y) + |y|^2 with BLAS; for its alias 'l2' (the generic
// RadiusNeighbors, and RadiusNeighborsClassMode) by the sum of squared
// differences, one sequential loop. Which rows lie within the radius can
// differ at its boundary.
enum class RadiusEuclidean : uint8_t { kGemm = 1, kDirect = 2 };

struct RadiusNeighbors {
  NeighborsAlgorithm algorithm = NeighborsAlgorithm::kBrute;
  NeighborsMetric metric = NeighborsMetric::kEuclidean;
  double p = 2;  // minkowski's p; unused by the other metrics
  NeighborsWeights weights = NeighborsWeights::kUniform;
  double radius = 1.0;  // finite, >= 0
  Tensor fit_x;         // f64 [n, d]: _fit_X (also the tree's data)
  // Classifier: i32 [n, n_outputs], each row's class index per output
  // (_y). Regressor: f64 [n, n_outputs] (_y).
  Tensor y;
  // kd_tree and ball_tree only (absent for brute), as Neighbors'.
  Tensor idx_array;    // i64 [n]
  Tensor node_data;    // i64 [m, 3]
  Tensor node_radius;  // f64 [m]
  Tensor node_bounds;  // f64 [2, m, d] (kd_tree) or [1, m, d] (ball_tree)
  // Classifier only: what a row with no training row within radius gets,
  // per output; both absent when the classifier has no outlier label (such
  // a row is refused). outlier_proba: the class whose probability is 1
  // (-1: all probabilities 0). outlier_class: the class predicted when all
  // probabilities are 0 (-1: none; then outlier_proba is a class).
  Tensor outlier_proba;  // i64 [n_outputs]
  Tensor outlier_class;  // i64 [n_outputs]
  // Brute force with the euclidean metric only (else unused, but known).
  RadiusEuclidean euclidean = RadiusEuclidean::kGemm;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "algorithm", algorithm);
    v.Field(2, "metric", metric);
    v.Field(3, "p", p);
    v.Field(4, "weights", weights);
    v.Field(5, "radius", radius);
    v.Field(6, "fit_x", fit_x);
    v.Field(7, "y", y);
    v.Field(8, "idx_array", idx_array);
    v.Field(9, "node_data", node_data);
    v.Field(10, "node_radius", node_radius);
    v.Field(11, "node_bounds", node_bounds);
    v.Field(12, "outlier_proba", outlier_proba);
    v.Field(13, "outlier_class", outlier_class);
    v.Field(14, "euclidean", euclidean);
  }
  // The doubles compare by their bits (a NaN read from a file equals
  // itself).
  bool operator==(const RadiusNeighbors& o) const {
    return algorithm == o.algorithm && metric == o.metric &&
           std::bit_cast<uint64_t>(p) == std::bit_cast<uint64_t>(o.p) &&
           weights == o.weights &&
           std::bit_cast<uint64_t>(radius) ==
               std::bit_cast<uint64_t>(o.radius) &&
           fit_x == o.fit_x && y == o.y && idx_array == o.idx_array &&
           node_data == o.node_data && node_radius == o.node_radius &&
           node_bounds == o.node_bounds && outlier_proba == o.outlier_proba &&
           outlier_class == o.outlier_class && euclidean == o.euclidean;
  }
};

// ---- Voting (format 1.1; SPEC §7) ----
// How a Voting combines its estimators.
enum class VotingRule : uint8_t {
  kHard = 1,     // VotingClassifier(voting="hard"): the (weighted) majority
                 // of the predicted labels
  kSoft = 2,     // VotingClassifier(voting="soft"): the argmax of the
                 // (weighted) mean of predict_proba
  kAverage = 3,  // VotingRegressor: the (weighted) mean of the predictions
};

// scikit-learn's VotingClassifier and VotingRegressor (estimators_, the
// "drop" ones left out). Each estimator is a predictor, or a Pipeline ending
// in one, that reads the Voting's input; a classifier's estimators were
// fitted on the class indices (le_.transform(y)), so each predicts class
// indices 0..n_classes-1 of the Voting's one output. With the weights w
// (_weights_not_none; all 1 when absent) and k estimators, as numpy's
// average: soft proba = (sum_i w_i * proba_i) / sum_i w_i, summed over i in
// order (np.average, axis 0); hard predict = the first largest bin of
// np.bincount(labels, weights), bins up to the largest label only;
// regression = (sum_i w_i * y_i) / sum_i w_i along axis 1 of the [n, k]
// predictions, in order for several rows and by numpy's pairwise sum for one
// (SPEC §7 Voting). Without weights the sums are unweighted and divided by k.
struct Voting {
  std::vector<Estimator> estimators;  // 1 to kMaxPipelineSteps
  Tensor weights;                     // f64 [k], finite, or absent
  VotingRule rule = VotingRule::kSoft;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "estimators", estimators);
    v.Field(2, "weights", weights);
    v.Field(3, "rule", rule);
  }
  bool operator==(const Voting& o) const;
};

// The closed set of estimator kinds. The variant index + 1 is the union tag
// in format/model.fbs (Estimator) and in the sandbox reply: append new kinds
// at the end, never reorder.
using EstimatorVariant = std::variant<
    Pipeline, StandardScaler, LinearModel, DecisionTree, Forest,
    GradientBoosting, HistGradientBoosting, CategoryEncoder, MinMaxScaler,
    MaxAbsScaler, OneHotEncoder, OrdinalEncoder, SimpleImputer, Passthrough,
    ColumnTransformer, RobustScaler, Normalizer, Binarizer, KBinsDiscretizer,
    TargetEncoder, FeatureUnion, FunctionTransformer, FeatureSelector,
    MissingIndicator, PolynomialFeatures, QuantileTransformer,
    TransformedTargetRegressor, PowerTransformer, SupportVectorMachine,
    NaiveBayes, NeuralNetwork, Projection, Clustering, Constant,
    QuadraticDiscriminant, Isotonic, GaussianMixture, IsolationForest,
    NearestCentroid, Neighbors, ThresholdClassifier, LocalOutlierFactor,
    SplineTransformer, RadiusNeighbors, Voting>;
// Names used in paths and JSON, indexed like EstimatorVariant.
inline constexpr const char* kEstimatorKindNames[] = {
    "Pipeline",
    "StandardScaler",
    "LinearModel",
    "DecisionTree",
    "Forest",
    "GradientBoosting",
    "HistGradientBoosting",
    "CategoryEncoder",
    "MinMaxScaler",
    "MaxAbsScaler",
    "OneHotEncoder",
    "OrdinalEncoder",
    "SimpleImputer",
    "Passthrough",
    "ColumnTransformer",
    "RobustScaler",
    "Normalizer",
    "Binarizer",
    "KBinsDiscretizer",
    "TargetEncoder",
    "FeatureUnion",
    "FunctionTransformer",
    "FeatureSelector",
    "MissingIndicator",
    "PolynomialFeatures",
    "QuantileTransformer",
    "TransformedTargetRegressor",
    "PowerTransformer",
    "SupportVectorMachine",
    "NaiveBayes",
    "NeuralNetwork",
    "Projection",
    "Clustering",
    "Constant",
    "QuadraticDiscriminant",
    "Isotonic",
    "GaussianMixture",
    "IsolationForest",
    "NearestCentroid",
    "Neighbors",
    "ThresholdClassifier",
    "LocalOutlierFactor",
    "SplineTransformer",
    "RadiusNeighbors",
    "Voting"};
static_assert(std::size(kEstimatorKindNames) ==
              std::variant_size_v<EstimatorVariant>);

struct Estimator {
  EstimatorVariant kind;
  const char* kind_name() const { return kEstimatorKindNames[kind.index()]; }
  bool operator==(const Estimator&) const = default;
};

inline bool Pipeline::operator==(const Pipeline& o) const {
  return steps == o.steps;
}
inline bool ColumnGroup::operator==(const ColumnGroup& o) const {
  return columns == o.columns && transformer == o.transformer;
}
inline bool FeatureUnion::operator==(const FeatureUnion& o) const {
  return transformers == o.transformers && weights == o.weights;
}
inline bool TransformedTargetRegressor::operator==(
    const TransformedTargetRegressor& o) const {
  return regressor == o.regressor && inverse == o.inverse;
}
inline bool Voting::operator==(const Voting& o) const {
  return estimators == o.estimators && weights == o.weights && rule == o.rule;
}
// threshold compares by its bits (a NaN read from a file equals itself).
inline bool ThresholdClassifier::operator==(
    const ThresholdClassifier& o) const {
  return estimator == o.estimator && response == o.response &&
         std::bit_cast<uint64_t>(threshold) ==
             std::bit_cast<uint64_t>(o.threshold) &&
         source == o.source && positive == o.positive;
}

// The canonical lowercase names of the enums' values: the Python model dict,
// `modelseal inspect` and error details all use these.
template <typename E>
struct EnumNames;
template <>
struct EnumNames<Task> {
  static constexpr std::pair<Task, const char*> kNames[] = {
      {Task::kRegression, "regression"},
      {Task::kClassification, "classification"},
      {Task::kTransform, "transform"}};
};
template <>
struct EnumNames<LabelType> {
  static constexpr std::pair<LabelType, const char*> kNames[] = {
      {LabelType::kInt64, "int64"},
      {LabelType::kBool, "bool"},
      {LabelType::kFloat64, "float64"}};
};
template <>
struct EnumNames<ColumnType> {
  static constexpr std::pair<ColumnType, const char*> kNames[] = {
      {ColumnType::kFloat, "float"},
      {ColumnType::kInteger, "integer"},
      {ColumnType::kBoolean, "boolean"},
      {ColumnType::kString, "string"}};
};
template <>
struct EnumNames<Nullable> {
  static constexpr std::pair<Nullable, const char*> kNames[] = {
      {Nullable::kNo, "no"}, {Nullable::kYes, "yes"}};
};
template <>
struct EnumNames<TargetCheck> {
  static constexpr std::pair<TargetCheck, const char*> kNames[] = {
      {TargetCheck::kNone, "none"},
      {TargetCheck::kAllowNan, "allow_nan"},
      {TargetCheck::kFinite, "finite"}};
};
template <>
struct EnumNames<TargetOp> {
  static constexpr std::pair<TargetOp, const char*> kNames[] = {
      {TargetOp::kIdentity, "identity"}, {TargetOp::kMultiply, "multiply"},
      {TargetOp::kAdd, "add"},           {TargetOp::kSubtract, "subtract"},
      {TargetOp::kDivide, "divide"},     {TargetOp::kUfunc, "ufunc"}};
};
template <>
struct EnumNames<Ufunc> {
  static constexpr std::pair<Ufunc, const char*> kNames[] = {
      {Ufunc::kLog, "log"},
      {Ufunc::kLog1p, "log1p"},
      {Ufunc::kExp, "exp"},
      {Ufunc::kExpm1, "expm1"},
      {Ufunc::kSqrt, "sqrt"},
      {Ufunc::kAbsolute, "absolute"},
      {Ufunc::kSquare, "square"},
      {Ufunc::kNegative, "negative"},
      {Ufunc::kReciprocal, "reciprocal"},
      {Ufunc::kSin, "sin"},
      {Ufunc::kCos, "cos"},
      {Ufunc::kTanh, "tanh"}};
};
template <>
struct EnumNames<UnknownCategory> {
  static constexpr std::pair<UnknownCategory, const char*> kNames[] = {
      {UnknownCategory::kError, "error"}, {UnknownCategory::kSlot, "slot"}};
};
template <>
struct EnumNames<NormKind> {
  static constexpr std::pair<NormKind, const char*> kNames[] = {
      {NormKind::kL1, "l1"}, {NormKind::kL2, "l2"}, {NormKind::kMax, "max"}};
};
template <>
struct EnumNames<KBinsEncode> {
  static constexpr std::pair<KBinsEncode, const char*> kNames[] = {
      {KBinsEncode::kOrdinal, "ordinal"}, {KBinsEncode::kOneHot, "onehot"}};
};
template <>
struct EnumNames<IndicatorNew> {
  static constexpr std::pair<IndicatorNew, const char*> kNames[] = {
      {IndicatorNew::kIgnore, "ignore"}, {IndicatorNew::kError, "error"}};
};
template <>
struct EnumNames<SelectorInput> {
  static constexpr std::pair<SelectorInput, const char*> kNames[] = {
      {SelectorInput::kAny, "any"}, {SelectorInput::kFinite, "finite"}};
};
template <>
struct EnumNames<PowerMethod> {
  static constexpr std::pair<PowerMethod, const char*> kNames[] = {
      {PowerMethod::kBoxCox, "box-cox"},
      {PowerMethod::kYeoJohnsonPower, "yeo-johnson-power"},
      {PowerMethod::kYeoJohnsonExpm1, "yeo-johnson-expm1"}};
};
template <>
struct EnumNames<SvmType> {
  static constexpr std::pair<SvmType, const char*> kNames[] = {
      {SvmType::kCSvc, "c_svc"},
      {SvmType::kNuSvc, "nu_svc"},
      {SvmType::kOneClass, "one_class"},
      {SvmType::kEpsilonSvr, "epsilon_svr"},
      {SvmType::kNuSvr, "nu_svr"}};
};
template <>
struct EnumNames<SvmKernel> {
  static constexpr std::pair<SvmKernel, const char*> kNames[] = {
      {SvmKernel::kLinear, "linear"},
      {SvmKernel::kPoly, "poly"},
      {SvmKernel::kRbf, "rbf"},
      {SvmKernel::kSigmoid, "sigmoid"}};
};
template <>
struct EnumNames<SvmDecisionShape> {
  static constexpr std::pair<SvmDecisionShape, const char*> kNames[] = {
      {SvmDecisionShape::kOvo, "ovo"}, {SvmDecisionShape::kOvr, "ovr"}};
};
template <>
struct EnumNames<SvmTies> {
  static constexpr std::pair<SvmTies, const char*> kNames[] = {
      {SvmTies::kVotes, "votes"}, {SvmTies::kDecision, "decision"}};
};
template <>
struct EnumNames<NaiveBayesType> {
  static constexpr std::pair<NaiveBayesType, const char*> kNames[] = {
      {NaiveBayesType::kGaussian, "gaussian"},
      {NaiveBayesType::kDiscrete, "discrete"},
      {NaiveBayesType::kCategorical, "categorical"}};
};
template <>
struct EnumNames<Activation> {
  static constexpr std::pair<Activation, const char*> kNames[] = {
      {Activation::kIdentity, "identity"}, {Activation::kLogistic, "logistic"},
      {Activation::kTanh, "tanh"},         {Activation::kRelu, "relu"},
      {Activation::kSoftmax, "softmax"},   {Activation::kExp, "exp"}};
};
template <>
struct EnumNames<IsotonicBounds> {
  static constexpr std::pair<IsotonicBounds, const char*> kNames[] = {
      {IsotonicBounds::kNan, "nan"},
      {IsotonicBounds::kClip, "clip"},
      {IsotonicBounds::kRaise, "raise"}};
};
template <>
struct EnumNames<IsotonicDirection> {
  static constexpr std::pair<IsotonicDirection, const char*> kNames[] = {
      {IsotonicDirection::kIncreasing, "increasing"},
      {IsotonicDirection::kDecreasing, "decreasing"}};
};
template <>
struct EnumNames<CovarianceType> {
  static constexpr std::pair<CovarianceType, const char*> kNames[] = {
      {CovarianceType::kFull, "full"},
      {CovarianceType::kTied, "tied"},
      {CovarianceType::kDiag, "diag"},
      {CovarianceType::kSpherical, "spherical"}};
};
template <>
struct EnumNames<NeighborsAlgorithm> {
  static constexpr std::pair<NeighborsAlgorithm, const char*> kNames[] = {
      {NeighborsAlgorithm::kBrute, "brute"},
      {NeighborsAlgorithm::kKdTree, "kd_tree"},
      {NeighborsAlgorithm::kBallTree, "ball_tree"}};
};
template <>
struct EnumNames<NeighborsMetric> {
  static constexpr std::pair<NeighborsMetric, const char*> kNames[] = {
      {NeighborsMetric::kEuclidean, "euclidean"},
      {NeighborsMetric::kManhattan, "manhattan"},
      {NeighborsMetric::kChebyshev, "chebyshev"},
      {NeighborsMetric::kMinkowski, "minkowski"}};
};
template <>
struct EnumNames<NeighborsWeights> {
  static constexpr std::pair<NeighborsWeights, const char*> kNames[] = {
      {NeighborsWeights::kUniform, "uniform"},
      {NeighborsWeights::kDistance, "distance"}};
};
template <>
struct EnumNames<RadiusEuclidean> {
  static constexpr std::pair<RadiusEuclidean, const char*> kNames[] = {
      {RadiusEuclidean::kGemm, "gemm"}, {RadiusEuclidean::kDirect, "direct"}};
};
template <>
struct EnumNames<ThresholdSource> {
  static constexpr std::pair<ThresholdSource, const char*> kNames[] = {
      {ThresholdSource::kValue, "value"}, {ThresholdSource::kAuto, "auto"}};
};
template <>
struct EnumNames<VotingRule> {
  static constexpr std::pair<VotingRule, const char*> kNames[] = {
      {VotingRule::kHard, "hard"},
      {VotingRule::kSoft, "soft"},
      {VotingRule::kAverage, "average"}};
};
template <>
struct EnumNames<ThresholdResponse> {
  static constexpr std::pair<ThresholdResponse, const char*> kNames[] = {
      {ThresholdResponse::kAuto, "auto"},
      {ThresholdResponse::kProba, "predict_proba"},
      {ThresholdResponse::kDecision, "decision_function"}};
};
template <>
struct EnumNames<IsolationInput> {
  static constexpr std::pair<IsolationInput, const char*> kNames[] = {
      {IsolationInput::kFinite, "finite"}, {IsolationInput::kAny, "any"}};
};
template <>
struct EnumNames<OutputShape> {
  static constexpr std::pair<OutputShape, const char*> kNames[] = {
      {OutputShape::kDefault, "default"}, {OutputShape::kColumn, "column"}};
};
template <>
struct EnumNames<CentroidMetric> {
  static constexpr std::pair<CentroidMetric, const char*> kNames[] = {
      {CentroidMetric::kEuclidean, "euclidean"},
      {CentroidMetric::kManhattan, "manhattan"}};
};
template <>
struct EnumNames<CentroidRule> {
  static constexpr std::pair<CentroidRule, const char*> kNames[] = {
      {CentroidRule::kNearest, "nearest"},
      {CentroidRule::kDiscriminant, "discriminant"}};
};
template <>
struct EnumNames<ProjectionCentering> {
  static constexpr std::pair<ProjectionCentering, const char*> kNames[] = {
      {ProjectionCentering::kNone, "none"},
      {ProjectionCentering::kBefore, "before"},
      {ProjectionCentering::kAfter, "after"}};
};
template <>
struct EnumNames<QuadraticProba> {
  static constexpr std::pair<QuadraticProba, const char*> kNames[] = {
      {QuadraticProba::kLikelihood, "likelihood"},
      {QuadraticProba::kLogSoftmax, "log_softmax"}};
};
template <>
struct EnumNames<QuantileOutput> {
  static constexpr std::pair<QuantileOutput, const char*> kNames[] = {
      {QuantileOutput::kUniform, "uniform"},
      {QuantileOutput::kNormal, "normal"}};
};
template <>
struct EnumNames<KBinsInput> {
  static constexpr std::pair<KBinsInput, const char*> kNames[] = {
      {KBinsInput::kAsGiven, "as_given"}, {KBinsInput::kFloat32, "float32"}};
};
template <>
struct EnumNames<LinearOutput> {
  static constexpr std::pair<LinearOutput, const char*> kNames[] = {
      {LinearOutput::kRegression, "regression"},
      {LinearOutput::kDecision, "decision"},
      {LinearOutput::kLogisticOvr, "logistic_ovr"},
      {LinearOutput::kSoftmax, "softmax"},
      {LinearOutput::kModifiedHuber, "modified_huber"},
      {LinearOutput::kExp, "exp"},
      {LinearOutput::kDiscriminant, "discriminant"}};
};
template <>
struct EnumNames<GbLoss> {
  static constexpr std::pair<GbLoss, const char*> kNames[] = {
      {GbLoss::kSquaredError, "squared_error"},
      {GbLoss::kAbsoluteError, "absolute_error"},
      {GbLoss::kHuber, "huber"},
      {GbLoss::kQuantile, "quantile"},
      {GbLoss::kLogLossBinary, "log_loss_binary"},
      {GbLoss::kLogLossMulticlass, "log_loss_multiclass"},
      {GbLoss::kExponential, "exponential"}};
};
template <>
struct EnumNames<HgbLoss> {
  static constexpr std::pair<HgbLoss, const char*> kNames[] = {
      {HgbLoss::kSquaredError, "squared_error"},
      {HgbLoss::kAbsoluteError, "absolute_error"},
      {HgbLoss::kGamma, "gamma"},
      {HgbLoss::kPoisson, "poisson"},
      {HgbLoss::kQuantile, "quantile"},
      {HgbLoss::kLogLossBinary, "log_loss_binary"},
      {HgbLoss::kLogLossMulticlass, "log_loss_multiclass"}};
};

template <>
struct EnumNames<SplineExtrapolation> {
  static constexpr std::pair<SplineExtrapolation, const char*> kNames[] = {
      {SplineExtrapolation::kError, "error"},
      {SplineExtrapolation::kConstant, "constant"},
      {SplineExtrapolation::kLinear, "linear"},
      {SplineExtrapolation::kContinue, "continue"},
      {SplineExtrapolation::kPeriodic, "periodic"}};
};
template <>
struct EnumNames<SplineMissing> {
  static constexpr std::pair<SplineMissing, const char*> kNames[] = {
      {SplineMissing::kError, "error"}, {SplineMissing::kZeros, "zeros"}};
};
template <>
struct EnumNames<SplineDerivative> {
  static constexpr std::pair<SplineDerivative, const char*> kNames[] = {
      {SplineDerivative::kScipy117, "scipy_1_17"},
      {SplineDerivative::kScipy115, "scipy_1_15"}};
};

// The name of `value`, or "invalid" for a value outside the enum.
template <typename E>
constexpr const char* EnumName(E value) {
  for (const auto& [v, name] : EnumNames<E>::kNames) {
    if (v == value) return name;
  }
  return "invalid";
}

// Whether `raw` (a value as stored in a file or a reply) is one of E's
// values, the ones EnumNames<E> lists: validation's test of a stored enum.
template <typename E>
requires std::is_enum_v<E>
constexpr bool IsKnown(std::underlying_type_t<E> raw) {
  for (const auto& [v, name] : EnumNames<E>::kNames) {
    if (static_cast<std::underlying_type_t<E>>(v) == raw) return true;
  }
  return false;
}
template <typename E>
requires std::is_enum_v<E>
constexpr bool IsKnown(E value) {
  return IsKnown<E>(static_cast<std::underlying_type_t<E>>(value));
}

// A whole model file.
struct Model {
  uint16_t format_major = 1;
  uint16_t format_minor = 0;
  Metadata metadata;
  InputSpec input;
  OutputSpec output;
  Estimator estimator;
  template <class V>
  void Visit(V& v) {
    v.Field(1, "format_major", format_major);
    v.Field(2, "format_minor", format_minor);
    v.Field(3, "metadata", metadata);
    v.Field(4, "input", input);
    v.Field(5, "output", output);
    v.Field(6, "estimator", estimator);
  }
  bool operator==(const Model&) const = default;
};

}  // namespace modelseal

#endif  // MODELSEAL_MODEL_H_
