// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Encoding: OneHotEncoder, OrdinalEncoder, SimpleImputer. Each reads only
// the fitted state, and resolves what scikit-learn's transform computes from
// it (infrequent grouping, dropped categories, unknown values, dropped empty
// features) into the model's tables.
#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "core/context_path.h"
#include "mapper/common.h"

namespace modelseal::mapper {

namespace {

bool IsNanNode(const Node& n) {
  return n.kind() == Node::Kind::kFloat && std::isnan(n.floating());
}
bool IsNumberNode(const Node& n) {
  return n.kind() == Node::Kind::kInt || n.kind() == Node::Kind::kFloat;
}

// The encoders' `dtype` parameter: numpy.float64 (a global) or "<f8" (a
// dtype object) only; the engine outputs float64.
Status CheckFloat64Dtype(const Value& est) {
  Value d = est.Get("dtype");
  if (!d.ok()) return d.status();
  if (d.kind() == Node::Kind::kGlobal) {
    const Node& n = *d.node();
    if (n.text() == "numpy" && n.qualname() == "float64") return Status();
    return Unsupported(est, "dtype=" + n.text() + "." + n.qualname() +
                                " is not supported (only numpy.float64)");
  }
  if (d.is_str() && (*d.AsStr() == "<f8" || *d.AsStr() == "float64")) {
    return Status();
  }
  return Unsupported(est, "dtype is not supported (only numpy.float64)");
}

// categories_[i]: a sorted numeric array (a trailing NaN is the missing
// category), a numpy str array, or an object array of str (or of numbers)
// whose last element may be None or NaN (the missing category).
// *missing_is_nan tells whether the missing category is NaN (not None).
Result<CategoryList> ReadCategories(const Value& est, const Value& cats,
                                    bool* missing_is_nan = nullptr) {
  bool nan_missing = false;
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, cats.AsArray());
  MODELSEAL_RETURN_IF_ERROR(CheckArray(*a, cats.path()));
  if (a->shape.size() != 1) {
    return cats.Fail(ErrorCode::kStateShape, "expected a 1-D array");
  }
  auto t = ParseTypeStr(a->typestr);
  CategoryList out;
  std::vector<double> numbers;
  bool is_numbers = false;
  if (t->kind == 'f' || t->kind == 'i' || t->kind == 'u' || t->kind == 'b') {
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> e, cats.Numeric<double>());
    numbers = std::move(e.values);
    if (!numbers.empty() && std::isnan(numbers.back())) {
      numbers.pop_back();
      out.missing = Nullable::kYes;
      nan_missing = true;
    }
    is_numbers = true;
  } else if (t->kind == 'U') {
    for (uint64_t i = 0; i < a->shape[0]; ++i) {
      MODELSEAL_ASSIGN_OR_RETURN(
          std::string s,
          Utf32ToUtf8(a->bytes.data() + i * a->itemsize, t->size / 4,
                      t->order == '>', IndexContext(cats.path(), i)));
      out.strings.push_back(std::move(s));
    }
  } else if (t->kind == 'O') {
    size_t n = a->objects.size();
    // None and NaN are both categories when both were seen: one missing
    // category cannot stand for two.
    size_t missing = 0;
    while (missing < n && missing < 2) {
      const Node& last = a->objects[n - 1 - missing];
      if (last.kind() != Node::Kind::kNone && !IsNanNode(last)) break;
      ++missing;
    }
    if (missing == 2) {
      return Unsupported(est, cats.path() +
                                  ": both None and NaN are categories; only "
                                  "one missing-value category is supported");
    }
    if (missing == 1) {
      out.missing = Nullable::kYes;
      nan_missing = IsNanNode(a->objects[n - 1]);
    }
    size_t strs = 0, nums = 0;
    for (size_t i = 0; i + missing < n; ++i) {
      const Node& e = a->objects[i];
      if (e.kind() == Node::Kind::kStr) {
        ++strs;
        out.strings.push_back(e.text());
      } else if (IsNumberNode(e) && !IsNanNode(e)) {
        ++nums;
        numbers.push_back(e.kind() == Node::Kind::kInt
                              ? static_cast<double>(e.integer())
                              : e.floating());
      } else {
        return Unsupported(
            est, IndexContext(cats.path(), i) + ": a category of type " +
                     NodeKindName(e.kind()) +
                     " is not supported (supported: str, numbers)");
      }
    }
    if (strs > 0 && nums > 0) {
      return Unsupported(est, cats.path() +
                                  ": categories mixing strings and numbers "
                                  "are not supported");
    }
    is_numbers = nums > 0;
  } else {
    return Unsupported(est, cats.path() + ": categories of dtype " +
                                NumpyDTypeName(a->typestr) +
                                " are not supported");
  }
  if (missing_is_nan != nullptr) *missing_is_nan = nan_missing;
  if (is_numbers) {
    for (size_t i = 0; i < numbers.size(); ++i) {
      if (!std::isfinite(numbers[i]) ||
          (i > 0 && numbers[i] <= numbers[i - 1])) {
        return cats.Fail(ErrorCode::kStateValue,
                         "numeric categories must be finite and strictly "
                         "increasing");
      }
    }
    out.numbers = Tensor::FromVector(std::move(numbers));
  } else {
    for (size_t i = 1; i < out.strings.size(); ++i) {
      if (!(out.strings[i - 1] < out.strings[i])) {
        return cats.Fail(ErrorCode::kStateValue,
                         "string categories must be strictly increasing");
      }
    }
    if (out.strings.empty() && out.missing == Nullable::kNo) {
      // An empty categories_ array (no data seen): a numeric column.
      out.numbers = Tensor::FromVector(std::vector<double>{});
    }
  }
  return out;
}

