// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// modelseal._native: the extension behind the Python package. Errors are
// raised as the exception classes of modelseal.errors (one per error code
// category, common base ModelsealError), built there from the code number so
// the mapping lives in one place.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modelseal/error.h"
#include "modelseal/format.h"
#include "modelseal/limits.h"
#include "modelseal/loader.h"
#include "modelseal/model.h"
#include "modelseal/predictor.h"
#include "modelseal/table.h"
#include "python/src/arrow_bindings.h"
#include "python/src/model_dict.h"
#include "python/src/outputs.h"
#include "python/src/path_arg.h"
#include "python/src/signing_bindings.h"
#include "python/src/state_bindings.h"

namespace nb = nanobind;

namespace modelseal::python {

// Raises the modelseal.errors exception for a non-ok status.
[[noreturn]] void Raise(const Status& status) {
  nb::object errors = nb::module_::import_("modelseal.errors");
  nb::object exc = errors.attr("_from_native")(
      static_cast<int>(status.code()), status.context(), status.detail());
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
  throw nb::python_error();
}

std::string PathArg(nb::handle path, const char* what) {
  auto invalid = [&](const std::string& detail) {
    PyErr_Clear();
    Raise(Status(ErrorCode::kInvalidPath, what, detail));
  };
  nb::object fspath = nb::steal(PyOS_FSPath(path.ptr()));
  if (!fspath.is_valid()) {
    invalid(std::string("expected str, bytes or os.PathLike, not ") +
            Py_TYPE(path.ptr())->tp_name);
  }
  nb::object bytes = fspath;
  if (PyUnicode_Check(fspath.ptr())) {
    bytes = nb::steal(PyUnicode_EncodeFSDefault(fspath.ptr()));
    if (!bytes.is_valid()) {
      invalid("not encodable in the file system encoding");
    }
  }
  char* data = nullptr;
  Py_ssize_t size = 0;
  if (PyBytes_AsStringAndSize(bytes.ptr(), &data, &size) != 0) {
    invalid("not a bytes path");
  }
  std::string out(data, static_cast<size_t>(size));
  if (out.find('\0') != std::string::npos) {
    Raise(Status(
        ErrorCode::kInvalidPath, what,
        "contains a NUL byte at offset " + std::to_string(out.find('\0'))));
  }
  if (out.empty()) Raise(Status(ErrorCode::kInvalidPath, what, "empty"));
  return out;
}

std::optional<std::string> OptionalPathArg(nb::handle path, const char* what) {
  if (path.is_none()) return std::nullopt;
  return PathArg(path, what);
}

std::vector<std::string> PathListArg(nb::handle paths, const char* what) {
  std::vector<std::string> out;
  if (!PyList_Check(paths.ptr()) && !PyTuple_Check(paths.ptr())) {
    Raise(Status(ErrorCode::kInvalidPath, what, "expected a list of paths"));
  }
  size_t i = 0;
  for (nb::handle item : paths) {
    const std::string where =
        std::string(what) + "[" + std::to_string(i++) + "]";
    out.push_back(PathArg(item, where.c_str()));
  }
  return out;
}

namespace {

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

// X for a predictor call: a C-contiguous float64 or float32 2-D array whose
// buffer stays exported (and so cannot be resized) for the whole call.
class InputMatrix {
 public:
  explicit InputMatrix(nb::handle x) {
    if (PyObject_GetBuffer(x.ptr(), &view_,
                           PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | PyBUF_ND) != 0) {
      PyErr_Clear();
      Raise(Status(ErrorCode::kInvalidArgument, "X",
                   "expected a C-contiguous array"));
    }
    held_ = true;
    std::string format = view_.format ? view_.format : "B";
    if (format.size() == 2 &&
        (format[0] == '<' || format[0] == '=' || format[0] == '@')) {
      format = format.substr(1);
    }
    if (view_.ndim != 2) {
      Raise(Status(ErrorCode::kInvalidArgument, "X",
                   "expected 2 dimensions, got " + std::to_string(view_.ndim)));
    }
    if (format == "d" && view_.itemsize == 8) {
      m_.dtype = DType::kFloat64;
    } else if (format == "f" && view_.itemsize == 4) {
      m_.dtype = DType::kFloat32;
    } else {
      Raise(Status(ErrorCode::kInvalidArgument, "X",
                   "dtype must be float64 or float32, got format " + format));
    }
    m_.data = view_.buf;
    m_.rows = static_cast<size_t>(view_.shape[0]);
    m_.cols = static_cast<size_t>(view_.shape[1]);
  }
  ~InputMatrix() {
    if (held_) PyBuffer_Release(&view_);
  }
  InputMatrix(const InputMatrix&) = delete;
  InputMatrix& operator=(const InputMatrix&) = delete;
  const MatrixView& view() const { return m_; }

