// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of NaiveBayes (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadNaiveBayes(const void* value, const std::string& ctx,
                                 uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::NaiveBayes*>(value);
  if (s == nullptr) return Missing(ctx);
  NaiveBayes nb;
  nb.type = static_cast<NaiveBayesType>(static_cast<uint8_t>(s->type()));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->class_term(), JoinContext(ctx, "class_term"), &nb.class_term));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->theta(), JoinContext(ctx, "theta"), &nb.theta));
  MODELSEAL_RETURN_IF_ERROR(Ref(s->var(), JoinContext(ctx, "var"), &nb.var));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->log_norm(), JoinContext(ctx, "log_norm"), &nb.log_norm));
  MODELSEAL_RETURN_IF_ERROR(Ref(s->coef(), JoinContext(ctx, "coef"), &nb.coef));
  MODELSEAL_RETURN_IF_ERROR(Ref(
      s->n_categories(), JoinContext(ctx, "n_categories"), &nb.n_categories));
  MODELSEAL_RETURN_IF_ERROR(Ref(s->category_log_prob(),
                                JoinContext(ctx, "category_log_prob"),
                                &nb.category_log_prob));
  out->kind = std::move(nb);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteNaiveBayes(const NaiveBayes& k) {
  int32_t class_term = Add(k.class_term);
  int32_t theta = Add(k.theta);
  int32_t var = Add(k.var);
  int32_t log_norm = Add(k.log_norm);
  int32_t coef = Add(k.coef);
  int32_t n_categories = Add(k.n_categories);
  int32_t category_log_prob = Add(k.category_log_prob);
  return fbs::CreateNaiveBayes(fbb_, static_cast<fbs::NaiveBayesType>(k.type),
                               class_term, theta, var, log_norm, coef,
                               n_categories, category_log_prob)
      .Union();
}

}  // namespace modelseal::format_internal