// The optional infrequent-category state of feature i (present when
// _infrequent_enabled): the default-to-infrequent mapping (None: no
// infrequent category) and the first infrequent index.
struct Infrequent {
  std::vector<int64_t> mapping;  // empty: none
  int64_t first = -1;
};

Result<bool> InfrequentEnabled(const Value& est) {
  if (auto e = est.Find("_infrequent_enabled")) return e->AsBool();
  return false;
}

Result<Infrequent> ReadInfrequent(const Value& est, size_t i, uint64_t n_cats) {
  Infrequent out;
  Value map = est.Get("_default_to_infrequent_mappings").At(i);
  if (!map.ok()) return map.status();
  if (map.is_none()) return out;
  MODELSEAL_ASSIGN_OR_RETURN(Elements<int64_t> m, map.Numeric<int64_t>());
  if (m.values.size() != n_cats) {
    return map.Fail(ErrorCode::kStateShape, std::to_string(m.values.size()) +
                                                " entries, expected " +
                                                std::to_string(n_cats));
  }
  for (int64_t v : m.values) {
    if (v < 0 || static_cast<uint64_t>(v) >= n_cats) {
      return map.Fail(ErrorCode::kStateValue, "mapping out of range");
    }
  }
  Value idx = est.Get("_infrequent_indices").At(i);
  if (!idx.ok()) return idx.status();
  if (idx.is_none()) {
    return idx.Fail(ErrorCode::kStateValue,
                    "None while the mapping of the feature is set");
  }
  MODELSEAL_ASSIGN_OR_RETURN(Elements<int64_t> f, idx.Numeric<int64_t>());
  if (f.values.empty() || f.values[0] < 0 ||
      static_cast<uint64_t>(f.values[0]) >= n_cats) {
    return idx.Fail(ErrorCode::kStateValue, "no valid first index");
  }
  out.mapping = std::move(m.values);
  out.first = f.values[0];
  return out;
}

