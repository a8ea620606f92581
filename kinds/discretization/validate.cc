// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of the discretization transformers (format/SPEC.md §7):
// KBinsDiscretizer. Compiled into the format library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

// ---- KBinsDiscretizer ----

Status ValidateKBinsDiscretizer(const KBinsDiscretizer& k,
                                const std::string& ctx, uint64_t n_in,
                                uint64_t* width_out) {
  if (!IsKnown(k.encode)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "encode"),
        "KBinsEncode " + std::to_string(static_cast<uint8_t>(k.encode)));
  }
  if (!IsKnown(k.input)) {
    return Status(
        ErrorCode::kUnknownEnum, JoinContext(ctx, "input"),
        "KBinsInput " + std::to_string(static_cast<uint8_t>(k.input)));
  }
  const std::string n_bins_ctx = JoinContext(ctx, "n_bins");
  if (k.n_bins.size() != n_in) {
    return Status(ErrorCode::kKBinsFeatureCount, n_bins_ctx,
                  std::to_string(k.n_bins.size()) + " entries for " +
                      std::to_string(n_in) + " input features");
  }
  // Each count is at most kMaxCategories and there are at most kMaxFeatures
  // of them, so the sums below cannot overflow.
  uint64_t total_edges = 0, total_bins = 0;
  for (size_t j = 0; j < k.n_bins.size(); ++j) {
    const uint64_t b = k.n_bins[j];
    if (b < 1 || b > limits::kMaxCategories) {
      return Status(ErrorCode::kKBinsBinCount, IndexContext(n_bins_ctx, j),
                    std::to_string(b) + " bins, expected 1 to " +
                        std::to_string(limits::kMaxCategories));
    }
    total_edges += b + 1;
    total_bins += b;
  }
  const std::string edges_ctx = JoinContext(ctx, "edges");
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(k.edges, edges_ctx, DType::kFloat64, {kAny}, true));
  if (k.edges.shape()[0] != total_edges) {
    return Status(ErrorCode::kKBinsEdgeCount, edges_ctx,
                  std::to_string(k.edges.shape()[0]) + " edges, expected " +
                      std::to_string(total_edges) +
                      " (n_bins + 1 per feature)");
  }
  // np.searchsorted needs each feature's edges sorted; NaN sorts nowhere.
  auto edges = k.edges.span<double>();
  size_t start = 0;
  for (size_t j = 0; j < k.n_bins.size(); ++j) {
    const size_t end = start + k.n_bins[j] + 1;
    for (size_t i = start; i < end; ++i) {
      if (std::isnan(edges[i]) || (i > start && edges[i] < edges[i - 1])) {
        return Status(
            ErrorCode::kKBinsEdgeOrder, IndexContext(edges_ctx, i),
            "feature " + std::to_string(j) + ": edge " +
                std::to_string(edges[i]) +
                (std::isnan(edges[i]) ? "" : " below the one before"));
      }
    }
    start = end;
  }
  *width_out = k.encode == KBinsEncode::kOneHot ? total_bins : n_in;
  return Status::Ok();
}

// ---- end KBinsDiscretizer ----

}  // namespace modelseal::format_internal
