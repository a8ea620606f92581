// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// `modelseal inspect`'s keys for the encoding kinds (cli/inspect.h).
// Compiled into the modelseal command.
#include "cli/inspect.h"

#include <nlohmann/json.hpp>

namespace modelseal::cli {
namespace {

// "numbers" or "strings": the type of values the column's categories are.
const char* CategoryType(const CategoryList& c) {
  return c.numbers.present() ? "numbers" : "strings";
}

}  // namespace

void InspectOneHotEncoder(const OneHotEncoder& k, nlohmann::ordered_json& j) {
  j["n_features"] = k.columns.size();
  uint64_t width = 0;
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (const OneHotColumn& c : k.columns) {
    width += c.width;
    columns.push_back(
        {{"categories", CategoryType(c.categories)},
         {"n_categories", c.categories.count()},
         {"missing_category", c.categories.missing == Nullable::kYes},
         {"width", c.width}});
  }
  j["n_outputs"] = width;
  j["handle_unknown"] = EnumName(k.unknown);
  j["columns"] = std::move(columns);
}

void InspectOrdinalEncoder(const OrdinalEncoder& k, nlohmann::ordered_json& j) {
  j["n_features"] = k.columns.size();
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (const OrdinalColumn& c : k.columns) {
    columns.push_back(
        {{"categories", CategoryType(c.categories)},
         {"n_categories", c.categories.count()},
         {"missing_category", c.categories.missing == Nullable::kYes}});
  }
  j["handle_unknown"] = EnumName(k.unknown);
  if (k.unknown == UnknownCategory::kSlot) {
    j["unknown_value"] = k.unknown_value;  // NaN is written as null
  }
  j["columns"] = std::move(columns);
}

void InspectSimpleImputer(const SimpleImputer& k, nlohmann::ordered_json& j) {
  j["n_features"] =
      k.fill_numbers.present() ? k.fill_numbers.size() : k.fill_strings.size();
  j["n_kept"] = k.kept.size();
  j["n_indicators"] = k.indicator.size();
  j["fill_numbers"] = k.fill_numbers.present();
  j["fill_strings"] = !k.fill_strings.empty();
}

// ---- h-tenc: TargetEncoder ----
void InspectTargetEncoder(const TargetEncoder& k, nlohmann::ordered_json& j) {
  j["n_features"] = k.columns.size();
  const uint64_t t =
      k.target_mean.present() ? k.target_mean.shape()[0] : uint64_t{0};
  j["n_targets"] = t;
  j["n_outputs"] = k.columns.size() * t;
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (const TargetColumn& c : k.columns) {
    columns.push_back(
        {{"categories", CategoryType(c.categories)},
         {"n_categories", c.categories.count()},
         {"missing_category", c.categories.missing == Nullable::kYes}});
  }
  j["columns"] = std::move(columns);
}
// ---- end h-tenc ----

}  // namespace modelseal::cli
