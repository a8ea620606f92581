// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "mapper/common.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>

#include "core/context_path.h"

namespace modelseal::mapper {

std::string ClassOf(const Value& est) {
  auto name = est.ClassName();
  return name.ok() ? name->second : std::string("?");
}

Status Unsupported(const Value& est, std::string_view why) {
  return Status(ErrorCode::kEstimatorParam, est.path(),
                ClassOf(est) + ": " + std::string(why));
}

Result<Elements<double>> Float64Array(const Value& est, const Value& v) {
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, v.AsArray());
  if (a->typestr != "<f8" && a->typestr != ">f8") {
    return Unsupported(
        est, v.path() + " has dtype " + NumpyDTypeName(a->typestr) +
                 " (a model fitted on float32 data computes in float32 for "
                 "float32 input; modelseal supports float64 ones: fit on "
                 "float64 X)");
  }
  return v.Numeric<double>();
}

Status CheckFiniteValues(const Value& at, const std::vector<double>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isfinite(values[i])) continue;
    return at.Fail(ErrorCode::kStateValue,
                   "entry " + std::to_string(i) + " is " +
                       std::to_string(values[i]) + ", not finite");
  }
  return Status();
}

Mapped TransformerMapping(EstimatorVariant kind, uint64_t width) {
  Mapped m;
  m.estimator.kind = std::move(kind);
  m.output.task = Task::kTransform;
  m.output.n_outputs = width;
  return m;
}

Result<Tensor> F64Tensor(const Value& v) {
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> e, v.Numeric<double>());
  return Tensor::FromVector(std::move(e.values), std::move(e.shape));
}

template <typename T>
Result<Tensor> ExactTensor(const Value& v, std::string_view field) {
  MODELSEAL_ASSIGN_OR_RETURN(Elements<T> e, v.Numeric<T>(field));
  return Tensor::FromVector(std::move(e.values), std::move(e.shape));
}
template Result<Tensor> ExactTensor<int32_t>(const Value&, std::string_view);
template Result<Tensor> ExactTensor<uint32_t>(const Value&, std::string_view);
template Result<Tensor> ExactTensor<uint8_t>(const Value&, std::string_view);
template Result<Tensor> ExactTensor<int64_t>(const Value&, std::string_view);
template Result<Tensor> ExactTensor<double>(const Value&, std::string_view);

Status CheckPositiveValues(const Value& est, const Value& at,
                           const std::vector<double>& v, const char* what) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (!(v[i] > 0)) {
      return Unsupported(est, std::string(what) + " entry " +
                                  std::to_string(i) + " is " +
                                  std::to_string(v[i]) + " (at " + at.path() +
                                  "); it must be > 0");
    }
  }
  return Status();
}

Result<std::string> StrParam(const Value& est, std::string_view name) {
  return est.Get(name).AsStr();
}

