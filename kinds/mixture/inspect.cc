// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for GaussianMixture (cli/inspect.h). Compiled
// into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectGaussianMixture(const GaussianMixture& k,
                            nlohmann::ordered_json& j) {
  j["covariance_type"] = EnumName(k.covariance_type);
  if (k.means.rank() == 2) {
    j["n_components"] = k.means.shape()[0];
    j["n_features"] = k.means.shape()[1];
  }
  j["bayesian"] = k.dof_term.present();
}

}  // namespace modelseal::cli
