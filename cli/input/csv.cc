// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "cli/input/csv.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <system_error>
#include <utility>

#include "cli/input/csv_tokenizer.h"
#include "cli/input/text_util.h"
#include "core/utf8.h"

namespace modelseal::cli {
namespace {

class CsvParser {
 public:
  CsvParser(std::string_view in, const CsvOptions& options)
      : tok_(in, options, CsvTokenizer::Mode::kSingleLineQuotes),
        opt_(options) {}

  Result<CsvTable> Run();

 private:
  Status Error(ErrorCode code, uint64_t column, std::string detail) const {
    return tok_.Error(code, column, std::move(detail));
  }
  Status ResolveLabel(const std::vector<CsvToken>& first_line);
  Status AddRow(const std::vector<CsvToken>& fields);

  CsvTokenizer tok_;
  const CsvOptions& opt_;
  uint64_t width_ = 0;
  bool has_label_ = false;
  uint64_t label_index_ = 0;
  CsvTable table_;
};

Status CsvParser::ResolveLabel(const std::vector<CsvToken>& first_line) {
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
        if (first_line[i].text == label.name) {
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

Status CsvParser::AddRow(const std::vector<CsvToken>& fields) {
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
    std::string_view text = TrimSpaces(fields[i].text);
    if (has_label_ && i == label_index_) {
      table_.labels.emplace_back(text);
      continue;
    }
    std::optional<double> v = ParseCsvNumber(text);
    if (!v) {
      std::string detail = QuoteForError(text);
      if (tok_.record_line() == 1 && !opt_.header) {
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
  MODELSEAL_RETURN_IF_ERROR(tok_.CheckSize());
  std::vector<CsvToken> fields;
  bool first = true;
  while (!tok_.AtEnd()) {
    MODELSEAL_RETURN_IF_ERROR(tok_.ReadRecord(width_, &fields));
    if (first) {
      first = false;
      width_ = fields.size();
      MODELSEAL_RETURN_IF_ERROR(ResolveLabel(fields));
      table_.cols = width_ - (has_label_ ? 1 : 0);
      if (opt_.header) {
        for (size_t i = 0; i < fields.size(); ++i) {
          std::string_view name = TrimSpaces(fields[i].text);
          if (!IsValidUtf8(name)) {
            return Error(ErrorCode::kCsvHeaderUtf8, i + 1, QuoteForError(name));
          }
          if (has_label_ && i == label_index_) {
            table_.label_header = std::string(name);
          } else {
            table_.header.emplace_back(name);
          }
        }
        continue;
      }
    }
    MODELSEAL_RETURN_IF_ERROR(AddRow(fields));
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
