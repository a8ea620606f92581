// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for Constant (cli/inspect.h). Compiled into the
// modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectConstant(const Constant& k, nlohmann::ordered_json& j) {
  if (k.values.rank() == 1) j["n_values"] = k.values.shape()[0];
}

}  // namespace modelseal::cli
