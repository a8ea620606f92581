// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <string>

#include "modelseal/signing.h"
#include "signing/test_util.h"

namespace modelseal::signing {
namespace {

PublicKey MakeKey(uint8_t seed) {
  PublicKey k;
  k.id.fill(seed);
  k.key.fill(static_cast<uint8_t>(seed + 1));
  return k;
}

std::string Policy(const std::string& body) {
  return "modelseal-trust-policy v1\n" + body;
}

TEST(TrustPolicy, ParsesKeysModelsAndPin) {
  const PublicKey a = MakeKey(1), b = MakeKey(2);
  auto p = TrustPolicy::Parse(
      Policy("# release keys\n\nkey release-2026 " + PublicKeyBase64(a) +
             "\nkey ci.bot " + PublicKeyBase64(b) +
             "\nmodel iris min-version 3\nmodel org/fraud min-version "
             "18446744073709551615\npin-name iris\n"));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->keys().size(), 2u);
  ASSERT_NE(p->FindKey(b.id), nullptr);
  EXPECT_EQ(p->FindKey(b.id)->name, "ci.bot");
  EXPECT_EQ(p->FindKey(b.id)->key, b);
  EXPECT_EQ(p->FindKey(MakeKey(3).id), nullptr);
  EXPECT_EQ(p->MinVersion("iris"), 3u);
  EXPECT_EQ(p->MinVersion("org/fraud"), UINT64_MAX);
  EXPECT_EQ(p->MinVersion("other"), 0u);
  ASSERT_TRUE(p->pinned_name().has_value());
  EXPECT_EQ(*p->pinned_name(), "iris");
}

TEST(TrustPolicy, RejectsHeader) {
  EXPECT_EQ(TrustPolicy::Parse("key a " + PublicKeyBase64(MakeKey(1)) + "\n")
                .status()
                .code(),
            ErrorCode::kPolicyHeader);
  EXPECT_EQ(TrustPolicy::Parse("").status().code(), ErrorCode::kPolicyHeader);
  EXPECT_EQ(TrustPolicy::Parse("modelseal-trust-policy v2\n").status().code(),
            ErrorCode::kPolicyHeader);
}

TEST(TrustPolicy, RejectsSyntax) {
  const std::string k = PublicKeyBase64(MakeKey(1));
  const char* bad[] = {
      "key a\n",                      // no key
      "key a  KEY\n",                 // double space
      "key a/b KEY\n",                // bad key name
      "key a RWQAAAA\n",              // bad base64 key
      "model iris min-version\n",     // no number
      "model iris min-version 01\n",  // non-canonical number
      "model iris minimum 1\n",       // wrong word
      "model -iris min-version 1\n",  // bad model name
      "pin-name\n",                   // no name
      "trust everything\n",           // unknown directive
      "key a KEY\r\n",                // CR
  };
  for (const char* b : bad) {
    std::string body = b;
    const size_t pos = body.find("KEY");
    if (pos != std::string::npos) body.replace(pos, 3, k);
    EXPECT_EQ(TrustPolicy::Parse(
                  Policy("key z " + PublicKeyBase64(MakeKey(9)) + "\n" + body))
                  .status()
                  .code(),
              ErrorCode::kPolicySyntax)
        << b;
  }
  EXPECT_EQ(TrustPolicy::Parse(Policy("key a " + k)).status().code(),
            ErrorCode::kPolicySyntax);  // no final newline
}

TEST(TrustPolicy, RejectsDuplicates) {
  const std::string a = PublicKeyBase64(MakeKey(1));
  const std::string b = PublicKeyBase64(MakeKey(2));
  EXPECT_EQ(TrustPolicy::Parse(Policy("key x " + a + "\nkey x " + b + "\n"))
                .status()
                .code(),
            ErrorCode::kPolicyDuplicate);
  EXPECT_EQ(TrustPolicy::Parse(Policy("key x " + a + "\nkey y " + a + "\n"))
                .status()
                .code(),
            ErrorCode::kPolicyDuplicate);
  EXPECT_EQ(TrustPolicy::Parse(Policy("key x " + a +
                                      "\nmodel m min-version 1\n"
                                      "model m min-version 2\n"))
                .status()
                .code(),
            ErrorCode::kPolicyDuplicate);
  EXPECT_EQ(
      TrustPolicy::Parse(Policy("key x " + a + "\npin-name m\npin-name n\n"))
          .status()
          .code(),
      ErrorCode::kPolicyDuplicate);
  EXPECT_EQ(
      TrustPolicy::FromPublicKeys({MakeKey(1), MakeKey(1)}).status().code(),
      ErrorCode::kPolicyDuplicate);
}

TEST(TrustPolicy, RejectsNoKeysAndTooMany) {
  EXPECT_EQ(TrustPolicy::Parse(Policy("pin-name m\n")).status().code(),
            ErrorCode::kPolicyNoKeys);
  EXPECT_EQ(TrustPolicy::FromPublicKeys({}).status().code(),
            ErrorCode::kPolicyNoKeys);
  std::string body;
  for (int i = 0; i <= static_cast<int>(kMaxPolicyKeys); ++i) {
    body += "key k" + std::to_string(i) + " " +
            PublicKeyBase64(MakeKey(static_cast<uint8_t>(i))) + "\n";
  }
  EXPECT_EQ(TrustPolicy::Parse(Policy(body)).status().code(),
            ErrorCode::kPolicyTooMany);
  std::string models = "key a " + PublicKeyBase64(MakeKey(1)) + "\n";
  for (size_t i = 0; i <= kMaxPolicyModels; ++i) {
    models += "model m" + std::to_string(i) + " min-version 1\n";
  }
  EXPECT_EQ(TrustPolicy::Parse(Policy(models)).status().code(),
            ErrorCode::kPolicyTooMany);
}

TEST(TrustPolicy, LoadReadsFileAndNamesIt) {
  testing::TempDir dir;
  testing::WriteText(dir / "p",
                     Policy("key a " + PublicKeyBase64(MakeKey(1)) + "\n"));
  auto p = TrustPolicy::Load(dir / "p");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->keys().size(), 1u);
  testing::WriteText(dir / "q", "nope\n");
  auto q = TrustPolicy::Load(dir / "q");
  EXPECT_EQ(q.status().code(), ErrorCode::kPolicyHeader);
  EXPECT_NE(q.status().context().find(dir / "q"), std::string::npos);
  EXPECT_EQ(TrustPolicy::Load(dir / "missing").status().code(),
            ErrorCode::kIoOpen);
}

}  // namespace
}  // namespace modelseal::signing
