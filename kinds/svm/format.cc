// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of SupportVectorMachine (format/model.fbs): the
// reader (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadSupportVectorMachine(const void* value,
                                           const std::string& ctx,
                                           uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::SupportVectorMachine*>(value);
  if (s == nullptr) return Missing(ctx);
  SupportVectorMachine svm;
  svm.type = static_cast<SvmType>(static_cast<uint8_t>(s->type()));
  svm.kernel = static_cast<SvmKernel>(static_cast<uint8_t>(s->kernel()));
  svm.gamma = s->gamma();
  svm.coef0 = s->coef0();
  svm.degree = s->degree();
  MODELSEAL_RETURN_IF_ERROR(Ref(s->support_vectors(),
                                JoinContext(ctx, "support_vectors"),
                                &svm.support_vectors));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->n_support(), JoinContext(ctx, "n_support"), &svm.n_support));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->dual_coef(), JoinContext(ctx, "dual_coef"), &svm.dual_coef));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->intercept(), JoinContext(ctx, "intercept"), &svm.intercept));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->prob_a(), JoinContext(ctx, "prob_a"), &svm.prob_a));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->prob_b(), JoinContext(ctx, "prob_b"), &svm.prob_b));
  svm.decision_shape =
      static_cast<SvmDecisionShape>(static_cast<uint8_t>(s->decision_shape()));
  svm.ties = static_cast<SvmTies>(static_cast<uint8_t>(s->ties()));
  out->kind = std::move(svm);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteSupportVectorMachine(
    const SupportVectorMachine& k) {
  int32_t support_vectors = Add(k.support_vectors);
  int32_t n_support = Add(k.n_support);
  int32_t dual_coef = Add(k.dual_coef);
  int32_t intercept = Add(k.intercept);
  int32_t prob_a = Add(k.prob_a);
  int32_t prob_b = Add(k.prob_b);
  return fbs::CreateSupportVectorMachine(
             fbb_, static_cast<fbs::SvmType>(k.type),
             static_cast<fbs::SvmKernel>(k.kernel), k.gamma, k.coef0, k.degree,
             support_vectors, n_support, dual_coef, intercept, prob_a, prob_b,
             static_cast<fbs::SvmDecisionShape>(k.decision_shape),
             static_cast<fbs::SvmTies>(k.ties))
      .Union();
}

}  // namespace modelseal::format_internal
