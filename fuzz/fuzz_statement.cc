// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the signed-statement parser (the trusted comment).
// Oracle: an accepted statement formats to text that parses to the same
// statement.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "modelseal/signing.h"

namespace sg = modelseal::signing;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using modelseal::fuzz::Fail;
  const std::string_view text = modelseal::fuzz::AsStringView(data, size);
  auto statement = sg::ParseStatement(text);
  if (!statement.ok()) return 0;
  auto formatted = sg::FormatStatement(*statement);
  if (!formatted.ok()) Fail("parsed statement does not format");
  auto again = sg::ParseStatement(*formatted);
  if (!again.ok() || !(*again == *statement)) {
    Fail("statement round trip changed a field");
  }
  return 0;
}