 private:
  Py_buffer view_{};
  bool held_ = false;
  MatrixView m_;
};

// X for the table methods: a list of (name, kind, array) columns built by
// modelseal._predictor. kind "f": a C-contiguous 1-D float64 array (NaN is
// a missing value); kind "s": a 1-D object array whose elements are str, or
// None, a float NaN or pd.NA (missing values); the strings are converted
// here to Arrow's string layout (UTF-8 bytes, int32 offsets, or int64 when
// the bytes exceed int32, and a validity bitmap). Any other element is an
// InputError (E910) naming the column and the row. The arrays' buffers stay
// exported for the whole call.
class InputTable {
 public:
  InputTable(size_t rows, nb::handle columns) {
    t_.rows = rows;
    nb::list cols = nb::cast<nb::list>(columns);
    const size_t n = cols.size();
    views_.reserve(n);  // stable addresses: Py_buffer held per column
    strings_.reserve(n);
    for (size_t j = 0; j < n; ++j) {
      nb::tuple c = nb::cast<nb::tuple>(cols[j]);
      std::string name = nb::cast<std::string>(c[0]);
      std::string kind = nb::cast<std::string>(c[1]);
      views_.emplace_back();
      Py_buffer& view = views_.back();
      if (PyObject_GetBuffer(c[2].ptr(), &view,
                             PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | PyBUF_ND) !=
          0) {
        PyErr_Clear();
        views_.pop_back();
        Raise(Status(ErrorCode::kInvalidArgument, ColumnContext(name),
                     "expected a C-contiguous 1-D array"));
      }
      std::string format = view.format ? view.format : "B";
      if (format.size() == 2 &&
          (format[0] == '<' || format[0] == '=' || format[0] == '@')) {
        format = format.substr(1);
      }
      if (view.ndim != 1 || static_cast<size_t>(view.shape[0]) != rows) {
        Raise(Status(
            ErrorCode::kInvalidArgument, ColumnContext(name),
            "expected a 1-D array of " + std::to_string(rows) + " values"));
      }
      ColumnView col;
      col.name = name;
      if (kind == "f") {
        if (format != "d" || view.itemsize != 8) {
          Raise(Status(ErrorCode::kInvalidArgument, ColumnContext(name),
                       "expected float64 values, got format " + format));
        }
        col.type = ArrayType::kFloat64;
        col.values = view.buf;
      } else if (kind == "s") {
        if (format != "O" || view.itemsize != sizeof(PyObject*)) {
          Raise(Status(ErrorCode::kInvalidArgument, ColumnContext(name),
                       "expected an object array, got format " + format));
        }
        strings_.emplace_back();
        Strings& st = strings_.back();
        Encode(name, static_cast<PyObject* const*>(view.buf), rows, &st);
        col.type = st.large ? ArrayType::kLargeString : ArrayType::kString;
        col.values = st.large ? static_cast<const void*>(st.offsets64.data())
                              : static_cast<const void*>(st.offsets32.data());
        col.data = st.bytes.data();
        col.data_size = st.bytes.size();
        col.validity = st.validity.empty() ? nullptr : st.validity.data();
      } else {
        Raise(Status(ErrorCode::kInvalidArgument, ColumnContext(name),
                     "unknown column kind '" + kind + "'"));
      }
      t_.columns.push_back(std::move(col));
    }
  }
  ~InputTable() {
    for (Py_buffer& v : views_) PyBuffer_Release(&v);
  }
  InputTable(const InputTable&) = delete;
  InputTable& operator=(const InputTable&) = delete;
  const TableView& view() const { return t_; }

