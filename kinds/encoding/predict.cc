// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Compile and evaluate of the encoders and the imputer: OneHotEncoder,
// OrdinalEncoder, SimpleImputer (format/SPEC.md §7). String columns arrive
// as codes of their input column's dictionary (-1: a string the model does
// not name, NaN: missing); each step maps the codes of its categories to
// category indices when it is compiled. Compiled into the inference
// library.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "inference/input_source.h"
#include "inference/predictor_impl.h"
#include "modelseal/limits.h"

namespace modelseal {
namespace {

using namespace inference;  // NOLINT(build/namespaces)

// The context of input value (row, j) of a step whose column j is `f`.
std::string CellContext(const Predictor::Impl& p, const FlowColumn& f, size_t j,
                        size_t row) {
  if (f.origin >= 0 && !p.ColumnName(f.origin).empty()) {
    return "X['" + p.ColumnName(f.origin) + "'][" + std::to_string(row) + "]";
  }
  return "X[" + std::to_string(row) + "][" +
         std::to_string(f.origin >= 0 ? static_cast<size_t>(f.origin) : j) +
         "]";
}

// The categories of one column, compiled for lookup.
struct Categories {
  FlowColumn flow;
  const double* numbers = nullptr;  // numeric: k sorted finite values
  size_t k = 0;                     // categories other than missing
  std::vector<int32_t> by_code;     // string: dictionary code -> index
  int64_t missing = -1;             // index of the missing category, or -1

  // The category index of v, or -1 (not a category).
  int64_t Find(double v) const {
    if (std::isnan(v)) return missing;
    if (flow.is_string) {
      if (v < 0) return -1;
      const size_t code = static_cast<size_t>(v);
      return code < by_code.size() ? by_code[code] : -1;
    }
    const double* it = std::lower_bound(numbers, numbers + k, v);
    if (it == numbers + k || !(*it == v)) return -1;
    return it - numbers;
  }
  size_t count() const { return k + (missing >= 0 ? 1 : 0); }
};

Status CompileCategories(Predictor::Impl& p, const CategoryList& c,
                         const FlowColumn& f, const std::string& path,
                         Categories* out) {
  out->flow = f;
  const bool has_numbers = c.numbers.present();
  if (has_numbers == !c.strings.empty()) {
    return Status(ErrorCode::kPredictorCategories, path,
                  "exactly one of numbers and strings must be given");
  }
  if (!IsKnown(c.missing)) {
    return Status(ErrorCode::kPredictorCategories, JoinContext(path, "missing"),
                  "unknown value");
  }
  if (has_numbers == f.is_string) {
    return Status(ErrorCode::kPredictorColumnType, path,
                  std::string(has_numbers ? "numeric" : "string") +
                      " categories for a " +
                      (f.is_string ? "string" : "numeric") + " column");
  }
  if (has_numbers) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.numbers, DType::kFloat64, {kAnyDim},
                                          JoinContext(path, "numbers")));
    out->numbers = DataOf<double>(c.numbers);
    out->k = c.numbers.shape()[0];
    for (size_t i = 0; i < out->k; ++i) {
      if (!std::isfinite(out->numbers[i]) ||
          (i > 0 && !(out->numbers[i - 1] < out->numbers[i]))) {
        return Status(ErrorCode::kPredictorCategories,
                      IndexContext(JoinContext(path, "numbers"), i),
                      "not finite and strictly increasing");
      }
    }
  } else {
    out->k = c.strings.size();
    Dictionary& dict = p.dictionaries[static_cast<size_t>(f.origin)];
    std::vector<uint32_t> codes(out->k);
    for (size_t i = 0; i < out->k; ++i) {
      if (i > 0 && !(c.strings[i - 1] < c.strings[i])) {
        return Status(ErrorCode::kPredictorCategories,
                      IndexContext(JoinContext(path, "strings"), i),
                      "not strictly increasing");
      }
      codes[i] = dict.Intern(c.strings[i]);
    }
    // Codes interned after this step never name one of its categories.
    out->by_code.assign(dict.strings.size(), -1);
    for (size_t i = 0; i < out->k; ++i) {
      out->by_code[codes[i]] = static_cast<int32_t>(i);
    }
  }
  if (out->k + 1 > limits::kMaxCategories) {
    return Status(ErrorCode::kPredictorCategories, path,
                  std::to_string(out->k) + " categories");
  }
  if (c.missing == Nullable::kYes) out->missing = static_cast<int64_t>(out->k);
  return Status::Ok();
}

