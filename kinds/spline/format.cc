// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of the spline kinds (format/model.fbs): the
// reader (Read*) and the writer (Write*). Compiled into the format library.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

// ---- SplineTransformer ----

Status Converter::ReadSplineTransformer(const void* value,
                                        const std::string& ctx,
                                        uint64_t /*depth*/, Estimator* out) {
  const auto* s = static_cast<const fbs::SplineTransformer*>(value);
  if (s == nullptr) return Missing(ctx);
  SplineTransformer k;
  MODELSEAL_RETURN_IF_ERROR(
      Ref(s->knots(), JoinContext(ctx, "knots"), &k.knots));
  k.degree = s->degree();
  k.extrapolation = static_cast<SplineExtrapolation>(
      static_cast<uint8_t>(s->extrapolation()));
  k.include_bias = s->include_bias();
  k.missing = static_cast<SplineMissing>(static_cast<uint8_t>(s->missing()));
  k.derivative =
      static_cast<SplineDerivative>(static_cast<uint8_t>(s->derivative()));
  if (const auto* b = s->bound()) {
    const std::string b_ctx = JoinContext(ctx, "bound");
    if (b->size() > 0 && reinterpret_cast<uintptr_t>(b->data()) % 8 != 0) {
      return Status(ErrorCode::kManifestVerify, b_ctx,
                    "vector of 8-byte elements not 8-byte aligned");
    }
    // Bounded before allocating: one entry per input feature.
    if (b->size() > limits::kMaxFeatures) {
      return Status(ErrorCode::kSplineBound, b_ctx,
                    std::to_string(b->size()) + " entries, limit " +
                        std::to_string(limits::kMaxFeatures));
    }
    k.bound.reserve(b->size());
    for (flatbuffers::uoffset_t i = 0; i < b->size(); ++i) {
      k.bound.push_back(b->Get(i));
    }
  }
  out->kind = std::move(k);
  return Status::Ok();
}

Offset<void> ManifestWriter::WriteSplineTransformer(
    const SplineTransformer& k) {
  int32_t knots = Add(k.knots);
  auto bound = fbb_.CreateVector(k.bound);
  return fbs::CreateSplineTransformer(
             fbb_, knots, k.degree,
             static_cast<fbs::SplineExtrapolation>(k.extrapolation),
             k.include_bias, static_cast<fbs::SplineMissing>(k.missing),
             static_cast<fbs::SplineDerivative>(k.derivative), bound)
      .Union();
}

// ---- end SplineTransformer ----

}  // namespace modelseal::format_internal
