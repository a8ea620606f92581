// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for the composition kinds (cli/inspect.h).
// Compiled into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace modelseal::cli {

void InspectPassthrough(const Passthrough& /*k*/,
                        nlohmann::ordered_json& /*j*/) {}

void InspectColumnTransformer(const ColumnTransformer& k,
                              nlohmann::ordered_json& j) {
  j["groups"] = nlohmann::ordered_json::array();
  for (const ColumnGroup& g : k.groups) {
    nlohmann::ordered_json group;
    group["columns"] = g.columns;
    group["transformer"] = g.transformer.empty()
                               ? nlohmann::ordered_json()
                               : EstimatorJson(g.transformer[0]);
    j["groups"].push_back(std::move(group));
  }
}

void InspectFeatureUnion(const FeatureUnion& k, nlohmann::ordered_json& j) {
  j["transformers"] = nlohmann::ordered_json::array();
  for (const Estimator& t : k.transformers) {
    j["transformers"].push_back(EstimatorJson(t));
  }
  if (k.weights.present()) {
    j["weights"] = std::vector<double>(k.weights.span<double>().begin(),
                                       k.weights.span<double>().end());
  }
}

void InspectTransformedTargetRegressor(const TransformedTargetRegressor& k,
                                       nlohmann::ordered_json& j) {
  j["regressor"] = k.regressor.empty() ? nlohmann::ordered_json()
                                       : EstimatorJson(k.regressor[0]);
  j["inverse"] = nlohmann::ordered_json::array();
  for (const InverseStep& s : k.inverse) {
    nlohmann::ordered_json step;
    step["check"] = EnumName(s.check);
    step["op"] = EnumName(s.op);
    if (s.values.present()) {
      step["values"] = std::vector<double>(s.values.span<double>().begin(),
                                           s.values.span<double>().end());
    }
    if (s.op == TargetOp::kUfunc) step["func"] = EnumName(s.func);
    j["inverse"].push_back(std::move(step));
  }
}

}  // namespace modelseal::cli
