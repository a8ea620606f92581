// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for the meta-estimators (cli/inspect.h):
// ThresholdClassifier. Compiled into the modelseal command.
#include "cli/inspect.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectThresholdClassifier(const ThresholdClassifier& k,
                                nlohmann::ordered_json& j) {
  j["estimator"] = k.estimator.empty() ? nlohmann::ordered_json()
                                       : EstimatorJson(k.estimator[0]);
  j["response"] = EnumName(k.response);
  if (k.source == ThresholdSource::kAuto) {
    j["threshold"] = "auto";
  } else if (std::isfinite(k.threshold)) {
    j["threshold"] = k.threshold;
  } else {
    // JSON has no infinity: a string, as Python's repr spells it.
    j["threshold"] = k.threshold > 0 ? "inf" : "-inf";
  }
  j["positive"] = k.positive;
}

}  // namespace modelseal::cli
