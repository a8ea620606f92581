// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The helpers ValidateModel's rules share (format/SPEC.md §4 tensor rules,
// strings, tree and boosting checks) and the per-kind rule functions the
// registry in format/validate.cc calls (one per line of kinds/kinds.def,
// defined in kinds/<family>/validate.cc). Private to the format library.
#ifndef MODELSEAL_FORMAT_VALIDATE_INTERNAL_H_
#define MODELSEAL_FORMAT_VALIDATE_INTERNAL_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/context_path.h"  // JoinContext, IndexContext
#include "modelseal/error.h"
#include "modelseal/model.h"

namespace modelseal::format_internal {

constexpr uint64_t kAny = std::numeric_limits<uint64_t>::max();

std::string ShapeString(const std::vector<uint64_t>& shape);
Status CheckString(const std::string& s, const std::string& ctx, uint64_t max,
                   bool required);
Status CheckListSize(uint64_t size, uint64_t max, const std::string& ctx);
Status CheckFinite(double v, const std::string& ctx);
// The rules every present tensor obeys whatever its field (SPEC §4): known
// dtype, rank 1..kMaxRank, element count bounded and consistent with the
// byte length, data aligned for the dtype.
Status CheckTensorIntegrity(const Tensor& t, const std::string& ctx);
// Checks a tensor field: presence, integrity, dtype and shape (kAny matches
// any extent).
Status ExpectTensor(const Tensor& t, const std::string& ctx, DType dtype,
                    const std::vector<uint64_t>& shape, bool required);
Status CheckAllFinite(const Tensor& t, const std::string& ctx);
// Every entry of the f64 tensor `t` finite and > 0, else `code` at the first
// that is not: "<value> is not finite and > 0", then " (<what>)" if given.
Status CheckAllPositive(const Tensor& t, const std::string& ctx, ErrorCode code,
                        const std::string& what = {});
// A kind's tensor field of exactly `dtype` and `shape`: otherwise `code` at
// ctx, "<dtype> <shape> (or absent), expected <dtype> <shape> <why>"; then
// ExpectTensor's integrity checks.
Status ExpectKindTensor(const Tensor& t, const std::string& ctx, DType dtype,
                        const std::vector<uint64_t>& shape, ErrorCode code,
                        const std::string& why);
Status CheckFlags(const Tensor& t, const std::string& ctx);
// A kind's enum field: E171 UnknownEnum at ctx, "<what> <value>", unless
// the stored value is one of the enum's.
template <typename E>
Status KnownEnum(E value, const std::string& ctx, const char* what) {
  if (IsKnown(value)) return Status::Ok();
  return Status(
      ErrorCode::kUnknownEnum, ctx,
      std::string(what) + " " + std::to_string(static_cast<uint8_t>(value)));
}

// Fails with `code` at ctx[i] for the first v[i] not above v[i - 1].
template <typename Span>
Status CheckStrictlyIncreasing(const Span& v, ErrorCode code,
                               const std::string& ctx) {
  for (size_t i = 1; i < v.size(); ++i) {
    if (!(v[i - 1] < v[i])) {
      return Status(
          code, IndexContext(ctx, i),
          std::to_string(v[i]) + " after " + std::to_string(v[i - 1]));
    }
  }
  return Status::Ok();
}

Status CheckNodeCount(uint64_t nodes, const std::string& ctx);

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
        return Status(ErrorCode::kTreeNotATree,
                      IndexContext(JoinContext(ctx, left_name), i),
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

// What the final estimator must produce (from a validated OutputSpec).
struct Out {
  Task task;
  uint64_t n_outputs;
  std::vector<uint64_t> n_classes;  // per output, classification only
  uint64_t max_classes = 0;
};

Status TaskMismatch(const std::string& ctx, const char* kind, const Out& out);
// A transformer kind, a Pipeline whose last step is a transformer, or a
// ColumnTransformer.
bool IsTransformer(const Estimator& e);
// The checks of a transformer that is the model's final estimator: task
// Transform (E174) and n_outputs == its output width (E163).
Status CheckFinalTransform(const std::string& ctx, const char* what,
                           const Out& out, uint64_t width);

// The format_minor a file holding `m` needs (SPEC §10): 1 when it uses a
// format 1.1 feature (input.columns, or a kind after MaxAbsScaler anywhere
// in the estimator), else 0. The writer writes it; the reader refuses a
// file whose format_minor is below it (kMinorVersionFeature).
uint16_t RequiredFormatMinor(const Model& m);

enum class Role { kStep, kFinal };

Status ValidateEstimator(const Estimator& e, const std::string& ctx,
                         uint64_t n_in, uint64_t depth, Role role,
                         const Out& out, uint64_t* width_out);

// Trees (kinds/trees/validate.cc), also used by GradientBoosting.
// A scikit-learn tree_ (SPEC §8.1).
Status ValidateTree(const Tree& t, const std::string& ctx, uint64_t n_features,
                    uint64_t n_outputs, uint64_t width);
uint64_t TreeWidth(const Out& out);
Status CheckTreeList(size_t size, const std::string& ctx);
// Boosting: K columns of raw scores from the loss and the classes.
Status BoostingColumns(bool classification_loss, bool multiclass_loss,
                       const std::string& loss_ctx, const char* kind,
                       const Out& out, uint64_t* k);
Status CheckStages(uint64_t stages, uint64_t k, size_t trees,
                   const std::string& ctx, const char* stages_name);

// The per-kind rules, by role (kinds/kinds.def). A transformer's function
// checks its fields against its input width n_in and sets its output width
// (the driver then checks the width is in [1, kMaxFeatures], its place in
// the pipeline and the output spec); a predictor's checks its fields and the
// output spec `out` (the driver has checked it is the last step); a
// composite's does everything itself.
#define MODELSEAL_VALIDATE_kTransformer(K)                              \
  Status Validate##K(const K& k, const std::string& ctx, uint64_t n_in, \
                     uint64_t* width_out);
#define MODELSEAL_VALIDATE_kPredictor(K)                                \
  Status Validate##K(const K& k, const std::string& ctx, uint64_t n_in, \
                     const Out& out);
#define MODELSEAL_VALIDATE_kComposite(K)                                \
  Status Validate##K(const K& k, const std::string& ctx, uint64_t n_in, \
                     uint64_t depth, Role role, const Out& out,         \
                     uint64_t* width_out);
#define MODELSEAL_KIND(K, role) MODELSEAL_VALIDATE_##role(K)
#include "kinds/kinds.def"
#undef MODELSEAL_KIND
#undef MODELSEAL_VALIDATE_kTransformer
#undef MODELSEAL_VALIDATE_kPredictor
#undef MODELSEAL_VALIDATE_kComposite

}  // namespace modelseal::format_internal

#endif  // MODELSEAL_FORMAT_VALIDATE_INTERNAL_H_
