// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>

#include "modelseal/signing.h"

namespace modelseal::signing {
namespace {

Result<SecureBuffer> FromPipe(const std::string& bytes) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  EXPECT_EQ(::write(fds[1], bytes.data(), bytes.size()),
            static_cast<ssize_t>(bytes.size()));
  ::close(fds[1]);
  auto r = ReadPassphraseFromFd(fds[0]);
  ::close(fds[0]);
  return r;
}

TEST(Passphrase, FromFdReadsOneLine) {
  auto p = FromPipe("secret words\nnext line\n");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->view(), "secret words");
  auto q = FromPipe("no newline");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->view(), "no newline");
}

TEST(Passphrase, RejectsEmptyAndTooLong) {
  EXPECT_EQ(FromPipe("\n").status().code(), ErrorCode::kPassphrase);
  EXPECT_EQ(FromPipe("").status().code(), ErrorCode::kPassphrase);
  EXPECT_EQ(FromPipe(std::string(kMaxPassphraseBytes + 1, 'a') + "\n")
                .status()
                .code(),
            ErrorCode::kPassphrase);
  auto max = FromPipe(std::string(kMaxPassphraseBytes, 'a') + "\n");
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->size(), kMaxPassphraseBytes);
  EXPECT_EQ(PassphraseFromBytes("").status().code(), ErrorCode::kPassphrase);
}

TEST(Passphrase, FromEnv) {
  ASSERT_EQ(::setenv("MODELSEAL_TEST_PASS", "from env", 1), 0);
  auto p = ReadPassphraseFromEnv("MODELSEAL_TEST_PASS");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->view(), "from env");
  ::unsetenv("MODELSEAL_TEST_PASS");
  EXPECT_EQ(ReadPassphraseFromEnv("MODELSEAL_TEST_PASS").status().code(),
            ErrorCode::kPassphrase);
}

}  // namespace
}  // namespace modelseal::signing
