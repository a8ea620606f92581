// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "python/src/state_bindings.h"

#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/state.h"
#include "modelseal/error.h"
#include "python/src/model_dict.h"

namespace nb = nanobind;

namespace modelseal::python {

[[noreturn]] void Raise(const Status& status);

namespace {

using mapper::ArrayData;
using mapper::Node;
using mapper::ObjectData;
using mapper::StateBudget;

Status Bad(const std::string& path, std::string detail) {
  return Status(ErrorCode::kStateUnrepresentable, path, std::move(detail));
}

Result<std::string> Str(nb::handle h, const std::string& path) {
  if (!PyUnicode_Check(h.ptr())) return Bad(path, "expected str");
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(h.ptr(), &size);
  if (data == nullptr) {
    PyErr_Clear();
    return Bad(path, "string cannot be encoded as utf-8");
  }
  return std::string(data, static_cast<size_t>(size));
}

Result<uint64_t> Count(nb::handle h, const std::string& path) {
  if (!PyLong_Check(h.ptr())) return Bad(path, "expected int");
  unsigned long long v = PyLong_AsUnsignedLongLong(h.ptr());
  if (PyErr_Occurred()) {
    PyErr_Clear();
    return Bad(path, "integer out of range");
  }
  return static_cast<uint64_t>(v);
}

class Converter {
 public:
  explicit Converter(mapper::StateLimits limits) : budget_(limits) {}

  Result<Node> Convert(nb::handle h, uint32_t depth, const std::string& path) {
    PyObject* o = h.ptr();
    if (o == Py_None) {
      MODELSEAL_RETURN_IF_ERROR(budget_.Add(depth, 0, path));
      return Node::None();
    }
    if (PyBool_Check(o)) {
      MODELSEAL_RETURN_IF_ERROR(budget_.Add(depth, 0, path));
      return Node::Bool(o == Py_True);
    }
    if (PyLong_Check(o)) {
      MODELSEAL_RETURN_IF_ERROR(budget_.Add(depth, 0, path));
      int overflow = 0;
      long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
      if (overflow != 0) return Bad(path, "integer does not fit int64");
      return Node::Int(v);
    }
    if (PyFloat_Check(o)) {
      MODELSEAL_RETURN_IF_ERROR(budget_.Add(depth, 0, path));
      return Node::Float(PyFloat_AsDouble(o));
    }
    if (PyUnicode_Check(o)) {
      MODELSEAL_ASSIGN_OR_RETURN(std::string s, Str(h, path));
      MODELSEAL_RETURN_IF_ERROR(budget_.Add(depth, s.size(), path));
      return Node::Str(std::move(s));
    }
    if (PyBytes_Check(o)) {
      std::string s(PyBytes_AsString(o), static_cast<size_t>(PyBytes_Size(o)));
      MODELSEAL_RETURN_IF_ERROR(budget_.Add(depth, s.size(), path));
      return Node::Bytes(std::move(s));
    }
    if (PyList_Check(o)) {
      MODELSEAL_RETURN_IF_ERROR(budget_.Add(depth, 0, path));
      MODELSEAL_ASSIGN_OR_RETURN(std::vector<Node> items,
                                 Items(h, depth, path));
      return Node::List(std::move(items));
    }
    if (!PyTuple_Check(o) || PyTuple_Size(o) < 1) {
      return Bad(path, std::string("unexpected ") + Py_TYPE(o)->tp_name);
    }
    nb::tuple t = nb::borrow<nb::tuple>(h);
    MODELSEAL_ASSIGN_OR_RETURN(std::string tag, Str(t[0], path));
    size_t n = nb::len(t);
    if (tag == "T" && n == 2) {
      MODELSEAL_RETURN_IF_ERROR(budget_.Add(depth, 0, path));
      MODELSEAL_ASSIGN_OR_RETURN(std::vector<Node> items,
                                 Items(t[1], depth, path));
      return Node::Tuple(std::move(items));
    }
    if (tag == "D" && n == 2) {
      MODELSEAL_RETURN_IF_ERROR(budget_.Add(depth, 0, path));
      MODELSEAL_ASSIGN_OR_RETURN(std::vector<Node> items,
                                 Items(t[1], depth, path));
      if (items.size() % 2 != 0) return Bad(path, "odd dict items");
      return Node::Dict(std::move(items));
    }
    if (tag == "G" && n == 3) {
      MODELSEAL_ASSIGN_OR_RETURN(std::string module, Str(t[1], path));
      MODELSEAL_ASSIGN_OR_RETURN(std::string qualname, Str(t[2], path));
      MODELSEAL_RETURN_IF_ERROR(
          budget_.Add(depth, module.size() + qualname.size(), path));
      return Node::Global(std::move(module), std::move(qualname));
    }
    if (tag == "I" && n == 2 && PyBytes_Check(t[1].ptr())) {
      std::string b(PyBytes_AsString(t[1].ptr()),
                    static_cast<size_t>(PyBytes_Size(t[1].ptr())));
      MODELSEAL_RETURN_IF_ERROR(budget_.Add(depth, b.size(), path));
      return Node::BigInt(std::move(b));
    }
    if (tag == "O" && n == 7) return Object(t, depth, path);
    if (tag == "A" && n == 7) return Array(t, depth, path);
    return Bad(path, "unknown node tag '" + tag + "'");
  }

