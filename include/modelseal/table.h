// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Column-table input: typed columns (numbers, booleans, UTF-8 strings) with
// missing values, in the memory layout of Apache Arrow's columnar format
// (https://arrow.apache.org/docs/format/Columnar.html): a validity bitmap
// (bit i set = value i present, least significant bit first), fixed-width
// values, bit-packed booleans, and for strings an offsets array into one
// buffer of UTF-8 bytes. A TableView borrows the caller's buffers; the
// predictor checks every offset and length before it reads a byte.
// ImportArrow (arrow.h) builds one from the Arrow C Data Interface.
#ifndef MODELSEAL_TABLE_H_
#define MODELSEAL_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace modelseal {

// The physical type of a column (Arrow format strings in brackets).
enum class ArrayType : uint8_t {
  kFloat64 = 1,      // "g": double values
  kFloat32 = 2,      // "f": float values
  kInt64 = 3,        // "l": int64 values
  kInt32 = 4,        // "i": int32 values
  kBool = 5,         // "b": bit-packed booleans
  kString = 6,       // "u": int32 offsets [length + 1] + UTF-8 bytes
  kLargeString = 7,  // "U": int64 offsets [length + 1] + UTF-8 bytes
};
const char* ArrayTypeName(ArrayType type);

// One column: elements [offset, offset + rows) of its arrays, where rows is
// the table's row count.
struct ColumnView {
  std::string name;  // matched against the model's feature names
  ArrayType type = ArrayType::kFloat64;
  size_t offset = 0;  // Arrow's array offset, in elements (bits for kBool
                      // and the validity bitmap)
  // Validity bitmap, or null when every value is present.
  const uint8_t* validity = nullptr;
  // Values (numbers; bits for kBool), or the offsets array for strings.
  const void* values = nullptr;
  // String bytes and their size (offsets must lie in [0, data_size]).
  const char* data = nullptr;
  size_t data_size = 0;
};

// A table of `rows` rows. Columns are matched to the model's input columns
// by name when the model has feature names (each name exactly once; extra
// columns are an error, as scikit-learn's), else by position.
struct TableView {
  size_t rows = 0;
  std::vector<ColumnView> columns;
};

}  // namespace modelseal

#endif  // MODELSEAL_TABLE_H_
