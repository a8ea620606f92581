// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The FlatBuffers mapping of the polynomial kinds (format/model.fbs): the
// reader (Read*) and the writer (Write*). Compiled into the format library.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "format/manifest_writer.h"
#include "format/reader_internal.h"
#include "modelseal/limits.h"

namespace modelseal::format_internal {

namespace {

// Copies a [ulong] vector of at most `limit` entries (bounded before
// allocating; a longer one is `code`).
Status ReadU64s(const flatbuffers::Vector<uint64_t>* v, const std::string& ctx,
                uint64_t limit, ErrorCode code, std::vector<uint64_t>* out) {
  if (v->size() > 0 && reinterpret_cast<uintptr_t>(v->data()) % 8 != 0) {
    return Status(ErrorCode::kManifestVerify, ctx,
                  "vector of 8-byte elements not 8-byte aligned");
  }
  if (v->size() > limit) {
    return Status(
        code, ctx,
        std::to_string(v->size()) + " entries, limit " + std::to_string(limit));
  }
  out->reserve(v->size());
  for (flatbuffers::uoffset_t i = 0; i < v->size(); ++i) {
    out->push_back(v->Get(i));
  }
  return Status::Ok();
}

}  // namespace

// ---- PolynomialFeatures ----

Status Converter::ReadPolynomialFeatures(const void* value,
                                         const std::string& ctx,
                                         uint64_t /*depth*/, Estimator* out) {
  const auto* p = static_cast<const fbs::PolynomialFeatures*>(value);
  if (p == nullptr || p->base() == nullptr || p->feature() == nullptr ||
      p->output() == nullptr) {
    return Missing(ctx);
  }
  PolynomialFeatures pf;
  MODELSEAL_RETURN_IF_ERROR(ReadU64s(p->base(), JoinContext(ctx, "base"),
                                     limits::kMaxFeatures,
                                     ErrorCode::kPolyColumnCount, &pf.base));
  MODELSEAL_RETURN_IF_ERROR(ReadU64s(p->feature(), JoinContext(ctx, "feature"),
                                     limits::kMaxFeatures,
                                     ErrorCode::kPolyColumnCount, &pf.feature));
  MODELSEAL_RETURN_IF_ERROR(ReadU64s(p->output(), JoinContext(ctx, "output"),
                                     limits::kMaxFeatures,
                                     ErrorCode::kPolyOutput, &pf.output));
  out->kind = std::move(pf);
  return Status::Ok();
}

Offset<void> ManifestWriter::WritePolynomialFeatures(
    const PolynomialFeatures& p) {
  auto base = fbb_.CreateVector(p.base);
  auto feature = fbb_.CreateVector(p.feature);
  auto output = fbb_.CreateVector(p.output);
  return fbs::CreatePolynomialFeatures(fbb_, base, feature, output).Union();
}

// ---- end PolynomialFeatures ----

}  // namespace modelseal::format_internal
