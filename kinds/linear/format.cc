// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of LinearModel (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadLinearModel(const void* value, const std::string& ctx,
                                  uint64_t /*depth*/, Estimator* out) {
  const auto* l = static_cast<const fbs::LinearModel*>(value);
  if (l == nullptr) return Missing(ctx);
  LinearModel linear;
  MODELSEAL_RETURN_IF_ERROR(
      Ref(l->coef(), JoinContext(ctx, "coef"), &linear.coef));
  MODELSEAL_RETURN_IF_ERROR(
      Ref(l->intercept(), JoinContext(ctx, "intercept"), &linear.intercept));
  linear.output = static_cast<LinearOutput>(static_cast<uint8_t>(l->output()));
  out->kind = std::move(linear);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteLinearModel(const LinearModel& k) {
  const auto* l = &k;
  int32_t coef = Add(l->coef);
  int32_t intercept = Add(l->intercept);
  return fbs::CreateLinearModel(fbb_, coef, intercept,
                                static_cast<fbs::LinearOutput>(l->output))
      .Union();
}

}  // namespace modelseal::format_internal