// scikit-learn's check_array(ensure_all_finite="allow-nan") of a numeric
// column of an encoder or imputer.
Status CheckFinite(const StepCall& call, double v, const FlowColumn& f,
                   size_t j, size_t r) {
  if (!f.is_string && std::isinf(v)) {
    return Status(ErrorCode::kInputInfinite,
                  CellContext(call.p, f, j, call.row0 + r), "");
  }
  return Status::Ok();
}

Status UnknownError(const StepCall& call, const FlowColumn& f, size_t j,
                    size_t r, double v) {
  const size_t row = call.row0 + r;
  const std::string value =
      f.origin >= 0 ? call.source.Describe(row, static_cast<size_t>(f.origin))
                    : std::to_string(v);
  return Status(
      ErrorCode::kInputUnknownCategory, CellContext(call.p, f, j, row),
      "found unknown category " + value + " in column " + std::to_string(j) +
          " during transform (handle_unknown='error')");
}

struct OneHotStep final : TransformStep {
  // dtype=numpy.float64 (the only dtype the mapper accepts).
  DType OutDType(DType) const override { return DType::kFloat64; }
  struct Column {
    Categories cats;
    const int64_t* slots = nullptr;  // [count + 1]
    size_t offset = 0;               // of its block in the output row
  };
  std::vector<Column> columns;
  bool error_on_unknown = true;

  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width, w = out_width;
    std::fill(y, y + call.rows * w, 0.0);
    for (size_t r = 0; r < call.rows; ++r) {
      const double* xr = x + r * n;
      double* yr = y + r * w;
      for (size_t j = 0; j < n; ++j) {
        const Column& c = columns[j];
        const double v = xr[j];
        MODELSEAL_RETURN_IF_ERROR(CheckFinite(call, v, c.cats.flow, j, r));
        int64_t i = c.cats.Find(v);
        if (i < 0) {
          if (error_on_unknown) {
            return UnknownError(call, c.cats.flow, j, r, v);
          }
          i = static_cast<int64_t>(c.cats.count());
        }
        const int64_t slot = c.slots[i];
        if (slot >= 0) yr[c.offset + static_cast<size_t>(slot)] = 1.0;
      }
    }
    return Status::Ok();
  }
};

struct OrdinalStep final : TransformStep {
  // dtype=numpy.float64 (the only dtype the mapper accepts).
  DType OutDType(DType) const override { return DType::kFloat64; }
  struct Column {
    Categories cats;
    const double* codes = nullptr;  // [count]
  };
  std::vector<Column> columns;
  bool error_on_unknown = true;
  double unknown_value = 0;

  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width;
    for (size_t r = 0; r < call.rows; ++r) {
      const double* xr = x + r * n;
      double* yr = y + r * n;
      for (size_t j = 0; j < n; ++j) {
        const Column& c = columns[j];
        const double v = xr[j];
        MODELSEAL_RETURN_IF_ERROR(CheckFinite(call, v, c.cats.flow, j, r));
        const int64_t i = c.cats.Find(v);
        if (i >= 0) {
          yr[j] = c.codes[i];
        } else if (error_on_unknown) {
          return UnknownError(call, c.cats.flow, j, r, v);
        } else {
          yr[j] = unknown_value;
        }
      }
    }
    return Status::Ok();
  }
};

struct ImputerStep final : TransformStep {
  std::vector<FlowColumn> in_flow;  // [in_width]
  std::vector<size_t> kept;
  std::vector<double> fill;  // per kept column: a number or a string's code
  std::vector<size_t> indicator;

  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width, w = out_width;
    for (size_t r = 0; r < call.rows; ++r) {
      const double* xr = x + r * n;
      double* yr = y + r * w;
      for (size_t j = 0; j < n; ++j) {
        MODELSEAL_RETURN_IF_ERROR(CheckFinite(call, xr[j], in_flow[j], j, r));
      }
      for (size_t k = 0; k < kept.size(); ++k) {
        const double v = xr[kept[k]];
        yr[k] = std::isnan(v) ? fill[k] : v;
      }
      for (size_t i = 0; i < indicator.size(); ++i) {
        yr[kept.size() + i] = std::isnan(xr[indicator[i]]) ? 1.0 : 0.0;
      }
    }
    return Status::Ok();
  }
};

// h-tenc: TargetEncoder.transform.
struct TargetStep final : TransformStep {
  // TargetEncoder outputs float64 (target_mean_'s dtype).
  DType OutDType(DType) const override { return DType::kFloat64; }
  struct Column {
    Categories cats;
    const double* encodings = nullptr;  // [count, t]
  };
  std::vector<Column> columns;
  const double* target_mean = nullptr;  // [t]
  size_t t = 1;

