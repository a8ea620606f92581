// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the .seal reader (container header, FlatBuffers verifier,
// semantic validation) — what the sandboxed helper runs on a model file.
//
// Oracle beyond "no crash": a file the reader accepts must pass
// ValidateModel, serialize, parse again, and serialize to the same bytes
// (the writer is canonical). The helper's request (ValidateModelRequest)
// must agree with ParseModel, and its reply must decode on the host side to
// the same model.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "format/model_reply.h"
#include "fuzz/fuzz_util.h"
#include "fuzz/seal_mutator.h"
#include "modelseal/format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using modelseal::fuzz::Fail;
  modelseal::fuzz::AlignedBytes in = modelseal::fuzz::CopyAligned(data, size);
  auto model = modelseal::ParseModel(in.bytes, in.owner);
  std::vector<std::byte> payload;
  const modelseal::Status request =
      modelseal::ValidateModelRequest(in.bytes, &payload);
  if (request.ok() != model.ok()) {
    Fail("helper request and ParseModel disagree");
  }
  if (request.ok()) {
    auto decoded = modelseal::DecodeModelReply(payload, in.bytes, in.owner);
    if (!decoded.ok()) Fail("helper reply does not decode");
    if (!modelseal::ValidateModel(*decoded).ok()) {
      Fail("decoded helper reply fails ValidateModel");
    }
    if (!(*decoded == *model)) Fail("decoded helper reply differs");
  }
  if (!model.ok()) return 0;
  if (!modelseal::ValidateModel(*model).ok()) {
    Fail("parsed model fails ValidateModel");
  }
  auto bytes = modelseal::SerializeModel(*model);
  if (!bytes.ok()) Fail("parsed model does not serialize");
  modelseal::fuzz::AlignedBytes again = modelseal::fuzz::CopyAligned(
      reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
  auto reparsed = modelseal::ParseModel(again.bytes, again.owner);
  if (!reparsed.ok()) Fail("serialized model does not parse");
  // The writer writes the lowest minor version the model needs (SPEC §10):
  // a file that said 1.1 with only 1.0 features comes back as 1.0, the
  // only field a round trip may change.
  if (reparsed->format_minor > model->format_minor) {
    Fail("round trip raised the format minor version");
  }
  reparsed->format_minor = model->format_minor;
  if (!(*reparsed == *model)) Fail("round trip changed the model");
  auto bytes2 = modelseal::SerializeModel(*reparsed);
  if (!bytes2.ok()) Fail("reparsed model does not serialize");
  if (!std::equal(bytes->begin(), bytes->end(), bytes2->begin(),
                  bytes2->end())) {
    Fail("serialization is not canonical");
  }
  return 0;
}
