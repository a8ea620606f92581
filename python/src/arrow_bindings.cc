// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "python/src/arrow_bindings.h"

#include <nanobind/ndarray.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modelseal/arrow.h"
#include "python/src/outputs.h"
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

Status RunBatches(const Predictor& p, ArrowArrayStream* stream,
                  PredictMethod method, unsigned n_threads,
                  MethodOutputs* out) {
  MODELSEAL_ASSIGN_OR_RETURN(ArrowStreamReader reader,
                             ArrowStreamReader::Open(stream));
  uint64_t rows = 0;
  for (uint64_t batch = 0;; ++batch) {
    MODELSEAL_ASSIGN_OR_RETURN(std::optional<ArrowTable> table, reader.Next());
    if (!table) break;
    const TableView& X = table->view();
    if (X.rows == 0) continue;  // empty batches add nothing
    MethodOutputs o;
    Status s = RunMethod(p, X, method, n_threads, &o);
    switch (method) {
      case PredictMethod::kPredict:
        if (s.ok())
          s = Append(std::move(o.predict.classes), &out->predict.classes);
        if (s.ok())
          s = Append(std::move(o.predict.values), &out->predict.values);
        break;
      case PredictMethod::kPredictProba:
      case PredictMethod::kPredictLogProba:
        if (s.ok() && out->proba.empty()) out->proba.resize(o.proba.size());
        for (size_t i = 0; s.ok() && i < o.proba.size(); ++i) {
          s = Append(std::move(o.proba[i]), &out->proba[i]);
        }
        break;
      case PredictMethod::kDecisionFunction:
      case PredictMethod::kTransform:
        if (s.ok()) s = Append(std::move(o.matrix), &out->matrix);
        break;
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
  MethodOutputs out;
  Status s;
  {
    // The producer's callbacks (pyarrow, polars) take the GIL themselves
    // when they need it.
    nb::gil_scoped_release release;
    s = RunBatches(predictor, stream, method, n_threads, &out);
  }
  if (!s.ok()) Raise(s);
  return ToPython(predictor, method, std::move(out));
}

}  // namespace modelseal::python
