// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "cli/input/csv_tokenizer.h"

#include <utility>

#include "cli/input/text_util.h"

namespace modelseal::cli {

Status CsvTokenizer::CheckSize() const {
  if (in_.size() > opt_.limits.max_bytes) {
    return Status(ErrorCode::kCsvTooLarge, opt_.source_name,
                  std::to_string(in_.size()) + " bytes, limit " +
                      std::to_string(opt_.limits.max_bytes));
  }
  return Status::Ok();
}

Status CsvTokenizer::Error(ErrorCode code, uint64_t column,
                           std::string detail) const {
  return Status(code,
                opt_.source_name + ":" + std::to_string(record_line_) + ":" +
                    std::to_string(column),
                std::move(detail));
}

Status CsvTokenizer::FieldTooLong(uint64_t column) const {
  return Error(
      ErrorCode::kCsvFieldTooLong, column,
      "more than " + std::to_string(opt_.limits.max_field_bytes) + " bytes");
}

Status CsvTokenizer::EndOfField(uint64_t column, bool* record_ended) {
  *record_ended = false;
  if (pos_ >= in_.size()) {
    *record_ended = true;
    return Status::Ok();
  }
  const char c = in_[pos_];
  if (c == ',') {
    ++pos_;
    return Status::Ok();
  }
  if (c == '\n') {
    ++pos_;
    ++line_;
    *record_ended = true;
    return Status::Ok();
  }
  if (c == '\r') {
    if (pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n') {
      pos_ += 2;
      ++line_;
      *record_ended = true;
      return Status::Ok();
    }
    return Error(ErrorCode::kCsvBareCarriageReturn, column, "");
  }
  return Error(ErrorCode::kCsvBadQuote, column,
               "text after closing quote: " + QuoteForError(in_.substr(pos_)));
}

Status CsvTokenizer::ReadQuoted(uint64_t column, std::string* out) {
  ++pos_;  // opening quote
  while (true) {
    if (pos_ >= in_.size()) {
      return Error(ErrorCode::kCsvBadQuote, column, "unterminated quote");
    }
    const char c = in_[pos_];
    const bool escaped_quote =
        c == '"' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '"';
    if (c == '"' && !escaped_quote) {
      ++pos_;  // closing quote
      return Status::Ok();
    }
    if (out->size() >= opt_.limits.max_field_bytes) return FieldTooLong(column);
    if (c == '\0') return Error(ErrorCode::kCsvNulByte, column, "");
    if (c == '\n' || c == '\r') {
      if (mode_ != Mode::kQuotedLineEnds) {
        return Error(ErrorCode::kCsvBadQuote, column,
                     "line end inside a quoted field");
      }
      if (c == '\n') ++line_;
    }
    out->push_back(c);
    pos_ += escaped_quote ? 2 : 1;
  }
}

Status CsvTokenizer::ReadPlain(uint64_t column, std::string_view* out) {
  const size_t start = pos_;
  while (pos_ < in_.size()) {
    const char c = in_[pos_];
    if (c == ',' || c == '\n' || c == '\r') break;
    if (pos_ - start >= opt_.limits.max_field_bytes) {
      return FieldTooLong(column);
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

Status CsvTokenizer::ReadRecord(uint64_t width, std::vector<CsvToken>* fields) {
  fields->clear();
  unquoted_.clear();
  record_line_ = line_;
  if (pos_ < in_.size() &&
      (in_[pos_] == '\n' ||
       (in_[pos_] == '\r' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n'))) {
    return Error(ErrorCode::kCsvEmptyLine, 1, "");
  }
  while (true) {
    const uint64_t column = fields->size() + 1;
    if (column > opt_.limits.max_columns) {
      return Error(
          ErrorCode::kCsvTooManyColumns, column,
          "more than " + std::to_string(opt_.limits.max_columns) + " fields");
    }
    if (width != 0 && column > width) {
      return Error(ErrorCode::kCsvRowWidth, column,
                   "more than " + std::to_string(width) + " fields");
    }
    CsvToken token;
    if (pos_ < in_.size() && in_[pos_] == '"') {
      std::string& text = unquoted_.emplace_back();
      MODELSEAL_RETURN_IF_ERROR(ReadQuoted(column, &text));
      token.text = text;
      token.quoted = true;
    } else {
      MODELSEAL_RETURN_IF_ERROR(ReadPlain(column, &token.text));
    }
    fields->push_back(token);
    bool ended = false;
    MODELSEAL_RETURN_IF_ERROR(EndOfField(column, &ended));
    if (ended) return Status::Ok();
  }
}

}  // namespace modelseal::cli
