// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of GaussianMixture (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadGaussianMixture(const void* value, const std::string& ctx,
                                      uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::GaussianMixture*>(value);
  if (s == nullptr) return Missing(ctx);
  GaussianMixture g;
  g.covariance_type =
      static_cast<CovarianceType>(static_cast<uint8_t>(s->covariance_type()));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->means(), JoinContext(ctx, "means"), &g.means));
  MODELSEAL_RETURN_IF_ERROR(Ref(s->precisions_cholesky(),
                                JoinContext(ctx, "precisions_cholesky"),
                                &g.precisions_cholesky));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->log_weights(), JoinContext(ctx, "log_weights"), &g.log_weights));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->dof_term(), JoinContext(ctx, "dof_term"), &g.dof_term));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->lambda_term(), JoinContext(ctx, "lambda_term"), &g.lambda_term));
  out->kind = std::move(g);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteGaussianMixture(const GaussianMixture& k) {
  int32_t means = Add(k.means);
  int32_t precisions = Add(k.precisions_cholesky);
  int32_t log_weights = Add(k.log_weights);
  int32_t dof_term = Add(k.dof_term);
  int32_t lambda_term = Add(k.lambda_term);
  return fbs::CreateGaussianMixture(
             fbb_, static_cast<fbs::CovarianceType>(k.covariance_type), means,
             precisions, log_weights, dof_term, lambda_term)
      .Union();
}

}  // namespace modelseal::format_internal
