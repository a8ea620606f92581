// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "python/src/model_dict.h"

#include <nanobind/stl/string.h>

#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace nb = nanobind;

namespace modelseal::python {
namespace {

template <typename E>
concept NamedEnum = requires {
  EnumNames<E>::kNames;
};

// numpy dtype.str of each DType (little-endian, as the format stores them).
struct DTypeString {
  DType dtype;
  const char* str;
};
constexpr DTypeString kDTypeStrings[] = {
    {DType::kFloat64, "<f8"}, {DType::kFloat32, "<f4"}, {DType::kInt64, "<i8"},
    {DType::kInt32, "<i4"},   {DType::kUInt32, "<u4"},  {DType::kUInt8, "|u1"}};

// Collects the field names a Visit() lists.
struct FieldNames {
  std::vector<std::string> names;
  template <typename T>
  void Field(int /*tag*/, const char* name, T& /*value*/) {
    names.emplace_back(name);
  }
};

template <typename T>
Tensor CopyTensor(const void* data, size_t n, std::vector<uint64_t> shape) {
  std::vector<T> values(n);
  if (n != 0) std::memcpy(values.data(), data, n * sizeof(T));
  return Tensor::FromVector(std::move(values), std::move(shape));
}

// Reads a Python object into Model fields. Visit() returns void, so the
// first error is kept and later fields are skipped.
class DictReader {
 public:
  explicit DictReader(nb::handle numpy_ndarray) : ndarray_(numpy_ndarray) {}

  Status status() const { return status_; }

  // Reads the fields of `obj` (a dict) into `s` at `path`.
  template <typename S>
  void ReadStruct(nb::handle obj, const std::string& path, S& s) {
    if (!ok()) return;
    if (!nb::isinstance<nb::dict>(obj)) {
      Fail(path, std::string("expected a dict, got ") + TypeName(obj));
      return;
    }
    Frame frame{nb::borrow<nb::dict>(obj), path, 0};
    frames_.push_back(frame);
    s.Visit(*this);
    Frame done = std::move(frames_.back());
    frames_.pop_back();
    if (ok() && done.used != nb::len(done.dict)) ReportUnknownKey(done, s);
  }

  template <typename T>
  void Field(int /*tag*/, const char* name, T& value) {
    if (!ok()) return;
    Frame& f = frames_.back();
    nb::str key(name);
    if (!f.dict.contains(key)) return;  // default
    ++f.used;
    Read(f.dict[key], Join(f.path, name), value);
  }

 private:
  struct Frame {
    nb::dict dict;
    std::string path;
    size_t used;
  };

  bool ok() const { return status_.ok(); }
  void Fail(const std::string& path, std::string detail) {
    if (ok()) status_ = Status(ErrorCode::kInvalidArgument, path, detail);
  }
  static std::string Join(const std::string& path, const char* name) {
    return path.empty() ? std::string(name) : path + "." + name;
  }
  static std::string TypeName(nb::handle obj) {
    return nb::cast<std::string>(
        nb::str(nb::handle(Py_TYPE(obj.ptr())).attr("__name__")));
  }

  template <typename S>
  void ReportUnknownKey(const Frame& frame, S& s) {
    // Collect the names Visit() knows, then name the first key not among
    // them.
    FieldNames names;
    s.Visit(names);
    for (auto [k, v] : frame.dict) {
      std::string key = nb::isinstance<nb::str>(k) ? nb::cast<std::string>(k)
                                                   : std::string("<non-str>");
      bool known = key == "kind";
      for (const auto& n : names.names) known = known || n == key;
      if (!known) {
        Fail(frame.path.empty() ? key : frame.path + "." + key,
             "unknown field");
        return;
      }
    }
  }

  void Read(nb::handle obj, const std::string& path, std::string& out) {
    if (!nb::isinstance<nb::str>(obj)) {
      Fail(path, std::string("expected str, got ") + TypeName(obj));
      return;
    }
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(obj.ptr(), &size);
    if (data == nullptr) {
      PyErr_Clear();
      Fail(path, "string cannot be encoded as utf-8");
      return;
    }
    out.assign(data, static_cast<size_t>(size));
  }

  template <typename U>
  requires std::is_same_v<U, uint16_t> || std::is_same_v<U, uint64_t>
  void Read(nb::handle obj, const std::string& path, U& out) {
    if (!PyLong_Check(obj.ptr()) || PyBool_Check(obj.ptr())) {
      // numpy integer scalars expose __index__.
      if (PyBool_Check(obj.ptr()) || !PyIndex_Check(obj.ptr())) {
        Fail(path, std::string("expected int, got ") + TypeName(obj));
        return;
      }
    }
    nb::object as_int = nb::steal(PyNumber_Index(obj.ptr()));
    if (!as_int.is_valid()) {
      PyErr_Clear();
      Fail(path, "expected int");
      return;
    }
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(as_int.ptr(), &overflow);
    if (overflow != 0 || v < 0 ||
        static_cast<unsigned long long>(v) >
            static_cast<unsigned long long>(std::numeric_limits<U>::max())) {
      PyErr_Clear();
      Fail(path, "integer out of range [0, " +
                     std::to_string(std::numeric_limits<U>::max()) + "]");
      return;
    }
    out = static_cast<U>(v);
  }

