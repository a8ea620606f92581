// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// A bounded, strict parser for NumPy .npy files (format versions 1.0, 2.0
// and 3.0, as numpy.lib.format writes them). ParseNpy is a pure function
// over bytes: no file system access, every length checked against the input
// and the limits with checked arithmetic before anything is allocated, one
// error code per rule (errors/input.def), context "<source>" or
// "<source>:header".
//
// Accepted files:
// - magic "\x93NUMPY", version 1.0 (u16 header length), 2.0 or 3.0 (u32
//   header length), little-endian lengths (kNpyBadMagic, kNpyBadVersion,
//   kNpyTruncated).
// - header: at most NpyLimits::max_header_bytes; a Python dict literal with
//   exactly the keys 'descr', 'fortran_order' and 'shape' (any order, each
//   once, optional trailing comma; kNpyHeaderSyntax, kNpyHeaderKeys),
//   followed only by spaces and one final '\n'; the preamble plus header
//   length is a multiple of 16 (numpy writes 64; before 1.14 it wrote 16)
//   (kNpyHeaderPadding).
// - descr '<f8', '<f4', '<i8' or '<i4' (kNpyDtype); values are converted to
//   float64 (exactly, except int64 magnitudes above 2^53, which round like
//   numpy's astype(float64)).
// - fortran_order False (True: kNpyFortranOrder).
// - shape a tuple of two non-negative integers (rows, cols); with
//   NpyOptions::allow_1d also (n,), read as n rows of one column
//   (kNpyShapeRank). Limits on rows, cols and rows x cols
//   (kNpyShapeTooLarge).
// - the data after the header is exactly rows x cols x itemsize bytes
//   (kNpyDataLength).
#ifndef MODELSEAL_CLI_INPUT_NPY_H_
#define MODELSEAL_CLI_INPUT_NPY_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "modelseal/error.h"
#include "modelseal/limits.h"
#include "modelseal/model.h"

namespace modelseal::cli {

struct NpyLimits {
  uint64_t max_bytes = 8ull << 30;  // whole file (kNpyTooLarge)
  uint64_t max_header_bytes = 16384;
  uint64_t max_rows = 1ull << 32;
  uint64_t max_cols = limits::kMaxFeatures;
  uint64_t max_values = 1ull << 30;  // rows x cols (8 GiB as float64)
};

struct NpyOptions {
  bool allow_1d = false;
  NpyLimits limits;
  std::string source_name = "input";  // for error contexts
};

struct NpyArray {
  DType source_dtype = DType::kFloat64;  // the file's dtype
  uint64_t rows = 0;
  uint64_t cols = 0;
  std::vector<double> values;  // rows x cols, row-major
};

// Parses the whole contents of a .npy file as described above.
Result<NpyArray> ParseNpy(std::span<const std::byte> bytes,
                          const NpyOptions& options);

// Formats a C-ordered '<f8' .npy file (version 1.0, header padded to 64
// bytes as numpy does) holding `values` (rows x cols). For tests and tools;
// fails with kInvalidArgument when the sizes disagree.
Result<std::vector<std::byte>> FormatNpyFloat64(
    const std::vector<double>& values, uint64_t rows, uint64_t cols);

}  // namespace modelseal::cli

#endif  // MODELSEAL_CLI_INPUT_NPY_H_
