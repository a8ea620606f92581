// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for NearestCentroid (cli/inspect.h). Compiled
// into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectNearestCentroid(const NearestCentroid& k,
                            nlohmann::ordered_json& j) {
  j["metric"] = EnumName(k.metric);
  j["rule"] = EnumName(k.rule);
  if (k.centroids.rank() == 2) {
    j["n_classes"] = k.centroids.shape()[0];
    j["n_features"] = k.centroids.shape()[1];
  }
  j["has_priors"] = k.priors.present();
}

}  // namespace modelseal::cli
