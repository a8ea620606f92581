// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for the meta-estimators (cli/inspect.h):
// ThresholdClassifier and Voting. Compiled into the modelseal command.
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

void InspectVoting(const Voting& k, nlohmann::ordered_json& j) {
  nlohmann::ordered_json estimators = nlohmann::ordered_json::array();
  for (const Estimator& e : k.estimators)
    estimators.push_back(EstimatorJson(e));
  j["estimators"] = std::move(estimators);
  j["rule"] = EnumName(k.rule);
  j["weighted"] = k.weights.present();
}

}  // namespace modelseal::cli