  void Read(nb::handle obj, const std::string& path, double& out) {
    if (PyBool_Check(obj.ptr()) ||
        !(PyFloat_Check(obj.ptr()) || PyLong_Check(obj.ptr()) ||
          nb::hasattr(obj, "__float__"))) {
      Fail(path, std::string("expected float, got ") + TypeName(obj));
      return;
    }
    double v = PyFloat_AsDouble(obj.ptr());
    if (v == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      Fail(path, "expected float");
      return;
    }
    out = v;
  }

  template <NamedEnum E>
  void Read(nb::handle obj, const std::string& path, E& out) {
    // None is the unset value 0 (an optional enum such as InverseStep.func;
    // where 0 is not allowed the validator refuses it, E-UnknownEnum).
    if (obj.is_none()) {
      out = E{};
      return;
    }
    std::string name;
    Read(obj, path, name);
    if (!ok()) return;
    std::string known;
    for (const auto& [value, n] : EnumNames<E>::kNames) {
      if (name == n) {
        out = value;
        return;
      }
      known += known.empty() ? n : std::string(", ") + n;
    }
    Fail(path, "unknown name '" + name + "' (expected one of " + known + ")");
  }

  void Read(nb::handle obj, const std::string& path, Tensor& out) {
    if (obj.is_none()) return;  // absent
    if (!nb::isinstance(obj, ndarray_)) {
      Fail(path, std::string("expected numpy.ndarray, got ") + TypeName(obj));
      return;
    }
    std::string dstr = nb::cast<std::string>(obj.attr("dtype").attr("str"));
    const DTypeString* match = nullptr;
    for (const auto& d : kDTypeStrings) {
      if (dstr == d.str) match = &d;
    }
    if (match == nullptr) {
      Fail(path, "unsupported dtype " + dstr);
      return;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(obj.ptr(), &view, PyBUF_C_CONTIGUOUS | PyBUF_ND) !=
        0) {
      PyErr_Clear();
      Fail(path, "array is not C-contiguous");
      return;
    }
    std::vector<uint64_t> shape;
    size_t n = 1;
    for (int i = 0; i < view.ndim; ++i) {
      shape.push_back(static_cast<uint64_t>(view.shape[i]));
      n *= static_cast<size_t>(view.shape[i]);
    }
    const void* data = view.buf;
    switch (match->dtype) {
      case DType::kFloat64:
        out = CopyTensor<double>(data, n, std::move(shape));
        break;
      case DType::kFloat32:
        out = CopyTensor<float>(data, n, std::move(shape));
        break;
      case DType::kInt64:
        out = CopyTensor<int64_t>(data, n, std::move(shape));
        break;
      case DType::kInt32:
        out = CopyTensor<int32_t>(data, n, std::move(shape));
        break;
      case DType::kUInt32:
        out = CopyTensor<uint32_t>(data, n, std::move(shape));
        break;
      case DType::kUInt8:
        out = CopyTensor<uint8_t>(data, n, std::move(shape));
        break;
    }
    PyBuffer_Release(&view);
  }

  template <typename T>
  void ReadList(nb::handle obj, const std::string& path, std::vector<T>& out) {
    if (!nb::isinstance<nb::list>(obj) && !nb::isinstance<nb::tuple>(obj)) {
      Fail(path, std::string("expected list, got ") + TypeName(obj));
      return;
    }
    out.clear();
    size_t i = 0;
    for (nb::handle item : obj) {
      out.emplace_back();
      Read(item, path + "[" + std::to_string(i++) + "]", out.back());
      if (!ok()) return;
    }
  }

  void Read(nb::handle obj, const std::string& path,
            std::vector<std::string>& out) {
    ReadList(obj, path, out);
  }
  void Read(nb::handle obj, const std::string& path,
            std::vector<uint64_t>& out) {
    ReadList(obj, path, out);
  }
  void Read(nb::handle obj, const std::string& path,
            std::vector<Estimator>& out) {
    ReadList(obj, path, out);
  }
  template <typename S>
  requires requires(S s, DictReader& r) { s.Visit(r); }
  void Read(nb::handle obj, const std::string& path, std::vector<S>& out) {
    ReadList(obj, path, out);
  }
  template <typename S>
  requires requires(S s, DictReader& r) { s.Visit(r); }
  void Read(nb::handle obj, const std::string& path, S& out) {
    ReadStruct(obj, path, out);
  }

