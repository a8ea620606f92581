// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "signing/text.h"

#include <gtest/gtest.h>

#include <string>

namespace modelseal::signing::internal {
namespace {

TEST(SplitLines, AcceptsLfTerminatedLines) {
  auto r = SplitLines("a\nbc\n", 100, 2, 10, "f");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0], "a");
  EXPECT_EQ((*r)[1], "bc");
}

TEST(SplitLines, RejectsEachRule) {
  EXPECT_EQ(
      SplitLines(std::string(101, 'a'), 100, 0, 1000, "f").status().code(),
      ErrorCode::kSignTextTooLarge);
  EXPECT_EQ(SplitLines("a\r\nb\n", 100, 2, 10, "f").status().code(),
            ErrorCode::kSignTextBadByte);
  EXPECT_EQ(
      SplitLines(std::string("a\0\nb\n", 5), 100, 2, 10, "f").status().code(),
      ErrorCode::kSignTextBadByte);
  EXPECT_EQ(SplitLines("a\x01"
                       "b\nb\n",
                       100, 2, 10, "f")
                .status()
                .code(),
            ErrorCode::kSignTextBadByte);
  EXPECT_EQ(SplitLines("abcdefghijk\nb\n", 100, 2, 10, "f").status().code(),
            ErrorCode::kSignTextLineTooLong);
  EXPECT_EQ(SplitLines("a\nb", 100, 2, 10, "f").status().code(),
            ErrorCode::kSignTextLineCount);
  EXPECT_EQ(SplitLines("a\nb\nc\n", 100, 2, 10, "f").status().code(),
            ErrorCode::kSignTextLineCount);
}

TEST(StripPrefix, ChecksPrefix) {
  auto ok = StripPrefix("untrusted comment: hi", kUntrustedPrefix, "c");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "hi");
  EXPECT_EQ(StripPrefix("untrusted comment hi", kUntrustedPrefix, "c")
                .status()
                .code(),
            ErrorCode::kSignCommentPrefix);
}

TEST(Base64, RoundTripsAllLengths) {
  uint8_t data[10];
  for (int i = 0; i < 10; ++i) data[i] = static_cast<uint8_t>(0xf0 + i * 7);
  for (size_t n = 0; n <= 10; ++n) {
    const std::string enc = Base64Encode(data, n);
    uint8_t out[10] = {};
    ASSERT_TRUE(Base64DecodeExact(enc, out, n, "b").ok()) << n << " " << enc;
    EXPECT_EQ(0, memcmp(out, data, n)) << n;
  }
  EXPECT_EQ(Base64Encode(reinterpret_cast<const uint8_t*>("foobar"), 6),
            "Zm9vYmFy");
  EXPECT_EQ(Base64Encode(reinterpret_cast<const uint8_t*>("fo"), 2), "Zm8=");
}

TEST(Base64, RejectsMalformed) {
  uint8_t out[8];
  EXPECT_EQ(Base64DecodeExact("Zm9v!mFy", out, 6, "b").code(),
            ErrorCode::kBase64Character);
  EXPECT_EQ(Base64DecodeExact("Zm9v YmFy", out, 6, "b").code(),
            ErrorCode::kBase64Character);
  EXPECT_EQ(Base64DecodeExact("Zm8", out, 2, "b").code(),
            ErrorCode::kBase64Padding);  // missing padding
  EXPECT_EQ(Base64DecodeExact("Zm8==", out, 2, "b").code(),
            ErrorCode::kBase64Padding);  // extra padding
  EXPECT_EQ(Base64DecodeExact("Zm=8", out, 2, "b").code(),
            ErrorCode::kBase64Padding);  // data after '='
  EXPECT_EQ(Base64DecodeExact("Zm9=", out, 2, "b").code(),
            ErrorCode::kBase64Padding);  // nonzero trailing bits
  EXPECT_EQ(Base64DecodeExact("Zm9vYmFy", out, 5, "b").code(),
            ErrorCode::kDecodedLength);
}

}  // namespace
}  // namespace modelseal::signing::internal
