// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// ValidateModel: the semantic rules of format/SPEC.md §5-§8 on an in-memory
// Model. It must be complete on its own (the loader runs it on what the
// sandbox returns): after it succeeds, every array access inference makes is
// in bounds. Nothing here recurses on untrusted depth except composite
// estimators, whose depth is checked before each level.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/checked_math.h"
#include "core/utf8.h"
#include "modelseal/format.h"
#include "modelseal/limits.h"

namespace modelseal {
namespace {

constexpr uint64_t kAny = std::numeric_limits<uint64_t>::max();

std::string Join(const std::string& ctx, std::string_view field) {
  if (ctx.empty()) return std::string(field);
  std::string out = ctx;
  out += '.';
  out += field;
  return out;
}

std::string At(const std::string& ctx, uint64_t i) {
  return ctx + "[" + std::to_string(i) + "]";
}

std::string ShapeString(const std::vector<uint64_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) out += ", ";
    out += shape[i] == kAny ? std::string("*") : std::to_string(shape[i]);
  }
  return out + "]";
}

Status CheckString(const std::string& s, const std::string& ctx, uint64_t max,
                   bool required) {
  if (s.size() > max) {
    return Status(
        ErrorCode::kStringTooLong, ctx,
        std::to_string(s.size()) + " bytes, limit " + std::to_string(max));
  }
  if (required && s.empty()) return Status(ErrorCode::kStringEmpty, ctx, "");
  if (!IsValidUtf8(s)) {
    return Status(ErrorCode::kStringNotUtf8, ctx, "invalid byte sequence");
  }
  return Status::Ok();
}

bool IsDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// "YYYY-MM-DDTHH:MM:SSZ" with month 01-12, day 01-31, hour 00-23, minute
// 00-59, second 00-60 (leap second); or empty.
Status CheckTimestamp(const std::string& s, const std::string& ctx) {
  MODELSEAL_RETURN_IF_ERROR(
      CheckString(s, ctx, limits::kMaxStringBytes, false));
  if (s.empty()) return Status::Ok();
  std::string_view v(s);
  bool shape_ok = v.size() == 20 && v[4] == '-' && v[7] == '-' &&
                  v[10] == 'T' && v[13] == ':' && v[16] == ':' &&
                  v[19] == 'Z' && IsDigits(v.substr(0, 4)) &&
                  IsDigits(v.substr(5, 2)) && IsDigits(v.substr(8, 2)) &&
                  IsDigits(v.substr(11, 2)) && IsDigits(v.substr(14, 2)) &&
                  IsDigits(v.substr(17, 2));
  if (!shape_ok || Num(v.substr(5, 2)) < 1 || Num(v.substr(5, 2)) > 12 ||
      Num(v.substr(8, 2)) < 1 || Num(v.substr(8, 2)) > 31 ||
      Num(v.substr(11, 2)) > 23 || Num(v.substr(14, 2)) > 59 ||
      Num(v.substr(17, 2)) > 60) {
    return Status(ErrorCode::kBadTimestamp, ctx, "'" + s + "'");
  }
  return Status::Ok();
}

// "sha256:" followed by 64 lowercase hex digits; or empty.
Status CheckHash(const std::string& s, const std::string& ctx) {
  MODELSEAL_RETURN_IF_ERROR(
      CheckString(s, ctx, limits::kMaxStringBytes, false));
  if (s.empty()) return Status::Ok();
  constexpr std::string_view kPrefix = "sha256:";
  bool ok = s.size() == kPrefix.size() + 64 && s.starts_with(kPrefix);
  for (size_t i = kPrefix.size(); ok && i < s.size(); ++i) {
    char c = s[i];
    ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
  if (!ok) {
    return Status(ErrorCode::kBadHash, ctx,
                  "expected sha256: and 64 lowercase hex digits");
  }
  return Status::Ok();
}

Status CheckListSize(uint64_t size, uint64_t max, const std::string& ctx) {
  if (size > max) {
    return Status(
        ErrorCode::kTooManyItems, ctx,
        std::to_string(size) + " items, limit " + std::to_string(max));
  }
  return Status::Ok();
}

Status CheckFinite(double v, const std::string& ctx) {
  if (!std::isfinite(v)) {
    return Status(ErrorCode::kValueNotFinite, ctx, std::to_string(v));
  }
  return Status::Ok();
}

// The rules every present tensor obeys whatever its field (SPEC §4): known
// dtype, rank 1..kMaxRank, element count bounded and consistent with the
// byte length, data aligned for the dtype.
Status CheckTensorIntegrity(const Tensor& t, const std::string& ctx) {
  if (!DTypeIsValid(static_cast<uint8_t>(t.dtype()))) {
    return Status(ErrorCode::kTensorDType, ctx,
                  "dtype " + std::to_string(static_cast<int>(t.dtype())));
  }
  if (t.rank() < 1 || t.rank() > limits::kMaxRank) {
    return Status(ErrorCode::kTensorRank, ctx,
                  "rank " + std::to_string(t.rank()) + " not in [1, " +
                      std::to_string(limits::kMaxRank) + "]");
  }
  uint64_t elements = 1;
  for (uint64_t d : t.shape()) {
    auto p = CheckedMul(elements, d);
    if (!p || *p > limits::kMaxTensorElements) {
      return Status(ErrorCode::kTensorTooLarge, ctx,
                    "shape " + ShapeString(t.shape()));
    }
    elements = *p;
  }
  auto bytes = CheckedMul(elements, DTypeSize(t.dtype()));
  if (!bytes || *bytes != t.nbytes()) {
    return Status(ErrorCode::kTensorLength, ctx,
                  std::to_string(t.nbytes()) + " bytes for shape " +
                      ShapeString(t.shape()) + " of " + DTypeName(t.dtype()));
  }
  if (t.nbytes() > 0 &&
      reinterpret_cast<uintptr_t>(t.data()) % DTypeSize(t.dtype()) != 0) {
    return Status(ErrorCode::kTensorMisaligned, ctx,
                  "data not aligned for " + std::string(DTypeName(t.dtype())));
  }
  return Status::Ok();
}

// Checks a tensor field: presence, integrity, dtype and shape (kAny matches
// any extent).
Status ExpectTensor(const Tensor& t, const std::string& ctx, DType dtype,
                    const std::vector<uint64_t>& shape, bool required) {
  if (!t.present()) {
    if (required) return Status(ErrorCode::kTensorMissing, ctx, "");
    return Status::Ok();
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTensorIntegrity(t, ctx));
  if (t.dtype() != dtype) {
    return Status(
        ErrorCode::kTensorWrongDType, ctx,
        std::string(DTypeName(t.dtype())) + ", expected " + DTypeName(dtype));
  }
  bool match = t.rank() == shape.size();
  for (size_t i = 0; match && i < shape.size(); ++i) {
    match = shape[i] == kAny || shape[i] == t.shape()[i];
  }
  if (!match) {
    return Status(ErrorCode::kTensorWrongShape, ctx,
                  ShapeString(t.shape()) + ", expected " + ShapeString(shape));
  }
  return Status::Ok();
}

Status CheckAllFinite(const Tensor& t, const std::string& ctx) {
  auto v = t.span<double>();
  for (size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      return Status(ErrorCode::kValueNotFinite, At(ctx, i),
                    std::to_string(v[i]));
    }
  }
  return Status::Ok();
}

