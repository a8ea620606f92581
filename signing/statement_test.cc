// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <string>

#include "modelseal/signing.h"

namespace modelseal::signing {
namespace {

ErrorCode Code(std::string_view text) {
  return ParseStatement(text).status().code();
}

TEST(Statement, RoundTrips) {
  SignedStatement st{"org/iris-v2.1_x", 7, 12345, 1700000000, 1800000000};
  auto text = FormatStatement(st);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text,
            "modelseal-statement v1 name=org/iris-v2.1_x version=7 size=12345 "
            "created=1700000000 expires=1800000000");
  auto back = ParseStatement(*text);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, st);
  st.expires.reset();
  auto text2 = FormatStatement(st);
  ASSERT_TRUE(text2.ok());
  auto back2 = ParseStatement(*text2);
  ASSERT_TRUE(back2.ok());
  EXPECT_EQ(*back2, st);
}

TEST(Statement, AcceptsExtremes) {
  auto st = ParseStatement(
      "modelseal-statement v1 name=a version=18446744073709551615 "
      "size=0 created=0 expires=253402300799");
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->version, UINT64_MAX);
}

TEST(Statement, RejectsMarker) {
  EXPECT_EQ(Code("timestamp:1700000000\tfile:x\thashed"),
            ErrorCode::kStatementMarker);
  EXPECT_EQ(Code(""), ErrorCode::kStatementMarker);
  EXPECT_EQ(Code("modelseal-statementv1"), ErrorCode::kStatementMarker);
}

TEST(Statement, RejectsVersion) {
  EXPECT_EQ(Code("modelseal-statement v2 name=a version=1 size=1 created=1"),
            ErrorCode::kStatementVersion);
  EXPECT_EQ(Code("modelseal-statement"), ErrorCode::kStatementVersion);
}

TEST(Statement, RejectsFieldOrderAndCount) {
  EXPECT_EQ(Code("modelseal-statement v1 version=1 name=a size=1 created=1"),
            ErrorCode::kStatementField);
  EXPECT_EQ(Code("modelseal-statement v1 name=a version=1 size=1"),
            ErrorCode::kStatementField);
  EXPECT_EQ(Code("modelseal-statement v1 name=a version=1 size=1 created=1 "
                 "expires=2 extra=3"),
            ErrorCode::kStatementField);
  EXPECT_EQ(Code("modelseal-statement v1 name=a  version=1 size=1 created=1"),
            ErrorCode::kStatementField);  // double space
  EXPECT_EQ(Code("modelseal-statement v1 name=a version=1 size=1 created=1 "),
            ErrorCode::kStatementField);  // trailing space
  EXPECT_EQ(Code("modelseal-statement v1 name=a version=1 size=1 created=1 "
                 "expiry=2"),
            ErrorCode::kStatementField);
  EXPECT_EQ(Code("modelseal-statement v1 name=a version=1 size=1 created=1" +
                 std::string(600, 'x')),
            ErrorCode::kStatementField);  // longer than the limit
}

TEST(Statement, RejectsName) {
  EXPECT_EQ(Code("modelseal-statement v1 name= version=1 size=1 created=1"),
            ErrorCode::kStatementName);
  EXPECT_EQ(Code("modelseal-statement v1 name=-a version=1 size=1 created=1"),
            ErrorCode::kStatementName);
  EXPECT_EQ(Code("modelseal-statement v1 name=a\"b version=1 size=1 created=1"),
            ErrorCode::kStatementName);
  EXPECT_EQ(Code("modelseal-statement v1 name=" + std::string(129, 'a') +
                 " version=1 size=1 created=1"),
            ErrorCode::kStatementName);
}

TEST(Statement, RejectsNumbers) {
  EXPECT_EQ(Code("modelseal-statement v1 name=a version=01 size=1 created=1"),
            ErrorCode::kStatementNumber);
  EXPECT_EQ(Code("modelseal-statement v1 name=a version=-1 size=1 created=1"),
            ErrorCode::kStatementNumber);
  EXPECT_EQ(Code("modelseal-statement v1 name=a version=+1 size=1 created=1"),
            ErrorCode::kStatementNumber);
  EXPECT_EQ(Code("modelseal-statement v1 name=a version=18446744073709551616 "
                 "size=1 created=1"),
            ErrorCode::kStatementNumber);
  EXPECT_EQ(Code("modelseal-statement v1 name=a version=1 size=1x created=1"),
            ErrorCode::kStatementNumber);
  EXPECT_EQ(Code("modelseal-statement v1 name=a version=1 size=1 "
                 "created=253402300800"),
            ErrorCode::kStatementNumber);
}

TEST(Statement, RejectsExpiryNotAfterCreation) {
  EXPECT_EQ(Code("modelseal-statement v1 name=a version=1 size=1 created=5 "
                 "expires=5"),
            ErrorCode::kStatementTimes);
  SignedStatement st{"a", 1, 1, 10, 9};
  EXPECT_EQ(FormatStatement(st).status().code(), ErrorCode::kStatementTimes);
}

}  // namespace
}  // namespace modelseal::signing
