// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s description of estimators: EstimatorJson (kind,
// tensor bytes) fills in the kind's own keys through the registry expanded
// from kinds/kinds.def; InspectK is defined in kinds/<family>/inspect.cc.
#ifndef MODELSEAL_CLI_INSPECT_H_
#define MODELSEAL_CLI_INSPECT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "modelseal/model.h"

namespace modelseal::cli {

// The JSON description of an estimator (shape: cli/inspect_command.cc).
nlohmann::ordered_json EstimatorJson(const Estimator& e);

inline uint64_t NodeCount(const Tree& t) { return t.children_left.size(); }
inline uint64_t NodeCount(const HistTree& t) { return t.value.size(); }
template <typename T>
uint64_t NodeCount(const std::vector<T>& trees) {
  uint64_t n = 0;
  for (const T& t : trees) n += NodeCount(t);
  return n;
}

// One per kind: adds the kind's keys to `j`.
#define MODELSEAL_KIND(K, role) \
  void Inspect##K(const K& k, nlohmann::ordered_json& j);
#include "kinds/kinds.def"
#undef MODELSEAL_KIND

}  // namespace modelseal::cli

#endif  // MODELSEAL_CLI_INSPECT_H_