Status CheckFlags(const Tensor& t, const std::string& ctx) {
  auto v = t.span<uint8_t>();
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] > 1) {
      return Status(ErrorCode::kScalarOutOfRange, At(ctx, i),
                    std::to_string(v[i]) + " is not 0 or 1");
    }
  }
  return Status::Ok();
}

// Fails with `code` at ctx[i] for the first v[i] not above v[i - 1].
template <typename Span>
Status CheckStrictlyIncreasing(const Span& v, ErrorCode code,
                               const std::string& ctx) {
  for (size_t i = 1; i < v.size(); ++i) {
    if (!(v[i - 1] < v[i])) {
      return Status(
          code, At(ctx, i),
          std::to_string(v[i]) + " after " + std::to_string(v[i - 1]));
    }
  }
  return Status::Ok();
}

Status CheckNodeCount(uint64_t nodes, const std::string& ctx) {
  if (nodes == 0) return Status(ErrorCode::kTreeEmpty, ctx, "");
  if (nodes > limits::kMaxTreeNodes) {
    return Status(ErrorCode::kTreeTooLarge, ctx,
                  std::to_string(nodes) + " nodes");
  }
  return Status::Ok();
}

// Walks from node 0 without recursion; `children(i, &l, &r)` returns false
// for a leaf. Fails unless every node is reached exactly once.
template <typename Children>
Status CheckIsTree(uint64_t nodes, const std::string& ctx,
                   const char* left_name, Children children) {
  std::vector<uint8_t> seen(nodes, 0);
  std::vector<uint64_t> stack{0};
  seen[0] = 1;
  uint64_t reached = 1;
  while (!stack.empty()) {
    uint64_t i = stack.back();
    stack.pop_back();
    uint64_t kids[2];
    if (!children(i, &kids[0], &kids[1])) continue;
    for (uint64_t c : kids) {
      if (seen[c]) {
        return Status(ErrorCode::kTreeNotATree, At(Join(ctx, left_name), i),
                      "node " + std::to_string(c) + " reached twice");
      }
      seen[c] = 1;
      ++reached;
      stack.push_back(c);
    }
  }
  if (reached != nodes) {
    uint64_t first = 0;
    while (first < nodes && seen[first]) ++first;
    return Status(
        ErrorCode::kTreeNotATree, ctx,
        "node " + std::to_string(first) + " not reachable from node 0");
  }
  return Status::Ok();
}

// True when every node of a scikit-learn tree passes the rules of
// ValidateTree and the children form a tree rooted at node 0 whose child
// indices are larger than their parent's. False says nothing: the caller
// runs the detailed checks then.
bool TreeFastPathOk(std::span<const int32_t> left,
                    std::span<const int32_t> right,
                    std::span<const int32_t> feature,
                    std::span<const double> threshold, uint64_t n_features) {
  const size_t nodes = left.size();
  if (nodes == 0) return false;
  // How many parents each node has, capped at 2; slot `nodes` takes the
  // writes of leaves and of nodes that already failed.
  std::vector<uint8_t> parents(nodes + 1, 0);
  const int64_t n = static_cast<int64_t>(nodes);
  bool bad = false;
  for (size_t i = 0; i < nodes; ++i) {
    const int64_t l = left[i], r = right[i];
    const int64_t self = static_cast<int64_t>(i);
    const bool leaf = l == -1;
    const int64_t f = feature[i];
    const double t = threshold[i];
    // Bitwise & and | on purpose: no branches on the data. No function call
    // on their right (clang's -Wbitwise-instead-of-logical): the span reads
    // are above and "not nan" is written t == t.
    const bool internal_ok = !leaf & (l > self) & (l < n) & (r > self) &
                             (r < n) & (static_cast<uint64_t>(f) < n_features) &
                             (t == t);
    bad |= (leaf != (r == -1)) | (!leaf & !internal_ok);
    const size_t a = internal_ok ? static_cast<size_t>(l) : nodes;
    const size_t b = internal_ok ? static_cast<size_t>(r) : nodes;
    parents[a] = static_cast<uint8_t>(parents[a] + (parents[a] < 2));
    parents[b] = static_cast<uint8_t>(parents[b] + (parents[b] < 2));
  }
  if (bad || parents[0] != 0) return false;
  uint8_t not_one = 0;  // no early exit: the loop vectorises
  for (size_t i = 1; i < nodes; ++i) not_one |= parents[i] ^ 1;
  return not_one == 0;
}

