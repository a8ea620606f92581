// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of the polynomial transformers (format/SPEC.md §7):
// PolynomialFeatures. Compiled into the format library.
#include <cstdint>
#include <string>

#include "format/validate_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

// ---- PolynomialFeatures ----

Status ValidatePolynomialFeatures(const PolynomialFeatures& p,
                                  const std::string& ctx, uint64_t n_in,
                                  uint64_t* width_out) {
  const uint64_t m = p.base.size();
  if (m == 0 || m > limits::kMaxFeatures || p.feature.size() != m) {
    return Status(ErrorCode::kPolyColumnCount, JoinContext(ctx, "feature"),
                  std::to_string(p.base.size()) + " bases, " +
                      std::to_string(p.feature.size()) +
                      " features, expected 1 to " +
                      std::to_string(limits::kMaxFeatures) + " of each");
  }
  const std::string base_ctx = JoinContext(ctx, "base");
  const std::string feature_ctx = JoinContext(ctx, "feature");
  for (uint64_t c = 0; c < m; ++c) {
    // base[c] - 1 < c: a column is built from earlier columns only, so the
    // table is evaluated in one pass without cycles.
    if (p.base[c] > c) {
      return Status(ErrorCode::kPolyBase, IndexContext(base_ctx, c),
                    "column " + std::to_string(p.base[c] - 1) +
                        " is not before column " + std::to_string(c));
    }
    if (p.feature[c] > n_in || (p.base[c] != 0 && p.feature[c] == 0)) {
      return Status(
          ErrorCode::kPolyFeature, IndexContext(feature_ctx, c),
          p.feature[c] > n_in
              ? "feature " + std::to_string(p.feature[c] - 1) + " of " +
                    std::to_string(n_in) + " input features"
              : std::string("a product of an earlier column needs a feature"));
    }
  }
  const std::string output_ctx = JoinContext(ctx, "output");
  if (p.output.empty() || p.output.size() > limits::kMaxFeatures) {
    return Status(ErrorCode::kPolyOutput, output_ctx,
                  std::to_string(p.output.size()) + " output columns");
  }
  for (size_t i = 0; i < p.output.size(); ++i) {
    if (p.output[i] >= m) {
      return Status(
          ErrorCode::kPolyOutput, IndexContext(output_ctx, i),
          "column " + std::to_string(p.output[i]) + " of " + std::to_string(m));
    }
  }
  *width_out = p.output.size();
  return Status::Ok();
}

// ---- end PolynomialFeatures ----

}  // namespace modelseal::format_internal
