// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of the composition kinds (format/model.fbs, format
// 1.1): Passthrough, ColumnTransformer, FeatureUnion and
// TransformedTargetRegressor. The reader (Read*) and
// the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

Status Converter::ReadPassthrough(const void* value, const std::string& ctx,
                                  uint64_t /*depth*/, Estimator* out) {
  if (value == nullptr) return Missing(ctx);
  out->kind = Passthrough{};
  return Status::Ok();
}

Status Converter::ReadColumnTransformer(const void* value,
                                        const std::string& ctx, uint64_t depth,
                                        Estimator* out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  const auto* t = static_cast<const fbs::ColumnTransformer*>(value);
  if (t == nullptr || t->groups() == nullptr) return Missing(ctx);
  const auto* groups = t->groups();
  const std::string groups_ctx = JoinContext(ctx, "groups");
  if (groups->size() < 1 || groups->size() > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kColumnGroupCount, groups_ctx,
                  std::to_string(groups->size()) + " groups, expected 1 to " +
                      std::to_string(limits::kMaxPipelineSteps));
  }
  ColumnTransformer transformer;
  transformer.groups.resize(groups->size());
  for (flatbuffers::uoffset_t i = 0; i < groups->size(); ++i) {
    const auto* g = groups->Get(i);
    const std::string group_ctx = IndexContext(groups_ctx, i);
    if (g == nullptr || g->columns() == nullptr ||
        g->transformer() == nullptr) {
      return Missing(group_ctx);
    }
    ColumnGroup& group = transformer.groups[i];
    const std::string columns_ctx = JoinContext(group_ctx, "columns");
    const auto* columns = g->columns();
    if (columns->size() > 0 &&
        reinterpret_cast<uintptr_t>(columns->data()) % 8 != 0) {
      return Status(ErrorCode::kManifestVerify, columns_ctx,
                    "vector of 8-byte elements not 8-byte aligned");
    }
    if (columns->size() > limits::kMaxFeatures) {
      return Status(ErrorCode::kColumnGroupColumns, columns_ctx,
                    std::to_string(columns->size()) + " columns, limit " +
                        std::to_string(limits::kMaxFeatures));
    }
    group.columns.reserve(columns->size());
    for (flatbuffers::uoffset_t c = 0; c < columns->size(); ++c) {
      group.columns.push_back(columns->Get(c));
    }
    const auto* entries = g->transformer();
    const std::string transformer_ctx = JoinContext(group_ctx, "transformer");
    if (entries->size() != 1) {
      return Status(ErrorCode::kColumnGroupTransformer, transformer_ctx,
                    std::to_string(entries->size()) +
                        " transformers, expected exactly 1");
    }
    const auto* entry = entries->Get(0);
    const std::string entry_ctx = IndexContext(transformer_ctx, 0);
    if (entry == nullptr) return Missing(entry_ctx);
    group.transformer.resize(1);
    MODELSEAL_RETURN_IF_ERROR(
        ConvertEstimator(entry->estimator_type(), entry->estimator(), entry_ctx,
                         depth + 1, &group.transformer[0]));
  }
  out->kind = std::move(transformer);
  return Status::Ok();
}

Status Converter::ReadFeatureUnion(const void* value, const std::string& ctx,
                                   uint64_t depth, Estimator* out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  const auto* u = static_cast<const fbs::FeatureUnion*>(value);
  if (u == nullptr || u->transformers() == nullptr) return Missing(ctx);
  const auto* entries = u->transformers();
  const std::string list_ctx = JoinContext(ctx, "transformers");
  if (entries->size() < 1 || entries->size() > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kUnionTransformerCount, list_ctx,
                  std::to_string(entries->size()) +
                      " transformers, expected 1 to " +
                      std::to_string(limits::kMaxPipelineSteps));
  }
  FeatureUnion un;
  un.transformers.resize(entries->size());
  for (flatbuffers::uoffset_t i = 0; i < entries->size(); ++i) {
    const auto* entry = entries->Get(i);
    const std::string entry_ctx = IndexContext(list_ctx, i);
    if (entry == nullptr) return Missing(entry_ctx);
    MODELSEAL_RETURN_IF_ERROR(ConvertEstimator(entry->estimator_type(),
                                               entry->estimator(), entry_ctx,
                                               depth + 1, &un.transformers[i]));
  }
  MODELSEAL_RETURN_IF_ERROR(
      Ref(u->weights(), JoinContext(ctx, "weights"), &un.weights));
  out->kind = std::move(un);
  return Status::Ok();
}