// Feature i of an encoder (_BaseEncoder): its categories and the group of
// each, the output index before OneHotEncoder's drop: c itself, or
// _default_to_infrequent_mappings[i][c] when infrequent categories are
// enabled. With `ignore_nan_missing` (OrdinalEncoder), a NaN missing
// category (listed last) is not grouped and gets no group.
struct EncoderFeature {
  CategoryList categories;
  bool nan_missing = false;           // the last category is NaN
  std::vector<int64_t> groups;        // one per grouped category
  uint64_t n_groups = 0;              // 1 + the largest group
  std::optional<int64_t> infrequent;  // the infrequent categories' group
};

Result<EncoderFeature> ReadEncoderFeature(const Value& est, const Value& cats,
                                          size_t i, bool infrequent_enabled,
                                          bool ignore_nan_missing) {
  EncoderFeature f;
  MODELSEAL_ASSIGN_OR_RETURN(f.categories,
                             ReadCategories(est, cats.At(i), &f.nan_missing));
  const uint64_t k = f.categories.count();
  const uint64_t grouped = k - (ignore_nan_missing && f.nan_missing ? 1 : 0);
  Infrequent inf;
  if (infrequent_enabled) {
    MODELSEAL_ASSIGN_OR_RETURN(inf, ReadInfrequent(est, i, grouped));
  }
  if (inf.mapping.empty()) {
    for (uint64_t c = 0; c < grouped; ++c) {
      f.groups.push_back(static_cast<int64_t>(c));
    }
    f.n_groups = grouped;
  } else {
    f.groups = std::move(inf.mapping);
    f.n_groups = static_cast<uint64_t>(
                     *std::max_element(f.groups.begin(), f.groups.end())) +
                 1;
    f.infrequent = f.groups[static_cast<size_t>(inf.first)];
  }
  return f;
}

Result<UnknownCategory> OneHotUnknown(const Value& est, bool* to_infrequent) {
  MODELSEAL_ASSIGN_OR_RETURN(std::string h, StrParam(est, "handle_unknown"));
  *to_infrequent = false;
  if (h == "error") return UnknownCategory::kError;
  if (h == "ignore") return UnknownCategory::kSlot;
  // "warn" (1.6+) transforms as "infrequent_if_exist" (with a warning).
  if (h == "infrequent_if_exist" || h == "warn") {
    *to_infrequent = true;
    return UnknownCategory::kSlot;
  }
  return Unsupported(est, "handle_unknown='" + h + "' is not supported");
}

}  // namespace

// transform (_BaseEncoder._transform, OneHotEncoder.transform): category c
// of feature i becomes g = _default_to_infrequent_mappings[i][c] (c when
// none); an unknown value becomes the infrequent group of
// _infrequent_indices[i][0] for infrequent_if_exist / warn, else no column;
// then with d = _drop_idx_after_grouping[i]: g == d sets no column, g > d
// sets column g - 1. Feature i's width is _n_features_outs[i].
Status MapOneHotEncoder(const Value& est, const MapContext& ctx, Mapped* out) {
  MODELSEAL_RETURN_IF_ERROR(CheckFloat64Dtype(est));
  if (auto sparse = est.Find("sparse_output")) {
    MODELSEAL_ASSIGN_OR_RETURN(bool s, sparse->AsBool());
    if (s && !ctx.in_dense_column_transformer()) {
      return Unsupported(est,
                         "sparse_output=True is not supported (modelseal "
                         "outputs dense arrays): fit with sparse_output=False, "
                         "or inside a ColumnTransformer with dense output");
    }
  }
  OneHotEncoder enc;
  bool to_infrequent = false;
  MODELSEAL_ASSIGN_OR_RETURN(enc.unknown, OneHotUnknown(est, &to_infrequent));
  MODELSEAL_ASSIGN_OR_RETURN(bool infrequent, InfrequentEnabled(est));
  Value cats = est.Get("categories_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, cats.Size());
  Value drop = est.Get("_drop_idx_after_grouping");
  if (!drop.ok()) return drop.status();
  uint64_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    MODELSEAL_ASSIGN_OR_RETURN(
        EncoderFeature f, ReadEncoderFeature(est, cats, i, infrequent, false));
    const uint64_t groups = f.n_groups;
    std::optional<int64_t> d;
    if (!drop.is_none()) {
      Value di = drop.At(i);
      if (!di.ok()) return di.status();
      if (!di.is_none()) {
        MODELSEAL_ASSIGN_OR_RETURN(int64_t v, di.AsInt());
        if (v < 0 || static_cast<uint64_t>(v) >= groups) {
          return di.Fail(ErrorCode::kStateValue, "drop index out of range");
        }
        d = v;
      }
    }
    auto slot = [&](int64_t g) -> int64_t {
      if (d && g == *d) return -1;
      return d && g > *d ? g - 1 : g;
    };
    std::vector<int64_t> slots;
    for (int64_t g : f.groups) slots.push_back(slot(g));
    slots.push_back(to_infrequent && f.infrequent ? slot(*f.infrequent) : -1);
    OneHotColumn col;
    col.categories = std::move(f.categories);
    col.width = groups - (d ? 1 : 0);
    col.slots = Tensor::FromVector(std::move(slots));
    total += col.width;
    enc.columns.push_back(std::move(col));
  }
  *out = TransformerMapping(std::move(enc), total);
  return Status();
}