 private:
  struct Strings {
    std::string bytes;
    std::vector<int32_t> offsets32;
    std::vector<int64_t> offsets64;
    std::vector<uint8_t> validity;  // empty: no missing value
    bool large = false;
  };

  static std::string ColumnContext(const std::string& name) {
    return "X['" + name + "']";
  }

  // pd.NA, recognised by its type without importing pandas.
  static bool IsPandasNA(PyObject* o) {
    return std::strcmp(Py_TYPE(o)->tp_name, "pandas._libs.missing.NAType") ==
               0 ||
           std::strcmp(Py_TYPE(o)->tp_name, "NAType") == 0;
  }

  static void Encode(const std::string& name, PyObject* const* items,
                     size_t rows, Strings* st) {
    std::vector<int64_t> offsets;
    offsets.reserve(rows + 1);
    offsets.push_back(0);
    std::vector<bool> present(rows, true);
    bool any_missing = false;
    for (size_t i = 0; i < rows; ++i) {
      PyObject* o = items[i];
      if (o != nullptr && PyUnicode_Check(o)) {
        Py_ssize_t size = 0;
        const char* utf8 = PyUnicode_AsUTF8AndSize(o, &size);
        if (utf8 == nullptr) {
          PyErr_Clear();
          Raise(Status(ErrorCode::kInputColumnType,
                       ColumnContext(name) + "[" + std::to_string(i) + "]",
                       "row " + std::to_string(i) + " of column '" + name +
                           "' is a str that is not encodable as UTF-8 (a "
                           "lone surrogate)"));
        }
        st->bytes.append(utf8, static_cast<size_t>(size));
      } else if (o == nullptr || o == Py_None ||
                 (PyFloat_Check(o) && std::isnan(PyFloat_AS_DOUBLE(o))) ||
                 IsPandasNA(o)) {
        present[i] = false;
        any_missing = true;
      } else {
        Raise(Status(ErrorCode::kInputColumnType,
                     ColumnContext(name) + "[" + std::to_string(i) + "]",
                     "row " + std::to_string(i) + " of string column '" + name +
                         "' is a " + Py_TYPE(o)->tp_name +
                         "; expected str, or None, NaN or pd.NA for a "
                         "missing value"));
      }
      offsets.push_back(static_cast<int64_t>(st->bytes.size()));
    }
    st->large = st->bytes.size() >
                static_cast<size_t>(std::numeric_limits<int32_t>::max());
    if (st->large) {
      st->offsets64 = std::move(offsets);
    } else {
      st->offsets32.assign(offsets.begin(), offsets.end());
    }
    if (any_missing) {
      st->validity.assign((rows + 7) / 8, 0);
      for (size_t i = 0; i < rows; ++i) {
        if (present[i])
          st->validity[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
      }
    }
  }

  TableView t_;
  std::vector<Py_buffer> views_;
  std::vector<Strings> strings_;
};

// A loaded model with its predictor. Thread-safe: Predictor's methods are
// const, and every call releases the GIL.
class PyPredictor {
 public:
  explicit PyPredictor(std::unique_ptr<Predictor> p) : p_(std::move(p)) {}

  // A model from anywhere (a dict, say): validated, then built.
  static PyPredictor FromModel(Model model) {
    Result<std::unique_ptr<Predictor>> r = Status();
    {
      nb::gil_scoped_release release;
      Status s = ValidateModel(model);
      r = s.ok() ? Predictor::Create(model)
                 : Result<std::unique_ptr<Predictor>>(s);
    }
    return PyPredictor(ValueOrRaise(std::move(r)));
  }

