// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for LinearModel (cli/inspect.h). Compiled into the
// modelseal command.
#include "cli/inspect.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectLinearModel(const LinearModel& k, nlohmann::ordered_json& j) {
  j["n_targets"] = k.coef.rank() == 2 ? k.coef.shape()[0] : 0;
  j["n_features"] = k.coef.rank() == 2 ? k.coef.shape()[1] : 0;
  j["output"] = EnumName(k.output);
  if (!std::isnan(k.deviance_power)) j["deviance_power"] = k.deviance_power;
}

}  // namespace modelseal::cli
