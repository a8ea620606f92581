// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the signature file parser and the whole verification path
// (key lookup, Ed25519 checks, statement parsing and enforcement).
//
// Oracles: an accepted signature file formats back to text that parses to
// the same fields; VerifyPrehashed never accepts a signature that
// VerifyWithKey rejects.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_signing_keys.h"
#include "fuzz/fuzz_util.h"
#include "modelseal/signing.h"

namespace sg = modelseal::signing;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using modelseal::fuzz::Fail;
  const std::string_view text = modelseal::fuzz::AsStringView(data, size);
  auto sig = sg::ParseSignatureFile(text);
  if (sig.ok()) {
    const std::string again = sg::FormatSignatureFile(*sig);
    auto reparsed = sg::ParseSignatureFile(again);
    if (!reparsed.ok()) Fail("formatted signature file does not parse");
    if (reparsed->untrusted_comment != sig->untrusted_comment ||
        reparsed->key_id != sig->key_id ||
        reparsed->signature != sig->signature ||
        reparsed->trusted_comment != sig->trusted_comment ||
        reparsed->global_signature != sig->global_signature) {
      Fail("signature file round trip changed a field");
    }
  }
  const modelseal::fuzz::SigningFixture& fx =
      modelseal::fuzz::GetSigningFixture();
  auto verified =
      sg::VerifyPrehashed(fx.hash, fx.file_size, text, fx.policy, fx.now_unix);
  if (verified.ok()) {
    if (!sig.ok()) Fail("verified a signature file that does not parse");
    if (!sg::VerifyWithKey(fx.public_key, fx.hash, *sig).ok()) {
      Fail("verified a signature that VerifyWithKey rejects");
    }
  }
  return 0;
}
