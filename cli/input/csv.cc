// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "cli/input/csv.h"

#include <charconv>
#include <cmath>
#include <deque>
#include <limits>
#include <string>
#include <system_error>
#include <utility>

#include "cli/input/text_util.h"
#include "core/utf8.h"

namespace modelseal::cli {
namespace {

class CsvParser {
 public:
  CsvParser(std::string_view in, const CsvOptions& options)
      : in_(in), opt_(options) {}

  Result<CsvTable> Run();

 private:
  std::string Where(uint64_t column) const {
    return opt_.source_name + ":" + std::to_string(line_) + ":" +
           std::to_string(column);
  }
  Status Error(ErrorCode code, uint64_t column, std::string detail) const {
    return Status(code, Where(column), std::move(detail));
  }
  // Reads the fields of one line into `fields` (raw text after unquoting;
  // `quoted` says which were quoted) and consumes its line end. The caller
  // has checked that the line is not empty.
  Status ReadLine(std::vector<std::string_view>* fields);
  Status ReadQuoted(uint64_t column, std::string* out);
  Status ReadPlain(uint64_t column, std::string_view* out);
  // At a line end or the end: consumes it. Else an error for `column`.
  Status EndOfField(uint64_t column, bool* line_ended);
  Status ResolveLabel(const std::vector<std::string_view>& first_line);
  Status AddRow(const std::vector<std::string_view>& fields);

