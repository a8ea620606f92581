// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "python/src/arrow_bindings.h"

#include <nanobind/ndarray.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modelseal/arrow.h"
#include "python/src/signing_bindings.h"

namespace nb = nanobind;

namespace modelseal::python {
namespace {

constexpr const char* kCapsuleName = "arrow_array_stream";

// The capsule of one __arrow_c_stream__() call. The stream is moved out of
// it by the first prediction (the capsule's destructor then finds it
// released, as the PyCapsule interface specifies); a second use fails.
struct ArrowInput {
  nb::object capsule;
};

template <typename T>
nb::object ToNumpy(std::vector<T>&& values, size_t rows, size_t cols) {
  auto* heap = new std::vector<T>(std::move(values));
  nb::capsule owner(
      heap, [](void* p) noexcept { delete static_cast<std::vector<T>*>(p); });
  size_t shape[2] = {rows, cols};
  return nb::cast(
      nb::ndarray<nb::numpy, T, nb::ndim<2>>(heap->data(), 2, shape, owner));
}

// Appends `m` below `*all` (same column count, checked).
template <typename T>
Status Append(Matrix<T>&& m, Matrix<T>* all) {
  if (all->rows == 0) {
    *all = std::move(m);
    return Status::Ok();
  }
  if (m.cols != all->cols) {
    return Status(ErrorCode::kInternal, "X",
                  "batches gave different numbers of columns");
  }
  all->data.insert(all->data.end(), m.data.begin(), m.data.end());
  all->rows += m.rows;
  return Status::Ok();
}

// The prediction over every batch; outputs concatenated by rows.
struct ArrowResults {
  PredictOutput predict;
  std::vector<Matrix<double>> proba;
  Matrix<double> matrix;
};

Status RunBatches(const Predictor& p, ArrowArrayStream* stream,
                  PredictMethod method, unsigned n_threads, ArrowResults* out) {
  MODELSEAL_ASSIGN_OR_RETURN(ArrowStreamReader reader,
                             ArrowStreamReader::Open(stream));
  const PredictOptions options{n_threads};
  uint64_t rows = 0;
  for (uint64_t batch = 0;; ++batch) {
    MODELSEAL_ASSIGN_OR_RETURN(std::optional<ArrowTable> table, reader.Next());
    if (!table) break;
    const TableView& X = table->view();
    if (X.rows == 0) continue;  // empty batches add nothing
    Status s;
    switch (method) {
      case PredictMethod::kPredict: {
        PredictOutput o;
        s = p.Predict(X, &o, options);
        if (s.ok()) s = Append(std::move(o.classes), &out->predict.classes);
        if (s.ok()) s = Append(std::move(o.values), &out->predict.values);
        break;
      }
      case PredictMethod::kPredictProba: {
        std::vector<Matrix<double>> o;
        s = p.PredictProba(X, &o, options);
        if (s.ok() && out->proba.empty()) out->proba.resize(o.size());
        for (size_t i = 0; s.ok() && i < o.size(); ++i) {
          s = Append(std::move(o[i]), &out->proba[i]);
        }
        break;
      }
      case PredictMethod::kDecisionFunction: {
        Matrix<double> o;
        s = p.DecisionFunction(X, &o, options);
        if (s.ok()) s = Append(std::move(o), &out->matrix);
        break;
      }
      case PredictMethod::kTransform: {
        Matrix<double> o;
        s = p.Transform(X, &o, options);
        if (s.ok()) s = Append(std::move(o), &out->matrix);
        break;
      }
    }
    if (!s.ok()) {
      // Rows relative to the batch: name the batch and its first row.
      return Status(s.code(), s.context(),
                    s.detail() + " (batch " + std::to_string(batch) +
                        ", starting at row " + std::to_string(rows) + ")");
    }
    rows += X.rows;
  }
  if (rows == 0) {
    return Status(ErrorCode::kInputNoRows, "X",
                  "found array with 0 sample(s) while a minimum of 1 is "
                  "required");
  }
  return Status::Ok();
}

}  // namespace

void RegisterArrowBindings(nb::module_& m) {
  nb::class_<ArrowInput>(m, "ArrowInput")
      .def(
          "__init__",
          [](ArrowInput* self, nb::handle capsule) {
            if (!PyCapsule_IsValid(capsule.ptr(), kCapsuleName)) {
              Raise(Status(ErrorCode::kInvalidArgument, "X",
                           "__arrow_c_stream__() did not return an "
                           "\"arrow_array_stream\" capsule"));
            }
            new (self) ArrowInput{nb::borrow(capsule)};
          },
          nb::arg("capsule"))
      // transform() keeps float32 input float32; Arrow input is float64's.
      .def_prop_ro("dtype", [](const ArrowInput&) {
        return nb::module_::import_("numpy").attr("dtype")("float64");
      });
}

bool IsArrowInput(nb::handle x) { return nb::isinstance<ArrowInput>(x); }

nb::object PredictArrow(const Predictor& predictor, nb::handle x,
                        PredictMethod method, unsigned n_threads) {
  ArrowInput& in = nb::cast<ArrowInput&>(x);
  auto* stream = static_cast<ArrowArrayStream*>(
      PyCapsule_GetPointer(in.capsule.ptr(), kCapsuleName));
  if (stream == nullptr) {
    PyErr_Clear();
    Raise(Status(ErrorCode::kInvalidArgument, "X", "invalid stream capsule"));
  }
  ArrowResults out;
  Status s;
  {
    // The producer's callbacks (pyarrow, polars) take the GIL themselves
    // when they need it.
    nb::gil_scoped_release release;
    s = RunBatches(predictor, stream, method, n_threads, &out);
  }
  if (!s.ok()) Raise(s);
  switch (method) {
    case PredictMethod::kPredict:
      if (predictor.task() == Task::kClassification) {
        Matrix<int64_t>& c = out.predict.classes;
        return ToNumpy(std::move(c.data), c.rows, c.cols);
      } else {
        Matrix<double>& v = out.predict.values;
        return ToNumpy(std::move(v.data), v.rows, v.cols);
      }
    case PredictMethod::kPredictProba: {
      nb::list result;
      for (Matrix<double>& m : out.proba) {
        result.append(ToNumpy(std::move(m.data), m.rows, m.cols));
      }
      return result;
    }
    default:
      return ToNumpy(std::move(out.matrix.data), out.matrix.rows,
                     out.matrix.cols);
  }
}

}  // namespace modelseal::python
