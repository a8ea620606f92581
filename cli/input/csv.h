// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// A bounded, strict parser for numeric CSV prediction inputs (a subset of
// RFC 4180). ParseCsv is a pure function over bytes: it never touches the
// file system, enforces every limit before allocating for it, and reports
// the first violation with one error code per rule (errors/input.def) and
// a context "<source>:<line>:<column>" (1-based; column counts fields).
//
// Accepted input:
// - fields separated by ',', lines ended by "\n" or "\r\n"; the final line
//   may lack its line end. A '\r' not followed by '\n' is rejected
//   (kCsvBareCarriageReturn); an empty line anywhere but at the very end is
//   rejected (kCsvEmptyLine), and so is a NUL byte (kCsvNulByte).
// - a header line only when CsvOptions::header is set (explicit, never
//   guessed). Header names may be double-quoted ("a,b" and "" escapes);
//   they must be valid UTF-8 (kCsvHeaderUtf8).
// - data fields: spaces and tabs around the field are trimmed; the rest
//   must be a whole number in std::from_chars' general format ("1", "-2.5",
//   "1e-3", "inf"); an empty field, "nan", "NaN" or "NAN" is NaN. Anything
//   else is kCsvBadNumber. Quoted data fields are parsed the same way after
//   unquoting (so "\"1.5\"" is 1.5).
// - every row has as many fields as the first row (kCsvRowWidth).
// - the label column (CsvOptions::label), when selected, is kept as
//   trimmed text and not parsed as a number: class labels can be strings.
//
// Limits (CsvLimits): input bytes, data rows, fields per row, bytes per
// field and total numeric values (rows x columns, so the output matrix
// stays bounded).
#ifndef MODELSEAL_CLI_INPUT_CSV_H_
#define MODELSEAL_CLI_INPUT_CSV_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/error.h"
#include "modelseal/limits.h"

namespace modelseal::cli {

struct CsvLimits {
  uint64_t max_bytes = 1ull << 30;  // 1 GiB (kCsvTooLarge)
  uint64_t max_rows = 1ull << 24;   // data rows (kCsvTooManyRows)
  // Fields per row, label column included (kCsvTooManyColumns).
  uint64_t max_columns = limits::kMaxFeatures + 1;
  uint64_t max_field_bytes = 1024;   // before trimming (kCsvFieldTooLong)
  uint64_t max_values = 1ull << 27;  // rows x numeric columns (1 GiB f64)
};

// Which column holds labels (for `modelseal check`); it is removed from the
// numeric matrix and returned as text.
struct CsvLabelColumn {
  enum class Kind { kNone, kLast, kIndex, kName };
  Kind kind = Kind::kNone;
  uint64_t index = 0;  // kIndex: 0-based field index
  std::string name;    // kName: a header name (needs CsvOptions::header)
};

struct CsvOptions {
  bool header = false;  // the first line holds column names
  CsvLabelColumn label;
  CsvLimits limits;
  // Shown in error contexts ("input.csv:17:3").
  std::string source_name = "input";
};

struct CsvTable {
  std::vector<std::string> header;  // names of the numeric columns, when
                                    // CsvOptions::header was set
  std::string label_header;         // the label column's name, if any
  uint64_t rows = 0;
  uint64_t cols = 0;                // numeric columns (label column excluded)
  std::vector<double> values;       // rows x cols, row-major
  std::vector<std::string> labels;  // rows entries when a label column is
                                    // selected, else empty
};

// Parses `bytes` as described above. Errors: kCsv* (errors/input.def);
// kCsvColumnNotFound when the label column does not exist (index beyond the
// row width, or a name no header field has; a name with header == false).
Result<CsvTable> ParseCsv(std::string_view bytes, const CsvOptions& options);

// Checks header names against the model's feature names (same count, same
// names in the same order). kCsvHeaderMismatch names the first difference.
// Ok when either list is empty (no header, or the model records no names).
Status CheckCsvHeader(const std::vector<std::string>& header,
                      const std::vector<std::string>& feature_names,
                      const std::string& source_name);

}  // namespace modelseal::cli

#endif  // MODELSEAL_CLI_INPUT_CSV_H_