// A scikit-learn tree_ (SPEC §8.1).
Status ValidateTree(const Tree& t, const std::string& ctx, uint64_t n_features,
                    uint64_t n_outputs, uint64_t width) {
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.children_left,
                                         Join(ctx, "children_left"),
                                         DType::kInt32, {kAny}, true));
  const uint64_t nodes = t.children_left.shape()[0];
  MODELSEAL_RETURN_IF_ERROR(CheckNodeCount(nodes, ctx));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.children_right,
                                         Join(ctx, "children_right"),
                                         DType::kInt32, {nodes}, true));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.feature, Join(ctx, "feature"),
                                         DType::kInt32, {nodes}, true));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.threshold, Join(ctx, "threshold"),
                                         DType::kFloat64, {nodes}, true));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.value, Join(ctx, "value"),
                                         DType::kFloat64,
                                         {nodes, n_outputs, width}, true));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.missing_go_to_left,
                                         Join(ctx, "missing_go_to_left"),
                                         DType::kUInt8, {nodes}, false));
  MODELSEAL_RETURN_IF_ERROR(
      CheckFlags(t.missing_go_to_left, Join(ctx, "missing_go_to_left")));
  auto left = t.children_left.span<int32_t>();
  auto right = t.children_right.span<int32_t>();
  auto feature = t.feature.span<int32_t>();
  auto threshold = t.threshold.span<double>();
  const int64_t n = static_cast<int64_t>(nodes);
  // Fast path, without branches on the data: the node rules below, and the
  // shape of the tree when every child comes after its parent (scikit-learn
  // stores nodes in depth-first order): then node 0 is the root and every
  // other node has exactly one parent, so each is reached exactly once.
  // Anything else takes the detailed checks, which report the first error.
  if (TreeFastPathOk(left, right, feature, threshold, n_features)) {
    return CheckAllFinite(t.value, Join(ctx, "value"));
  }
  for (uint64_t i = 0; i < nodes; ++i) {
    const int64_t l = left[i], r = right[i];
    if (l < -1 || l >= n) {
      return Status(
          ErrorCode::kTreeChild, At(Join(ctx, "children_left"), i),
          std::to_string(l) + " out of range [-1, " + std::to_string(n) + ")");
    }
    if (r < -1 || r >= n) {
      return Status(
          ErrorCode::kTreeChild, At(Join(ctx, "children_right"), i),
          std::to_string(r) + " out of range [-1, " + std::to_string(n) + ")");
    }
    if ((l == -1) != (r == -1)) {
      return Status(
          ErrorCode::kTreeLeaf, At(Join(ctx, "children_left"), i),
          "left " + std::to_string(l) + ", right " + std::to_string(r));
    }
    if (l == -1) continue;
    if (feature[i] < 0 || static_cast<uint64_t>(feature[i]) >= n_features) {
      return Status(ErrorCode::kTreeFeature, At(Join(ctx, "feature"), i),
                    std::to_string(feature[i]) + " out of range [0, " +
                        std::to_string(n_features) + ")");
    }
    if (std::isnan(threshold[i])) {
      return Status(ErrorCode::kValueNotFinite, At(Join(ctx, "threshold"), i),
                    "nan");
    }
  }
  MODELSEAL_RETURN_IF_ERROR(CheckIsTree(
      nodes, ctx, "children_left", [&](uint64_t i, uint64_t* l, uint64_t* r) {
        if (left[i] < 0) return false;
        *l = static_cast<uint64_t>(left[i]);
        *r = static_cast<uint64_t>(right[i]);
        return true;
      }));
  return CheckAllFinite(t.value, Join(ctx, "value"));
}