// transform: category c of feature i becomes
// _default_to_infrequent_mappings[i][c] (c when none). A NaN category (not
// None: fit's missing_indices test is_scalar_nan) is not grouped and becomes
// encoded_missing_value; a None category is an ordinary one. A value that
// is no category fails (handle_unknown="error") or becomes unknown_value.
Status MapOrdinalEncoder(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_RETURN_IF_ERROR(CheckFloat64Dtype(est));
  OrdinalEncoder enc;
  MODELSEAL_ASSIGN_OR_RETURN(std::string h, StrParam(est, "handle_unknown"));
  if (h == "error") {
    enc.unknown = UnknownCategory::kError;
  } else if (h == "use_encoded_value") {
    enc.unknown = UnknownCategory::kSlot;
    MODELSEAL_ASSIGN_OR_RETURN(enc.unknown_value,
                               est.Get("unknown_value").AsFloat());
  } else {
    return Unsupported(est, "handle_unknown='" + h + "' is not supported");
  }
  double missing_code = std::nan("");
  if (est.Has("encoded_missing_value")) {
    MODELSEAL_ASSIGN_OR_RETURN(missing_code,
                               est.Get("encoded_missing_value").AsFloat());
  }
  MODELSEAL_ASSIGN_OR_RETURN(bool infrequent, InfrequentEnabled(est));
  Value cats = est.Get("categories_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, cats.Size());
  for (size_t i = 0; i < n; ++i) {
    MODELSEAL_ASSIGN_OR_RETURN(
        EncoderFeature f, ReadEncoderFeature(est, cats, i, infrequent, true));
    std::vector<double> codes;
    for (int64_t g : f.groups) codes.push_back(static_cast<double>(g));
    if (f.nan_missing) codes.push_back(missing_code);
    OrdinalColumn col;
    col.categories = std::move(f.categories);
    col.codes = Tensor::FromVector(std::move(codes));
    enc.columns.push_back(std::move(col));
  }
  *out = TransformerMapping(std::move(enc), n);
  return Status();
}

// transform: features whose statistic is NaN are dropped unless
// keep_empty_features; missing values (missing_values NaN, None or pd.NA,
// which all stand for the missing value of a column) take the statistic;
// add_indicator appends MissingIndicator's features_ columns.
Status MapSimpleImputer(const Value& est, const MapContext&, Mapped* out) {
  Value mv = est.Get("missing_values");
  if (!mv.ok()) return mv.status();
  const Node& mvn = *mv.node();
  // pd.NA pickles as the global pandas.NA.
  bool pandas_na =
      mvn.kind() == Node::Kind::kGlobal &&
      (mvn.text() == "pandas" || mvn.text() == "pandas._libs.missing") &&
      mvn.qualname() == "NA";
  if (!(mvn.kind() == Node::Kind::kNone || IsNanNode(mvn) || pandas_na)) {
    std::string shown = mvn.kind() == Node::Kind::kStr ? "'" + mvn.text() + "'"
                        : mvn.kind() == Node::Kind::kInt
                            ? std::to_string(mvn.integer())
                        : mvn.kind() == Node::Kind::kFloat
                            ? std::to_string(mvn.floating())
                            : std::string(NodeKindName(mvn.kind()));
    return Unsupported(est, "missing_values=" + shown +
                                " is not supported (supported: NaN, None, "
                                "pd.NA)");
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::string strategy, StrParam(est, "strategy"));
  if (strategy != "mean" && strategy != "median" &&
      strategy != "most_frequent" && strategy != "constant") {
    return Unsupported(est, "strategy='" + strategy + "' is not supported");
  }
  bool keep_empty = false;
  if (auto k = est.Find("keep_empty_features")) {
    MODELSEAL_ASSIGN_OR_RETURN(keep_empty, k->AsBool());
  }
  Value stats = est.Get("statistics_");
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, stats.AsArray());
  MODELSEAL_RETURN_IF_ERROR(CheckArray(*a, stats.path()));
  if (a->shape.size() != 1) {
    return stats.Fail(ErrorCode::kStateShape, "expected a 1-D array");
  }
  SimpleImputer imp;
  std::vector<bool> empty;  // statistic NaN
  if (a->typestr == "|O") {
    size_t strs = 0, nums = 0;
    std::vector<double> numbers;
    for (size_t i = 0; i < a->objects.size(); ++i) {
      const Node& e = a->objects[i];
      if (e.kind() == Node::Kind::kStr) {
        ++strs;
        imp.fill_strings.push_back(e.text());
        numbers.push_back(std::nan(""));
        empty.push_back(false);
      } else if (IsNumberNode(e)) {
        bool nan = IsNanNode(e);
        if (!nan) ++nums;
        imp.fill_strings.emplace_back();
        numbers.push_back(e.kind() == Node::Kind::kInt
                              ? static_cast<double>(e.integer())
                              : e.floating());
        empty.push_back(nan);
      } else {
        return Unsupported(est, IndexContext(stats.path(), i) +
                                    ": a statistic of type " +
                                    NodeKindName(e.kind()) +
                                    " is not supported (supported: str, "
                                    "numbers)");
      }
    }
    if (strs > 0 && nums > 0) {
      return Unsupported(est,
                         "statistics mixing strings and numbers (columns of "
                         "mixed types imputed together) are not supported");
    }
    if (strs > 0) {
      if (keep_empty &&
          std::find(empty.begin(), empty.end(), true) != empty.end()) {
        return Unsupported(est,
                           "keep_empty_features=True on an empty string "
                           "column is not supported");
      }
    } else {
      imp.fill_strings.clear();
      imp.fill_numbers = Tensor::FromVector(std::move(numbers));
    }
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> e, stats.Numeric<double>());
    for (double v : e.values) empty.push_back(std::isnan(v));
    imp.fill_numbers = Tensor::FromVector(std::move(e.values));
  }
  if (strategy == "constant") {
    // A NaN fill_value: releases differ on whether transform keeps the
    // columns (1.4 keeps every column of a constant imputer; later releases
    // drop NaN statistics, which they also give an empty column).
    if (auto fill = est.Find("fill_value")) {
      if (fill->ok() && IsNanNode(*fill->node())) {
        return Unsupported(est,
                           "strategy='constant' with a NaN fill_value is not "
                           "supported");
      }
    }
  }
  const uint64_t n = empty.size();
  for (uint64_t i = 0; i < n; ++i) {
    if (keep_empty || !empty[i]) imp.kept.push_back(i);
  }
  if (auto ind = est.Find("indicator_")) {
    MODELSEAL_ASSIGN_OR_RETURN(imp.indicator, IndicatorFeatures(*ind, n));
  }
  const uint64_t width = imp.kept.size() + imp.indicator.size();
  *out = TransformerMapping(std::move(imp), width);
  return Status();
}

