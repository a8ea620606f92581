// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The fixed key, file and policy that the signing fuzz targets and
// make_seeds share, so that seed signatures verify and the fuzzer starts
// past the cryptographic checks. The key is derived from a fixed seed: it
// protects nothing.
#ifndef MODELSEAL_FUZZ_FUZZ_SIGNING_KEYS_H_
#define MODELSEAL_FUZZ_FUZZ_SIGNING_KEYS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "modelseal/signing.h"

namespace modelseal::fuzz {

// The "signed file" of the fixture: these bytes.
inline constexpr std::string_view kSignedFileContent =
    "modelseal fuzz fixture: the bytes the seed signatures cover\n";
inline constexpr int64_t kFixtureNow = 1800000000;  // 2027-01-15
inline constexpr std::string_view kFixtureModelName = "fuzz-model";

struct SigningFixture {
  signing::SecretKey secret_key;
  signing::PublicKey public_key;
  signing::TrustPolicy policy;
  signing::Hash hash{};
  uint64_t file_size = 0;
  int64_t now_unix = kFixtureNow;
};

// A policy trusting `key` (and a second, unrelated key), pinning the model
// name and a minimum version, so VerifyPrehashed reaches every check.
inline std::string FixturePolicyText(const signing::PublicKey& key) {
  signing::PublicKey other = key;
  other.id[0] ^= 0xff;
  other.key[0] ^= 0xff;
  return std::string("modelseal-trust-policy v1\n# fuzz fixture\n") +
         "key release " + signing::PublicKeyBase64(key) + "\n" +
         "key other-team " + signing::PublicKeyBase64(other) + "\n\n" +
         "model " + std::string(kFixtureModelName) + " min-version 2\n" +
         "pin-name " + std::string(kFixtureModelName) + "\n";
}

inline SigningFixture MakeSigningFixture() {
  std::array<uint8_t, 32> seed{};
  for (size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<uint8_t>(i);
  std::array<uint8_t, signing::kSecretKeyBytes> sk{};
  std::array<uint8_t, signing::kPublicKeyBytes> pk{};
  if (!signing::Ed25519FromSeed(seed, sk, pk).ok()) Fail("fixture: seed");
  const signing::KeyId id = {0x6d, 0x73, 0x66, 0x75, 0x7a, 0x7a, 0x01, 0x02};
  auto key = signing::SecretKey::FromBytes(id, sk);
  if (!key.ok()) Fail("fixture: secret key");
  SigningFixture fx{std::move(key).value(), {}, {}, {}, 0, kFixtureNow};
  fx.public_key = fx.secret_key.public_key();
  auto policy = signing::TrustPolicy::Parse(FixturePolicyText(fx.public_key));
  if (!policy.ok()) Fail("fixture: policy");
  fx.policy = std::move(policy).value();
  signing::Blake2b512 h;
  h.Update(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(kSignedFileContent.data()),
      kSignedFileContent.size()));
  auto hash = h.Final();
  if (!hash.ok()) Fail("fixture: hash");
  fx.hash = *hash;
  fx.file_size = kSignedFileContent.size();
  return fx;
}

// Built once per process (fuzz targets run millions of inputs).
inline const SigningFixture& GetSigningFixture() {
  static const SigningFixture fixture = MakeSigningFixture();
  return fixture;
}

}  // namespace modelseal::fuzz

#endif  // MODELSEAL_FUZZ_FUZZ_SIGNING_KEYS_H_