// One HistGradientBoosting predictor (SPEC §8.4). `f_idx_map` is the
// model's (absent when no feature is categorical).
Status ValidateHistTree(const HistTree& t, const std::string& ctx,
                        uint64_t n_features, const Tensor& f_idx_map) {
  MODELSEAL_RETURN_IF_ERROR(
      ExpectTensor(t.value, Join(ctx, "value"), DType::kFloat64, {kAny}, true));
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
        ExpectTensor(f.t, Join(ctx, f.name), f.dtype, {nodes}, true));
  }
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(t.raw_left_cat_bitsets,
                                         Join(ctx, "raw_left_cat_bitsets"),
                                         DType::kUInt32, {kAny, 8}, false));
  MODELSEAL_RETURN_IF_ERROR(
      CheckFlags(t.missing_go_to_left, Join(ctx, "missing_go_to_left")));
  MODELSEAL_RETURN_IF_ERROR(CheckFlags(t.is_leaf, Join(ctx, "is_leaf")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckFlags(t.is_categorical, Join(ctx, "is_categorical")));
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
      return Status(ErrorCode::kTreeChild, At(Join(ctx, "left"), i),
                    std::to_string(left[i]) + " out of range [0, " +
                        std::to_string(nodes) + ")");
    }
    if (right[i] >= nodes) {
      return Status(ErrorCode::kTreeChild, At(Join(ctx, "right"), i),
                    std::to_string(right[i]) + " out of range [0, " +
                        std::to_string(nodes) + ")");
    }
    if (feature[i] >= n_features) {
      return Status(ErrorCode::kTreeFeature, At(Join(ctx, "feature_idx"), i),
                    std::to_string(feature[i]) + " out of range [0, " +
                        std::to_string(n_features) + ")");
    }
    if (is_cat[i]) {
      if (bitset_idx[i] >= n_bitsets) {
        return Status(ErrorCode::kBitsetIndex, At(Join(ctx, "bitset_idx"), i),
                      std::to_string(bitset_idx[i]) + " out of range [0, " +
                          std::to_string(n_bitsets) + ")");
      }
      if (cat_map.empty() || cat_map[feature[i]] < 0) {
        return Status(
            ErrorCode::kCategoricalMap, At(Join(ctx, "is_categorical"), i),
            "feature " + std::to_string(feature[i]) + " is not categorical");
      }
    } else if (std::isnan(threshold[i])) {
      return Status(ErrorCode::kValueNotFinite,
                    At(Join(ctx, "num_threshold"), i), "nan");
    }
  }
  MODELSEAL_RETURN_IF_ERROR(CheckIsTree(
      nodes, ctx, "left", [&](uint64_t i, uint64_t* l, uint64_t* r) {
        if (is_leaf[i]) return false;
        *l = left[i];
        *r = right[i];
        return true;
      }));
  return CheckAllFinite(t.value, Join(ctx, "value"));
}

// What the final estimator must produce (from a validated OutputSpec).
struct Out {
  Task task;
  uint64_t n_outputs;
  std::vector<uint64_t> n_classes;  // per output, classification only
  uint64_t max_classes = 0;
};

Status TaskMismatch(const std::string& ctx, const char* kind, const Out& out) {
  return Status(ErrorCode::kTaskMismatch, ctx,
                std::string(kind) + " cannot serve task " + EnumName(out.task));
}

bool IsTransformer(const Estimator& e) {
  if (std::holds_alternative<StandardScaler>(e.kind) ||
      std::holds_alternative<CategoryEncoder>(e.kind)) {
    return true;
  }
  const auto* p = std::get_if<Pipeline>(&e.kind);
  return p != nullptr && !p->steps.empty() && IsTransformer(p->steps.back());
}

enum class Role { kStep, kFinal };

Status ValidateEstimator(const Estimator& e, const std::string& ctx,
                         uint64_t n_in, uint64_t depth, Role role,
                         const Out& out, uint64_t* width_out);

Status ValidatePipeline(const Pipeline& p, const std::string& ctx,
                        uint64_t n_in, uint64_t depth, Role role,
                        const Out& out, uint64_t* width_out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  if (p.steps.empty() || p.steps.size() > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kPipelineShape, Join(ctx, "steps"),
                  std::to_string(p.steps.size()) + " steps, expected 1 to " +
                      std::to_string(limits::kMaxPipelineSteps));
  }
  uint64_t width = n_in;
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const bool last = i + 1 == p.steps.size();
    const std::string step_ctx = At(Join(ctx, "steps"), i);
    MODELSEAL_RETURN_IF_ERROR(
        ValidateEstimator(p.steps[i], step_ctx, width, depth + 1,
                          last ? role : Role::kStep, out, &width));
  }
  *width_out = width;
  return Status::Ok();
}

Status ValidateScaler(const StandardScaler& s, const std::string& ctx,
                      uint64_t n_in) {
  for (const auto& [t, name] :
       {std::pair<const Tensor&, const char*>(s.mean, "mean"),
        std::pair<const Tensor&, const char*>(s.scale, "scale")}) {
    std::string field_ctx = Join(ctx, name);
    MODELSEAL_RETURN_IF_ERROR(
        ExpectTensor(t, field_ctx, DType::kFloat64, {kAny}, false));
    if (!t.present()) continue;
    if (t.shape()[0] != n_in) {
      return Status(ErrorCode::kEstimatorFeatures, field_ctx,
                    std::to_string(t.shape()[0]) + " entries for " +
                        std::to_string(n_in) + " input features");
    }
    MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(t, field_ctx));
  }
  auto scale = s.scale.span<double>();
  for (size_t i = 0; i < scale.size(); ++i) {
    if (scale[i] == 0) {
      return Status(ErrorCode::kScalarOutOfRange, At(Join(ctx, "scale"), i),
                    "zero scale");
    }
  }
  return Status::Ok();
}

