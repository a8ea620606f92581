// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Validation of HistGradientBoosting (format/SPEC.md §8.4); compiled into the
// format library.
#include <cmath>
#include <cstdint>
#include <string>

#include "format/validate_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {
namespace {

// One HistGradientBoosting predictor (SPEC §8.4). `f_idx_map` is the
// model's (absent when no feature is categorical).
Status ValidateHistTree(const HistTree& t, const std::string& ctx,
                        uint64_t n_features, const Tensor& f_idx_map) {
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.value, JoinContext(ctx, "value"),
                                         DType::kFloat64, {kAny}, true));
  const uint64_t nodes = t.value.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(CheckNodeCount(nodes, ctx));
  struct Field {
    const Tensor& t;
    const char* name;
    DType dtype;
  };
  const Field fields[] = {
      {t.feature_idx, "feature_idx", DType::kUInt32},
      {t.num_threshold, "num_threshold", DType::kFloat64},
      {t.missing_go_to_left, "missing_go_to_left", DType::kUInt8},
      {t.left, "left", DType::kUInt32},
      {t.right, "right", DType::kUInt32},
      {t.is_leaf, "is_leaf", DType::kUInt8},
      {t.is_categorical, "is_categorical", DType::kUInt8},
      {t.bitset_idx, "bitset_idx", DType::kUInt32},
  };
  for (const Field& f : fields) {
    MODELSEAL_RETURN_IF_ERROR(
        ExpectTensor(f.t, JoinContext(ctx, f.name), f.dtype, {nodes}, true));
  }
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(
      t.raw_left_cat_bitsets, JoinContext(ctx, "raw_left_cat_bitsets"),
      DType::kUInt32, {kAny, 8}, false));
  MODELSEAL_RETURN_IF_ERROR(
      CheckFlags(t.missing_go_to_left, JoinContext(ctx, "missing_go_to_left")));
  MODELSEAL_RETURN_IF_ERROR(CheckFlags(t.is_leaf, JoinContext(ctx, "is_leaf")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckFlags(t.is_categorical, JoinContext(ctx, "is_categorical")));
  const uint64_t n_bitsets =
      t.raw_left_cat_bitsets.present() ? t.raw_left_cat_bitsets.shape()[0] : 0;
  auto is_leaf = t.is_leaf.span<uint8_t>();
  auto left = t.left.span<uint32_t>();
  auto right = t.right.span<uint32_t>();
  auto feature = t.feature_idx.span<uint32_t>();
  auto is_cat = t.is_categorical.span<uint8_t>();
  auto bitset_idx = t.bitset_idx.span<uint32_t>();
  auto threshold = t.num_threshold.span<double>();
  auto cat_map = f_idx_map.span<int32_t>();
  for (uint64_t i = 0; i < nodes; ++i) {
    if (is_leaf[i]) continue;
    if (left[i] >= nodes) {
      return Status(ErrorCode::kTreeChild,
                    IndexContext(JoinContext(ctx, "left"), i),
                    std::to_string(left[i]) + " out of range [0, " +
                        std::to_string(nodes) + ")");
    }
    if (right[i] >= nodes) {
      return Status(ErrorCode::kTreeChild,
                    IndexContext(JoinContext(ctx, "right"), i),
                    std::to_string(right[i]) + " out of range [0, " +
                        std::to_string(nodes) + ")");
    }
    if (feature[i] >= n_features) {
      return Status(ErrorCode::kTreeFeature,
                    IndexContext(JoinContext(ctx, "feature_idx"), i),
                    std::to_string(feature[i]) + " out of range [0, " +
                        std::to_string(n_features) + ")");
    }
    if (is_cat[i]) {
      if (bitset_idx[i] >= n_bitsets) {
        return Status(ErrorCode::kBitsetIndex,
                      IndexContext(JoinContext(ctx, "bitset_idx"), i),
                      std::to_string(bitset_idx[i]) + " out of range [0, " +
                          std::to_string(n_bitsets) + ")");
      }
      if (cat_map.empty() || cat_map[feature[i]] < 0) {
        return Status(
            ErrorCode::kCategoricalMap,
            IndexContext(JoinContext(ctx, "is_categorical"), i),
            "feature " + std::to_string(feature[i]) + " is not categorical");
      }
    } else if (std::isnan(threshold[i])) {
      return Status(ErrorCode::kValueNotFinite,
                    IndexContext(JoinContext(ctx, "num_threshold"), i), "nan");
    }
  }
  MODELSEAL_RETURN_IF_ERROR(CheckIsTree(
      nodes, ctx, "left", [&](uint64_t i, uint64_t* l, uint64_t* r) {
        if (is_leaf[i]) return false;
        *l = left[i];
        *r = right[i];
        return true;
      }));
  return CheckAllFinite(t.value, JoinContext(ctx, "value"));
}

}  // namespace

Status ValidateHistGradientBoosting(const HistGradientBoosting& h,
                                    const std::string& ctx, uint64_t n_in,
                                    const Out& out) {
  if (out.task == Task::kTransform) {
    return TaskMismatch(ctx, "HistGradientBoosting", out);
  }
  if (!IsKnown(h.loss)) {
    return Status(ErrorCode::kUnknownEnum, JoinContext(ctx, "loss"),
                  "HgbLoss " + std::to_string(static_cast<uint8_t>(h.loss)));
  }
  uint64_t k = 1;
  MODELSEAL_RETURN_IF_ERROR(BoostingColumns(
      IsClassifierLoss(h.loss), IsMulticlassLoss(h.loss),
      JoinContext(ctx, "loss"), "HistGradientBoosting", out, &k));
  MODELSEAL_RETURN_IF_ERROR(
      CheckTreeList(h.trees.size(), JoinContext(ctx, "trees")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckStages(h.n_iter, k, h.trees.size(), ctx, "n_iter"));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(
      h.baseline, JoinContext(ctx, "baseline"), DType::kFloat64, {k}, true));
  MODELSEAL_RETURN_IF_ERROR(
      CheckAllFinite(h.baseline, JoinContext(ctx, "baseline")));
  if (h.known_cat_bitsets.present() != h.f_idx_map.present()) {
    return Status(ErrorCode::kCategoricalMap, JoinContext(ctx, "f_idx_map"),
                  "known_cat_bitsets and f_idx_map must be both present or "
                  "both absent");
  }
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(h.known_cat_bitsets,
                                         JoinContext(ctx, "known_cat_bitsets"),
                                         DType::kUInt32, {kAny, 8}, false));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(h.f_idx_map,
                                         JoinContext(ctx, "f_idx_map"),
                                         DType::kInt32, {n_in}, false));
  if (h.known_cat_bitsets.present()) {
    const uint64_t m = h.known_cat_bitsets.shape()[0];
    auto map = h.f_idx_map.span<int32_t>();
    for (size_t i = 0; i < map.size(); ++i) {
      if (map[i] < -1 || (map[i] >= 0 && static_cast<uint64_t>(map[i]) >= m)) {
        return Status(ErrorCode::kCategoricalMap,
                      IndexContext(JoinContext(ctx, "f_idx_map"), i),
                      std::to_string(map[i]) + " out of range [-1, " +
                          std::to_string(m) + ")");
      }
    }
  }
  for (size_t i = 0; i < h.trees.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        ValidateHistTree(h.trees[i], IndexContext(JoinContext(ctx, "trees"), i),
                         n_in, h.f_idx_map));
  }
  return Status::Ok();
}

}  // namespace modelseal::format_internal
