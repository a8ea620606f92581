// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The path-like context of an error (docs/ARCHITECTURE.md, Errors):
// "estimator.steps[1].trees[17].children_left", built from the root down by
// these two functions only, so every layer spells paths the same way.
#ifndef MODELSEAL_CORE_CONTEXT_PATH_H_
#define MODELSEAL_CORE_CONTEXT_PATH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace modelseal {

// "parent.field", or "field" when parent is empty (a field of the root).
std::string JoinContext(std::string_view parent, std::string_view field);

// "parent[i]": element i of the list or array at `parent`.
std::string IndexContext(std::string_view parent, uint64_t i);

}  // namespace modelseal

#endif  // MODELSEAL_CORE_CONTEXT_PATH_H_