// HistGradientBoosting's categorical preprocessing (SPEC §7).
Status ValidateCategoryEncoder(const CategoryEncoder& c, const std::string& ctx,
                               uint64_t n_in) {
  const std::string columns_ctx = Join(ctx, "columns");
  if (c.columns.empty() || c.columns.size() > n_in) {
    return Status(ErrorCode::kCategoryColumnCount, columns_ctx,
                  std::to_string(c.columns.size()) +
                      " columns, expected 1 to " + std::to_string(n_in));
  }
  for (size_t i = 0; i < c.columns.size(); ++i) {
    const CategoryColumn& col = c.columns[i];
    const std::string col_ctx = At(columns_ctx, i);
    if (col.column >= n_in) {
      return Status(ErrorCode::kCategoryColumnRange, Join(col_ctx, "column"),
                    std::to_string(col.column) + " out of range [0, " +
                        std::to_string(n_in) + ")");
    }
    if (i > 0 && !(c.columns[i - 1].column < col.column)) {
      return Status(ErrorCode::kCategoryColumnOrder, Join(col_ctx, "column"),
                    std::to_string(col.column) + " after " +
                        std::to_string(c.columns[i - 1].column));
    }
    const std::string cats_ctx = Join(col_ctx, "categories");
    MODELSEAL_RETURN_IF_ERROR(
        ExpectTensor(col.categories, cats_ctx, DType::kFloat64, {kAny}, true));
    auto cats = col.categories.span<double>();
    if (cats.empty() || cats.size() > limits::kMaxCategories) {
      return Status(ErrorCode::kCategoryCount, cats_ctx,
                    std::to_string(cats.size()) +
                        " categories, expected 1 to " +
                        std::to_string(limits::kMaxCategories));
    }
    MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(col.categories, cats_ctx));
    MODELSEAL_RETURN_IF_ERROR(CheckStrictlyIncreasing(
        cats, ErrorCode::kCategoriesNotSorted, cats_ctx));
  }
  return Status::Ok();
}

Status ValidateLinear(const LinearModel& l, const std::string& ctx,
                      uint64_t n_in, const Out& out) {
  const uint8_t raw_output = static_cast<uint8_t>(l.output);
  if (raw_output < 1 || raw_output > 4) {
    return Status(ErrorCode::kUnknownEnum, Join(ctx, "output"),
                  "LinearOutput " + std::to_string(raw_output));
  }
  const bool regression = l.output == LinearOutput::kRegression;
  if (out.task == Task::kTransform ||
      regression != (out.task == Task::kRegression)) {
    return TaskMismatch(Join(ctx, "output"), "LinearModel", out);
  }
  uint64_t k;
  if (regression) {
    k = out.n_outputs;
  } else {
    if (out.n_outputs != 1) {
      return Status(ErrorCode::kOutputCount, "output.n_outputs",
                    "a linear classifier has 1 output, not " +
                        std::to_string(out.n_outputs));
    }
    k = out.n_classes[0] == 2 ? 1 : out.n_classes[0];
  }
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(l.coef, Join(ctx, "coef"),
                                         DType::kFloat64, {k, kAny}, true));
  if (l.coef.shape()[1] != n_in) {
    return Status(ErrorCode::kEstimatorFeatures, Join(ctx, "coef"),
                  std::to_string(l.coef.shape()[1]) + " columns for " +
                      std::to_string(n_in) + " input features");
  }
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(l.intercept, Join(ctx, "intercept"),
                                         DType::kFloat64, {k}, true));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(l.coef, Join(ctx, "coef")));
  return CheckAllFinite(l.intercept, Join(ctx, "intercept"));
}

uint64_t TreeWidth(const Out& out) {
  return out.task == Task::kClassification ? out.max_classes : 1;
}

Status CheckTreeList(size_t size, const std::string& ctx) {
  if (size > limits::kMaxTrees) {
    return Status(ErrorCode::kTooManyTrees, ctx,
                  std::to_string(size) + " trees, limit " +
                      std::to_string(limits::kMaxTrees));
  }
  return Status::Ok();
}

// Boosting: K columns of raw scores from the loss and the classes.
Status BoostingColumns(bool classification_loss, bool multiclass_loss,
                       const std::string& loss_ctx, const char* kind,
                       const Out& out, uint64_t* k) {
  if (out.task == Task::kTransform ||
      classification_loss != (out.task == Task::kClassification)) {
    return TaskMismatch(loss_ctx, kind, out);
  }
  if (out.n_outputs != 1) {
    return Status(ErrorCode::kOutputCount, "output.n_outputs",
                  std::string(kind) + " has 1 output, not " +
                      std::to_string(out.n_outputs));
  }
  *k = 1;
  if (classification_loss) {
    const uint64_t c = out.n_classes[0];
    if (multiclass_loss != (c > 2)) {
      return Status(ErrorCode::kTaskMismatch, loss_ctx,
                    std::string(multiclass_loss ? "multiclass" : "binary") +
                        " loss with " + std::to_string(c) + " classes");
    }
    if (multiclass_loss) *k = c;
  }
  return Status::Ok();
}

Status CheckStages(uint64_t stages, uint64_t k, size_t trees,
                   const std::string& ctx, const char* stages_name) {
  if (stages == 0) {
    return Status(ErrorCode::kScalarOutOfRange, Join(ctx, stages_name),
                  "must be at least 1");
  }
  auto expected = CheckedMul(stages, k);
  if (!expected || *expected != trees) {
    return Status(ErrorCode::kTreeCount, Join(ctx, "trees"),
                  std::to_string(trees) + " trees, expected " +
                      std::to_string(stages) + " * " + std::to_string(k));
  }
  return Status::Ok();
}

