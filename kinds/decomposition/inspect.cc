// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for Projection (cli/inspect.h). Compiled into
// the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectProjection(const Projection& k, nlohmann::ordered_json& j) {
  j["centering"] = EnumName(k.centering);
  if (k.components.rank() == 2) {
    j["n_components"] = k.components.shape()[0];
    j["n_features"] = k.components.shape()[1];
  }
  j["whiten"] = k.scale.present();
}

}  // namespace modelseal::cli
