// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the .seal reader (container header, FlatBuffers verifier,
// semantic validation) — what the sandboxed helper runs on a model file.
//
// Oracle beyond "no crash": a file the reader accepts must pass
// ValidateModel, serialize, parse again, and serialize to the same bytes
// (the writer is canonical).
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "modelseal/format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using modelseal::fuzz::Fail;
  modelseal::fuzz::AlignedBytes in = modelseal::fuzz::CopyAligned(data, size);
  auto model = modelseal::ParseModel(in.bytes, in.owner);
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
  auto bytes2 = modelseal::SerializeModel(*reparsed);
  if (!bytes2.ok()) Fail("reparsed model does not serialize");
  if (!std::equal(bytes->begin(), bytes->end(), bytes2->begin(),
                  bytes2->end())) {
    Fail("serialization is not canonical");
  }
  return 0;
}
