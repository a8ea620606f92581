// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the CSV prediction-input parsers (cli/input/csv.h and, for
// models with input columns, cli/input/typed_csv.h).
// Input layout: one options byte, then the CSV text. Options byte bits:
// 0 header; 1-2 label column (none, last, index 1, name "label"); 3 small
// limits (so every limit check is reachable with short inputs); 4 typed
// parser, with 5 choosing the model's columns: named (city: string, size:
// float not nullable, ok: boolean, n: integer) or unnamed (string, float).
// Oracles: the table's sizes agree (values = rows x cols, one label per row
// when a label column is selected, one header name per numeric column);
// typed: one column per model column, each buffer sized for the rows,
// string offsets increasing to the byte count, strings valid UTF-8, missing
// values only in nullable columns.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "cli/input/csv.h"
#include "cli/input/typed_csv.h"
#include "core/utf8.h"
#include "fuzz/fuzz_util.h"

namespace {

modelseal::InputColumn Column(const char* name, modelseal::ColumnType type,
                              modelseal::Nullable nullable) {
  modelseal::InputColumn c;
  c.name = name;
  c.type = type;
  c.nullable = nullable;
  return c;
}

int FuzzTyped(const uint8_t* data, size_t size,
              const modelseal::cli::CsvOptions& options, bool unnamed) {
  using modelseal::ArrayType;
  using modelseal::ColumnType;
  using modelseal::Nullable;
  using modelseal::fuzz::Fail;
  std::vector<modelseal::InputColumn> model;
  if (unnamed) {
    model = {Column("", ColumnType::kString, Nullable::kYes),
             Column("", ColumnType::kFloat, Nullable::kYes)};
  } else {
    model = {Column("city", ColumnType::kString, Nullable::kYes),
             Column("size", ColumnType::kFloat, Nullable::kNo),
             Column("ok", ColumnType::kBoolean, Nullable::kYes),
             Column("n", ColumnType::kInteger, Nullable::kYes)};
  }
  auto t = modelseal::cli::ParseTypedCsv(
      modelseal::fuzz::AsStringView(data, size), model, options);
  if (!t.ok()) return 0;
  const uint64_t rows = t->rows;
  const size_t bitmap = (rows + 7) / 8;
  if (rows == 0 || rows > options.limits.max_rows) Fail("typed rows");
  if (t->columns.size() != model.size() ||
      t->csv_columns.size() != model.size() || t->row_lines.size() != rows) {
    Fail("typed table sizes");
  }
  const bool labelled =
      options.label.kind != modelseal::cli::CsvLabelColumn::Kind::kNone;
  if (labelled != (t->labels.size() == rows)) Fail("typed labels");
  for (size_t c = 0; c < model.size(); ++c) {
    const auto& col = t->columns[c];
    if (col.validity.size() != bitmap) Fail("typed validity size");
    if (col.any_missing && model[c].nullable == Nullable::kNo) {
      Fail("missing value in a column that is not nullable");
    }
    switch (col.type) {
      case ArrayType::kLargeString: {
        if (col.offsets.size() != rows + 1 || col.offsets[0] != 0 ||
            static_cast<uint64_t>(col.offsets[rows]) != col.bytes.size()) {
          Fail("typed string offsets");
        }
        for (uint64_t r = 0; r < rows; ++r) {
          if (col.offsets[r + 1] < col.offsets[r]) Fail("offsets decrease");
          if (!modelseal::IsValidUtf8(std::string_view(col.bytes).substr(
                  col.offsets[r], col.offsets[r + 1] - col.offsets[r]))) {
            Fail("typed string not utf-8");
          }
        }
        break;
      }
      case ArrayType::kBool:
        if (col.bits.size() != bitmap) Fail("typed bits size");
        break;
      default:
        if (col.numbers.size() != rows) Fail("typed numbers size");
        break;
    }
  }
  modelseal::TableView v = t->View(0, rows);
  if (v.rows != rows || v.columns.size() != model.size()) Fail("typed view");
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using modelseal::fuzz::Fail;
  namespace cli = modelseal::cli;
  if (size < 1) return 0;
  const uint8_t flags = data[0];
  cli::CsvOptions options;
  options.header = (flags & 1) != 0;
  switch ((flags >> 1) & 3) {
    case 0:
      break;
    case 1:
      options.label.kind = cli::CsvLabelColumn::Kind::kLast;
      break;
    case 2:
      options.label.kind = cli::CsvLabelColumn::Kind::kIndex;
      options.label.index = 1;
      break;
    default:
      options.label.kind = cli::CsvLabelColumn::Kind::kName;
      options.label.name = "label";
      break;
  }
  if (flags & 8) {
    options.limits.max_bytes = 4096;
    options.limits.max_rows = 16;
    options.limits.max_columns = 8;
    options.limits.max_field_bytes = 16;
    options.limits.max_values = 32;
  }
  options.source_name = "fuzz.csv";
  if (flags & 16) return FuzzTyped(data + 1, size - 1, options, flags & 32);
  auto table =
      cli::ParseCsv(modelseal::fuzz::AsStringView(data + 1, size - 1), options);
  if (!table.ok()) return 0;
  if (table->values.size() != table->rows * table->cols) {
    Fail("csv values size differs from rows x cols");
  }
  const bool labelled = options.label.kind != cli::CsvLabelColumn::Kind::kNone;
  if (labelled && table->labels.size() != table->rows) {
    Fail("csv labels do not match rows");
  }
  if (!labelled && !table->labels.empty()) Fail("csv labels without column");
  if (options.header && table->header.size() != table->cols) {
    Fail("csv header names do not match numeric columns");
  }
  if (table->rows > options.limits.max_rows) Fail("csv row limit exceeded");
  return 0;
}