Status ValidateGradientBoosting(const GradientBoosting& g,
                                const std::string& ctx, uint64_t n_in,
                                const Out& out) {
  const uint8_t loss = static_cast<uint8_t>(g.loss);
  if (loss < 1 || loss > 7) {
    return Status(ErrorCode::kUnknownEnum, Join(ctx, "loss"),
                  "GbLoss " + std::to_string(loss));
  }
  uint64_t k = 1;
  MODELSEAL_RETURN_IF_ERROR(
      BoostingColumns(loss >= 5, g.loss == GbLoss::kLogLossMulticlass,
                      Join(ctx, "loss"), "GradientBoosting", out, &k));
  if (!std::isfinite(g.learning_rate) || !(g.learning_rate > 0)) {
    return Status(ErrorCode::kScalarOutOfRange, Join(ctx, "learning_rate"),
                  std::to_string(g.learning_rate) + " is not finite and > 0");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckTreeList(g.trees.size(), Join(ctx, "trees")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckStages(g.n_stages, k, g.trees.size(), ctx, "n_stages"));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(g.init_raw, Join(ctx, "init_raw"),
                                         DType::kFloat64, {k}, true));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(g.init_raw, Join(ctx, "init_raw")));
  for (size_t i = 0; i < g.trees.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        ValidateTree(g.trees[i], At(Join(ctx, "trees"), i), n_in, 1, 1));
  }
  return Status::Ok();
}

Status ValidateHistGradientBoosting(const HistGradientBoosting& h,
                                    const std::string& ctx, uint64_t n_in,
                                    const Out& out) {
  const uint8_t loss = static_cast<uint8_t>(h.loss);
  if (loss < 1 || loss > 7) {
    return Status(ErrorCode::kUnknownEnum, Join(ctx, "loss"),
                  "HgbLoss " + std::to_string(loss));
  }
  uint64_t k = 1;
  MODELSEAL_RETURN_IF_ERROR(
      BoostingColumns(loss >= 6, h.loss == HgbLoss::kLogLossMulticlass,
                      Join(ctx, "loss"), "HistGradientBoosting", out, &k));
  MODELSEAL_RETURN_IF_ERROR(CheckTreeList(h.trees.size(), Join(ctx, "trees")));
  MODELSEAL_RETURN_IF_ERROR(
      CheckStages(h.n_iter, k, h.trees.size(), ctx, "n_iter"));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(h.baseline, Join(ctx, "baseline"),
                                         DType::kFloat64, {k}, true));
  MODELSEAL_RETURN_IF_ERROR(CheckAllFinite(h.baseline, Join(ctx, "baseline")));
  if (h.known_cat_bitsets.present() != h.f_idx_map.present()) {
    return Status(ErrorCode::kCategoricalMap, Join(ctx, "f_idx_map"),
                  "known_cat_bitsets and f_idx_map must be both present or "
                  "both absent");
  }
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(h.known_cat_bitsets,
                                         Join(ctx, "known_cat_bitsets"),
                                         DType::kUInt32, {kAny, 8}, false));
  MODELSEAL_RETURN_IF_ERROR(ExpectTensor(h.f_idx_map, Join(ctx, "f_idx_map"),
                                         DType::kInt32, {n_in}, false));
  if (h.known_cat_bitsets.present()) {
    const uint64_t m = h.known_cat_bitsets.shape()[0];
    auto map = h.f_idx_map.span<int32_t>();
    for (size_t i = 0; i < map.size(); ++i) {
      if (map[i] < -1 || (map[i] >= 0 && static_cast<uint64_t>(map[i]) >= m)) {
        return Status(ErrorCode::kCategoricalMap, At(Join(ctx, "f_idx_map"), i),
                      std::to_string(map[i]) + " out of range [-1, " +
                          std::to_string(m) + ")");
      }
    }
  }
  for (size_t i = 0; i < h.trees.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(ValidateHistTree(
        h.trees[i], At(Join(ctx, "trees"), i), n_in, h.f_idx_map));
  }
  return Status::Ok();
}

