// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// What every layer knows about a kind beyond its struct: its role. Expands
// kinds/kinds.def and checks that the list agrees with EstimatorVariant.
// Internal (not installed).
#ifndef MODELSEAL_KINDS_KINDS_H_
#define MODELSEAL_KINDS_KINDS_H_

#include <cstddef>
#include <type_traits>
#include <variant>

#include "modelseal/model.h"

namespace modelseal::kinds {

enum class Role { kComposite, kTransformer, kPredictor };

// Indexed like EstimatorVariant.
inline constexpr Role kRoles[] = {
#define MODELSEAL_KIND(K, role) Role::role,
#include "kinds/kinds.def"
#undef MODELSEAL_KIND
};
static_assert(std::size(kRoles) == std::variant_size_v<EstimatorVariant>,
              "kinds/kinds.def and EstimatorVariant list different kinds");

// kinds.def lists the kinds in EstimatorVariant's order.
namespace internal {
enum Index : size_t {
#define MODELSEAL_KIND(K, role) k##K,
#include "kinds/kinds.def"
#undef MODELSEAL_KIND
};
#define MODELSEAL_KIND(K, role)                                              \
  static_assert(                                                             \
      std::is_same_v<std::variant_alternative_t<k##K, EstimatorVariant>, K>, \
      #K " is not at its kinds.def position in EstimatorVariant");
#include "kinds/kinds.def"
#undef MODELSEAL_KIND
}  // namespace internal

// The role of the alternative `e` holds (Pipeline: composite).
inline Role RoleOf(const Estimator& e) { return kRoles[e.kind.index()]; }

}  // namespace modelseal::kinds

#endif  // MODELSEAL_KINDS_KINDS_H_
