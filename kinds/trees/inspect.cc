// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for DecisionTree and Forest (cli/inspect.h).
// Compiled into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectDecisionTree(const DecisionTree& k, nlohmann::ordered_json& j) {
  j["n_nodes"] = NodeCount(k.tree);
}

void InspectForest(const Forest& k, nlohmann::ordered_json& j) {
  j["n_trees"] = k.trees.size();
  j["n_nodes"] = NodeCount(k.trees);
}

}  // namespace modelseal::cli
