// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// What feature_selection.cc and select_from_model.cc share: the selected
// columns as a FeatureSelector, the input check a selector takes from its
// estimator's allow_nan tag, and the tree estimators SelectFromModel
// computes importances of.
#ifndef MODELSEAL_MAPPER_FEATURE_SELECTION_H_
#define MODELSEAL_MAPPER_FEATURE_SELECTION_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mapper/common.h"

namespace modelseal::mapper {

// The selected columns of `mask` as a FeatureSelector; E1121 when none is
// selected or when the mask's length is not `fitted`'s n_features_in_.
Status SelectorOutput(const Value& est, const Value& fitted,
                      const std::vector<bool>& mask, SelectorInput input,
                      std::string_view why_empty, Mapped* out);

// transform's input check from the allow_nan tag of `est`'s `estimator`
// (feature_selection.cc lists the estimators it knows); E1121 for others.
Result<SelectorInput> InputOfEstimator(const Value& est, const MapContext& ctx);

// The tree estimators whose feature_importances_ SelectFromModel computes
// from the state, and whose allow_nan tag InputOfEstimator knows.
enum class TreeEnsemble { kTree, kForest, kBoosting };
struct TreeEstimator {
  std::string_view module, name;
  TreeEnsemble ensemble;
  bool extra, classifier;
};
// The entry for (module, class), or nullptr.
const TreeEstimator* FindTreeEstimator(
    const std::pair<std::string, std::string>& cls);

}  // namespace modelseal::mapper

#endif  // MODELSEAL_MAPPER_FEATURE_SELECTION_H_
