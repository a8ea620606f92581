// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for Isotonic (cli/inspect.h). Compiled into the
// modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectIsotonic(const Isotonic& k, nlohmann::ordered_json& j) {
  if (k.x_thresholds.rank() == 1) j["n_thresholds"] = k.x_thresholds.shape()[0];
  j["out_of_bounds"] = EnumName(k.out_of_bounds);
  j["direction"] = EnumName(k.direction);
}

}  // namespace modelseal::cli
