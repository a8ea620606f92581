// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The input of one predictor call, read block by block into float64 rows of
// the model's input columns: a numeric matrix (MatrixView) or a column
// table (TableView, whose strings become dictionary codes: SPEC §6,
// docs/ARCHITECTURE.md "Typed input"). Private to the inference library.
#ifndef MODELSEAL_INFERENCE_INPUT_SOURCE_H_
#define MODELSEAL_INFERENCE_INPUT_SOURCE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "modelseal/error.h"
#include "modelseal/model.h"
#include "modelseal/predictor.h"
#include "modelseal/table.h"

namespace modelseal::inference {

class InputSource {
 public:
  virtual ~InputSource() = default;
  virtual size_t rows() const = 0;
  // kFloat32 for a float32 matrix (steps keep scikit-learn's float32
  // arithmetic), else kFloat64.
  virtual DType dtype() const = 0;
  // Checks the input against the predictor's input columns before a row is
  // read (shape, names, types, buffers).
  virtual Status Check(const Predictor::Impl& p) = 0;
  // Rows [row0, row0 + rows) as float64, row-major over the model's input
  // columns: written to x[rows, input_width], or (a float64 matrix) read in
  // place; *block points at them.
  virtual Status Load(const Predictor::Impl& p, size_t row0, size_t rows,
                      double* x, const double** block) const = 0;
  // Whether Load reads in place (then x may be empty).
  virtual bool InPlace() const = 0;
  // The value at (row, input column) as Python would print it, for error
  // messages ('abc', None, 1.5).
  virtual std::string Describe(size_t row, size_t column) const = 0;
};

class MatrixSource final : public InputSource {
 public:
  explicit MatrixSource(const MatrixView& x) : x_(x) {}
  size_t rows() const override { return x_.rows; }
  DType dtype() const override { return x_.dtype; }
  Status Check(const Predictor::Impl& p) override;
  Status Load(const Predictor::Impl& p, size_t row0, size_t rows, double* x,
              const double** block) const override;
  bool InPlace() const override { return x_.dtype == DType::kFloat64; }
  std::string Describe(size_t row, size_t column) const override;

 private:
  MatrixView x_;
};

class TableSource final : public InputSource {
 public:
  explicit TableSource(const TableView& t) : t_(t) {}
  size_t rows() const override { return t_.rows; }
  DType dtype() const override { return DType::kFloat64; }
  Status Check(const Predictor::Impl& p) override;
  Status Load(const Predictor::Impl& p, size_t row0, size_t rows, double* x,
              const double** block) const override;
  bool InPlace() const override { return false; }
  std::string Describe(size_t row, size_t column) const override;

 private:
  const TableView& t_;
  std::vector<const ColumnView*> source_;  // per model input column
  std::vector<std::string> names_;         // model column names (messages)
};

// Python's repr of a str (quotes, escapes), at most `limit` bytes of it.
std::string PythonRepr(std::string_view s, size_t limit = 64);

}  // namespace modelseal::inference

#endif  // MODELSEAL_INFERENCE_INPUT_SOURCE_H_
