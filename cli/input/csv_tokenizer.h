// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The RFC 4180 tokenizer shared by the CLI's CSV readers (csv.h: numeric
// matrices; typed_csv.h: columns typed by a model's input schema). It
// splits bytes into records and fields and enforces the rules and limits
// common to both; what a field means is the reader's business.
//
// - fields are separated by ',', records by "\n" or "\r\n"; the last record
//   may lack its line end. A '\r' not followed by '\n' outside quotes is
//   kCsvBareCarriageReturn; an empty line where a record starts is
//   kCsvEmptyLine; a NUL byte anywhere is kCsvNulByte.
// - a field starting with '"' is quoted: it ends at the next lone '"', and
//   '""' inside it stands for one '"'. Text between the closing quote and
//   the next separator, a quote inside an unquoted field, and a missing
//   closing quote are kCsvBadQuote. CR and LF inside quotes are part of the
//   field when CsvTokenizer::Mode::kQuotedLineEnds is chosen (typed reader);
//   otherwise they are kCsvBadQuote ("line end inside a quoted field").
// - limits (CsvLimits, csv.h): input bytes (kCsvTooLarge, CheckSize),
//   fields per record (kCsvTooManyColumns), bytes per field (its text after
//   unquoting, before trimming: kCsvFieldTooLong), and, once the caller
//   fixes the width, fields beyond it (kCsvRowWidth; fewer fields are the
//   caller's to report, with the count).
// Error contexts are "<source>:<line>:<column>": the 1-based physical line
// on which the current record starts and the 1-based field number.
#ifndef MODELSEAL_CLI_INPUT_CSV_TOKENIZER_H_
#define MODELSEAL_CLI_INPUT_CSV_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "cli/input/csv.h"
#include "modelseal/error.h"

namespace modelseal::cli {

struct CsvToken {
  std::string_view text;  // after unquoting, not trimmed
  bool quoted = false;
};

class CsvTokenizer {
 public:
  enum class Mode { kSingleLineQuotes, kQuotedLineEnds };

  // `in` and `options` must outlive the tokenizer.
  CsvTokenizer(std::string_view in, const CsvOptions& options, Mode mode)
      : in_(in), opt_(options), mode_(mode) {}

  // kCsvTooLarge when the input holds more than limits.max_bytes bytes.
  Status CheckSize() const;
  bool AtEnd() const { return pos_ >= in_.size(); }
  // Reads the next record (the caller has checked !AtEnd()) into `fields`;
  // the views stay valid until the next call. `width`: the most fields a
  // record may have (0: no bound but limits.max_columns).
  Status ReadRecord(uint64_t width, std::vector<CsvToken>* fields);
  // The line the last record read (or the empty line reported) starts on.
  uint64_t record_line() const { return record_line_; }
  // An error for field `column` (1-based) of the current record.
  Status Error(ErrorCode code, uint64_t column, std::string detail) const;

 private:
  Status ReadQuoted(uint64_t column, std::string* out);
  Status ReadPlain(uint64_t column, std::string_view* out);
  // At a separator, a line end or the end of input: consumes it and says
  // whether the record ended. Else an error for `column`.
  Status EndOfField(uint64_t column, bool* record_ended);
  Status FieldTooLong(uint64_t column) const;

  std::string_view in_;
  const CsvOptions& opt_;
  Mode mode_;
  size_t pos_ = 0;
  uint64_t line_ = 1;         // physical line at pos_
  uint64_t record_line_ = 1;  // line the current record starts on
  // Unescaped text of the current record's quoted fields (a deque: growing
  // it never moves the strings that the tokens point into).
  std::deque<std::string> unquoted_;
};

}  // namespace modelseal::cli

#endif  // MODELSEAL_CLI_INPUT_CSV_TOKENIZER_H_
