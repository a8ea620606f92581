// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// HistGradientBoosting{Classifier,Regressor}, with their categorical
// preprocessing (`_preprocessor`, an OrdinalEncoder in a ColumnTransformer)
// as a step in front: a CategoryEncoder when every categorical column has
// numeric categories, else (string categories: pandas categoricals, object
// columns) a ColumnTransformer of the OrdinalEncoder and a Passthrough.
#include <cmath>
#include <utility>

#include "mapper/common.h"

namespace modelseal::mapper {
namespace {

constexpr const char* kRegressionLosses[] = {"squared_error", "absolute_error",
                                             "gamma", "poisson", "quantile"};

// `_preprocessor`'s OrdinalEncoder: the transformer named "encoder" in its
// transformers_ [(name, estimator, columns)] (named_transformers_), or
// nullopt when the model has no `_preprocessor` (no categorical feature).
Result<std::optional<Value>> PreprocessorEncoder(const Value& est) {
  auto pre = est.Find("_preprocessor");
  if (!pre) return std::optional<Value>();
  Value transformers = pre->Get("transformers_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t nt, transformers.Size());
  std::optional<Value> encoder;
  for (size_t i = 0; i < nt; ++i) {
    Value t = transformers.At(i);
    MODELSEAL_ASSIGN_OR_RETURN(std::string name, t.At(0).AsStr());
    if (name == "encoder") encoder = t.At(1);
  }
  if (!encoder) {
    return transformers.Fail(ErrorCode::kStateMissing,
                             "no transformer named 'encoder'");
  }
  return encoder;
}

// Whether the encoder has a category list that is not a numeric array
// (strings: pandas categoricals, object or string columns).
Result<bool> HasStringCategories(const Value& encoder) {
  Value categories = encoder.Get("categories_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t nc, categories.Size());
  for (size_t c = 0; c < nc; ++c) {
    MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, categories.At(c).AsArray());
    auto ty = ParseTypeStr(a->typestr);
    if (!ty || (ty->kind != 'f' && ty->kind != 'i' && ty->kind != 'u')) {
      return true;
    }
  }
  return false;
}

// The CategoryEncoder reproducing `_preprocessor` when every category list
// of its encoder is numeric (HasStringCategories is false).
Result<CategoryEncoder> NumericEncoderOf(const Value& est,
                                         const Value& encoder) {
  MODELSEAL_ASSIGN_OR_RETURN(Elements<uint8_t> is_cat,
                             est.Get("is_categorical_").Numeric<uint8_t>());
  Value categories = encoder.Get("categories_");
  MODELSEAL_ASSIGN_OR_RETURN(size_t nc, categories.Size());
  CategoryEncoder enc;
  size_t k = 0;
  for (size_t col = 0; col < is_cat.values.size(); ++col) {
    if (is_cat.values[col] == 0) continue;
    if (k >= nc) break;  // zip() stops at the shorter
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> c,
                               categories.At(k++).Numeric<double>());
    // OrdinalEncoder lists NaN last when the training data had it; NaN maps
    // to NaN anyway.
    std::vector<double> kept;
    for (double v : c.values) {
      if (!std::isnan(v)) kept.push_back(v);
    }
    CategoryColumn column;
    column.column = col;
    column.categories = Tensor::FromVector(std::move(kept));
    enc.columns.push_back(std::move(column));
  }
  return enc;
}

// `_preprocessor` with string categories: ColumnTransformer([("encoder",
// OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=NaN,
// encoded_missing_value=NaN), is_categorical_), ("numerical",
// FunctionTransformer(check_array), ~is_categorical_)]), whose output (the
// order the trees index) is the categorical columns in increasing order,
// then the others. The encoder is mapped as any OrdinalEncoder; the other
// columns pass through (check_array only converts them to float64).
Result<ColumnTransformer> StringEncoderOf(const Value& est,
                                          const Value& encoder,
                                          const MapContext& ctx) {
  MODELSEAL_ASSIGN_OR_RETURN(Elements<uint8_t> is_cat,
                             est.Get("is_categorical_").Numeric<uint8_t>());
  Mapped m;
  MODELSEAL_RETURN_IF_ERROR(ctx.Map(encoder, &m));
  const auto* ord = std::get_if<OrdinalEncoder>(&m.estimator.kind);
  if (ord == nullptr) {
    return encoder.Fail(ErrorCode::kStateValue, "not an OrdinalEncoder");
  }
  ColumnGroup cat, num;
  for (size_t col = 0; col < is_cat.values.size(); ++col) {
    (is_cat.values[col] != 0 ? cat : num).columns.push_back(col);
  }
  if (cat.columns.size() != ord->columns.size()) {
    return encoder.Get("categories_")
        .Fail(ErrorCode::kStateShape,
              std::to_string(ord->columns.size()) +
                  " category lists, expected one per categorical feature (" +
                  std::to_string(cat.columns.size()) + ")");
  }
  ColumnTransformer ct;
  cat.transformer.push_back(std::move(m.estimator));
  ct.groups.push_back(std::move(cat));
  if (!num.columns.empty()) {
    Estimator pass;
    pass.kind = Passthrough();
    num.transformer.push_back(std::move(pass));
    ct.groups.push_back(std::move(num));
  }
  return ct;
}

// _BinMapper.make_known_categories_bitsets(), and f_idx_map with -1 where
// `_is_categorical_remapped` is false.
Status KnownCategories(const Value& est, HistGradientBoosting* hgb) {
  Value bin_mapper = est.Get("_bin_mapper");
  MODELSEAL_ASSIGN_OR_RETURN(
      Elements<uint8_t> is_cat,
      bin_mapper.Get("is_categorical_").Numeric<uint8_t>());
  Value thresholds = bin_mapper.Get("bin_thresholds_");
  size_t n_features = is_cat.values.size();
  std::vector<int32_t> f_idx_map(n_features, 0);
  std::vector<uint32_t> bitsets;
  uint32_t mapped = 0;
  for (size_t f = 0; f < n_features; ++f) {
    if (is_cat.values[f] == 0) continue;
    f_idx_map[f] = static_cast<int32_t>(mapped++);
    bitsets.resize(bitsets.size() + 8, 0);
    uint32_t* row = bitsets.data() + bitsets.size() - 8;
    Value known = thresholds.At(f);
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> cats, known.Numeric<double>());
    for (size_t i = 0; i < cats.values.size(); ++i) {
      double v = cats.values[i];
      // set_bitset_memoryview takes an X_BINNED_DTYPE (uint8) value.
      if (!(v >= 0 && v <= 255) || std::trunc(v) != v) {
        return known.At(i).Fail(ErrorCode::kStateValue,
                                "category is not an integer in [0, 255]");
      }
      uint32_t c = static_cast<uint32_t>(v);
      row[c / 32] |= 1u << (c % 32);
    }
  }
  MODELSEAL_ASSIGN_OR_RETURN(
      Elements<uint8_t> remapped,
      est.Get("_is_categorical_remapped").Numeric<uint8_t>());
  if (remapped.values.size() != n_features) {
    return est.Get("_is_categorical_remapped")
        .Fail(ErrorCode::kStateShape, "length differs from the bin mapper's");
  }
  for (size_t f = 0; f < n_features; ++f) {
    if (remapped.values[f] == 0) f_idx_map[f] = -1;
  }
  hgb->known_cat_bitsets =
      Tensor::FromVector(std::move(bitsets), {mapped, uint64_t{8}});
  hgb->f_idx_map = Tensor::FromVector(std::move(f_idx_map));
  return Status();
}

Result<HistTree> HistTreeOf(const Value& predictor) {
  Value nodes = predictor.Get("nodes");
  HistTree t;
  MODELSEAL_ASSIGN_OR_RETURN(t.value, ExactTensor<double>(nodes, "value"));
  MODELSEAL_ASSIGN_OR_RETURN(t.feature_idx,
                             ExactTensor<uint32_t>(nodes, "feature_idx"));
  MODELSEAL_ASSIGN_OR_RETURN(t.num_threshold,
                             ExactTensor<double>(nodes, "num_threshold"));
  MODELSEAL_ASSIGN_OR_RETURN(t.missing_go_to_left,
                             ExactTensor<uint8_t>(nodes, "missing_go_to_left"));
  MODELSEAL_ASSIGN_OR_RETURN(t.left, ExactTensor<uint32_t>(nodes, "left"));
  MODELSEAL_ASSIGN_OR_RETURN(t.right, ExactTensor<uint32_t>(nodes, "right"));
  MODELSEAL_ASSIGN_OR_RETURN(t.is_leaf, ExactTensor<uint8_t>(nodes, "is_leaf"));
  MODELSEAL_ASSIGN_OR_RETURN(t.is_categorical,
                             ExactTensor<uint8_t>(nodes, "is_categorical"));
  MODELSEAL_ASSIGN_OR_RETURN(t.bitset_idx,
                             ExactTensor<uint32_t>(nodes, "bitset_idx"));
  Value bitsets = predictor.Get("raw_left_cat_bitsets");
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* b, bitsets.AsArray());
  if (!b->bytes.empty()) {
    MODELSEAL_ASSIGN_OR_RETURN(t.raw_left_cat_bitsets,
                               ExactTensor<uint32_t>(bitsets));
  }
  return t;
}