Status ValidateEstimator(const Estimator& e, const std::string& ctx,
                         uint64_t n_in, uint64_t depth, Role role,
                         const Out& out, uint64_t* width_out) {
  if (e.kind.valueless_by_exception()) {
    return Status(ErrorCode::kUnknownEstimator, ctx, "no estimator");
  }
  if (const auto* p = std::get_if<Pipeline>(&e.kind)) {
    MODELSEAL_RETURN_IF_ERROR(
        ValidatePipeline(*p, ctx, n_in, depth, role, out, width_out));
    if (role == Role::kStep && !IsTransformer(e)) {
      return Status(ErrorCode::kPipelineShape, ctx,
                    "a pipeline ending in a predictor is not a transformer");
    }
    if (role == Role::kFinal && IsTransformer(e)) {
      // A pipeline of transformers is checked like a lone transformer.
      if (out.task != Task::kTransform) {
        return TaskMismatch(ctx, "a pipeline of transformers", out);
      }
      if (out.n_outputs != *width_out) {
        return Status(ErrorCode::kOutputCount, "output.n_outputs",
                      std::to_string(out.n_outputs) + ", the transform has " +
                          std::to_string(*width_out) + " columns");
      }
    }
    return Status::Ok();
  }
  if (const auto* s = std::get_if<StandardScaler>(&e.kind)) {
    MODELSEAL_RETURN_IF_ERROR(ValidateScaler(*s, ctx, n_in));
    *width_out = n_in;
    if (role == Role::kFinal) {
      if (out.task != Task::kTransform) {
        return TaskMismatch(ctx, "StandardScaler", out);
      }
      if (out.n_outputs != n_in) {
        return Status(ErrorCode::kOutputCount, "output.n_outputs",
                      std::to_string(out.n_outputs) + ", the transform has " +
                          std::to_string(n_in) + " columns");
      }
    }
    return Status::Ok();
  }
  if (const auto* c = std::get_if<CategoryEncoder>(&e.kind)) {
    MODELSEAL_RETURN_IF_ERROR(ValidateCategoryEncoder(*c, ctx, n_in));
    *width_out = n_in;
    if (role == Role::kFinal) {
      if (out.task != Task::kTransform) {
        return TaskMismatch(ctx, "CategoryEncoder", out);
      }
      if (out.n_outputs != n_in) {
        return Status(ErrorCode::kOutputCount, "output.n_outputs",
                      std::to_string(out.n_outputs) + ", the transform has " +
                          std::to_string(n_in) + " columns");
      }
    }
    return Status::Ok();
  }
  if (role == Role::kStep) {
    return Status(ErrorCode::kPipelineShape, ctx,
                  std::string(e.kind_name()) +
                      " is not a transformer and must be the last step");
  }
  *width_out = 0;
  if (const auto* l = std::get_if<LinearModel>(&e.kind)) {
    return ValidateLinear(*l, ctx, n_in, out);
  }
  if (out.task == Task::kTransform)
    return TaskMismatch(ctx, e.kind_name(), out);
  if (const auto* d = std::get_if<DecisionTree>(&e.kind)) {
    return ValidateTree(d->tree, Join(ctx, "tree"), n_in, out.n_outputs,
                        TreeWidth(out));
  }
  if (const auto* f = std::get_if<Forest>(&e.kind)) {
    MODELSEAL_RETURN_IF_ERROR(
        CheckTreeList(f->trees.size(), Join(ctx, "trees")));
    if (f->trees.empty()) {
      return Status(ErrorCode::kTreeCount, Join(ctx, "trees"),
                    "a forest needs at least one tree");
    }
    for (size_t i = 0; i < f->trees.size(); ++i) {
      MODELSEAL_RETURN_IF_ERROR(ValidateTree(f->trees[i],
                                             At(Join(ctx, "trees"), i), n_in,
                                             out.n_outputs, TreeWidth(out)));
    }
    return Status::Ok();
  }
  if (const auto* g = std::get_if<GradientBoosting>(&e.kind)) {
    return ValidateGradientBoosting(*g, ctx, n_in, out);
  }
  if (const auto* h = std::get_if<HistGradientBoosting>(&e.kind)) {
    return ValidateHistGradientBoosting(*h, ctx, n_in, out);
  }
  return Status(ErrorCode::kUnknownEstimator, ctx,
                "variant index " + std::to_string(e.kind.index()));
}

Status ValidateMetadata(const Metadata& m) {
  MODELSEAL_RETURN_IF_ERROR(
      CheckString(m.name, "metadata.name", limits::kMaxStringBytes, true));
  MODELSEAL_RETURN_IF_ERROR(CheckString(m.description, "metadata.description",
                                        limits::kMaxStringBytes, false));
  MODELSEAL_RETURN_IF_ERROR(CheckTimestamp(m.created, "metadata.created"));
  MODELSEAL_RETURN_IF_ERROR(CheckString(m.training_data.uri,
                                        "metadata.training_data.uri",
                                        limits::kMaxStringBytes, false));
  MODELSEAL_RETURN_IF_ERROR(CheckHash(m.training_data.content_hash,
                                      "metadata.training_data.content_hash"));
  MODELSEAL_RETURN_IF_ERROR(CheckListSize(m.training_data.shape.size(),
                                          limits::kMaxRank,
                                          "metadata.training_data.shape"));
  MODELSEAL_RETURN_IF_ERROR(CheckString(m.source.uri, "metadata.source.uri",
                                        limits::kMaxStringBytes, false));
  MODELSEAL_RETURN_IF_ERROR(
      CheckHash(m.source.content_hash, "metadata.source.content_hash"));
  MODELSEAL_RETURN_IF_ERROR(CheckString(m.source.text, "metadata.source.text",
                                        limits::kMaxSourceTextBytes, false));
  MODELSEAL_RETURN_IF_ERROR(CheckListSize(m.library_versions.size(),
                                          limits::kMaxListItems,
                                          "metadata.library_versions"));
  for (size_t i = 0; i < m.library_versions.size(); ++i) {
    const std::string ctx = At("metadata.library_versions", i);
    MODELSEAL_RETURN_IF_ERROR(CheckString(m.library_versions[i].name,
                                          Join(ctx, "name"),
                                          limits::kMaxStringBytes, true));
    MODELSEAL_RETURN_IF_ERROR(CheckString(m.library_versions[i].version,
                                          Join(ctx, "version"),
                                          limits::kMaxStringBytes, true));
  }
  MODELSEAL_RETURN_IF_ERROR(CheckListSize(
      m.cv_scores.size(), limits::kMaxListItems, "metadata.cv_scores"));
  for (size_t i = 0; i < m.cv_scores.size(); ++i) {
    const std::string ctx = At("metadata.cv_scores", i);
    MODELSEAL_RETURN_IF_ERROR(CheckString(m.cv_scores[i].scorer,
                                          Join(ctx, "scorer"),
                                          limits::kMaxStringBytes, true));
    MODELSEAL_RETURN_IF_ERROR(
        CheckFinite(m.cv_scores[i].mean, Join(ctx, "mean")));
    MODELSEAL_RETURN_IF_ERROR(
        CheckFinite(m.cv_scores[i].std, Join(ctx, "std")));
  }
  return Status::Ok();
}

