// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the .npy prediction-input parser (cli/input/npy.h).
// Input layout: one options byte (bit 0: allow_1d; bit 1: small limits),
// then the file's bytes.
// Oracles: values = rows x cols; the values formatted as a '<f8' file
// parse back bit for bit.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cli/input/npy.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using modelseal::fuzz::Fail;
  namespace cli = modelseal::cli;
  if (size < 1) return 0;
  cli::NpyOptions options;
  options.allow_1d = (data[0] & 1) != 0;
  if (data[0] & 2) {
    options.limits.max_bytes = 1 << 16;
    options.limits.max_header_bytes = 256;
    options.limits.max_rows = 64;
    options.limits.max_cols = 16;
    options.limits.max_values = 256;
  }
  const std::span<const std::byte> bytes(
      reinterpret_cast<const std::byte*>(data + 1), size - 1);
  auto array = cli::ParseNpy(bytes, options);
  if (!array.ok()) return 0;
  if (array->values.size() != array->rows * array->cols) {
    Fail("npy values size differs from rows x cols");
  }
  auto file = cli::FormatNpyFloat64(array->values, array->rows, array->cols);
  if (!file.ok()) Fail("parsed npy array does not format");
  cli::NpyOptions plain;
  auto again = cli::ParseNpy(*file, plain);
  if (!again.ok()) Fail("formatted npy file does not parse");
  if (again->rows != array->rows || again->cols != array->cols ||
      again->values.size() != array->values.size() ||
      (!array->values.empty() &&
       std::memcmp(again->values.data(), array->values.data(),
                   array->values.size() * sizeof(double)) != 0)) {
    Fail("npy round trip changed the array");
  }
  return 0;
}
