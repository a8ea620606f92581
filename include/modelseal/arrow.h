// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Import of column tables from the Arrow C Data Interface
// (https://arrow.apache.org/docs/format/CDataInterface.html) and its stream
// interface, without an Arrow library: pyarrow, polars, pandas (through
// pyarrow) and any other producer hand over a record batch as a struct-typed
// ArrowSchema + ArrowArray, which becomes a TableView (table.h).
//
// The three structs below are the specification's, declared exactly as it
// gives them and under its include guards, so this header can be included
// together with Arrow's own (arrow/c/abi.h) or nanoarrow's.
//
// Ownership (the specification's move semantics): every Import function
// takes ownership of the structs it is given, whether it succeeds or not.
// On return the caller's struct is marked released (release == NULL); its
// release callback is called exactly once by modelseal: on failure before
// the function returns, else when the returned object is destroyed.
//
// Accepted record batches: top-level format "+s" without nulls, one child
// per column (the column name is the child's name, "" when NULL). Child
// formats: "g" "f" "l" "i" "b" "u" "U" (borrowed as ArrayType), "vu" (string
// views, as polars exports strings: materialised into an owned string
// column, each view checked against its buffer's size), the other
// integers "c" "C" "s" "S" "I" (widened into an owned int64 column) and "L"
// (an owned float64 column, rounded as numpy's astype(float64)), and
// dictionary-encoded columns (pandas and polars categoricals) with integer
// indices and a "u", "U" or "vu" dictionary, materialised into an owned
// string column (a null index or a null dictionary entry is a missing
// value). Every other format,
// "n" (null) included, is refused with kArrowFormatUnsupported. Each
// structural rule of the specification has its own error code (1080-1099,
// errors/input.def); a buffer's size cannot be known from the interface, so
// the importer reads only what the specification says the buffers hold
// (offsets[offset .. offset + length] of a string column; every dictionary
// offset it uses) and a string column's TableView data_size is its last
// offset (the predictor re-checks every offset against it).
#ifndef MODELSEAL_ARROW_H_
#define MODELSEAL_ARROW_H_

// clang-format off
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  // Array type description
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;

  // Release callback
  void (*release)(struct ArrowSchema*);
  // Opaque producer-specific data
  void* private_data;
};

struct ArrowArray {
  // Array data description
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;

  // Release callback
  void (*release)(struct ArrowArray*);
  // Opaque producer-specific data
  void* private_data;
};

#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

struct ArrowArrayStream {
  // Callback to get the stream type
  // (will be the same for all arrays in the stream).
  //
  // Return value: 0 if successful, an `errno`-compatible error code otherwise.
  //
  // If successful, the ArrowSchema must be released independently from the
  // stream.
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);

  // Callback to get the next array
  // (if no error and the array is released, the stream has ended)
  //
  // Return value: 0 if successful, an `errno`-compatible error code otherwise.
  //
  // If successful, the ArrowArray must be released independently from the
  // stream.
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);

  // Callback to get optional detailed error information.
  // This must only be called if the last stream operation failed
  // with a non-0 return code.
  //
  // Return value: pointer to a null-terminated character array describing
  // the last error, or NULL if no description is available.
  //
  // The returned pointer is only valid until the next operation on this
  // stream (including release).
  const char* (*get_last_error)(struct ArrowArrayStream*);

  // Release callback: release the stream's own resources.
  // Note that arrays returned by `get_next` must be individually released.
  void (*release)(struct ArrowArrayStream*);

  // Opaque producer-specific data
  void* private_data;
};

#endif  // ARROW_C_STREAM_INTERFACE

#ifdef __cplusplus
}
#endif
// clang-format on

#ifdef __cplusplus

#include <cstdint>
#include <memory>
#include <optional>

#include "modelseal/error.h"
#include "modelseal/limits.h"
#include "modelseal/table.h"

namespace modelseal {

struct ArrowImportLimits {
  uint64_t max_rows = 1ull << 32;               // per batch (kArrowTooLarge)
  uint64_t max_columns = limits::kMaxFeatures;  // (kArrowTooLarge)
  // Bytes of one materialised dictionary-encoded column (kArrowTooLarge).
  uint64_t max_string_bytes = 1ull << 32;
};

// An imported record batch: the TableView, the ArrowArray it borrows from
// (released exactly once, when the ArrowTable is destroyed) and the owned
// buffers of widened and materialised columns. Moving it keeps view()'s
// pointers valid.
class ArrowTable {
 public:
  ArrowTable(ArrowTable&&) noexcept;
  ArrowTable& operator=(ArrowTable&&) noexcept;
  ~ArrowTable();

  const TableView& view() const;

  struct State;

 private:
  friend class ArrowImporter;
  explicit ArrowTable(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Imports one record batch. Takes ownership of both structs (see above);
// the schema is released before the function returns.
// Errors: kArrow* (errors/input.def), context "columns[i]" for a column.
Result<ArrowTable> ImportArrow(ArrowSchema* schema, ArrowArray* array,
                               const ArrowImportLimits& limits = {});

// Reads an ArrowArrayStream batch by batch. Open takes ownership of the
// stream (released exactly once, when the reader is destroyed), reads its
// schema and checks it (kArrowStream when a callback fails, with the
// producer's get_last_error text as the detail).
class ArrowStreamReader {
 public:
  static Result<ArrowStreamReader> Open(ArrowArrayStream* stream,
                                        const ArrowImportLimits& limits = {});
  ArrowStreamReader(ArrowStreamReader&&) noexcept;
  ArrowStreamReader& operator=(ArrowStreamReader&&) noexcept;
  ~ArrowStreamReader();

  // The next batch, or nullopt at the end of the stream. Batch numbers
  // (0-based) prefix the error context: "batches[3].columns[1]".
  Result<std::optional<ArrowTable>> Next();

  class Impl;

 private:
  explicit ArrowStreamReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace modelseal

#endif  // __cplusplus

#endif  // MODELSEAL_ARROW_H_
