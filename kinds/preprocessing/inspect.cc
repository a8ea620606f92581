// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for the preprocessing kinds (cli/inspect.h).
// Compiled into the modelseal command.
#include "cli/inspect.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace modelseal::cli {

void InspectStandardScaler(const StandardScaler& k, nlohmann::ordered_json& j) {
  const Tensor& t = k.mean.present() ? k.mean : k.scale;
  j["n_features"] = t.present() ? t.size() : 0;
  j["with_mean"] = k.mean.present();
  j["with_std"] = k.scale.present();
}

void InspectCategoryEncoder(const CategoryEncoder& k,
                            nlohmann::ordered_json& j) {
  j["n_columns"] = k.columns.size();
}

void InspectMinMaxScaler(const MinMaxScaler& k, nlohmann::ordered_json& j) {
  j["n_features"] = k.scale.size();
  j["clip"] = k.clip_range.present();
}

void InspectMaxAbsScaler(const MaxAbsScaler& k, nlohmann::ordered_json& j) {
  j["n_features"] = k.scale.size();
}

void InspectRobustScaler(const RobustScaler& k, nlohmann::ordered_json& j) {
  const Tensor& t = k.center.present() ? k.center : k.scale;
  j["n_features"] = t.present() ? t.size() : 0;
  j["with_centering"] = k.center.present();
  j["with_scaling"] = k.scale.present();
}

void InspectNormalizer(const Normalizer& k, nlohmann::ordered_json& j) {
  j["norm"] = EnumName(k.norm);
}

void InspectBinarizer(const Binarizer& k, nlohmann::ordered_json& j) {
  // JSON has no NaN or infinity: those as strings.
  if (std::isfinite(k.threshold)) {
    j["threshold"] = k.threshold;
  } else {
    j["threshold"] = std::to_string(k.threshold);
  }
}

void InspectFunctionTransformer(const FunctionTransformer& k,
                                nlohmann::ordered_json& j) {
  j["func"] = EnumName(k.func);
}

}  // namespace modelseal::cli