Status HistGradientBoostingOf(const Value& est, const MapContext& ctx,
                              bool classifier, Mapped* out) {
  MODELSEAL_ASSIGN_OR_RETURN(std::string loss_name, StrParam(est, "loss"));
  HistGradientBoosting hgb;
  if (classifier) {
    if (loss_name != "log_loss") {
      return Unsupported(est, "loss '" + loss_name +
                                  "' is not supported (supported: log_loss)");
    }
    MODELSEAL_ASSIGN_OR_RETURN(int64_t k,
                               est.Get("n_trees_per_iteration_").AsInt());
    hgb.loss = k == 1 ? HgbLoss::kLogLossBinary : HgbLoss::kLogLossMulticlass;
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(
        hgb.loss, SupportedLoss<HgbLoss>(est, loss_name, kRegressionLosses));
  }
  MODELSEAL_ASSIGN_OR_RETURN(std::optional<Value> pre_encoder,
                             PreprocessorEncoder(est));
  std::optional<CategoryEncoder> encoder;
  std::optional<ColumnTransformer> string_encoder;
  if (pre_encoder) {
    MODELSEAL_ASSIGN_OR_RETURN(bool strings, HasStringCategories(*pre_encoder));
    if (strings) {
      MODELSEAL_ASSIGN_OR_RETURN(string_encoder,
                                 StringEncoderOf(est, *pre_encoder, ctx));
    } else {
      MODELSEAL_ASSIGN_OR_RETURN(encoder, NumericEncoderOf(est, *pre_encoder));
    }
  }
  Value predictors = est.Get("_predictors");
  MODELSEAL_ASSIGN_OR_RETURN(size_t n_iter, predictors.Size());
  for (size_t i = 0; i < n_iter; ++i) {
    Value iteration = predictors.At(i);
    MODELSEAL_ASSIGN_OR_RETURN(size_t k, iteration.Size());
    for (size_t j = 0; j < k; ++j) {
      MODELSEAL_ASSIGN_OR_RETURN(HistTree t, HistTreeOf(iteration.At(j)));
      hgb.trees.push_back(std::move(t));
    }
  }
  hgb.n_iter = n_iter;
  Value baseline = est.Get("_baseline_prediction");
  if (baseline.kind() == Node::Kind::kFloat) {
    hgb.baseline = Tensor::FromVector(std::vector<double>{*baseline.AsFloat()});
  } else {
    MODELSEAL_ASSIGN_OR_RETURN(Elements<double> b, baseline.Numeric<double>());
    hgb.baseline = Tensor::FromVector(std::move(b.values));
  }
  Mapped m;
  if (encoder || string_encoder) {
    MODELSEAL_RETURN_IF_ERROR(KnownCategories(est, &hgb));
    Pipeline p;
    p.steps.resize(2);
    if (encoder) {
      p.steps[0].kind = std::move(*encoder);
    } else {
      p.steps[0].kind = std::move(*string_encoder);
    }
    p.steps[1].kind = std::move(hgb);
    m.estimator.kind = std::move(p);
  } else {
    m.estimator.kind = std::move(hgb);
  }
  if (classifier) {
    MODELSEAL_ASSIGN_OR_RETURN(m.output, ClassifierOutput(est));
  } else {
    m.output = RegressionOutput(1);
  }
  *out = std::move(m);
  return Status();
}

}  // namespace

Status MapHistGradientBoostingClassifier(const Value& est,
                                         const MapContext& ctx, Mapped* out) {
  return HistGradientBoostingOf(est, ctx, true, out);
}
Status MapHistGradientBoostingRegressor(const Value& est, const MapContext& ctx,
                                        Mapped* out) {
  return HistGradientBoostingOf(est, ctx, false, out);
}

}  // namespace modelseal::mapper
