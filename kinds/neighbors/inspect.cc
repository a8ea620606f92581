// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for Neighbors and RadiusNeighbors
// (cli/inspect.h). Compiled into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectNeighbors(const Neighbors& k, nlohmann::ordered_json& j) {
  j["algorithm"] = EnumName(k.algorithm);
  j["metric"] = EnumName(k.metric);
  if (k.metric == NeighborsMetric::kMinkowski) j["p"] = k.p;
  j["weights"] = EnumName(k.weights);
  j["n_neighbors"] = k.n_neighbors;
  if (k.fit_x.rank() == 2) j["n_samples_fit"] = k.fit_x.shape()[0];
  if (k.node_data.rank() == 2) j["tree_nodes"] = k.node_data.shape()[0];
}

void InspectRadiusNeighbors(const RadiusNeighbors& k,
                            nlohmann::ordered_json& j) {
  j["algorithm"] = EnumName(k.algorithm);
  j["metric"] = EnumName(k.metric);
  if (k.metric == NeighborsMetric::kMinkowski) j["p"] = k.p;
  j["weights"] = EnumName(k.weights);
  j["radius"] = k.radius;
  if (k.algorithm == NeighborsAlgorithm::kBrute &&
      k.metric == NeighborsMetric::kEuclidean) {
    j["euclidean"] = EnumName(k.euclidean);
  }
  if (k.fit_x.rank() == 2) j["n_samples_fit"] = k.fit_x.shape()[0];
  if (k.node_data.rank() == 2) j["tree_nodes"] = k.node_data.shape()[0];
  j["outlier_label"] = k.outlier_proba.present();
}

}  // namespace modelseal::cli