Status ValidateInput(const InputSpec& in) {
  if (in.n_features < 1 || in.n_features > limits::kMaxFeatures) {
    return Status(ErrorCode::kFeatureCount, "input.n_features",
                  std::to_string(in.n_features) + " not in [1, " +
                      std::to_string(limits::kMaxFeatures) + "]");
  }
  MODELSEAL_RETURN_IF_ERROR(CheckListSize(
      in.feature_names.size(), limits::kMaxFeatures, "input.feature_names"));
  if (!in.feature_names.empty() && in.feature_names.size() != in.n_features) {
    return Status(ErrorCode::kFeatureNames, "input.feature_names",
                  std::to_string(in.feature_names.size()) + " names for " +
                      std::to_string(in.n_features) + " features");
  }
  for (size_t i = 0; i < in.feature_names.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(CheckString(in.feature_names[i],
                                          At("input.feature_names", i),
                                          limits::kMaxStringBytes, false));
  }
  return Status::Ok();
}

Status ValidateClassLabels(const ClassLabels& c, const std::string& ctx,
                           uint64_t* count) {
  if (c.int_labels.present() && !c.str_labels.empty()) {
    return Status(ErrorCode::kClassesKind, ctx, "both int64 and string labels");
  }
  if (c.int_labels.present()) {
    const std::string ictx = Join(ctx, "int_labels");
    MODELSEAL_RETURN_IF_ERROR(
        ExpectTensor(c.int_labels, ictx, DType::kInt64, {kAny}, true));
    auto v = c.int_labels.span<int64_t>();
    *count = v.size();
    if (v.size() < 2 || v.size() > limits::kMaxClasses) {
      return Status(ErrorCode::kClassesCount, ictx,
                    std::to_string(v.size()) + " classes, expected 2 to " +
                        std::to_string(limits::kMaxClasses));
    }
    return CheckStrictlyIncreasing(v, ErrorCode::kClassesNotSorted, ictx);
  }
  const std::string sctx = Join(ctx, "str_labels");
  const auto& s = c.str_labels;
  *count = s.size();
  if (s.size() < 2 || s.size() > limits::kMaxClasses) {
    return Status(ErrorCode::kClassesCount, sctx,
                  std::to_string(s.size()) + " classes, expected 2 to " +
                      std::to_string(limits::kMaxClasses));
  }
  for (size_t i = 0; i < s.size(); ++i) {
    MODELSEAL_RETURN_IF_ERROR(
        CheckString(s[i], At(sctx, i), limits::kMaxStringBytes, false));
    // Byte order of UTF-8 is code point order, numpy's order for str.
    if (i > 0 && !(s[i - 1] < s[i])) {
      return Status(ErrorCode::kClassesNotSorted, At(sctx, i),
                    "'" + s[i] + "' after '" + s[i - 1] + "'");
    }
  }
  return Status::Ok();
}

Status ValidateOutput(const OutputSpec& o, Out* out) {
  const uint8_t task = static_cast<uint8_t>(o.task);
  if (task < 1 || task > 3) {
    return Status(ErrorCode::kUnknownTask, "output.task",
                  "Task " + std::to_string(task));
  }
  if (o.n_outputs < 1 || o.n_outputs > limits::kMaxOutputs) {
    return Status(ErrorCode::kOutputCount, "output.n_outputs",
                  std::to_string(o.n_outputs) + " not in [1, " +
                      std::to_string(limits::kMaxOutputs) + "]");
  }
  out->task = o.task;
  out->n_outputs = o.n_outputs;
  const uint64_t expected = o.task == Task::kClassification ? o.n_outputs : 0;
  if (o.classes.size() != expected) {
    return Status(ErrorCode::kClassesCount, "output.classes",
                  std::to_string(o.classes.size()) + " label lists, expected " +
                      std::to_string(expected));
  }
  for (size_t i = 0; i < o.classes.size(); ++i) {
    uint64_t count = 0;
    MODELSEAL_RETURN_IF_ERROR(
        ValidateClassLabels(o.classes[i], At("output.classes", i), &count));
    out->n_classes.push_back(count);
    if (count > out->max_classes) out->max_classes = count;
  }
  return Status::Ok();
}

}  // namespace

Status ValidateModel(const Model& model) {
  if (model.format_major != kFormatMajor) {
    return Status(ErrorCode::kUnsupportedMajorVersion, "format_major",
                  std::to_string(model.format_major) + ", this reader knows " +
                      std::to_string(kFormatMajor));
  }
  MODELSEAL_RETURN_IF_ERROR(ValidateMetadata(model.metadata));
  MODELSEAL_RETURN_IF_ERROR(ValidateInput(model.input));
  Out out;
  MODELSEAL_RETURN_IF_ERROR(ValidateOutput(model.output, &out));
  uint64_t width = 0;
  return ValidateEstimator(model.estimator, "estimator", model.input.n_features,
                           1, Role::kFinal, out, &width);
}

}  // namespace modelseal
