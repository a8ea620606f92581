// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Discretization: KBinsDiscretizer.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mapper/common.h"
#include "modelseal/limits.h"

namespace modelseal::mapper {

// ---- KBinsDiscretizer ----

namespace {

// The dtype parameter (None, numpy.float64 or numpy.float32: scikit-learn's
// parameter validation allows these only). transform casts X to it (None:
// float64 or float32 kept as given); a cast to float64 is exact.
Result<KBinsInput> KBinsDtype(const Value& est) {
  Value d = est.Get("dtype");
  if (!d.ok()) return d.status();
  if (d.is_none()) return KBinsInput::kAsGiven;
  if (d.kind() == Node::Kind::kGlobal && d.node()->text() == "numpy") {
    if (d.node()->qualname() == "float64") return KBinsInput::kAsGiven;
    if (d.node()->qualname() == "float32") return KBinsInput::kFloat32;
  }
  return Unsupported(est,
                     "dtype is not supported (None, numpy.float64 or "
                     "numpy.float32)");
}

// For encode="onehot-dense": the fitted `_encoder` must be the one fit
// builds, OneHotEncoder(categories=[np.arange(n) for n in n_bins_]) with
// nothing dropped, so that transform's one-hot is bin b -> column b.
Status CheckKBinsEncoder(const Value& est,
                         const std::vector<uint64_t>& n_bins) {
  const Value enc = est.Get("_encoder");
  if (!enc.ok()) return enc.status();
  if (enc.Find("drop_idx_")) {
    return Unsupported(est, "_encoder drops categories");
  }
  const Value cats = enc.Get("categories_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, cats.Size());
  if (n != n_bins.size()) {
    return cats.Fail(ErrorCode::kStateShape, std::to_string(n) +
                                                 " columns, expected " +
                                                 std::to_string(n_bins.size()));
  }
  for (size_t j = 0; j < n; ++j) {
    const Value c = cats.At(j);
    MODELSEAL_ASSIGN_OR_RETURN(auto elements, c.Numeric<double>());
    const std::vector<double>& values = elements.values;
    if (values.size() != n_bins[j]) {
      return c.Fail(ErrorCode::kStateShape,
                    std::to_string(values.size()) + " categories for " +
                        std::to_string(n_bins[j]) + " bins");
    }
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i] != static_cast<double>(i)) {
        return c.Fail(ErrorCode::kStateValue,
                      "categories are not 0 .. n_bins - 1");
      }
    }
  }
  return Status();
}

}  // namespace

// transform (identical in scikit-learn 1.4 to 1.9): X cast to `dtype`
// (NaN and infinity refused), then per feature j
// np.searchsorted(bin_edges_[j][1:-1], X[:, j], side="right"); "onehot-dense"
// then one-hot encodes the bins with `_encoder`. Sparse "onehot" refused.
Status MapKBinsDiscretizer(const Value& est, const MapContext&, Mapped* out) {
  KBinsDiscretizer k;
  MODELSEAL_ASSIGN_OR_RETURN(std::string encode, StrParam(est, "encode"));
  if (encode == "ordinal") {
    k.encode = KBinsEncode::kOrdinal;
  } else if (encode == "onehot-dense") {
    k.encode = KBinsEncode::kOneHot;
  } else {
    return Unsupported(est, "encode='" + encode +
                                "' is not supported (sparse output); use "
                                "'ordinal' or 'onehot-dense'");
  }
  MODELSEAL_ASSIGN_OR_RETURN(k.input, KBinsDtype(est));
  const Value edges = est.Get("bin_edges_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n, edges.Size());
  MODELSEAL_ASSIGN_OR_RETURN(int64_t n_in, est.Get("n_features_in_").AsInt());
  if (n_in < 0 || static_cast<uint64_t>(n_in) != n ||
      n > limits::kMaxFeatures) {
    return edges.Fail(ErrorCode::kStateShape, std::to_string(n) +
                                                  " features, n_features_in_ " +
                                                  std::to_string(n_in));
  }
  const Value n_bins_v = est.Get("n_bins_");
  MODELSEAL_ASSIGN_OR_RETURN(auto n_bins_e, n_bins_v.Numeric<int64_t>());
  const std::vector<int64_t>& n_bins = n_bins_e.values;
  if (n_bins_e.shape.size() != 1 || n_bins.size() != n) {
    return n_bins_v.Fail(ErrorCode::kStateShape,
                         std::to_string(n_bins.size()) + " entries for " +
                             std::to_string(n) + " features");
  }
  std::vector<double> all;
  for (size_t j = 0; j < n; ++j) {
    const Value e = edges.At(j);
    MODELSEAL_ASSIGN_OR_RETURN(Tensor t, F64Tensor(e));
    if (t.shape().size() != 1) {
      return e.Fail(ErrorCode::kStateShape, "not 1-D");
    }
    // n_bins_[j] is len(bin_edges_[j]) - 1 after fit's pruning of narrow
    // bins; the one-hot encoder was built from n_bins_.
    if (n_bins[j] < 1 ||
        n_bins[j] > static_cast<int64_t>(limits::kMaxCategories) ||
        static_cast<uint64_t>(n_bins[j]) + 1 != t.size()) {
      return e.Fail(ErrorCode::kStateValue, std::to_string(t.size()) +
                                                " edges for n_bins_ " +
                                                std::to_string(n_bins[j]));
    }
    auto s = t.span<double>();
    all.insert(all.end(), s.begin(), s.end());
    k.n_bins.push_back(static_cast<uint64_t>(n_bins[j]));
  }
  if (k.encode == KBinsEncode::kOneHot) {
    MODELSEAL_RETURN_IF_ERROR(CheckKBinsEncoder(est, k.n_bins));
  }
  uint64_t width = n;
  if (k.encode == KBinsEncode::kOneHot) {
    width = 0;
    for (uint64_t b : k.n_bins) width += b;
  }
  k.edges = Tensor::FromVector(std::move(all));
  *out = TransformerMapping(std::move(k), width);
  return Status();
}

// ---- end KBinsDiscretizer ----

}  // namespace modelseal::mapper