  Status Apply(const StepCall& call, const double* x,
               double* y) const override {
    const size_t n = in_width, w = out_width;
    for (size_t r = 0; r < call.rows; ++r) {
      const double* xr = x + r * n;
      double* yr = y + r * w;
      for (size_t j = 0; j < n; ++j) {
        const Column& c = columns[j];
        const double v = xr[j];
        MODELSEAL_RETURN_IF_ERROR(CheckFinite(call, v, c.cats.flow, j, r));
        const int64_t i = c.cats.Find(v);
        const double* src =
            i >= 0 ? c.encodings + static_cast<size_t>(i) * t : target_mean;
        std::copy(src, src + t, yr + j * t);
      }
    }
    return Status::Ok();
  }
};

// Checks that `list` is strictly increasing with entries < n.
Status CheckIndexList(const std::vector<uint64_t>& list, size_t n,
                      const std::string& path) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i] >= n || (i > 0 && !(list[i - 1] < list[i]))) {
      return Status(ErrorCode::kPredictorFeatureIndex, IndexContext(path, i),
                    std::to_string(list[i]) +
                        " out of range or not strictly increasing (" +
                        std::to_string(n) + " columns)");
    }
  }
  return Status::Ok();
}

Status UnknownMode(UnknownCategory u, const std::string& path, bool* error) {
  if (!IsKnown(u)) {
    return Status(ErrorCode::kPredictorCategories, JoinContext(path, "unknown"),
                  "unknown value");
  }
  *error = u == UnknownCategory::kError;
  return Status::Ok();
}

}  // namespace

using namespace inference;  // NOLINT(build/namespaces)

Status Predictor::Impl::CompileOneHotEncoder(const OneHotEncoder& e,
                                             const std::string& path) {
  const std::string columns_path = JoinContext(path, "columns");
  if (e.columns.size() != n_features) {
    return Status(ErrorCode::kPredictorCategories, columns_path,
                  std::to_string(e.columns.size()) + " columns for " +
                      std::to_string(n_features) + " input columns");
  }
  auto step = std::make_unique<OneHotStep>();
  MODELSEAL_RETURN_IF_ERROR(
      UnknownMode(e.unknown, path, &step->error_on_unknown));
  size_t width = 0;
  for (size_t j = 0; j < e.columns.size(); ++j) {
    const OneHotColumn& c = e.columns[j];
    const std::string col_path = IndexContext(columns_path, j);
    OneHotStep::Column col;
    MODELSEAL_RETURN_IF_ERROR(
        CompileCategories(*this, c.categories, flow[j],
                          JoinContext(col_path, "categories"), &col.cats));
    const size_t count = col.cats.count();
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.slots, DType::kInt64, {count + 1},
                                          JoinContext(col_path, "slots")));
    if (c.width > limits::kMaxFeatures) {
      return Status(ErrorCode::kPredictorCategories,
                    JoinContext(col_path, "width"),
                    std::to_string(c.width) + " columns");
    }
    col.slots = DataOf<int64_t>(c.slots);
    for (size_t i = 0; i <= count; ++i) {
      if (col.slots[i] < -1 ||
          (col.slots[i] >= 0 &&
           static_cast<uint64_t>(col.slots[i]) >= c.width)) {
        return Status(ErrorCode::kPredictorFeatureIndex,
                      IndexContext(JoinContext(col_path, "slots"), i),
                      std::to_string(col.slots[i]) + " not -1 or below " +
                          std::to_string(c.width));
      }
    }
    col.offset = width;
    width += c.width;
    if (width > limits::kMaxFeatures) {
      return Status(ErrorCode::kPredictorCategories, columns_path,
                    "more than " + std::to_string(limits::kMaxFeatures) +
                        " output columns");
    }
    step->columns.push_back(std::move(col));
  }
  if (width == 0) {
    return Status(ErrorCode::kPredictorCategories, columns_path,
                  "no output column");
  }
  AddNumericStep(std::move(step), width);
  return Status::Ok();
}

Status Predictor::Impl::CompileOrdinalEncoder(const OrdinalEncoder& e,
                                              const std::string& path) {
  const std::string columns_path = JoinContext(path, "columns");
  if (e.columns.size() != n_features) {
    return Status(ErrorCode::kPredictorCategories, columns_path,
                  std::to_string(e.columns.size()) + " columns for " +
                      std::to_string(n_features) + " input columns");
  }
  auto step = std::make_unique<OrdinalStep>();
  MODELSEAL_RETURN_IF_ERROR(
      UnknownMode(e.unknown, path, &step->error_on_unknown));
  step->unknown_value = e.unknown_value;
  for (size_t j = 0; j < e.columns.size(); ++j) {
    const OrdinalColumn& c = e.columns[j];
    const std::string col_path = IndexContext(columns_path, j);
    OrdinalStep::Column col;
    MODELSEAL_RETURN_IF_ERROR(
        CompileCategories(*this, c.categories, flow[j],
                          JoinContext(col_path, "categories"), &col.cats));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.codes, DType::kFloat64,
                                          {col.cats.count()},
                                          JoinContext(col_path, "codes")));
    col.codes = DataOf<double>(c.codes);
    step->columns.push_back(std::move(col));
  }
  AddNumericStep(std::move(step), n_features);
  return Status::Ok();
}