  template <size_t I = 0>
  bool EmplaceKind(std::string_view name, EstimatorVariant& kind) {
    if constexpr (I < std::variant_size_v<EstimatorVariant>) {
      if (name == kEstimatorKindNames[I]) {
        kind.emplace<I>();
        return true;
      }
      return EmplaceKind<I + 1>(name, kind);
    } else {
      return false;
    }
  }

  void Read(nb::handle obj, const std::string& path, Estimator& out) {
    if (!nb::isinstance<nb::dict>(obj)) {
      Fail(path, std::string("expected a dict, got ") + TypeName(obj));
      return;
    }
    nb::dict d = nb::borrow<nb::dict>(obj);
    if (!d.contains("kind")) {
      Fail(path + ".kind", "missing");
      return;
    }
    std::string kind;
    Read(d["kind"], path + ".kind", kind);
    if (!ok()) return;
    if (!EmplaceKind(kind, out.kind)) {
      std::string known;
      for (const char* n : kEstimatorKindNames) {
        known += known.empty() ? n : std::string(", ") + n;
      }
      Fail(path + ".kind",
           "unknown kind '" + kind + "' (expected one of " + known + ")");
      return;
    }
    std::visit(
        [&](auto& alt) {
          frames_.push_back(Frame{d, path, 1});  // "kind" is used
          alt.Visit(*this);
          Frame done = std::move(frames_.back());
          frames_.pop_back();
          if (ok() && done.used != nb::len(done.dict))
            ReportUnknownKey(done, alt);
        },
        out.kind);
  }

  nb::handle ndarray_;
  std::vector<Frame> frames_;
  Status status_;
};

// Writes Model fields into a dict.
class DictWriter {
 public:
  explicit DictWriter(nb::handle numpy) : numpy_(numpy) {}

  template <typename S>
  nb::dict WriteStruct(S& s) {
    nb::dict d;
    dicts_.push_back(d);
    s.Visit(*this);
    dicts_.pop_back();
    return d;
  }

  template <typename T>
  void Field(int /*tag*/, const char* name, T& value) {
    dicts_.back()[name] = Write(value);
  }

 private:
  nb::object Write(const std::string& s) { return nb::str(s.data(), s.size()); }
  nb::object Write(uint16_t v) { return nb::int_(v); }
  nb::object Write(uint64_t v) {
    return nb::steal(PyLong_FromUnsignedLongLong(v));
  }
  nb::object Write(double v) { return nb::float_(v); }
  template <NamedEnum E>
  nb::object Write(E v) {
    if (v == E{}) return nb::none();  // unset (see Read)
    for (const auto& [value, n] : EnumNames<E>::kNames) {
      if (value == v) return nb::str(n);
    }
    return nb::int_(static_cast<int>(v));
  }
  nb::object Write(const Tensor& t) {
    if (!t.present()) return nb::none();
    const char* dstr = "<f8";
    for (const auto& d : kDTypeStrings) {
      if (d.dtype == t.dtype()) dstr = d.str;
    }
    nb::bytes raw(reinterpret_cast<const char*>(t.data()), t.nbytes());
    nb::list shape;
    for (uint64_t s : t.shape()) shape.append(nb::int_(s));
    return numpy_.attr("frombuffer")(raw, dstr)
        .attr("reshape")(nb::tuple(shape))
        .attr("copy")();
  }
  template <typename T>
  nb::object Write(std::vector<T>& v) {
    nb::list out;
    for (auto& item : v) out.append(Write(item));
    return out;
  }
  nb::object Write(Estimator& e) {
    return std::visit(
        [&](auto& alt) {
          nb::dict d = WriteStruct(alt);
          d["kind"] = nb::str(e.kind_name());
          return nb::object(d);
        },
        e.kind);
  }
  template <typename S>
  requires requires(S s, DictWriter& w) { s.Visit(w); }
  nb::object Write(S& s) { return WriteStruct(s); }

  nb::handle numpy_;
  std::vector<nb::dict> dicts_;
};

}  // namespace

Result<Model> DictToModel(nb::handle dict) {
  nb::object numpy = nb::module_::import_("numpy");
  DictReader reader(numpy.attr("ndarray"));
  Model model;
  reader.ReadStruct(dict, "", model);
  if (!reader.status().ok()) return reader.status();
  return model;
}

nb::object ModelToDict(const Model& model) {
  nb::object numpy = nb::module_::import_("numpy");
  DictWriter writer(numpy);
  Model copy = model;  // Visit() is non-const; copies share tensor bytes
  return writer.WriteStruct(copy);
}

}  // namespace modelseal::python
