// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for QuadraticDiscriminant (cli/inspect.h).
// Compiled into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectQuadraticDiscriminant(const QuadraticDiscriminant& k,
                                  nlohmann::ordered_json& j) {
  j["proba"] = EnumName(k.proba);
  if (k.rotations.rank() == 3) {
    j["n_classes"] = k.rotations.shape()[0];
    j["n_features"] = k.rotations.shape()[1];
    j["n_components"] = k.rotations.shape()[2];
  }
}

}  // namespace modelseal::cli
