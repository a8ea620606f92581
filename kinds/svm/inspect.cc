// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for SupportVectorMachine (cli/inspect.h).
// Compiled into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {

void InspectSupportVectorMachine(const SupportVectorMachine& k,
                                 nlohmann::ordered_json& j) {
  j["type"] = EnumName(k.type);
  j["kernel"] = EnumName(k.kernel);
  const auto& shape = k.support_vectors.shape();
  if (shape.size() == 2) {
    j["n_support_vectors"] = shape[0];
    j["n_features"] = shape[1];
  }
  j["support_vector_bytes"] = k.support_vectors.nbytes();
  if (k.kernel != SvmKernel::kLinear) j["gamma"] = k.gamma;
  if (k.kernel == SvmKernel::kPoly || k.kernel == SvmKernel::kSigmoid) {
    j["coef0"] = k.coef0;
  }
  if (k.kernel == SvmKernel::kPoly) j["degree"] = k.degree;
  if (IsSvmClassifier(k.type)) {
    j["decision_function_shape"] = EnumName(k.decision_shape);
    j["break_ties"] = k.ties == SvmTies::kDecision;
    j["probability"] = k.prob_a.present();
  }
}

}  // namespace modelseal::cli
