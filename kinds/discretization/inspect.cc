// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for the discretization kinds (cli/inspect.h).
// Compiled into the modelseal command.
#include "cli/inspect.h"

#include <cstdint>
#include <nlohmann/json.hpp>

namespace modelseal::cli {

// ---- KBinsDiscretizer ----

void InspectKBinsDiscretizer(const KBinsDiscretizer& k,
                             nlohmann::ordered_json& j) {
  uint64_t bins = 0;
  for (uint64_t b : k.n_bins) bins += b;
  j["n_features"] = k.n_bins.size();
  j["n_bins_total"] = bins;
  j["encode"] = EnumName(k.encode);
  j["input"] = EnumName(k.input);
}

// ---- end KBinsDiscretizer ----

}  // namespace modelseal::cli
