// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for GradientBoosting (cli/inspect.h). Compiled
// into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectGradientBoosting(const GradientBoosting& k,
                             nlohmann::ordered_json& j) {
  j["n_stages"] = k.n_stages;
  j["n_trees"] = k.trees.size();
  j["n_nodes"] = NodeCount(k.trees);
  j["learning_rate"] = k.learning_rate;
  j["loss"] = EnumName(k.loss);
}

}  // namespace modelseal::cli