// ---- h-tenc: TargetEncoder ----
// TargetEncoder.transform (the same in 1.4 - 1.9): _BaseEncoder._transform
// with handle_unknown="ignore" gives each value its index in categories_[i]
// or marks it unknown (a missing value is a category when categories_[i]
// ends with None / NaN, else unknown); _transform_X_ordinal then writes
// encodings_[e][index] into output column e, or target_mean_ (its class's
// entry, multiclass) for an unknown value. Multiclass: e = i * n_classes +
// c (feature-major), target_mean_ an array of n_classes.
Status MapTargetEncoder(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(std::string type, StrParam(est, "target_type_"));
  uint64_t t = 1;
  std::vector<double> mean;
  if (type == "binary" || type == "continuous") {
    MODELSEAL_ASSIGN_OR_RETURN(double m, est.Get("target_mean_").AsFloat());
    mean.push_back(m);
  } else if (type == "multiclass") {
    Value classes = est.Get("classes_");
    MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* ca, classes.AsArray());
    if (ca->shape.size() != 1) {
      return classes.Fail(ErrorCode::kStateShape, "expected a 1-D array");
    }
    const uint64_t nc = ca->shape[0];
    Value tm = est.Get("target_mean_");
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> e, tm.Numeric<double>());
    if (nc == 0 || e.values.size() != nc) {
      return tm.Fail(ErrorCode::kStateShape,
                     std::to_string(e.values.size()) + " entries for " +
                         std::to_string(nc) + " classes");
    }
    mean = std::move(e.values);
    t = nc;
  } else {
    return Unsupported(est, "target_type_='" + type + "' is not supported");
  }
  for (double v : mean) {
    if (!std::isfinite(v)) {
      return est.Get("target_mean_").Fail(ErrorCode::kStateValue, "not finite");
    }
  }
  Value cats = est.Get("categories_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, cats.Size());
  Value encodings = est.Get("encodings_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n_enc, encodings.Size());
  if (n_enc != n * t) {
    return encodings.Fail(ErrorCode::kStateShape,
                          std::to_string(n_enc) + " encodings for " +
                              std::to_string(n) + " features and " +
                              std::to_string(t) + " targets");
  }
  TargetEncoder enc;
  for (size_t i = 0; i < n; ++i) {
    TargetColumn col;
    MODELSEAL_ASSIGN_OR_RETURN(col.categories, ReadCategories(est, cats.At(i)));
    const uint64_t k = col.categories.count();
    std::vector<double> table(k * t);
    for (uint64_t c = 0; c < t; ++c) {
      Value ev = encodings.At(i * t + c);
      MODELSEAL_ASSIGN_OR_RETURN(Elements<double> e, ev.Numeric<double>());
      if (e.shape.size() != 1 || e.values.size() != k) {
        return ev.Fail(ErrorCode::kStateShape,
                       std::to_string(e.values.size()) + " encodings for " +
                           std::to_string(k) + " categories");
      }
      for (uint64_t r = 0; r < k; ++r) table[r * t + c] = e.values[r];
    }
    col.encodings = Tensor::FromVector(std::move(table), {k, t});
    enc.columns.push_back(std::move(col));
  }
  enc.target_mean = Tensor::FromVector(std::move(mean));
  *out = TransformerMapping(std::move(enc), n * t);
  return Status();
}
// ---- end h-tenc ----

}  // namespace modelseal::mapper
