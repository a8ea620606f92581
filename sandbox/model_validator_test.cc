// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The helper's "model" validator (format/model_reply.h) under the real
// seccomp filter, in the release helper: every example model passes and
// decodes on the host; a tampered model fails with the format rule's code.
#include <gtest/gtest.h>

#include "format/model_reply.h"
#include "modelseal/format.h"
#include "modelseal/sandbox.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

SandboxOptions ReleaseOptions() {
  SandboxOptions o;
  o.helper_path = MODELSEAL_SANDBOX_RELEASE_HELPER;
  return o;
}

// Every example model parses in-process, passes under the filter in the
// release helper and decodes on the host.
TEST(ModelValidatorTest, ValidModelsPassUnderTheFilter) {
  auto models = testing::AllExampleModels();
  ASSERT_FALSE(models.empty());
  for (const auto& [name, model] : models) {
    auto bytes = SerializeModel(model);
    ASSERT_TRUE(bytes.ok()) << name << ": " << bytes.status().ToString();
    auto sealed = SealedBuffer::FromBytes(*bytes);
    ASSERT_TRUE(sealed.ok()) << name;
    auto direct = ParseModel(sealed->bytes(), sealed->keepalive());
    auto payload = RunSandboxed(*sealed, "model", ReleaseOptions());
    ASSERT_TRUE(direct.ok())
        << name << " does not parse in-process: " << direct.status().ToString();
    ASSERT_TRUE(payload.ok()) << name << ": " << payload.status().ToString();
    auto decoded =
        DecodeModelReply(*payload, sealed->bytes(), sealed->keepalive());
    ASSERT_TRUE(decoded.ok()) << name << ": " << decoded.status().ToString();
    EXPECT_TRUE(ValidateModel(*decoded).ok()) << name;
  }
}

TEST(ModelValidatorTest, InvalidModelReportsTheFormatRule) {
  auto bytes = SerializeModel(testing::MakeDecisionTreeClassifier());
  ASSERT_TRUE(bytes.ok());
  (*bytes)[0] = std::byte{'X'};  // magic
  auto sealed = SealedBuffer::FromBytes(*bytes);
  ASSERT_TRUE(sealed.ok());
  auto r = RunSandboxed(*sealed, "model", ReleaseOptions());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kBadMagic) << r.status().ToString();
  // Garbage of every small size: always a format error, never a sandbox one.
  for (size_t n : {0, 1, 12, 24, 100}) {
    std::vector<std::byte> junk(n, std::byte{0x41});
    auto s = SealedBuffer::FromBytes(junk);
    ASSERT_TRUE(s.ok());
    auto q = RunSandboxed(*s, "model", ReleaseOptions());
    ASSERT_FALSE(q.ok());
    EXPECT_EQ(q.status().category(), ErrorCategory::kFormat)
        << n << ": " << q.status().ToString();
  }
}

}  // namespace
}  // namespace modelseal
