// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// modelseal._native: the extension behind the Python package. Errors are
// raised as the exception classes of modelseal.errors (one per error code
// category, common base ModelsealError), built there from the code number so
// the mapping lives in one place.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include <string>
#include <utility>

#include "modelseal/error.h"
#include "modelseal/model.h"
#include "python/src/model_dict.h"
#ifdef MODELSEAL_HAVE_FORMAT
#include "modelseal/format.h"
#include "modelseal/limits.h"
#endif

namespace nb = nanobind;

namespace modelseal::python {
namespace {

// Raises the modelseal.errors exception for a non-ok status.
[[noreturn]] void Raise(const Status& status) {
  nb::object errors = nb::module_::import_("modelseal.errors");
  nb::object exc = errors.attr("_from_native")(
      static_cast<int>(status.code()), status.context(), status.detail());
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
  throw nb::python_error();
}

template <typename T>
T ValueOrRaise(Result<T> result) {
  if (!result.ok()) Raise(result.status());
  return std::move(result).value();
}

nb::list ErrorCodes() {
  nb::list out;
#define MODELSEAL_X(name, number, category, message)       \
  out.append(nb::make_tuple(                               \
      number, std::string(ErrorCodeName(ErrorCode::name)), \
      std::string(ErrorCategoryName(ErrorCategory::category)), message));
#include "modelseal/errors/all.def"
#undef MODELSEAL_X
  return out;
}

}  // namespace

NB_MODULE(_native, m) {
  m.doc() = "modelseal native core (internal; use the modelseal package)";
  m.def("error_codes", &ErrorCodes,
        "[(number, name, category, message)] of every error code.");
  m.def(
      "dict_roundtrip",
      [](nb::handle d) { return ModelToDict(ValueOrRaise(DictToModel(d))); },
      "Converts an exporter dict to a Model and back (tests).");
  m.attr("HAVE_FORMAT") =
#ifdef MODELSEAL_HAVE_FORMAT
      true;
#else
      false;
#endif
#ifdef MODELSEAL_HAVE_FORMAT
  m.def(
      "write_model",
      [](nb::handle d, const std::string& path) {
        Model model = ValueOrRaise(DictToModel(d));
        Status s;
        {
          nb::gil_scoped_release release;
          s = WriteModelFile(model, path);
        }
        if (!s.ok()) Raise(s);
      },
      "Validates an exporter dict and writes it to path atomically.");
  m.def(
      "read_model_unsandboxed",
      [](const std::string& path) {
        Result<Model> r = Status();
        {
          nb::gil_scoped_release release;
          r = ReadModelFileUnsandboxed(path, limits::kMaxFileSize);
        }
        return ModelToDict(ValueOrRaise(std::move(r)));
      },
      "Parses a model file in-process, without signature or sandbox "
      "(tests and tools only).");
#endif
}

}  // namespace modelseal::python
