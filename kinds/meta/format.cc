// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of the meta-estimators (format/model.fbs):
// ThresholdClassifier and Voting. The reader (Read*) and the writer (Write*).
// Compiled into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

Status Converter::ReadThresholdClassifier(const void* value,
                                          const std::string& ctx,
                                          uint64_t depth, Estimator* out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  const auto* t = static_cast<const fbs::ThresholdClassifier*>(value);
  if (t == nullptr || t->estimator() == nullptr) return Missing(ctx);
  const std::string estimator_ctx = JoinContext(ctx, "estimator");
  if (t->estimator()->size() != 1) {
    return Status(ErrorCode::kThresholdEstimator, estimator_ctx,
                  std::to_string(t->estimator()->size()) +
                      " estimators, expected exactly 1");
  }
  ThresholdClassifier k;
  const auto* entry = t->estimator()->Get(0);
  const std::string entry_ctx = IndexContext(estimator_ctx, 0);
  if (entry == nullptr) return Missing(entry_ctx);
  k.estimator.resize(1);
  MODELSEAL_RETURN_IF_ERROR(ConvertEstimator(entry->estimator_type(),
                                             entry->estimator(), entry_ctx,
                                             depth + 1, &k.estimator[0]));
  k.response =
      static_cast<ThresholdResponse>(static_cast<uint8_t>(t->response()));
  k.threshold = t->threshold();
  k.source = static_cast<ThresholdSource>(static_cast<uint8_t>(t->source()));
  k.positive = t->positive();
  out->kind = std::move(k);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteThresholdClassifier(
    const ThresholdClassifier& k) {
  std::vector<Offset<fbs::EstimatorEntry>> entries;
  for (const auto& e : k.estimator) {
    auto [type, value] = BuildEstimator(e);
    entries.push_back(fbs::CreateEstimatorEntry(fbb_, type, value));
  }
  auto entries_vec = fbb_.CreateVector(entries);
  return fbs::CreateThresholdClassifier(
             fbb_, entries_vec, static_cast<fbs::ThresholdResponse>(k.response),
             k.threshold, static_cast<fbs::ThresholdSource>(k.source),
             k.positive)
      .Union();
}

Status Converter::ReadVoting(const void* value, const std::string& ctx,
                             uint64_t depth, Estimator* out) {
  if (depth > limits::kMaxNestingDepth) {
    return Status(ErrorCode::kNestingTooDeep, ctx,
                  "depth " + std::to_string(depth) + ", limit " +
                      std::to_string(limits::kMaxNestingDepth));
  }
  const auto* v = static_cast<const fbs::Voting*>(value);
  if (v == nullptr || v->estimators() == nullptr) return Missing(ctx);
  const auto* entries = v->estimators();
  const std::string list_ctx = JoinContext(ctx, "estimators");
  if (entries->size() < 1 || entries->size() > limits::kMaxPipelineSteps) {
    return Status(ErrorCode::kVotingEstimators, list_ctx,
                  std::to_string(entries->size()) +
                      " estimators, expected 1 to " +
                      std::to_string(limits::kMaxPipelineSteps));
  }
  Voting k;
  k.estimators.resize(entries->size());
  for (flatbuffers::uoffset_t i = 0; i < entries->size(); ++i) {
    const auto* entry = entries->Get(i);
    const std::string entry_ctx = IndexContext(list_ctx, i);
    if (entry == nullptr) return Missing(entry_ctx);
    MODELSEAL_RETURN_IF_ERROR(ConvertEstimator(entry->estimator_type(),
                                               entry->estimator(), entry_ctx,
                                               depth + 1, &k.estimators[i]));
  }
  MODELSEAL_RETURN_IF_ERROR(
      Ref(v->weights(), JoinContext(ctx, "weights"), &k.weights));
  k.rule = static_cast<VotingRule>(static_cast<uint8_t>(v->rule()));
  out->kind = std::move(k);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteVoting(const Voting& k) {
  std::vector<Offset<fbs::EstimatorEntry>> entries;
  entries.reserve(k.estimators.size());
  for (const auto& e : k.estimators) {
    auto [type, value] = BuildEstimator(e);
    entries.push_back(fbs::CreateEstimatorEntry(fbb_, type, value));
  }
  auto entries_vec = fbb_.CreateVector(entries);
  int32_t weights = Add(k.weights);
  return fbs::CreateVoting(fbb_, entries_vec, weights,
                           static_cast<fbs::VotingRule>(k.rule))
      .Union();
}

}  // namespace modelseal::format_internal
