// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Reading a call's input into float64 blocks: numeric matrices, and column
// tables in Arrow's layout whose every offset is checked before use.
#include "inference/input_source.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_map>

#include "core/checked_math.h"
#include "core/context_path.h"
#include "inference/predictor_impl.h"

namespace modelseal {

const char* ArrayTypeName(ArrayType type) {
  switch (type) {
    case ArrayType::kFloat64:
      return "float64";
    case ArrayType::kFloat32:
      return "float32";
    case ArrayType::kInt64:
      return "int64";
    case ArrayType::kInt32:
      return "int32";
    case ArrayType::kBool:
      return "bool";
    case ArrayType::kString:
      return "string";
    case ArrayType::kLargeString:
      return "large_string";
  }
  return "invalid";
}

namespace inference {
namespace {

std::string NumberRepr(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  return buf;
}

bool IsString(ArrayType t) {
  return t == ArrayType::kString || t == ArrayType::kLargeString;
}

bool BitSet(const uint8_t* bits, size_t i) {
  return (bits[i >> 3] >> (i & 7)) & 1;
}

// The [begin, end) byte range of string i of column c (checked by Check).
std::pair<uint64_t, uint64_t> StringRange(const ColumnView& c, size_t i) {
  if (c.type == ArrayType::kString) {
    const int32_t* o = static_cast<const int32_t*>(c.values) + c.offset + i;
    return {static_cast<uint64_t>(o[0]), static_cast<uint64_t>(o[1])};
  }
  const int64_t* o = static_cast<const int64_t*>(c.values) + c.offset + i;
  return {static_cast<uint64_t>(o[0]), static_cast<uint64_t>(o[1])};
}

std::string ColumnContext(const std::string& name, size_t j) {
  return name.empty() ? "X[:, " + std::to_string(j) + "]" : "X['" + name + "']";
}

std::string CellContext(const std::string& name, size_t j, size_t row) {
  return (name.empty()
              ? "X[" + std::to_string(row) + "][" + std::to_string(j) + "]"
              : "X['" + name + "'][" + std::to_string(row) + "]");
}

// Checks one column's buffers for `rows` rows.
Status CheckLayout(const ColumnView& c, size_t rows, const std::string& ctx) {
  auto end = CheckedAdd(c.offset, rows);
  if (!end || *end > (std::numeric_limits<size_t>::max() >> 4)) {
    return Status(ErrorCode::kInputTableLayout, ctx, "offset + rows overflows");
  }
  if (c.values == nullptr) {
    return Status(ErrorCode::kInputTableLayout, ctx, "values buffer is null");
  }
  if (!IsString(c.type)) return Status::Ok();
  if (c.data == nullptr && c.data_size > 0) {
    return Status(ErrorCode::kInputTableLayout, ctx,
                  "string data buffer is null");
  }
  // Offsets [offset, offset + rows] must be non-decreasing, in
  // [0, data_size]. Slots of null values are checked too (Arrow requires
  // them to be valid offsets).
  uint64_t prev = 0;
  for (size_t i = 0; i <= rows; ++i) {
    int64_t v;
    if (c.type == ArrayType::kString) {
      v = static_cast<const int32_t*>(c.values)[c.offset + i];
    } else {
      v = static_cast<const int64_t*>(c.values)[c.offset + i];
    }
    if (v < 0 || static_cast<uint64_t>(v) > c.data_size ||
        (i > 0 && static_cast<uint64_t>(v) < prev)) {
      return Status(ErrorCode::kInputTableLayout,
                    IndexContext(ctx + ".offsets", c.offset + i),
                    std::to_string(v) +
                        (v < 0 ? " is negative"
                         : static_cast<uint64_t>(v) > c.data_size
                             ? " is beyond the " + std::to_string(c.data_size) +
                                   " data bytes"
                             : " is below the previous offset"));
    }
    prev = static_cast<uint64_t>(v);
  }
  return Status::Ok();
}

}  // namespace

std::string PythonRepr(std::string_view s, size_t limit) {
  // Python prefers single quotes unless the string has one and no double.
  const bool dq = s.find('\'') != std::string_view::npos &&
                  s.find('"') == std::string_view::npos;
  const char q = dq ? '"' : '\'';
  std::string out(1, q);
  size_t i = 0;
  for (; i < s.size() && out.size() < limit; ++i) {
    const unsigned char ch = static_cast<unsigned char>(s[i]);
    if (ch == '\\' || ch == static_cast<unsigned char>(q)) {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (ch < 0x20 || ch == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", ch);
      out += buf;
    } else {
      out += static_cast<char>(ch);  // UTF-8 bytes as they are
    }
  }
  out += q;
  if (i < s.size()) out += "...";
  return out;
}

// ---------------------------------------------------------------------------
// MatrixSource

Status MatrixSource::Check(const Predictor::Impl& p) {
  if (x_.dtype != DType::kFloat64 && x_.dtype != DType::kFloat32) {
    return Status(ErrorCode::kInputDType, "X",
                  std::string("dtype ") + DTypeName(x_.dtype));
  }
  // scikit-learn's check_array refuses an empty batch before it looks at
  // the number of features.
  if (x_.rows == 0) {
    return Status(ErrorCode::kInputNoRows, "X",
                  "found array with 0 sample(s) (shape=(0, " +
                      std::to_string(x_.cols) +
                      ")) while a minimum of 1 is required");
  }
  if (x_.cols != p.input_width) {
    return Status(ErrorCode::kInputShape, "X",
                  std::to_string(x_.cols) + " columns, expected " +
                      std::to_string(p.input_width));
  }
  if (x_.data == nullptr) {
    return Status(ErrorCode::kInputNullData, "X",
                  std::to_string(x_.rows) + " rows");
  }
  if (!CheckedMul(x_.rows, p.input_width) ||
      !CheckedMul(x_.rows * p.input_width, sizeof(double))) {
    return Status(ErrorCode::kInputShape, "X",
                  std::to_string(x_.rows) + " rows overflow");
  }
  if (p.has_string_input) {
    for (size_t j = 0; j < p.input_width; ++j) {
      if (p.ColumnTypeOf(j) != ColumnType::kString || !p.input_read[j]) {
        continue;
      }
      return Status(ErrorCode::kInputColumnType,
                    ColumnContext(p.ColumnName(j), j),
                    "a string column: pass a table (a DataFrame, an Arrow "
                    "table or a CSV with a header), not a numeric matrix");
    }
  }
  return Status::Ok();
}

Status MatrixSource::Load(const Predictor::Impl& p, size_t row0, size_t rows,
                          double* x, const double** block) const {
  const size_t n = p.input_width, count = rows * n;
  if (x_.dtype == DType::kFloat64) {
    *block = static_cast<const double*>(x_.data) + row0 * n;
    return Status::Ok();
  }
  const float* src = static_cast<const float*>(x_.data) + row0 * n;
  for (size_t i = 0; i < count; ++i) x[i] = src[i];
  *block = x;
  return Status::Ok();
}

std::string MatrixSource::Describe(size_t row, size_t column) const {
  const size_t i = row * x_.cols + column;
  return NumberRepr(x_.dtype == DType::kFloat64
                        ? static_cast<const double*>(x_.data)[i]
                        : static_cast<const float*>(x_.data)[i]);
}

// ---------------------------------------------------------------------------
// TableSource

Status TableSource::Check(const Predictor::Impl& p) {
  const size_t n = p.input_width;
  if (t_.rows == 0) {
    return Status(ErrorCode::kInputNoRows, "X",
                  "found array with 0 sample(s) (shape=(0, " +
                      std::to_string(t_.columns.size()) +
                      ")) while a minimum of 1 is required");
  }
  source_.assign(n, nullptr);
  names_.resize(n);
  for (size_t j = 0; j < n; ++j) names_[j] = p.ColumnName(j);
  const bool by_name = !p.model.input.feature_names.empty();
  if (by_name) {
    std::unordered_map<std::string_view, size_t> index;
    for (size_t j = 0; j < n; ++j) index.emplace(names_[j], j);
    for (size_t c = 0; c < t_.columns.size(); ++c) {
      const std::string& name = t_.columns[c].name;
      auto it = index.find(name);
      if (it == index.end()) {
        return Status(ErrorCode::kInputColumnExtra, "X['" + name + "']",
                      "the model was not fitted on a column of this name");
      }
      if (source_[it->second] != nullptr) {
        return Status(ErrorCode::kInputColumnExtra, "X['" + name + "']",
                      "the column appears twice");
      }
      source_[it->second] = &t_.columns[c];
    }
    for (size_t j = 0; j < n; ++j) {
      if (source_[j] == nullptr) {
        return Status(ErrorCode::kInputColumnMissing, "X['" + names_[j] + "']",
                      "the model was fitted with this column");
      }
    }
  } else {
    if (t_.columns.size() != n) {
      return Status(ErrorCode::kInputShape, "X",
                    std::to_string(t_.columns.size()) + " columns, expected " +
                        std::to_string(n));
    }
    for (size_t j = 0; j < n; ++j) source_[j] = &t_.columns[j];
  }
  for (size_t j = 0; j < n; ++j) {
    const ColumnView& c = *source_[j];
    const ColumnType want = p.ColumnTypeOf(j);
    const std::string ctx = ColumnContext(names_[j], j);
    if (!p.input_read[j]) {  // no step reads it: any type, never loaded
      source_[j] = nullptr;
      continue;
    }
    switch (c.type) {
      case ArrayType::kFloat64:
      case ArrayType::kFloat32:
      case ArrayType::kInt64:
      case ArrayType::kInt32:
      case ArrayType::kBool:
      case ArrayType::kString:
      case ArrayType::kLargeString:
        break;
      default:
        return Status(
            ErrorCode::kInputColumnType, ctx,
            "unknown array type " + std::to_string(static_cast<int>(c.type)));
    }
    if ((want == ColumnType::kString) != IsString(c.type)) {
      return Status(ErrorCode::kInputColumnType, ctx,
                    std::string(ArrayTypeName(c.type)) +
                        " values for a column the model takes as " +
                        EnumName(want));
    }
    MODELSEAL_RETURN_IF_ERROR(CheckLayout(c, t_.rows, ctx));
  }
  return Status::Ok();
}

Status TableSource::Load(const Predictor::Impl& p, size_t row0, size_t rows,
                         double* x, const double** block) const {
  const size_t n = p.input_width;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  for (size_t j = 0; j < n; ++j) {
    if (source_[j] == nullptr) {  // a column no step reads
      for (size_t r = 0; r < rows; ++r) x[r * n + j] = kNaN;
      continue;
    }
    const ColumnView& c = *source_[j];
    const size_t base = c.offset + row0;
    const bool nullable = p.ColumnNullable(j) == Nullable::kYes;
    for (size_t r = 0; r < rows; ++r) {
      double& out = x[r * n + j];
      if (c.validity != nullptr && !BitSet(c.validity, base + r)) {
        if (!nullable) {
          return Status(ErrorCode::kInputMissingValue,
                        CellContext(names_[j], j, row0 + r),
                        "the model takes no missing value in this column");
        }
        out = kNaN;
        continue;
      }
      switch (c.type) {
        case ArrayType::kFloat64:
          out = static_cast<const double*>(c.values)[base + r];
          break;
        case ArrayType::kFloat32:
          out = static_cast<const float*>(c.values)[base + r];
          break;
        case ArrayType::kInt64:
          out = static_cast<double>(
              static_cast<const int64_t*>(c.values)[base + r]);
          break;
        case ArrayType::kInt32:
          out = static_cast<const int32_t*>(c.values)[base + r];
          break;
        case ArrayType::kBool:
          out = BitSet(static_cast<const uint8_t*>(c.values), base + r) ? 1.0
                                                                        : 0.0;
          break;
        case ArrayType::kString:
        case ArrayType::kLargeString: {
          auto [b, e] = StringRange(c, row0 + r);
          const int64_t code = p.dictionaries[j].Find(
              std::string_view(c.data + b, static_cast<size_t>(e - b)));
          out = static_cast<double>(code);  // -1: not a string of the model
          break;
        }
      }
    }
  }
  *block = x;
  return Status::Ok();
}

std::string TableSource::Describe(size_t row, size_t column) const {
  if (source_[column] == nullptr) return "?";
  const ColumnView& c = *source_[column];
  const size_t i = c.offset + row;
  if (c.validity != nullptr && !BitSet(c.validity, i)) return "None";
  switch (c.type) {
    case ArrayType::kFloat64:
      return NumberRepr(static_cast<const double*>(c.values)[i]);
    case ArrayType::kFloat32:
      return NumberRepr(static_cast<const float*>(c.values)[i]);
    case ArrayType::kInt64:
      return std::to_string(static_cast<const int64_t*>(c.values)[i]);
    case ArrayType::kInt32:
      return std::to_string(static_cast<const int32_t*>(c.values)[i]);
    case ArrayType::kBool:
      return BitSet(static_cast<const uint8_t*>(c.values), i) ? "True"
                                                              : "False";
    case ArrayType::kString:
    case ArrayType::kLargeString: {
      auto [b, e] = StringRange(c, row);
      return PythonRepr(
          std::string_view(c.data + b, static_cast<size_t>(e - b)));
    }
  }
  return "?";
}

}  // namespace inference
}  // namespace modelseal
