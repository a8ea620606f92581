// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for the polynomial kinds (cli/inspect.h).
// Compiled into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

// ---- PolynomialFeatures ----

void InspectPolynomialFeatures(const PolynomialFeatures& p,
                               nlohmann::ordered_json& j) {
  j["product_columns"] = p.base.size();
  j["output_columns"] = p.output.size();
}

// ---- end PolynomialFeatures ----

}  // namespace modelseal::cli