Status Converter::ReadTransformedTargetRegressor(const void* value,
                                                 const std::string& ctx,
                                                 uint64_t depth,
                                                 Estimator* out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  const auto* t = static_cast<const fbs::TransformedTargetRegressor*>(value);
  if (t == nullptr || t->regressor() == nullptr || t->inverse() == nullptr) {
    return Missing(ctx);
  }
  const std::string regressor_ctx = JoinContext(ctx, "regressor");
  if (t->regressor()->size() != 1) {
    return Status(ErrorCode::kTargetRegressor, regressor_ctx,
                  std::to_string(t->regressor()->size()) +
                      " regressors, expected exactly 1");
  }
  const std::string inverse_ctx = JoinContext(ctx, "inverse");
  if (t->inverse()->size() > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kTargetStepCount, inverse_ctx,
                  std::to_string(t->inverse()->size()) + " steps, limit " +
                      std::to_string(limits::kMaxPipelineSteps));
  }
  TransformedTargetRegressor r;
  const auto* entry = t->regressor()->Get(0);
  const std::string entry_ctx = IndexContext(regressor_ctx, 0);
  if (entry == nullptr) return Missing(entry_ctx);
  r.regressor.resize(1);
  MODELSEAL_RETURN_IF_ERROR(ConvertEstimator(entry->estimator_type(),
                                             entry->estimator(), entry_ctx,
                                             depth + 1, &r.regressor[0]));
  r.inverse.resize(t->inverse()->size());
  for (flatbuffers::uoffset_t i = 0; i < t->inverse()->size(); ++i) {
    const auto* s = t->inverse()->Get(i);
    const std::string step_ctx = IndexContext(inverse_ctx, i);
    if (s == nullptr) return Missing(step_ctx);
    InverseStep& step = r.inverse[i];
    step.check = static_cast<TargetCheck>(static_cast<uint8_t>(s->check()));
    step.op = static_cast<TargetOp>(static_cast<uint8_t>(s->op()));
    step.func = static_cast<Ufunc>(static_cast<uint8_t>(s->func()));
    MODELSEAL_RETURN_IF_ERROR(
        Ref(s->values(), JoinContext(step_ctx, "values"), &step.values));
  }
  out->kind = std::move(r);
  return Status::Ok();
}

Offset<void> ManifestWriter::WritePassthrough(const Passthrough& /*k*/) {
  return fbs::CreatePassthrough(fbb_).Union();
}

Offset<void> ManifestWriter::WriteColumnTransformer(
    const ColumnTransformer& k) {
  std::vector<Offset<fbs::ColumnGroup>> groups;
  groups.reserve(k.groups.size());
  for (const auto& g : k.groups) {
    auto columns = fbb_.CreateVector(g.columns);
    std::vector<Offset<fbs::EstimatorEntry>> entries;
    for (const auto& e : g.transformer) {
      auto [type, value] = BuildEstimator(e);
      entries.push_back(fbs::CreateEstimatorEntry(fbb_, type, value));
    }
    auto entries_vec = fbb_.CreateVector(entries);
    groups.push_back(fbs::CreateColumnGroup(fbb_, columns, entries_vec));
  }
  auto groups_vec = fbb_.CreateVector(groups);
  return fbs::CreateColumnTransformer(fbb_, groups_vec).Union();
}

Offset<void> ManifestWriter::WriteFeatureUnion(const FeatureUnion& k) {
  std::vector<Offset<fbs::EstimatorEntry>> entries;
  entries.reserve(k.transformers.size());
  for (const auto& e : k.transformers) {
    auto [type, value] = BuildEstimator(e);
    entries.push_back(fbs::CreateEstimatorEntry(fbb_, type, value));
  }
  auto entries_vec = fbb_.CreateVector(entries);
  int32_t weights = Add(k.weights);
  return fbs::CreateFeatureUnion(fbb_, entries_vec, weights).Union();
}

Offset<void> ManifestWriter::WriteTransformedTargetRegressor(
    const TransformedTargetRegressor& k) {
  std::vector<Offset<fbs::EstimatorEntry>> entries;
  for (const auto& e : k.regressor) {
    auto [type, value] = BuildEstimator(e);
    entries.push_back(fbs::CreateEstimatorEntry(fbb_, type, value));
  }
  auto entries_vec = fbb_.CreateVector(entries);
  std::vector<Offset<fbs::InverseStep>> steps;
  steps.reserve(k.inverse.size());
  for (const InverseStep& s : k.inverse) {
    steps.push_back(
        fbs::CreateInverseStep(fbb_, static_cast<fbs::TargetCheck>(s.check),
                               static_cast<fbs::TargetOp>(s.op), Add(s.values),
                               static_cast<fbs::Ufunc>(s.func)));
  }
  auto steps_vec = fbb_.CreateVector(steps);
  return fbs::CreateTransformedTargetRegressor(fbb_, entries_vec, steps_vec)
      .Union();
}

}  // namespace modelseal::format_internal
