// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of Constant (format/model.fbs): the reader
// (Read*) and the writer (Write*). Compiled into the format library.
#include <string>
#include <utility>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"

namespace modelseal::format_internal {

Status Converter::ReadConstant(const void* value, const std::string& ctx,
                               uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::Constant*>(value);
  if (s == nullptr) return Missing(ctx);
  Constant c;
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->values(), JoinContext(ctx, "values"), &c.values));
  out->kind = std::move(c);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteConstant(const Constant& k) {
  int32_t values = Add(k.values);
  return fbs::CreateConstant(fbb_, values).Union();
}

}  // namespace modelseal::format_internal
