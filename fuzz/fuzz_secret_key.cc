// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the secret key file parser. Without a passphrase, so an
// encrypted key stops after its structure is checked (scrypt with the
// accepted limits takes far longer than a fuzz iteration); an unencrypted
// key is parsed completely (checksum, seed/public-key consistency).
// Oracle: an accepted unencrypted key formats back to a file that parses to
// the same key.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "modelseal/signing.h"

namespace sg = modelseal::signing;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using modelseal::fuzz::Fail;
  const std::string_view text = modelseal::fuzz::AsStringView(data, size);
  auto encrypted = sg::SecretKeyFileIsEncrypted(text);
  auto key = sg::ParseSecretKeyFile(text, nullptr);
  if (!key.ok()) return 0;
  if (!encrypted.ok() || *encrypted) {
    Fail("parsed a key without passphrase that is not plainly unencrypted");
  }
  auto formatted = sg::FormatSecretKeyFile(*key, nullptr);
  if (!formatted.ok()) Fail("parsed secret key does not format");
  auto again = sg::ParseSecretKeyFile(formatted->view(), nullptr);
  if (!again.ok()) Fail("formatted secret key does not parse");
  if (again->id() != key->id() ||
      !std::equal(again->bytes().begin(), again->bytes().end(),
                  key->bytes().begin())) {
    Fail("secret key round trip changed the key");
  }
  return 0;
}
