// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for NaiveBayes (cli/inspect.h). Compiled into
// the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectNaiveBayes(const NaiveBayes& k, nlohmann::ordered_json& j) {
  j["type"] = EnumName(k.type);
  j["n_classes"] = k.class_term.size();
  switch (k.type) {
    case NaiveBayesType::kGaussian:
      if (k.theta.rank() == 2) j["n_features"] = k.theta.shape()[1];
      break;
    case NaiveBayesType::kDiscrete:
      if (k.coef.rank() == 2) j["n_features"] = k.coef.shape()[1];
      break;
    case NaiveBayesType::kCategorical:
      j["n_features"] = k.n_categories.size();
      if (k.category_log_prob.rank() == 2) {
        j["n_categories_total"] = k.category_log_prob.shape()[0];
      }
      break;
  }
}

}  // namespace modelseal::cli
