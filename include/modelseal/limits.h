// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Hard limits of format 1 (format/SPEC.md §3). A reader rejects anything
// beyond them before allocating for it. Writers refuse to write past them.
#ifndef MODELSEAL_LIMITS_H_
#define MODELSEAL_LIMITS_H_

#include <cstdint>

namespace modelseal::limits {

inline constexpr uint64_t kHeaderSize = 24;
inline constexpr uint64_t kMaxFileSize = 1ull << 36;  // 64 GiB
inline constexpr uint64_t kMinManifestSize = 12;
inline constexpr uint64_t kMaxManifestSize = 256ull << 20;  // 256 MiB
inline constexpr uint64_t kTensorAlignment = 64;
inline constexpr uint64_t kMaxTensors = 1ull << 22;
inline constexpr uint64_t kMaxRank = 4;
inline constexpr uint64_t kMaxTensorElements = 1ull << 36;
inline constexpr uint64_t kMaxStringBytes = 64ull << 10;      // 64 KiB
inline constexpr uint64_t kMaxSourceTextBytes = 16ull << 20;  // 16 MiB
inline constexpr uint64_t kMaxListItems = 1ull << 16;         // metadata lists
inline constexpr uint64_t kMaxFeatures = 1ull << 24;
// The input widths of all the estimators of a model, nested ones included,
// summed (SPEC §7 rule 6): a reader's per-column bookkeeping is linear in it.
inline constexpr uint64_t kMaxTotalColumns = 1ull << 26;
inline constexpr uint64_t kMaxOutputs = 1ull << 16;
inline constexpr uint64_t kMaxClasses = 1ull << 20;
inline constexpr uint64_t kMaxNestingDepth = 8;
inline constexpr uint64_t kMaxPipelineSteps = 64;
inline constexpr uint64_t kMaxTrees = 1ull << 20;
inline constexpr uint64_t kMaxTreeNodes = (1ull << 31) - 1;
inline constexpr uint64_t kMaxFlatbufferDepth = 64;
// Categories per CategoryEncoder column.
inline constexpr uint64_t kMaxCategories = 1ull << 16;
// Dense layers of a NeuralNetwork (SPEC §7).
inline constexpr uint64_t kMaxNetworkLayers = 256;
// SplineTransformer degree: de Boor's recursion costs degree^2 per value.
inline constexpr uint64_t kMaxSplineDegree = 64;

}  // namespace modelseal::limits

#endif  // MODELSEAL_LIMITS_H_
