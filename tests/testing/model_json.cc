// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "tests/testing/model_json.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/context_path.h"

namespace modelseal::testing {
namespace {

using nlohmann::json;

template <typename E>
concept NamedEnum = requires {
  EnumNames<E>::kNames;
};

// Collects the field names a Visit() lists.
struct FieldNames {
  std::vector<std::string> names;
  template <typename T>
  void Field(int /*tag*/, const char* name, T& /*value*/) {
    names.emplace_back(name);
  }
};

class JsonReader {
 public:
  Status status() const { return status_; }

  template <typename S>
  void ReadStruct(const json& j, const std::string& path, S& s,
                  size_t used_already = 0) {
    if (!ok()) return;
    if (!j.is_object()) {
      Fail(path, "expected an object");
      return;
    }
    frames_.push_back(Frame{&j, path, used_already});
    s.Visit(*this);
    Frame done = frames_.back();
    frames_.pop_back();
    if (ok() && done.used != j.size()) ReportUnknownKey(done, s);
  }

  template <typename T>
  void Field(int /*tag*/, const char* name, T& value) {
    if (!ok()) return;
    Frame& f = frames_.back();
    auto it = f.object->find(name);
    if (it == f.object->end()) return;  // default
    ++f.used;
    Read(*it, JoinContext(f.path, name), value);
  }

  void Read(const json& j, const std::string& path, std::string& out) {
    if (!j.is_string()) return Fail(path, "expected a string");
    out = j.get<std::string>();
  }

  template <typename U>
  requires std::is_integral_v<U> &&
      (!std::is_same_v<U, bool>)void Read(const json& j,
                                          const std::string& path, U& out) {
    if (j.is_number_unsigned()) {
      uint64_t v = j.get<uint64_t>();
      if (v > static_cast<uint64_t>(std::numeric_limits<U>::max())) {
        return Fail(path, "integer out of range");
      }
      out = static_cast<U>(v);
    } else if (j.is_number_integer()) {
      int64_t v = j.get<int64_t>();
      if (v < static_cast<int64_t>(std::numeric_limits<U>::min()) ||
          (v > 0 && static_cast<uint64_t>(v) >
                        static_cast<uint64_t>(std::numeric_limits<U>::max()))) {
        return Fail(path, "integer out of range");
      }
      out = static_cast<U>(v);
    } else {
      Fail(path, "expected an integer");
    }
  }

  void Read(const json& j, const std::string& path, double& out) {
    auto v = ReadDouble(j, path);
    if (v) out = *v;
  }

  template <NamedEnum E>
  void Read(const json& j, const std::string& path, E& out) {
    std::string name;
    Read(j, path, name);
    if (!ok()) return;
    for (const auto& [value, n] : EnumNames<E>::kNames) {
      if (name == n) {
        out = value;
        return;
      }
    }
    Fail(path, "unknown name '" + name + "'");
  }

  void Read(const json& j, const std::string& path, Tensor& out) {
    if (j.is_null()) return;  // absent
    if (!j.is_object() || !j.contains("dtype") || !j.contains("shape") ||
        !j.contains("data") || j.size() != 3) {
      return Fail(path, "expected {dtype, shape, data}");
    }
    std::string dtype;
    Read(j["dtype"], path + ".dtype", dtype);
    std::vector<uint64_t> shape;
    Read(j["shape"], path + ".shape", shape);
    if (!ok()) return;
    const json& data = j["data"];
    if (!data.is_array()) return Fail(path + ".data", "expected a list");
    uint64_t n = 1;
    for (uint64_t d : shape) n *= d;
    if (n != data.size()) {
      return Fail(path + ".data", "has " + std::to_string(data.size()) +
                                      " values, shape needs " +
                                      std::to_string(n));
    }
    if (dtype == "<f8") {
      out = Make<double>(data, path, std::move(shape));
    } else if (dtype == "<f4") {
      out = Make<float>(data, path, std::move(shape));
    } else if (dtype == "<i8") {
      out = Make<int64_t>(data, path, std::move(shape));
    } else if (dtype == "<i4") {
      out = Make<int32_t>(data, path, std::move(shape));
    } else if (dtype == "<u4") {
      out = Make<uint32_t>(data, path, std::move(shape));
    } else if (dtype == "|u1") {
      out = Make<uint8_t>(data, path, std::move(shape));
    } else {
      Fail(path + ".dtype", "unsupported dtype " + dtype);
    }
  }