Result<std::string> Utf32ToUtf8(const std::byte* p, uint64_t units, bool swap,
                                const std::string& path) {
  std::string out;
  uint64_t end = units;
  auto unit = [&](uint64_t i) {
    uint32_t c;
    std::memcpy(&c, p + 4 * i, 4);
    if (swap) c = __builtin_bswap32(c);
    return c;
  };
  while (end > 0 && unit(end - 1) == 0) --end;
  for (uint64_t i = 0; i < end; ++i) {
    uint32_t c = unit(i);
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
      return Status(ErrorCode::kStateValue, path, "invalid code point");
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

OutputSpec RegressionOutput(uint64_t n_outputs) {
  OutputSpec out;
  out.task = Task::kRegression;
  out.n_outputs = n_outputs;
  return out;
}

// scikit-learn's class labels: int64 or strings (_export.class_labels).
Result<ClassLabels> LabelsOf(const Value& classes) {
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, classes.AsArray());
  MODELSEAL_RETURN_IF_ERROR(CheckArray(*a, classes.path()));
  auto t = ParseTypeStr(a->typestr);
  ClassLabels labels;
  auto refuse = [&] {
    return Status(ErrorCode::kClassLabels, classes.path(),
                  "class labels of dtype " + NumpyDTypeName(a->typestr) +
                      " are not supported (supported: integers, strings, "
                      "booleans, whole-number floats)");
  };
  if (a->shape.size() != 1) {
    return Status(ErrorCode::kStateShape, classes.path(),
                  "expected a 1-D array");
  }
  if (t->kind == 'i' || t->kind == 'u') {
    auto e = classes.Numeric<int64_t>();
    if (!e.ok()) {
      return Status(ErrorCode::kClassLabels, classes.path(),
                    "class labels do not fit int64");
    }
    labels.int_labels = Tensor::FromVector(std::move(e->values));
    return labels;
  }
  if (t->kind == 'b') {  // bool: stored as 0/1, returned as bool
    auto e = classes.Numeric<int64_t>();
    if (!e.ok()) return e.status();
    labels.int_labels = Tensor::FromVector(std::move(e->values));
    labels.label_type = LabelType::kBool;
    return labels;
  }
  if (t->kind == 'f') {
    // scikit-learn accepts float targets only when every value is a whole
    // number (type_of_target "binary"/"multiclass"); kept exactly as int64
    // when within +-2^53 and returned as float64.
    auto e = classes.Numeric<double>();
    if (!e.ok()) return e.status();
    std::vector<int64_t> ints;
    for (size_t i = 0; i < e->values.size(); ++i) {
      const double v = e->values[i];
      if (!(std::fabs(v) <= 9007199254740992.0) || v != std::trunc(v)) {
        return Status(ErrorCode::kClassLabels, IndexContext(classes.path(), i),
                      "float class label " + std::to_string(v) +
                          " is not a whole number within +-2^53");
      }
      ints.push_back(static_cast<int64_t>(v));
    }
    labels.int_labels = Tensor::FromVector(std::move(ints));
    labels.label_type = LabelType::kFloat64;
    return labels;
  }
  if (t->kind == 'U') {
    uint64_t units = t->size / 4;
    for (uint64_t i = 0; i < a->shape[0]; ++i) {
      MODELSEAL_ASSIGN_OR_RETURN(
          std::string s,
          Utf32ToUtf8(a->bytes.data() + i * a->itemsize, units, t->order == '>',
                      IndexContext(classes.path(), i)));
      labels.str_labels.push_back(std::move(s));
    }
    return labels;
  }
  if (t->kind == 'O') {
    for (const Node& n : a->objects) {
      if (n.kind() != Node::Kind::kStr) return refuse();
    }
    for (const Node& n : a->objects) labels.str_labels.push_back(n.text());
    return labels;
  }
  return refuse();
}

Result<OutputSpec> ClassifierOutput(const Value& est) {
  Value classes = est.Get("classes_");
  int64_t n_outputs = 1;
  if (auto n = est.Find("n_outputs_")) {
    MODELSEAL_ASSIGN_OR_RETURN(n_outputs, n->AsInt());
  }
  OutputSpec out;
  out.task = Task::kClassification;
  if (n_outputs > 1 || classes.kind() == Node::Kind::kList) {
    MODELSEAL_ASSIGN_OR_RETURN(size_t n, classes.Size());
    for (size_t i = 0; i < n; ++i) {
      MODELSEAL_ASSIGN_OR_RETURN(ClassLabels l, LabelsOf(classes.At(i)));
      out.classes.push_back(std::move(l));
    }
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(ClassLabels l, LabelsOf(classes));
    out.classes.push_back(std::move(l));
  }
  out.n_outputs = out.classes.size();
  return out;
}

Result<LinearModel> MakeLinear(const Value& coef, const Value& intercept,
                               LinearOutput output) {
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> c, coef.Numeric<double>());
  if (c.shape.size() == 1) {
    c.shape = {1, c.shape[0]};
  } else if (c.shape.size() != 2) {
    return coef.Fail(ErrorCode::kStateShape, "expected 1 or 2 dimensions");
  }
  uint64_t k = c.shape[0];
  std::vector<double> b;
  if (intercept.kind() == Node::Kind::kFloat ||
      intercept.kind() == Node::Kind::kInt) {
    MODELSEAL_ASSIGN_OR_RETURN(double v, intercept.AsFloat());
    b.assign(k, v);
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> e, intercept.Numeric<double>());
    if (e.shape.empty()) {
      b.assign(k, e.values.at(0));
    } else {
      b = std::move(e.values);
    }
  }
  LinearModel m;
  m.coef = Tensor::FromVector(std::move(c.values), std::move(c.shape));
  m.intercept = Tensor::FromVector(std::move(b));
  m.output = output;
  return m;
}