 private:
  Result<std::vector<Node>> Items(nb::handle list, uint32_t depth,
                                  const std::string& path) {
    if (!PyList_Check(list.ptr())) return Bad(path, "expected a list");
    std::vector<Node> out;
    size_t i = 0;
    for (nb::handle item : list) {
      MODELSEAL_ASSIGN_OR_RETURN(
          Node c,
          Convert(item, depth + 1, path + "[" + std::to_string(i++) + "]"));
      out.push_back(std::move(c));
    }
    return out;
  }

  Result<Node> Object(nb::tuple t, uint32_t depth, const std::string& path) {
    ObjectData o;
    MODELSEAL_ASSIGN_OR_RETURN(o.module, Str(t[1], path));
    MODELSEAL_ASSIGN_OR_RETURN(o.qualname, Str(t[2], path));
    MODELSEAL_RETURN_IF_ERROR(
        budget_.Add(depth, o.module.size() + o.qualname.size(), path));
    MODELSEAL_ASSIGN_OR_RETURN(Node args, Convert(t[3], depth + 1, path));
    if (args.kind() != Node::Kind::kTuple) return Bad(path, "args not a tuple");
    o.args = args.items();
    MODELSEAL_ASSIGN_OR_RETURN(Node state, Convert(t[4], depth + 1, path));
    o.state.push_back(std::move(state));
    if (!t[5].is_none()) {
      MODELSEAL_ASSIGN_OR_RETURN(o.listitems, Items(t[5], depth, path));
    }
    if (!t[6].is_none()) {
      MODELSEAL_ASSIGN_OR_RETURN(o.dictitems, Items(t[6], depth, path));
    }
    return Node::Object(std::move(o));
  }

