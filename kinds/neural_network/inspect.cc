// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for NeuralNetwork (cli/inspect.h). Compiled
// into the modelseal command.
#include "cli/inspect.h"

#include <cstdint>
#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectNeuralNetwork(const NeuralNetwork& k, nlohmann::ordered_json& j) {
  j["hidden_activation"] = EnumName(k.hidden_activation);
  j["output_activation"] = EnumName(k.output_activation);
  auto sizes = nlohmann::ordered_json::array();
  for (int64_t s : k.layer_sizes.span<int64_t>()) sizes.push_back(s);
  j["layer_sizes"] = sizes;
  j["n_weights"] = k.weights.size();
  j["n_biases"] = k.biases.size();
}

}  // namespace modelseal::cli