Result<Tree> MapTree(const Value& tree, bool classifier,
                     const MapContext& ctx) {
  MODELSEAL_ASSIGN_OR_RETURN(auto cls, tree.ClassName());
  if (cls.first != "sklearn.tree._tree" || cls.second != "Tree") {
    return tree.Fail(ErrorCode::kStateType,
                     "expected sklearn.tree._tree.Tree, "
                     "got " +
                         cls.first + "." + cls.second);
  }
  Value nodes = tree.Get("nodes");
  Tree t;
  MODELSEAL_ASSIGN_OR_RETURN(t.children_left,
                             ExactTensor<int32_t>(nodes, "left_child"));
  MODELSEAL_ASSIGN_OR_RETURN(t.children_right,
                             ExactTensor<int32_t>(nodes, "right_child"));
  MODELSEAL_ASSIGN_OR_RETURN(t.feature, ExactTensor<int32_t>(nodes, "feature"));
  MODELSEAL_ASSIGN_OR_RETURN(t.threshold,
                             ExactTensor<double>(nodes, "threshold"));
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* na, nodes.AsArray());
  for (const ArrayField& f : na->fields) {
    if (f.name == "missing_go_to_left") {  // 1.3 and later
      MODELSEAL_ASSIGN_OR_RETURN(
          t.missing_go_to_left,
          ExactTensor<uint8_t>(nodes, "missing_go_to_left"));
    }
  }
  Value values = tree.Get("values");
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> v, values.Numeric<double>());
  if (v.shape.size() != 3) {
    return values.Fail(ErrorCode::kStateShape, "expected 3 dimensions");
  }
  if (classifier && ctx.version() < SklearnVersion{1, 4, 1}) {
    // Before 1.4.1 classifier trees stored weighted counts; predict_proba
    // divided each row by its sum (a zero sum by 1).
    size_t width = v.shape[2];
    for (size_t r = 0; width != 0 && r < v.values.size() / width; ++r) {
      double* row = v.values.data() + r * width;
      double norm = NumpyPairwiseSum(row, width);
      if (norm == 0.0) norm = 1.0;
      for (size_t j = 0; j < width; ++j) row[j] = row[j] / norm;
    }
  }
  t.value = Tensor::FromVector(std::move(v.values), std::move(v.shape));
  return t;
}

