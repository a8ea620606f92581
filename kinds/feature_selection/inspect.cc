// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for the feature selection kinds
// (cli/inspect.h). Compiled into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

// ---- FeatureSelector ----

void InspectFeatureSelector(const FeatureSelector& k,
                            nlohmann::ordered_json& j) {
  j["columns"] = k.columns;
  j["input"] = EnumName(k.input);
}

// ---- end FeatureSelector ----

}  // namespace modelseal::cli