  // predict, predict_proba, decision_function and transform over a numpy
  // matrix or an ArrowInput (what they return: outputs.h).
  nb::object Predict(nb::handle x, unsigned n_threads) const {
    return OnMatrix(x, PredictMethod::kPredict, n_threads);
  }
  nb::object PredictProba(nb::handle x, unsigned n_threads) const {
    return OnMatrix(x, PredictMethod::kPredictProba, n_threads);
  }
  nb::object PredictLogProba(nb::handle x, unsigned n_threads) const {
    return OnMatrix(x, PredictMethod::kPredictLogProba, n_threads);
  }
  nb::object DecisionFunction(nb::handle x, unsigned n_threads) const {
    return OnMatrix(x, PredictMethod::kDecisionFunction, n_threads);
  }
  nb::object Transform(nb::handle x, unsigned n_threads) const {
    return OnMatrix(x, PredictMethod::kTransform, n_threads);
  }
  // The same methods over a column table (InputTable).
  nb::object PredictTable(size_t rows, nb::handle cols,
                          unsigned n_threads) const {
    return OnTable(rows, cols, PredictMethod::kPredict, n_threads);
  }
  nb::object PredictProbaTable(size_t rows, nb::handle cols,
                               unsigned n_threads) const {
    return OnTable(rows, cols, PredictMethod::kPredictProba, n_threads);
  }
  nb::object PredictLogProbaTable(size_t rows, nb::handle cols,
                                  unsigned n_threads) const {
    return OnTable(rows, cols, PredictMethod::kPredictLogProba, n_threads);
  }
  nb::object DecisionFunctionTable(size_t rows, nb::handle cols,
                                   unsigned n_threads) const {
    return OnTable(rows, cols, PredictMethod::kDecisionFunction, n_threads);
  }
  nb::object TransformTable(size_t rows, nb::handle cols,
                            unsigned n_threads) const {
    return OnTable(rows, cols, PredictMethod::kTransform, n_threads);
  }
  // Whether transform of a float32 X returns float32 (scikit-learn's
  // dtype; see Predictor::TransformDType).
  bool TransformKeepsFloat32() const {
    return p_->TransformDType(DType::kFloat32) == DType::kFloat32;
  }
  // hasattr semantics: whether the estimator has the method `name`.
  bool HasMethod(const std::string& name) const {
    if (name == "predict") return p_->HasMethod(PredictMethod::kPredict);
    if (name == "predict_proba") {
      return p_->HasMethod(PredictMethod::kPredictProba);
    }
    if (name == "decision_function") {
      return p_->HasMethod(PredictMethod::kDecisionFunction);
    }
    if (name == "transform") return p_->HasMethod(PredictMethod::kTransform);
    // Only the models that compute it natively (Predictor::PredictLogProba).
    if (name == "predict_log_proba") {
      return p_->HasMethod(PredictMethod::kPredictLogProba);
    }
    return false;
  }
  // The kind of the estimator that makes the predictions (a Pipeline's last
  // step, recursively), e.g. "HistGradientBoosting".
  std::string FinalKind() const {
    // Through Pipelines and ThresholdClassifiers (whose other methods are
    // their classifier's) to the estimator the Python methods describe.
    const Estimator* e = &p_->model().estimator;
    while (true) {
      if (const auto* pl = std::get_if<Pipeline>(&e->kind)) {
        if (pl->steps.empty()) break;
        e = &pl->steps.back();
      } else if (const auto* t = std::get_if<ThresholdClassifier>(&e->kind)) {
        if (t->estimator.empty()) break;
        e = &t->estimator[0];
      } else {
        break;
      }
    }
    return std::string(e->kind_name());
  }
  // Per input column, whether some step reads it (Predictor::input_read):
  // a column no step reads may hold values of any type.
  std::vector<bool> InputRead() const {
    const std::vector<uint8_t>& read = p_->input_read();
    return std::vector<bool>(read.begin(), read.end());
  }
  nb::object ModelDict() const { return ModelToDict(p_->model()); }
  // metadata, input and output of the model (everything but the estimator).
  nb::object Spec() const {
    Model copy = p_->model();  // shares the tensors
    copy.estimator = Estimator{};
    nb::object d = ModelToDict(copy);
    d.attr("pop")("estimator");
    return d;
  }

