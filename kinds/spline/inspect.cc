// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for the spline kinds (cli/inspect.h).
// Compiled into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

// ---- SplineTransformer ----

void InspectSplineTransformer(const SplineTransformer& s,
                              nlohmann::ordered_json& j) {
  const auto& shape = s.knots.shape();
  j["degree"] = s.degree;
  j["knots_per_feature"] = shape.size() == 2 ? shape[1] : 0;
  j["extrapolation"] = EnumName(s.extrapolation);
  j["include_bias"] = s.include_bias != 0;
  j["handle_missing"] = EnumName(s.missing);
}

// ---- end SplineTransformer ----

}  // namespace modelseal::cli
