// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the CSV prediction-input parser (cli/input/csv.h).
// Input layout: one options byte, then the CSV text. Options byte bits:
// 0 header; 1-2 label column (none, last, index 1, name "label"); 3 small
// limits (so every limit check is reachable with short inputs).
// Oracles: the table's sizes agree (values = rows x cols, one label per row
// when a label column is selected, one header name per numeric column).
#include <cstddef>
#include <cstdint>

#include "cli/input/csv.h"
#include "fuzz/fuzz_util.h"

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
