// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for HistGradientBoosting (cli/inspect.h). Compiled
// into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectHistGradientBoosting(const HistGradientBoosting& k,
                                 nlohmann::ordered_json& j) {
  j["n_iter"] = k.n_iter;
  j["n_trees"] = k.trees.size();
  j["n_nodes"] = NodeCount(k.trees);
  j["loss"] = EnumName(k.loss);
  uint64_t categorical = 0;
  for (int32_t v : k.f_idx_map.span<int32_t>()) {
    categorical += v >= 0;
  }
  j["n_categorical_features"] = categorical;
}

}  // namespace modelseal::cli
