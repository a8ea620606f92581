// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// CSV input typed by a model's input columns (format 1.1 InputSpec.columns:
// float, integer, boolean and string columns, nullable or not), for models
// that take column tables (modelseal/table.h). The numeric-only parser
// (csv.h) stays the path of models without input columns.
//
// Accepted input (RFC 4180):
// - records separated by "\n" or "\r\n" (the last may lack it); fields
//   separated by ','; a field in double quotes may hold commas, CR, LF and
//   quotes (written ""). A bare '\r' outside quotes (kCsvBareCarriageReturn),
//   an empty line before the end (kCsvEmptyLine), a NUL byte (kCsvNulByte), a
//   quote inside an unquoted field or text after a closing quote
//   (kCsvBadQuote) are rejected.
// - a header line names the columns. It is required, and always read from
//   the first line, when the model names its columns; columns are then
//   matched by name (each model column exactly once, kCsvColumnNotFound for
//   a missing one, kCsvHeaderMismatch for a repeated or unknown name; the
//   label column of `modelseal check` excepted). Without names, the header
//   follows CsvOptions::header and columns are taken by position.
// - missing values: an unquoted empty field or NA (after trimming spaces
//   and tabs) is missing; where the column is not nullable that is
//   kInputMissingValue, naming the line and column. A quoted field is never
//   missing: "" is the empty string, "NA" the two letters.
// - float and integer columns: as csv.h (trimmed; std::from_chars' format;
//   nan/NaN/NAN and inf); kCsvBadNumber otherwise. Stored as float64.
// - boolean columns: true, false, True, False, 1 or 0 (trimmed);
//   kCsvBadBoolean otherwise.
// - string columns: the field's bytes exactly (no trimming), valid UTF-8
//   (kCsvFieldUtf8).
// Every error's context is "<source>:<line>:<column>" (1-based; the line
// where the record starts).
#ifndef MODELSEAL_CLI_INPUT_TYPED_CSV_H_
#define MODELSEAL_CLI_INPUT_TYPED_CSV_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/input/csv.h"
#include "modelseal/error.h"
#include "modelseal/model.h"
#include "modelseal/table.h"

namespace modelseal::cli {

// One parsed column, in Arrow layout (owned buffers).
struct TypedCsvColumn {
  std::string name;
  ArrayType type = ArrayType::kFloat64;  // kFloat64, kBool or kLargeString
  std::vector<double> numbers;           // kFloat64: rows values
  std::vector<uint8_t> bits;             // kBool: bit-packed values
  std::vector<int64_t> offsets;          // kLargeString: rows + 1
  std::string bytes;                     // kLargeString: the UTF-8 bytes
  std::vector<uint8_t> validity;         // bit-packed; all set if none
  bool any_missing = false;
};

struct TypedCsvTable {
  uint64_t rows = 0;
  std::vector<TypedCsvColumn> columns;  // the model's columns, in its order
  std::string label_header;             // the label column's name, if any
  std::vector<std::string> labels;      // rows entries with a label column
  // Rows [begin, begin + n) as a TableView borrowing this table.
  TableView View(uint64_t begin, uint64_t n) const;
  // The 1-based line a data row starts on, and the 1-based CSV column of
  // each model column (for error contexts).
  std::vector<uint64_t> row_lines;
  std::vector<uint64_t> csv_columns;
};

// Parses `bytes` for a model whose input columns are `columns`. Limits,
// label column and source name as CsvOptions (csv.h); max_values bounds
// rows x columns.
Result<TypedCsvTable> ParseTypedCsv(std::string_view bytes,
                                    const std::vector<InputColumn>& columns,
                                    const CsvOptions& options);

}  // namespace modelseal::cli

#endif  // MODELSEAL_CLI_INPUT_TYPED_CSV_H_
