// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Builders of state trees for the mapper tests.
#ifndef MODELSEAL_MAPPER_TEST_UTIL_H_
#define MODELSEAL_MAPPER_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "mapper/mapper.h"
#include "mapper/state.h"
#include "modelseal/model.h"

namespace modelseal::mapper::testing {

inline Node Dict(std::vector<std::pair<std::string, Node>> kv) {
  std::vector<Node> items;
  for (auto& [k, v] : kv) {
    items.push_back(Node::Str(k));
    items.push_back(std::move(v));
  }
  return Node::Dict(std::move(items));
}

inline Node Obj(std::string module, std::string qualname, Node state) {
  ObjectData o;
  o.module = std::move(module);
  o.qualname = std::move(qualname);
  o.state.push_back(std::move(state));
  return Node::Object(std::move(o));
}

template <typename T>
Node Arr(const char* typestr, const std::vector<T>& v,
         std::vector<uint64_t> shape) {
  ArrayData a;
  a.typestr = typestr;
  a.itemsize = sizeof(T);
  a.shape = std::move(shape);
  a.bytes.resize(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(a.bytes.data(), v.data(), a.bytes.size());
  return Node::Array(std::move(a));
}
inline Node F64(const std::vector<double>& v, std::vector<uint64_t> shape) {
  return Arr<double>("<f8", v, std::move(shape));
}
inline Node I64(const std::vector<int64_t>& v) {
  return Arr<int64_t>("<i8", v, {v.size()});
}
// A 1-D object array (numpy dtype object) of `items`.
inline Node ObjArr(std::vector<Node> items) {
  ArrayData a;
  a.typestr = "|O";
  a.itemsize = 8;
  a.shape = {items.size()};
  a.objects = std::move(items);
  return Node::Array(std::move(a));
}

// `state` with each entry of `extra` replacing the entry of its name, or
// appended when there is none.
inline std::vector<std::pair<std::string, Node>> Override(
    std::vector<std::pair<std::string, Node>> state,
    std::vector<std::pair<std::string, Node>> extra) {
  for (auto& kv : extra) {
    bool replaced = false;
    for (auto& s : state) {
      if (s.first == kv.first) {
        s.second = kv.second;
        replaced = true;
      }
    }
    if (!replaced) state.push_back(std::move(kv));
  }
  return state;
}

// Mapping options as for a state made by the newest supported release.
inline MapOptions Options() {
  MapOptions o;
  o.running_sklearn_version = "1.9.1";
  return o;
}

// A float64 tensor's values.
inline std::vector<double> F64s(const Tensor& t) {
  auto s = t.span<double>();
  return std::vector<double>(s.begin(), s.end());
}

// A state tree the mappers refuse: with `code`, and `says` in the message.
struct Refusal {
  Node state;
  ErrorCode code;
  const char* says;
};

inline void ExpectRefusals(const std::vector<Refusal>& cases) {
  for (const Refusal& c : cases) {
    auto m = MapModel(c.state, Options());
    ASSERT_FALSE(m.ok()) << c.says;
    EXPECT_EQ(m.status().code(), c.code) << m.status().ToString();
    const std::string text = m.status().ToString();
    EXPECT_NE(text.find(c.says), std::string::npos) << text;
  }
}

}  // namespace modelseal::mapper::testing

#endif  // MODELSEAL_MAPPER_TEST_UTIL_H_