  template <typename T>
  void Read(const json& j, const std::string& path, std::vector<T>& out) {
    if (!j.is_array()) return Fail(path, "expected a list");
    out.clear();
    for (size_t i = 0; i < j.size() && ok(); ++i) {
      out.emplace_back();
      Read(j[i], IndexContext(path, i), out.back());
    }
  }

  template <typename S>
  requires requires(S s, JsonReader& r) { s.Visit(r); }
  void Read(const json& j, const std::string& path, S& out) {
    ReadStruct(j, path, out);
  }

  void Read(const json& j, const std::string& path, Estimator& out) {
    if (!j.is_object() || !j.contains("kind")) {
      return Fail(path, "expected an object with \"kind\"");
    }
    std::string kind;
    Read(j["kind"], path + ".kind", kind);
    if (!ok()) return;
    if (!EmplaceKind(kind, out.kind)) {
      return Fail(path + ".kind", "unknown kind '" + kind + "'");
    }
    std::visit([&](auto& e) { ReadStruct(j, path, e, /*used_already=*/1); },
               out.kind);
  }

  std::optional<double> ReadDouble(const json& j, const std::string& path) {
    if (j.is_number()) return j.get<double>();
    if (j.is_string()) {
      const std::string& s = j.get_ref<const std::string&>();
      if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
      if (s == "inf") return std::numeric_limits<double>::infinity();
      if (s == "-inf") return -std::numeric_limits<double>::infinity();
    }
    Fail(path, "expected a number, \"nan\", \"inf\" or \"-inf\"");
    return std::nullopt;
  }

 private:
  struct Frame {
    const json* object;
    std::string path;
    size_t used;
  };

  bool ok() const { return status_.ok(); }
  void Fail(const std::string& path, std::string detail) {
    if (ok()) status_ = Status(ErrorCode::kInvalidArgument, path, detail);
  }

  template <typename T>
  Tensor Make(const json& data, const std::string& path,
              std::vector<uint64_t> shape) {
    std::vector<T> values(data.size());
    for (size_t i = 0; i < data.size() && ok(); ++i) {
      if constexpr (std::is_floating_point_v<T>) {
        auto v = ReadDouble(data[i], IndexContext(path + ".data", i));
        if (v) values[i] = static_cast<T>(*v);
      } else {
        Read(data[i], IndexContext(path + ".data", i), values[i]);
      }
    }
    return Tensor::FromVector(std::move(values), std::move(shape));
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

  template <typename S>
  void ReportUnknownKey(const Frame& frame, S& s) {
    FieldNames names;
    s.Visit(names);
    for (const auto& [key, value] : frame.object->items()) {
      bool known = key == "kind";
      for (const auto& n : names.names) known = known || n == key;
      if (!known) return Fail(JoinContext(frame.path, key), "unknown field");
    }
  }

  Status status_;
  std::vector<Frame> frames_;
};

void Flatten(const json& j, const std::string& path, JsonReader& reader,
             std::vector<double>& out) {
  if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i)
      Flatten(j[i], IndexContext(path, i), reader, out);
    return;
  }
  auto v = reader.ReadDouble(j, path);
  if (v) out.push_back(*v);
}

}  // namespace

Result<Model> ModelFromJson(const json& j) {
  Model model;
  JsonReader reader;
  reader.ReadStruct(j, "", model);
  if (!reader.status().ok()) return reader.status();
  return model;
}

Result<std::vector<double>> DoublesFromJson(const json& j,
                                            const std::string& path) {
  JsonReader reader;
  std::vector<double> out;
  Flatten(j, path, reader, out);
  if (!reader.status().ok()) return reader.status();
  return out;
}

}  // namespace modelseal::testing