 private:
  nb::object OnMatrix(nb::handle x, PredictMethod method,
                      unsigned n_threads) const {
    if (IsArrowInput(x)) return PredictArrow(*p_, x, method, n_threads);
    InputMatrix in(x);
    return Call(in.view(), method, n_threads);
  }
  nb::object OnTable(size_t rows, nb::handle cols, PredictMethod method,
                     unsigned n_threads) const {
    InputTable in(rows, cols);
    return Call(in.view(), method, n_threads);
  }
  // Runs `method` on X without the GIL, then converts its outputs.
  template <typename View>
  nb::object Call(const View& X, PredictMethod method,
                  unsigned n_threads) const {
    MethodOutputs out;
    Status s;
    {
      nb::gil_scoped_release release;
      s = RunMethod(*p_, X, method, n_threads, &out);
    }
    if (!s.ok()) Raise(s);
    return ToPython(*p_, method, std::move(out));
  }

  std::shared_ptr<const Predictor> p_;
};

}  // namespace

NB_MODULE(_native, m) {
  m.doc() = "modelseal native core (internal; use the modelseal package)";
  m.def("error_codes", &ErrorCodes,
        "[(number, name, category, message)] of every error code.");
  m.def(
      "dict_roundtrip",
      [](nb::handle d) { return ModelToDict(ValueOrRaise(DictToModel(d))); },
      "Converts an exporter dict to a Model and back (tests).");
  RegisterMapper(m);
  m.def(
      "write_model",
      [](nb::handle d, nb::handle path_arg) {
        const std::string path = PathArg(path_arg, "path");
        Model model = ValueOrRaise(DictToModel(d));
        Status s;
        {
          nb::gil_scoped_release release;
          s = WriteModelFile(model, path);
        }
        if (!s.ok()) Raise(s);
      },
      nb::arg("d"), nb::arg("path").none(),
      "Validates an exporter dict and writes it to path atomically.");
  m.def(
      "read_model_unsandboxed",
      [](nb::handle path_arg) {
        const std::string path = PathArg(path_arg, "path");
        Result<Model> r = Status();
        {
          nb::gil_scoped_release release;
          r = ReadModelFileUnsandboxed(path, limits::kMaxFileSize);
        }
        return ModelToDict(ValueOrRaise(std::move(r)));
      },
      nb::arg("path").none(),
      "Parses a model file in-process, without signature or sandbox "
      "(tests and tools only).");
  nb::class_<PyPredictor>(m, "Predictor")
      .def("predict", &PyPredictor::Predict, nb::arg("X"),
           nb::arg("n_threads") = 1)
      .def("predict_proba", &PyPredictor::PredictProba, nb::arg("X"),
           nb::arg("n_threads") = 1)
      .def("predict_log_proba", &PyPredictor::PredictLogProba, nb::arg("X"),
           nb::arg("n_threads") = 1)
      .def("decision_function", &PyPredictor::DecisionFunction, nb::arg("X"),
           nb::arg("n_threads") = 1)
      .def("transform", &PyPredictor::Transform, nb::arg("X"),
           nb::arg("n_threads") = 1)
      .def("predict_table", &PyPredictor::PredictTable, nb::arg("rows"),
           nb::arg("columns"), nb::arg("n_threads") = 1)
      .def("predict_proba_table", &PyPredictor::PredictProbaTable,
           nb::arg("rows"), nb::arg("columns"), nb::arg("n_threads") = 1)
      .def("predict_log_proba_table", &PyPredictor::PredictLogProbaTable,
           nb::arg("rows"), nb::arg("columns"), nb::arg("n_threads") = 1)
      .def("decision_function_table", &PyPredictor::DecisionFunctionTable,
           nb::arg("rows"), nb::arg("columns"), nb::arg("n_threads") = 1)
      .def("transform_table", &PyPredictor::TransformTable, nb::arg("rows"),
           nb::arg("columns"), nb::arg("n_threads") = 1)
      .def("has_method", &PyPredictor::HasMethod, nb::arg("name"))
      .def("transform_keeps_float32", &PyPredictor::TransformKeepsFloat32)
      .def("final_kind", &PyPredictor::FinalKind)
      .def("input_read", &PyPredictor::InputRead)
      .def("model_dict", &PyPredictor::ModelDict)
      .def("spec", &PyPredictor::Spec);
  m.attr("MAX_PREDICT_THREADS") = kMaxPredictThreads;
  RegisterArrowBindings(m);
  m.def(
      "predictor_from_dict",
      [](nb::handle d) {
        return PyPredictor::FromModel(ValueOrRaise(DictToModel(d)));
      },
      "Validates an exporter dict and builds a predictor (no file).");
  m.def(
      "load_unsandboxed",
      [](nb::handle path_arg) {
        const std::string path = PathArg(path_arg, "path");
        Result<Model> r = Status();
        {
          nb::gil_scoped_release release;
          r = ReadModelFileUnsandboxed(path, limits::kMaxFileSize);
        }
        return PyPredictor::FromModel(ValueOrRaise(std::move(r)));
      },
      nb::arg("path").none(),
      "Reads a model file in-process and builds a predictor; no signature "
      "check, no sandbox (parity tests only).");
  RegisterSigning(m);
  m.def(
      "load",
      [](nb::handle path_arg, nb::handle keys_arg, nb::handle policy_arg,
         nb::handle signature_path_arg, nb::handle name_arg,
         uint64_t min_version, bool allow_unsigned, nb::handle helper_path_arg,
         int64_t now_unix, uint64_t max_unsigned_size) {
        // Converted here, not by nanobind's optional<string> caster: g++ 12
        // at -O1 with ASan reports a false -Wmaybe-uninitialized in it.
        std::optional<std::string> name;
        if (!name_arg.is_none()) name = nb::cast<std::string>(name_arg);
        const std::string path = PathArg(path_arg, "path");
        const std::vector<std::string> keys =
            PathListArg(keys_arg, "trusted_keys");
        const std::optional<std::string> policy =
            OptionalPathArg(policy_arg, "policy");
        const std::optional<std::string> signature_path =
            OptionalPathArg(signature_path_arg, "signature_path");
        const std::optional<std::string> helper_path =
            OptionalPathArg(helper_path_arg, "helper_path");
        Result<LoadedModel> r = Status();
        {
          nb::gil_scoped_release release;
          r = [&]() -> Result<LoadedModel> {
            LoadOptions options;
            if (policy || !keys.empty()) {
              MODELSEAL_ASSIGN_OR_RETURN(
                  options.policy, MakePolicy(policy, keys, name, min_version));
            }
            options.insecure_allow_unsigned = allow_unsigned;
            options.max_unsigned_file_size = max_unsigned_size;
            if (signature_path) options.signature_path = *signature_path;
            if (helper_path) options.sandbox.helper_path = *helper_path;
            options.now_unix = now_unix;
            // The loader validates the model in this process and builds
            // the predictor alongside.
            options.build_predictor = true;
            return LoadModelFile(path, options);
          }();
        }
        LoadedModel loaded = ValueOrRaise(std::move(r));
        nb::object sig = nb::none();
        if (loaded.signature) sig = VerifiedSignatureDict(*loaded.signature);
        return std::make_pair(PyPredictor(std::move(loaded.predictor)), sig);
      },
      nb::arg("path").none(), nb::arg("trusted_keys").none(),
      nb::arg("policy").none(), nb::arg("signature_path").none(),
      nb::arg("name").none(), nb::arg("min_version"), nb::arg("allow_unsigned"),
      nb::arg("helper_path").none(), nb::arg("now_unix"),
      nb::arg("max_unsigned_size"),
      "Verifies, parses in the sandbox and builds a predictor.");
}

}  // namespace modelseal::python
