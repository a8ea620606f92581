// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for the feature selection kinds
// (cli/inspect.h). Compiled into the modelseal command.
#include "cli/inspect.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace modelseal::cli {

// ---- FeatureSelector ----

void InspectFeatureSelector(const FeatureSelector& k,
                            nlohmann::ordered_json& j) {
  j["columns"] = k.columns;
  j["input"] = EnumName(k.input);
}

// ---- end FeatureSelector ----

// ---- MissingIndicator ----

void InspectMissingIndicator(const MissingIndicator& k,
                             nlohmann::ordered_json& j) {
  j["features"] = k.features;
  // JSON has no NaN: "nan" as a string.
  if (std::isnan(k.missing_value)) {
    j["missing_value"] = "nan";
  } else {
    j["missing_value"] = k.missing_value;
  }
  j["on_new"] = EnumName(k.on_new);
}

// ---- end MissingIndicator ----

}  // namespace modelseal::cli
