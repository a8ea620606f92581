// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the public key parsers (minisign key file and the bare
// base64 line). Oracle: an accepted key formats back to a file and a base64
// line that both parse to the same key.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "modelseal/signing.h"

namespace sg = modelseal::signing;

namespace {

void CheckRoundTrip(const sg::PublicKey& key) {
  using modelseal::fuzz::Fail;
  auto from_file = sg::ParsePublicKeyFile(sg::FormatPublicKeyFile(key));
  if (!from_file.ok() || !(*from_file == key)) {
    Fail("public key file round trip");
  }
  auto from_line = sg::ParsePublicKeyBase64(sg::PublicKeyBase64(key));
  if (!from_line.ok() || !(*from_line == key)) {
    Fail("public key base64 round trip");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = modelseal::fuzz::AsStringView(data, size);
  auto file = sg::ParsePublicKeyFile(text);
  if (file.ok()) CheckRoundTrip(*file);
  auto line = sg::ParsePublicKeyBase64(text);
  if (line.ok()) CheckRoundTrip(*line);
  return 0;
}