// effective_metric_ (with effective_metric_params_) as a NeighborsMetric
// and p (KNeighbors*, LocalOutlierFactor); every other metric and
// metric_params key is refused.
Status NeighborsMetricOf(const Value& est, NeighborsMetric* metric, double* p) {
  Value m = est.Get("effective_metric_");
  if (!m.is_str()) {
    return Unsupported(est,
                       "metric is not a string (a callable metric "
                       "cannot be saved)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::string name, m.AsStr());
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<std::string> keys,
                             est.Get("effective_metric_params_").Keys());
  *p = 2.0;
  if (name == "euclidean" || name == "l2") {
    *metric = NeighborsMetric::kEuclidean;
  } else if (name == "manhattan" || name == "cityblock" || name == "l1") {
    *metric = NeighborsMetric::kManhattan;
  } else if (name == "chebyshev" || name == "infinity") {
    *metric = NeighborsMetric::kChebyshev;
  } else if (name == "minkowski") {
    *metric = NeighborsMetric::kMinkowski;
    MODELSEAL_ASSIGN_OR_RETURN(
        *p, est.Get("effective_metric_params_").Get("p").AsFloat());
    if (!(std::isfinite(*p) && *p >= 1)) {
      return Unsupported(est, "minkowski p = " + std::to_string(*p) +
                                  " (supported: finite p >= 1)");
    }
  } else {
    return Unsupported(est, "metric '" + name +
                                "' (supported: euclidean, manhattan, "
                                "chebyshev, minkowski)");
  }
  for (const std::string& k : keys) {
    if (k == "p" && *metric == NeighborsMetric::kMinkowski) continue;
    // Minkowski's weights, None when not given.
    if (k == "w" && est.Get("effective_metric_params_").Get("w").is_none()) {
      continue;
    }
    return Unsupported(
        est, "metric_params key '" + k + "' (only minkowski's p is supported)");
  }
  return Status();
}

// The fitted KDTree or BallTree (_tree, pickled by BinaryTree.__reduce__ as
// newObj with the state tuple (data, idx_array, node_data, node_bounds,
// ...)): its data must be _fit_X.
Status MapNeighborsTree(const Value& est, const std::vector<double>& fit_x,
                        uint64_t n, uint64_t d, bool kd, Tensor* idx_array,
                        Tensor* node_data, Tensor* node_radius,
                        Tensor* node_bounds) {
  Value tree = est.Get("_tree");
  if (!tree.is_object() || tree.node()->object()->state.size() != 1) {
    return tree.Fail(ErrorCode::kStateValue,
                     "expected a fitted KDTree or BallTree");
  }
  Value state(tree.node()->object()->state[0], tree.path() + ".state");
  MODELSEAL_ASSIGN_OR_RETURN(size_t items, state.Size());
  if (items < 4) {
    return state.Fail(ErrorCode::kStateShape,
                      "expected the tree's state tuple (data, idx_array, "
                      "node_data, node_bounds, ...)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> data,
                             Float64Array(est, state.At(0)));
  if (data.shape != std::vector<uint64_t>{n, d} || data.values != fit_x) {
    return state.At(0).Fail(ErrorCode::kStateValue,
                            "the tree's data is not _fit_X");
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<int64_t> idx,
                             state.At(1).Numeric<int64_t>());
  if (idx.shape != std::vector<uint64_t>{n}) {
    return state.At(1).Fail(ErrorCode::kStateShape,
                            "expected [" + std::to_string(n) + "]");
  }
  Value nodes = state.At(2);
  MODELSEAL_ASSIGN_OR_RETURN(Elements<int64_t> start,
                             nodes.Numeric<int64_t>("idx_start"));
  MODELSEAL_ASSIGN_OR_RETURN(Elements<int64_t> end,
                             nodes.Numeric<int64_t>("idx_end"));
  MODELSEAL_ASSIGN_OR_RETURN(Elements<int64_t> leaf,
                             nodes.Numeric<int64_t>("is_leaf"));
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> radius,
                             nodes.Numeric<double>("radius"));
  const uint64_t m = start.values.size();
  if (start.shape != std::vector<uint64_t>{m} || m < 1) {
    return nodes.Fail(ErrorCode::kStateShape,
                      "expected [n_nodes], n_nodes >= 1");
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<double> bounds,
                             Float64Array(est, state.At(3)));
  const std::vector<uint64_t> bshape{kd ? uint64_t{2} : uint64_t{1}, m, d};
  if (bounds.shape != bshape) {
    return state.At(3).Fail(ErrorCode::kStateShape,
                            kd ? "expected [2, n_nodes, n_features]"
                               : "expected [1, n_nodes, n_features]");
  }
  std::vector<int64_t> nodes_flat(3 * m);
  for (uint64_t i = 0; i < m; ++i) {
    nodes_flat[3 * i] = start.values[i];
    nodes_flat[3 * i + 1] = end.values[i];
    nodes_flat[3 * i + 2] = leaf.values[i];
  }
  *idx_array = Tensor::FromVector(std::move(idx.values));
  *node_data = Tensor::FromVector(std::move(nodes_flat), {m, 3});
  *node_radius = Tensor::FromVector(std::move(radius.values));
  *node_bounds = Tensor::FromVector(std::move(bounds.values), bshape);
  return Status();
}

}  // namespace modelseal::mapper
