// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Tests of the container helpers behind the structure-aware mutator: the
// regions found in real .seal files, and that reassembling a file from its
// regions (with a changed manifest length) keeps the container readable.
#include "fuzz/seal_mutator.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "modelseal/format.h"
#include "tests/testing/example_models.h"

namespace modelseal::fuzz {
namespace {

std::vector<uint8_t> Serialize(const Model& model) {
  auto bytes = SerializeModel(model);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  if (!bytes.ok()) return {};
  const auto* p = reinterpret_cast<const uint8_t*>(bytes->data());
  return std::vector<uint8_t>(p, p + bytes->size());
}

bool Parses(const std::vector<uint8_t>& file) {
  AlignedBytes in = CopyAligned(file.data(), file.size());
  return ParseModel(in.bytes, in.owner).ok();
}

TEST(SealMutator, FindsRegionsOfEveryExampleModel) {
  for (const auto& [name, model] : testing::AllExampleModels()) {
    const std::vector<uint8_t> file = Serialize(model);
    const auto r = FindSealRegions(file.data(), file.size());
    ASSERT_TRUE(r.has_value()) << name;
    EXPECT_EQ(r->manifest_begin, kSealHeaderSize) << name;
    EXPECT_GE(r->manifest_size, 12u) << name;
    EXPECT_EQ(r->data_begin % 64, 0u) << name;
    EXPECT_EQ(r->data_begin + r->data_size, file.size()) << name;
    EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(file.data()) +
                                   r->manifest_begin + 4,
                               4),
              "MSL1")
        << name;
  }
}

TEST(SealMutator, ReassemblyRoundTrips) {
  for (const auto& [name, model] : testing::AllExampleModels()) {
    const std::vector<uint8_t> file = Serialize(model);
    const auto r = FindSealRegions(file.data(), file.size());
    ASSERT_TRUE(r.has_value()) << name;
    const std::vector<uint8_t> again = AssembleSeal(
        file.data(), file.data() + r->manifest_begin, r->manifest_size,
        file.data() + r->data_begin, r->data_size);
    EXPECT_EQ(again, file) << name;
    EXPECT_TRUE(Parses(again)) << name;
  }
}

TEST(SealMutator, GrownManifestKeepsContainerConsistent) {
  const std::vector<uint8_t> file = Serialize(testing::MakeForestRegressor());
  const auto r = FindSealRegions(file.data(), file.size());
  ASSERT_TRUE(r.has_value());
  // 100 extra bytes after the FlatBuffer: the header's length and padding
  // follow, so the reader gets past the container checks to the verifier
  // (trailing bytes inside a manifest are allowed by FlatBuffers).
  std::vector<uint8_t> manifest(
      file.begin() + r->manifest_begin,
      file.begin() + r->manifest_begin + r->manifest_size);
  manifest.resize(manifest.size() + 100, 0);
  const std::vector<uint8_t> grown =
      AssembleSeal(file.data(), manifest.data(), manifest.size(),
                   file.data() + r->data_begin, r->data_size);
  const auto r2 = FindSealRegions(grown.data(), grown.size());
  ASSERT_TRUE(r2.has_value());
  EXPECT_EQ(r2->manifest_size, r->manifest_size + 100);
  EXPECT_EQ(r2->data_size, r->data_size);
  EXPECT_EQ(0, std::memcmp(grown.data() + r2->data_begin,
                           file.data() + r->data_begin, r->data_size));
}

TEST(SealMutator, RejectsNonContainers) {
  const std::vector<uint8_t> file = Serialize(testing::MakeStandardScaler());
  EXPECT_FALSE(FindSealRegions(file.data(), 23).has_value());
  std::vector<uint8_t> bad_magic = file;
  bad_magic[1] = 'X';
  EXPECT_FALSE(FindSealRegions(bad_magic.data(), bad_magic.size()));
  std::vector<uint8_t> long_manifest = file;
  long_manifest[16 + 7] = 0x01;  // manifest_length far past the end
  EXPECT_FALSE(FindSealRegions(long_manifest.data(), long_manifest.size()));
  std::vector<uint8_t> zero_manifest = file;
  std::memset(zero_manifest.data() + 16, 0, 8);
  EXPECT_FALSE(FindSealRegions(zero_manifest.data(), zero_manifest.size()));
}

}  // namespace
}  // namespace modelseal::fuzz
