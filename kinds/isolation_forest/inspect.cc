// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for IsolationForest (cli/inspect.h). Compiled
// into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectIsolationForest(const IsolationForest& k,
                            nlohmann::ordered_json& j) {
  j["n_trees"] = k.trees.size();
  j["n_nodes"] = NodeCount(k.trees);
  j["denominator"] = k.denominator;
  j["offset"] = k.offset;
  j["input"] = EnumName(k.input);
}

}  // namespace modelseal::cli