  Result<Node> Array(nb::tuple t, uint32_t depth, const std::string& path) {
    ArrayData a;
    MODELSEAL_ASSIGN_OR_RETURN(a.typestr, Str(t[1], path));
    if (!PyList_Check(t[2].ptr())) return Bad(path, "fields not a list");
    for (nb::handle f : t[2]) {
      if (!PyList_Check(f.ptr()) || nb::len(f) != 3) {
        return Bad(path, "malformed field");
      }
      mapper::ArrayField field;
      MODELSEAL_ASSIGN_OR_RETURN(field.name, Str(f[0], path));
      MODELSEAL_ASSIGN_OR_RETURN(field.typestr, Str(f[1], path));
      MODELSEAL_ASSIGN_OR_RETURN(field.offset, Count(f[2], path));
      a.fields.push_back(std::move(field));
    }
    MODELSEAL_ASSIGN_OR_RETURN(a.itemsize, Count(t[3], path));
    if (!PyList_Check(t[4].ptr())) return Bad(path, "shape not a list");
    for (nb::handle d : t[4]) {
      MODELSEAL_ASSIGN_OR_RETURN(uint64_t dim, Count(d, path));
      a.shape.push_back(dim);
    }
    a.fortran_order = t[5].ptr() == Py_True;
    nb::handle data = t[6];
    uint64_t bytes = 0;
    if (PyBytes_Check(data.ptr())) {
      const char* p = PyBytes_AsString(data.ptr());
      size_t size = static_cast<size_t>(PyBytes_Size(data.ptr()));
      bytes = size;
      MODELSEAL_RETURN_IF_ERROR(budget_.Add(depth, bytes, path));
      a.bytes.resize(size);
      if (size != 0) std::memcpy(a.bytes.data(), p, size);
    } else {
      MODELSEAL_RETURN_IF_ERROR(budget_.Add(depth, 0, path));
      MODELSEAL_ASSIGN_OR_RETURN(a.objects, Items(data, depth, path));
    }
    MODELSEAL_RETURN_IF_ERROR(mapper::CheckArray(a, path));
    return Node::Array(std::move(a));
  }

  StateBudget budget_;
};

std::string OrEmpty(const nb::handle h) {
  return h.is_none() ? std::string() : nb::cast<std::string>(h);
}

Node ToNode(nb::handle tree, const mapper::StateLimits& limits) {
  Converter c(limits);
  Result<Node> r = c.Convert(tree, 0, "estimator");
  if (!r.ok()) Raise(r.status());
  return std::move(r).value();
}

}  // namespace

void RegisterMapper(nb::module_& m) {
  m.def(
      "map_model",
      [](nb::handle tree, nb::handle sklearn_version,
         nb::handle scipy_version) {
        mapper::MapOptions options;
        options.running_sklearn_version = OrEmpty(sklearn_version);
        options.scipy_version = OrEmpty(scipy_version);
        nb::object numpy = nb::module_::import_("numpy");
        // numpy's own log/exp over a float64 array of the values, as
        // scikit-learn calls them. Under errstate(all="ignore"): the mappers
        // check what comes back (log(0) = -inf is a prior of 0; a NaN is
        // refused with its reason), so numpy's warnings would only repeat it.
        auto ufunc = [numpy](const char* name) {
          return [numpy, name](std::vector<double>& v) {
            nb::list values;
            for (double x : v) values.append(nb::float_(x));
            nb::object quiet =
                numpy.attr("errstate")(nb::arg("all") = "ignore");
            quiet.attr("__enter__")();
            nb::object out;
            try {
              out = numpy.attr(name)(numpy.attr("array")(values, "float64"));
            } catch (...) {
              quiet.attr("__exit__")(nb::none(), nb::none(), nb::none());
              throw;
            }
            quiet.attr("__exit__")(nb::none(), nb::none(), nb::none());
            nb::list back = nb::borrow<nb::list>(out.attr("tolist")());
            for (size_t i = 0; i < v.size(); ++i) {
              v[i] = nb::cast<double>(back[i]);
            }
          };
        };
        options.numpy_log = ufunc("log");
        options.numpy_exp = ufunc("exp");
        Node root = ToNode(tree, options.limits);
        Result<Model> model = mapper::MapModel(root, options);
        if (!model.ok()) Raise(model.status());
        return ModelToDict(*model);
      },
      nb::arg("tree"), nb::arg("sklearn_version").none(),
      nb::arg("scipy_version").none(),
      "Maps an estimator's state tree (modelseal._state.build) to a model "
      "dict with empty metadata.");
  m.def(
      "supported_estimators", [] { return mapper::SupportedEstimators(); },
      "Names of the scikit-learn classes the mappers support.");
  m.def(
      "check_sklearn_version",
      [](const std::string& version) {
        Status s = mapper::CheckSklearnVersion(version);
        if (!s.ok()) Raise(s);
      },
      "Raises UnsupportedEstimatorError for a release the mappers do not "
      "know.");
}

}  // namespace modelseal::python
