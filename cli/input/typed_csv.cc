// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "cli/input/typed_csv.h"

#include <limits>
#include <optional>
#include <utility>

#include "cli/input/csv_tokenizer.h"
#include "cli/input/text_util.h"
#include "core/utf8.h"

namespace modelseal::cli {
namespace {

class TypedCsvParser {
 public:
  TypedCsvParser(std::string_view in, const std::vector<InputColumn>& columns,
                 const CsvOptions& options)
      : tok_(in, options, CsvTokenizer::Mode::kQuotedLineEnds),
        model_(columns),
        opt_(options) {}

  Result<TypedCsvTable> Run();

 private:
  Status Error(ErrorCode code, uint64_t column, std::string detail) const {
    return tok_.Error(code, column, std::move(detail));
  }
  Status MapColumns();
  Status AddRow();
  Status AddValue(size_t c, const CsvToken& f, uint64_t csv_column);

  CsvTokenizer tok_;
  const std::vector<InputColumn>& model_;
  const CsvOptions& opt_;
  uint64_t width_ = 0;
  std::vector<CsvToken> fields_;
  // For each CSV field index: the model column it fills, or -1 (label).
  std::vector<int64_t> target_;
  bool has_label_ = false;
  uint64_t label_index_ = 0;
  TypedCsvTable table_;
};

// Resolves the label column and which model column each field fills, from
// the first record (the header when there is one).
Status TypedCsvParser::MapColumns() {
  const bool named = !model_.empty() && !model_[0].name.empty();
  std::vector<std::string_view> names;
  for (const CsvToken& f : fields_) names.push_back(TrimSpaces(f.text));
  const CsvLabelColumn& label = opt_.label;
  switch (label.kind) {
    case CsvLabelColumn::Kind::kNone:
      break;
    case CsvLabelColumn::Kind::kLast:
      has_label_ = true;
      label_index_ = width_ - 1;
      break;
    case CsvLabelColumn::Kind::kIndex:
      if (label.index >= width_) {
        return Status(ErrorCode::kCsvColumnNotFound, opt_.source_name,
                      "column index " + std::to_string(label.index) +
                          " but rows have " + std::to_string(width_) +
                          " fields");
      }
      has_label_ = true;
      label_index_ = label.index;
      break;
    case CsvLabelColumn::Kind::kName: {
      if (!named && !opt_.header) {
        return Status(ErrorCode::kCsvColumnNotFound, opt_.source_name,
                      "a column name needs a header line");
      }
      for (size_t i = 0; i < names.size(); ++i) {
        if (names[i] != label.name) continue;
        if (has_label_) {
          return Status(ErrorCode::kCsvColumnNotFound, opt_.source_name,
                        "column name " + QuoteForError(label.name) +
                            " appears more than once");
        }
        has_label_ = true;
        label_index_ = i;
      }
      if (!has_label_) {
        return Status(ErrorCode::kCsvColumnNotFound, opt_.source_name,
                      "no column named " + QuoteForError(label.name));
      }
      break;
    }
  }
  if (named || opt_.header) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (!IsValidUtf8(names[i])) {
        return Error(ErrorCode::kCsvHeaderUtf8, i + 1, QuoteForError(names[i]));
      }
    }
    if (has_label_) table_.label_header = std::string(names[label_index_]);
  }
  target_.assign(width_, -1);
  const uint64_t data_columns = width_ - (has_label_ ? 1 : 0);
  if (!named) {
    if (data_columns != model_.size()) {
      return Status(ErrorCode::kInputShape, opt_.source_name,
                    std::to_string(data_columns) +
                        " columns, the model expects " +
                        std::to_string(model_.size()));
    }
    int64_t next = 0;
    table_.csv_columns.assign(model_.size(), 0);
    for (uint64_t i = 0; i < width_; ++i) {
      if (has_label_ && i == label_index_) continue;
      table_.csv_columns[static_cast<size_t>(next)] = i + 1;
      target_[i] = next++;
    }
    return Status::Ok();
  }
  std::vector<bool> found(model_.size(), false);
  table_.csv_columns.assign(model_.size(), 0);
  for (uint64_t i = 0; i < width_; ++i) {
    if (has_label_ && i == label_index_) continue;
    size_t m = 0;
    while (m < model_.size() && model_[m].name != names[i]) ++m;
    if (m == model_.size()) {
      return Error(ErrorCode::kCsvHeaderMismatch, i + 1,
                   QuoteForError(names[i]) + " is not a column of the model");
    }
    if (found[m]) {
      return Error(ErrorCode::kCsvHeaderMismatch, i + 1,
                   QuoteForError(names[i]) + " appears more than once");
    }
    found[m] = true;
    target_[i] = static_cast<int64_t>(m);
    table_.csv_columns[m] = i + 1;
  }
  for (size_t m = 0; m < model_.size(); ++m) {
    if (!found[m]) {
      return Status(ErrorCode::kCsvColumnNotFound, opt_.source_name + ":1",
                    "no column named " + QuoteForError(model_[m].name) +
                        " (a column of the model)");
    }
  }
  return Status::Ok();
}