Status Predictor::Impl::CompileSimpleImputer(const SimpleImputer& s,
                                             const std::string& path) {
  const size_t n = n_features;
  MODELSEAL_RETURN_IF_ERROR(
      CheckIndexList(s.kept, n, JoinContext(path, "kept")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckIndexList(s.indicator, n, JoinContext(path, "indicator")));
  const double* numbers = nullptr;
  if (s.fill_numbers.present()) {
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(s.fill_numbers, DType::kFloat64, {n},
                                          JoinContext(path, "fill_numbers")));
    numbers = DataOf<double>(s.fill_numbers);
  }
  if (!s.fill_strings.empty() && s.fill_strings.size() != n) {
    return Status(ErrorCode::kPredictorTensor,
                  JoinContext(path, "fill_strings"),
                  std::to_string(s.fill_strings.size()) + " strings for " +
                      std::to_string(n) + " columns");
  }
  auto step = std::make_unique<ImputerStep>();
  step->in_flow = flow;
  std::vector<FlowColumn> out_flow;
  for (size_t k = 0; k < s.kept.size(); ++k) {
    const size_t j = s.kept[k];
    const FlowColumn& f = flow[j];
    const std::string ctx = IndexContext(JoinContext(path, "kept"), k);
    if (f.is_string) {
      if (s.fill_strings.empty()) {
        return Status(ErrorCode::kPredictorColumnType, ctx,
                      "a string column but no fill string");
      }
      step->fill.push_back(static_cast<double>(
          dictionaries[static_cast<size_t>(f.origin)].Intern(
              s.fill_strings[j])));
    } else {
      if (numbers == nullptr) {
        return Status(ErrorCode::kPredictorColumnType, ctx,
                      "a numeric column but no fill number");
      }
      step->fill.push_back(numbers[j]);
    }
    step->kept.push_back(j);
    out_flow.push_back(f);
  }
  for (uint64_t j : s.indicator) {
    step->indicator.push_back(j);
    out_flow.push_back(FlowColumn{});
  }
  if (out_flow.empty()) {
    return Status(ErrorCode::kPredictorPipeline, path, "no output column");
  }
  const size_t width = out_flow.size();
  AddStep(std::move(step), width, std::move(out_flow));
  return Status::Ok();
}

// ---- h-tenc: TargetEncoder ----
Status Predictor::Impl::CompileTargetEncoder(const TargetEncoder& e,
                                             const std::string& path) {
  const std::string columns_path = JoinContext(path, "columns");
  if (e.columns.size() != n_features) {
    return Status(ErrorCode::kPredictorCategories, columns_path,
                  std::to_string(e.columns.size()) + " columns for " +
                      std::to_string(n_features) + " input columns");
  }
  const std::string mean_path = JoinContext(path, "target_mean");
  MODELSEAL_RETURN_IF_ERROR(
      CheckTensor(e.target_mean, DType::kFloat64, {kAnyDim}, mean_path));
  const size_t t = e.target_mean.shape()[0];
  if (t == 0 || t > limits::kMaxFeatures ||
      n_features > limits::kMaxFeatures / t) {
    return Status(ErrorCode::kPredictorTensor, mean_path,
                  std::to_string(t) + " targets for " +
                      std::to_string(n_features) + " columns");
  }
  auto step = std::make_unique<TargetStep>();
  step->t = t;
  step->target_mean = DataOf<double>(e.target_mean);
  for (size_t j = 0; j < e.columns.size(); ++j) {
    const TargetColumn& c = e.columns[j];
    const std::string col_path = IndexContext(columns_path, j);
    TargetStep::Column col;
    MODELSEAL_RETURN_IF_ERROR(
        CompileCategories(*this, c.categories, flow[j],
                          JoinContext(col_path, "categories"), &col.cats));
    MODELSEAL_RETURN_IF_ERROR(CheckTensor(c.encodings, DType::kFloat64,
                                          {col.cats.count(), t},
                                          JoinContext(col_path, "encodings")));
    col.encodings = DataOf<double>(c.encodings);
    step->columns.push_back(std::move(col));
  }
  AddNumericStep(std::move(step), n_features * t);
  return Status::Ok();
}
// ---- end h-tenc ----

}  // namespace modelseal
