// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: the trust-policy parser. Oracle: every key of an accepted
// policy is found by its own id, and key ids are unique.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "modelseal/signing.h"

namespace sg = modelseal::signing;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using modelseal::fuzz::Fail;
  const std::string_view text = modelseal::fuzz::AsStringView(data, size);
  auto policy = sg::TrustPolicy::Parse(text);
  if (!policy.ok()) return 0;
  for (const sg::TrustedKey& key : policy->keys()) {
    const sg::TrustedKey* found = policy->FindKey(key.key.id);
    if (found != &key) Fail("policy key not found by its id, or id repeated");
  }
  if (policy->pinned_name().has_value()) {
    (void)policy->MinVersion(*policy->pinned_name());
  }
  return 0;
}
