// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for Pipeline (cli/inspect.h). Compiled into the
// modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectPipeline(const Pipeline& k, nlohmann::ordered_json& j) {
  j["steps"] = nlohmann::ordered_json::array();
  for (const Estimator& s : k.steps) {
    j["steps"].push_back(EstimatorJson(s));
  }
}

}  // namespace modelseal::cli