Status TypedCsvParser::AddValue(size_t c, const CsvToken& f,
                                uint64_t csv_column) {
  const InputColumn& spec = model_[c];
  TypedCsvColumn& col = table_.columns[c];
  const uint64_t row = table_.rows;
  std::string_view trimmed = TrimSpaces(f.text);
  const bool missing = !f.quoted && (trimmed.empty() || trimmed == "NA");
  if (missing) {
    if (spec.nullable != Nullable::kYes) {
      return Error(
          ErrorCode::kInputMissingValue, csv_column,
          "column " + QuoteForError(spec.name) + " allows no missing values");
    }
    col.any_missing = true;
  } else {
    col.validity[row / 8] |= static_cast<uint8_t>(1u << (row % 8));
  }
  switch (spec.type) {
    case ColumnType::kString:
      if (!missing) {
        if (!IsValidUtf8(f.text)) {
          return Error(ErrorCode::kCsvFieldUtf8, csv_column,
                       QuoteForError(f.text));
        }
        col.bytes.append(f.text);
      }
      col.offsets.push_back(static_cast<int64_t>(col.bytes.size()));
      return Status::Ok();
    case ColumnType::kBoolean: {
      if (row % 8 == 0) col.bits.push_back(0);
      if (missing) return Status::Ok();
      bool value = false;
      if (trimmed == "true" || trimmed == "True" || trimmed == "1") {
        value = true;
      } else if (!(trimmed == "false" || trimmed == "False" ||
                   trimmed == "0")) {
        return Error(
            ErrorCode::kCsvBadBoolean, csv_column,
            QuoteForError(trimmed) + " (true, false, True, False, 1 or 0)");
      }
      if (value) col.bits[row / 8] |= static_cast<uint8_t>(1u << (row % 8));
      return Status::Ok();
    }
    default: {
      if (missing) {
        col.numbers.push_back(std::numeric_limits<double>::quiet_NaN());
        return Status::Ok();
      }
      std::optional<double> v = ParseCsvNumber(trimmed);
      if (!v) {
        return Error(ErrorCode::kCsvBadNumber, csv_column,
                     QuoteForError(trimmed));
      }
      col.numbers.push_back(*v);
      return Status::Ok();
    }
  }
}

Status TypedCsvParser::AddRow() {
  if (fields_.size() != width_) {
    return Error(ErrorCode::kCsvRowWidth, fields_.size(),
                 std::to_string(fields_.size()) + " fields, expected " +
                     std::to_string(width_));
  }
  if (table_.rows >= opt_.limits.max_rows) {
    return Error(
        ErrorCode::kCsvTooManyRows, 1,
        "more than " + std::to_string(opt_.limits.max_rows) + " data rows");
  }
  if ((table_.rows + 1) * width_ > opt_.limits.max_values) {
    return Error(
        ErrorCode::kCsvTooManyCells, 1,
        "more than " + std::to_string(opt_.limits.max_values) + " values");
  }
  if (table_.rows % 8 == 0) {
    for (TypedCsvColumn& col : table_.columns) col.validity.push_back(0);
  }
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (target_[i] < 0) {
      table_.labels.emplace_back(TrimSpaces(fields_[i].text));
      continue;
    }
    MODELSEAL_RETURN_IF_ERROR(
        AddValue(static_cast<size_t>(target_[i]), fields_[i], i + 1));
  }
  table_.row_lines.push_back(tok_.record_line());
  ++table_.rows;
  return Status::Ok();
}

Result<TypedCsvTable> TypedCsvParser::Run() {
  MODELSEAL_RETURN_IF_ERROR(tok_.CheckSize());
  const bool named = !model_.empty() && !model_[0].name.empty();
  const bool header = named || opt_.header;
  table_.columns.resize(model_.size());
  for (size_t c = 0; c < model_.size(); ++c) {
    TypedCsvColumn& col = table_.columns[c];
    col.name = model_[c].name;
    switch (model_[c].type) {
      case ColumnType::kString:
        col.type = ArrayType::kLargeString;
        col.offsets.push_back(0);
        break;
      case ColumnType::kBoolean:
        col.type = ArrayType::kBool;
        break;
      default:
        col.type = ArrayType::kFloat64;
        break;
    }
  }
  bool first = true;
  while (!tok_.AtEnd()) {
    MODELSEAL_RETURN_IF_ERROR(tok_.ReadRecord(width_, &fields_));
    if (first) {
      first = false;
      width_ = fields_.size();
      MODELSEAL_RETURN_IF_ERROR(MapColumns());
      if (header) continue;
    }
    MODELSEAL_RETURN_IF_ERROR(AddRow());
  }
  if (table_.rows == 0) {
    return Status(ErrorCode::kCsvEmpty, opt_.source_name,
                  header ? "only a header line" : "no lines");
  }
  return std::move(table_);
}

}  // namespace

TableView TypedCsvTable::View(uint64_t begin, uint64_t n) const {
  TableView v;
  v.rows = n;
  for (const TypedCsvColumn& c : columns) {
    ColumnView col;
    col.name = c.name;
    col.type = c.type;
    col.offset = begin;
    col.validity = c.any_missing ? c.validity.data() : nullptr;
    switch (c.type) {
      case ArrayType::kLargeString:
        col.values = c.offsets.data();
        col.data = c.bytes.data();
        col.data_size = c.bytes.size();
        break;
      case ArrayType::kBool:
        col.values = c.bits.data();
        break;
      default:
        col.values = c.numbers.data();
        break;
    }
    v.columns.push_back(std::move(col));
  }
  return v;
}

Result<TypedCsvTable> ParseTypedCsv(std::string_view bytes,
                                    const std::vector<InputColumn>& columns,
                                    const CsvOptions& options) {
  TypedCsvParser parser(bytes, columns, options);
  return parser.Run();
}

}  // namespace modelseal::cli