  std::string_view in_;
  const CsvOptions& opt_;
  size_t pos_ = 0;
  uint64_t line_ = 1;
  uint64_t width_ = 0;
  bool has_label_ = false;
  uint64_t label_index_ = 0;
  CsvTable table_;
  // Unescaped text of the current line's quoted fields (a deque: growing
  // it never moves the strings that `fields` views point into).
  std::deque<std::string> unquoted_;
};

Status CsvParser::EndOfField(uint64_t column, bool* line_ended) {
  *line_ended = false;
  if (pos_ >= in_.size()) {
    *line_ended = true;
    return Status::Ok();
  }
  char c = in_[pos_];
  if (c == ',') {
    ++pos_;
    return Status::Ok();
  }
  if (c == '\n') {
    ++pos_;
    *line_ended = true;
    return Status::Ok();
  }
  if (c == '\r') {
    if (pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n') {
      pos_ += 2;
      *line_ended = true;
      return Status::Ok();
    }
    return Error(ErrorCode::kCsvBareCarriageReturn, column, "");
  }
  return Error(ErrorCode::kCsvBadQuote, column,
               "text after closing quote: " + QuoteForError(in_.substr(pos_)));
}

Status CsvParser::ReadQuoted(uint64_t column, std::string* out) {
  size_t start = pos_;
  ++pos_;  // opening quote
  while (true) {
    if (pos_ >= in_.size()) {
      return Error(ErrorCode::kCsvBadQuote, column, "unterminated quote");
    }
    char c = in_[pos_];
    if (pos_ - start >= opt_.limits.max_field_bytes) {
      return Error(ErrorCode::kCsvFieldTooLong, column,
                   "more than " + std::to_string(opt_.limits.max_field_bytes) +
                       " bytes");
    }
    if (c == '\0') return Error(ErrorCode::kCsvNulByte, column, "");
    if (c == '\n' || c == '\r') {
      return Error(ErrorCode::kCsvBadQuote, column,
                   "line end inside a quoted field");
    }
    if (c == '"') {
      if (pos_ + 1 < in_.size() && in_[pos_ + 1] == '"') {
        out->push_back('"');
        pos_ += 2;
        continue;
      }
      ++pos_;
      return Status::Ok();
    }
    out->push_back(c);
    ++pos_;
  }
}

Status CsvParser::ReadPlain(uint64_t column, std::string_view* out) {
  size_t start = pos_;
  while (pos_ < in_.size()) {
    char c = in_[pos_];
    if (c == ',' || c == '\n' || c == '\r') break;
    if (pos_ - start >= opt_.limits.max_field_bytes) {
      return Error(ErrorCode::kCsvFieldTooLong, column,
                   "more than " + std::to_string(opt_.limits.max_field_bytes) +
                       " bytes");
    }
    if (c == '\0') return Error(ErrorCode::kCsvNulByte, column, "");
    if (c == '"') {
      return Error(ErrorCode::kCsvBadQuote, column,
                   "quote inside an unquoted field: " +
                       QuoteForError(in_.substr(start, pos_ - start + 1)));
    }
    ++pos_;
  }
  *out = in_.substr(start, pos_ - start);
  return Status::Ok();
}

Status CsvParser::ReadLine(std::vector<std::string_view>* fields) {
  fields->clear();
  unquoted_.clear();
  while (true) {
    uint64_t column = fields->size() + 1;
    if (column > opt_.limits.max_columns) {
      return Error(
          ErrorCode::kCsvTooManyColumns, column,
          "more than " + std::to_string(opt_.limits.max_columns) + " fields");
    }
    if (width_ != 0 && column > width_) {
      return Error(ErrorCode::kCsvRowWidth, column,
                   "more than " + std::to_string(width_) + " fields");
    }
    std::string_view field;
    if (pos_ < in_.size() && in_[pos_] == '"') {
      std::string& text = unquoted_.emplace_back();
      MODELSEAL_RETURN_IF_ERROR(ReadQuoted(column, &text));
      field = text;
    } else {
      MODELSEAL_RETURN_IF_ERROR(ReadPlain(column, &field));
    }
    fields->push_back(field);
    bool line_ended = false;
    MODELSEAL_RETURN_IF_ERROR(EndOfField(column, &line_ended));
    if (line_ended) return Status::Ok();
  }
}

Status CsvParser::ResolveLabel(
    const std::vector<std::string_view>& first_line) {
  const CsvLabelColumn& label = opt_.label;
  switch (label.kind) {
    case CsvLabelColumn::Kind::kNone:
      return Status::Ok();
    case CsvLabelColumn::Kind::kLast:
      label_index_ = width_ - 1;
      break;
    case CsvLabelColumn::Kind::kIndex:
      if (label.index >= width_) {
        return Status(ErrorCode::kCsvColumnNotFound, opt_.source_name,
                      "column index " + std::to_string(label.index) +
                          " but rows have " + std::to_string(width_) +
                          " fields");
      }
      label_index_ = label.index;
      break;
    case CsvLabelColumn::Kind::kName: {
      if (!opt_.header) {
        return Status(ErrorCode::kCsvColumnNotFound, opt_.source_name,
                      "a column name needs a header line");
      }
      bool found = false;
      for (size_t i = 0; i < first_line.size(); ++i) {
        if (first_line[i] == label.name) {
          if (found) {
            return Status(ErrorCode::kCsvColumnNotFound, opt_.source_name,
                          "column name " + QuoteForError(label.name) +
                              " appears more than once");
          }
          found = true;
          label_index_ = i;
        }
      }
      if (!found) {
        return Status(ErrorCode::kCsvColumnNotFound, opt_.source_name,
                      "no column named " + QuoteForError(label.name));
      }
      break;
    }
  }
  has_label_ = true;
  return Status::Ok();
}

Status CsvParser::AddRow(const std::vector<std::string_view>& fields) {
  if (fields.size() != width_) {
    return Error(ErrorCode::kCsvRowWidth, fields.size(),
                 std::to_string(fields.size()) + " fields, expected " +
                     std::to_string(width_));
  }
  if (table_.rows >= opt_.limits.max_rows) {
    return Error(
        ErrorCode::kCsvTooManyRows, 1,
        "more than " + std::to_string(opt_.limits.max_rows) + " data rows");
  }
  if (table_.values.size() + table_.cols > opt_.limits.max_values) {
    return Error(
        ErrorCode::kCsvTooManyCells, 1,
        "more than " + std::to_string(opt_.limits.max_values) + " values");
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string_view text = TrimSpaces(fields[i]);
    if (has_label_ && i == label_index_) {
      table_.labels.emplace_back(text);
      continue;
    }
    std::optional<double> v = ParseCsvNumber(text);
    if (!v) {
      std::string detail = QuoteForError(text);
      if (line_ == 1 && !opt_.header) {
        detail += " (pass --header if the first line holds column names)";
      }
      return Error(ErrorCode::kCsvBadNumber, i + 1, std::move(detail));
    }
    table_.values.push_back(*v);
  }
  ++table_.rows;
  return Status::Ok();
}

Result<CsvTable> CsvParser::Run() {
  if (in_.size() > opt_.limits.max_bytes) {
    return Status(ErrorCode::kCsvTooLarge, opt_.source_name,
                  std::to_string(in_.size()) + " bytes, limit " +
                      std::to_string(opt_.limits.max_bytes));
  }
  std::vector<std::string_view> fields;
  bool first = true;
  while (pos_ < in_.size()) {
    char c = in_[pos_];
    if (c == '\n' ||
        (c == '\r' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n')) {
      return Error(ErrorCode::kCsvEmptyLine, 1, "");
    }
    MODELSEAL_RETURN_IF_ERROR(ReadLine(&fields));
    if (first) {
      first = false;
      width_ = fields.size();
      MODELSEAL_RETURN_IF_ERROR(ResolveLabel(fields));
      table_.cols = width_ - (has_label_ ? 1 : 0);
      if (opt_.header) {
        for (size_t i = 0; i < fields.size(); ++i) {
          std::string_view name = TrimSpaces(fields[i]);
          if (!IsValidUtf8(name)) {
            return Error(ErrorCode::kCsvHeaderUtf8, i + 1, QuoteForError(name));
          }
          if (has_label_ && i == label_index_) {
            table_.label_header = std::string(name);
          } else {
            table_.header.emplace_back(name);
          }
        }
        ++line_;
        continue;
      }
    }
    MODELSEAL_RETURN_IF_ERROR(AddRow(fields));
    ++line_;
  }
  if (table_.rows == 0) {
    return Status(ErrorCode::kCsvEmpty, opt_.source_name,
                  opt_.header ? "only a header line" : "no lines");
  }
  return std::move(table_);
}

}  // namespace

Result<CsvTable> ParseCsv(std::string_view bytes, const CsvOptions& options) {
  CsvParser parser(bytes, options);
  return parser.Run();
}

Status CheckCsvHeader(const std::vector<std::string>& header,
                      const std::vector<std::string>& feature_names,
                      const std::string& source_name) {
  if (header.empty() || feature_names.empty()) return Status::Ok();
  if (header.size() != feature_names.size()) {
    return Status(ErrorCode::kCsvHeaderMismatch, source_name + ":1",
                  std::to_string(header.size()) + " columns, the model has " +
                      std::to_string(feature_names.size()) + " features");
  }
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] != feature_names[i]) {
      return Status(ErrorCode::kCsvHeaderMismatch,
                    source_name + ":1:" + std::to_string(i + 1),
                    QuoteForError(header[i]) + ", the model expects " +
                        QuoteForError(feature_names[i]));
    }
  }
  return Status::Ok();
}

}  // namespace modelseal::cli
