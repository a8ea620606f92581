// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for Clustering (cli/inspect.h). Compiled into
// the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectClustering(const Clustering& k, nlohmann::ordered_json& j) {
  if (k.centers.rank() == 2) {
    j["n_clusters"] = k.centers.shape()[0];
    j["n_features"] = k.centers.shape()[1];
  }
  j["bisecting_tree"] = k.tree_children.present();
  if (k.tree_labels.rank() == 1) j["tree_nodes"] = k.tree_labels.shape()[0];
}

}  // namespace modelseal::cli
