// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Polynomial features: PolynomialFeatures.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"
#include "modelseal/limits.h"

namespace modelseal::mapper {

// ---- PolynomialFeatures ----

namespace {

Result<int64_t> IntAttr(const Value& est, std::string_view name) {
  const Value v = est.Get(name);
  MODELSEAL_ASSIGN_OR_RETURN(int64_t i, v.AsInt());
  if (i < 0) return v.Fail(ErrorCode::kStateValue, "negative");
  return i;
}

}  // namespace

// The dense branch of transform (the same in scikit-learn 1.4.2 to 1.9.1),
// written down as a product table: the loop below is scikit-learn's, step
// for step, recording for each column it fills the column and the feature
// it multiplies (np.multiply(XP[:, start:end], X[:, f:f+1])) instead of
// multiplying. Columns are numbered as in XP, which has _n_out_full columns
// (as if min_degree were 0); for min_degree > 1 the output is the bias (if
// any) and the last n_output_features_ (minus the bias) columns of XP.
// `order` only changes the memory layout. Sparse input is not accepted by
// modelseal's predictor at all.
Status MapPolynomialFeatures(const Value& est, const MapContext&, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n, IntAttr(est, "n_features_in_"));
  MODELSEAL_ASSIGN_OR_RETURN(int64_t min_degree, IntAttr(est, "_min_degree"));
  MODELSEAL_ASSIGN_OR_RETURN(int64_t max_degree, IntAttr(est, "_max_degree"));
  MODELSEAL_ASSIGN_OR_RETURN(bool interaction_only,
                             est.Get("interaction_only").AsBool());
  MODELSEAL_ASSIGN_OR_RETURN(bool include_bias,
                             est.Get("include_bias").AsBool());
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n_out, IntAttr(est, "n_output_features_"));
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n_full, IntAttr(est, "_n_out_full"));
  if (n < 1 || static_cast<uint64_t>(n) > limits::kMaxFeatures) {
    return est.Get("n_features_in_")
        .Fail(ErrorCode::kStateValue, std::to_string(n) + " features");
  }
  if (min_degree > max_degree) {
    return est.Get("_min_degree")
        .Fail(ErrorCode::kStateValue, "above _max_degree");
  }
  // The product table is at most kMaxFeatures columns (the format's limit):
  // a wider expansion is refused before it is built.
  if (static_cast<uint64_t>(n_full) > limits::kMaxFeatures) {
    return Unsupported(est, "the expansion has " + std::to_string(n_full) +
                                " columns before min_degree is applied, "
                                "more than the limit " +
                                std::to_string(limits::kMaxFeatures) +
                                " (degree, n_features_in_)");
  }
  const auto limit = static_cast<size_t>(n_full);
  const auto nf = static_cast<size_t>(n);
  PolynomialFeatures p;
  std::vector<int64_t> degree;  // of each column, to check the cut below
  auto push = [&](uint64_t base, uint64_t feature, int64_t d) -> Status {
    if (p.base.size() >= limit) {
      return est.Get("_n_out_full")
          .Fail(ErrorCode::kStateValue, "the transform loop fills more than " +
                                            std::to_string(n_full) +
                                            " columns");
    }
    p.base.push_back(base);
    p.feature.push_back(feature);
    degree.push_back(d);
    return Status();
  };
  size_t current = 0;
  if (include_bias) {  // XP[:, 0] = 1
    MODELSEAL_RETURN_IF_ERROR(push(0, 0, 0));
    current = 1;
  }
  if (max_degree > 0) {
    // XP[:, current:current + n] = X
    for (size_t f = 0; f < nf; ++f) {
      MODELSEAL_RETURN_IF_ERROR(push(0, f + 1, 1));
    }
    std::vector<size_t> index;
    for (size_t f = 0; f <= nf; ++f) index.push_back(current + f);
    current += nf;
    for (int64_t d = 2; d <= max_degree; ++d) {
      std::vector<size_t> new_index;
      const size_t end = index.back();
      const size_t before = current;
      for (size_t f = 0; f < nf; ++f) {
        // As scikit-learn's loop, which cannot index past `index` (the
        // break below stops it first); checked rather than assumed.
        if (f + 1 >= index.size()) {
          return est.Fail(ErrorCode::kStateValue, "transform loop out of step");
        }
        size_t start = index[f];
        new_index.push_back(current);
        if (interaction_only) start += index[f + 1] - index[f];
        if (start >= end) break;  // next_col <= current_col
        for (size_t c = start; c < end; ++c) {
          MODELSEAL_RETURN_IF_ERROR(push(c + 1, f + 1, degree[c] + 1));
        }
        current += end - start;
      }
      new_index.push_back(current);
      index = std::move(new_index);
      // A degree that adds no column (interaction_only beyond n features)
      // leaves every higher degree empty too.
      if (current == before) break;
    }
  }
  if (p.base.size() != limit) {
    return est.Get("_n_out_full")
        .Fail(ErrorCode::kStateValue,
              std::to_string(n_full) + ", the transform loop fills " +
                  std::to_string(p.base.size()) + " columns");
  }
  // The output: all of XP, or (min_degree > 1) the bias and the last
  // n_output_features_ - bias columns; those must be exactly the columns
  // of degree >= min_degree, as n_output_features_ counts them.
  const auto n_keep = static_cast<size_t>(n_out);
  if (min_degree > 1) {
    if (n_keep > limit || n_keep < (include_bias ? 1u : 0u)) {
      return est.Get("n_output_features_")
          .Fail(ErrorCode::kStateValue, "more than _n_out_full");
    }
    if (include_bias) p.output.push_back(0);
    for (size_t c = limit - n_keep + (include_bias ? 1 : 0); c < limit; ++c) {
      p.output.push_back(c);
    }
  } else {
    for (size_t c = 0; c < limit; ++c) p.output.push_back(c);
  }
  size_t expected = 0;
  for (size_t c = 0; c < limit; ++c) {
    if (degree[c] == 0 || degree[c] >= min_degree) ++expected;
  }
  bool degrees_ok = p.output.size() == expected && p.output.size() == n_keep;
  for (size_t i = 0; degrees_ok && i < p.output.size(); ++i) {
    const int64_t d = degree[p.output[i]];
    degrees_ok = d == 0 ? include_bias && i == 0 : d >= min_degree;
  }
  if (!degrees_ok) {
    return est.Get("n_output_features_")
        .Fail(ErrorCode::kStateValue,
              std::to_string(n_out) + " does not match the columns of degree " +
                  std::to_string(min_degree) + " to " +
                  std::to_string(max_degree));
  }
  if (p.output.empty()) {
    return Unsupported(est,
                       "the transform outputs no columns (degree, "
                       "interaction_only)");
  }
  const uint64_t width = p.output.size();
  *out = TransformerMapping(std::move(p), width);
  return Status();
}

// ---- end PolynomialFeatures ----

}  // namespace modelseal::mapper
