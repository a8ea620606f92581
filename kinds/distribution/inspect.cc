// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for the distribution kinds (cli/inspect.h).
// Compiled into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

// ---- QuantileTransformer ----

void InspectQuantileTransformer(const QuantileTransformer& k,
                                nlohmann::ordered_json& j) {
  const auto& shape = k.quantiles.shape();
  if (shape.size() == 2) {
    j["n_quantiles"] = shape[0];
    j["n_features"] = shape[1];
  }
  j["output_distribution"] = EnumName(k.output);
}

// ---- end QuantileTransformer ----

// ---- PowerTransformer ----

void InspectPowerTransformer(const PowerTransformer& k,
                             nlohmann::ordered_json& j) {
  j["n_features"] = k.lambdas.size();
  j["method"] = EnumName(k.method);
  j["standardize"] = k.scale.present();
}

// ---- end PowerTransformer ----

}  // namespace modelseal::cli
