// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The helper's start-up checks (fds, seals, size, parent) and the release
// binary's contents.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <string>

#include "modelseal/sandbox.h"
#include "sandbox/host_internal.h"
#include "sandbox/test_util.h"

namespace modelseal::sandbox {
namespace {

SpawnRequest Request(int fd, uint64_t max_input) {
  SpawnRequest req;
  req.helper = MODELSEAL_SANDBOX_PROBE_HELPER;
  req.input_fd = fd;
  req.validator = "test:echo-length";
  req.max_input = max_input;
  req.memory_limit = 1ull << 30;
  req.cpu_seconds = 10;
  req.max_reply = 1 << 20;
  req.timeout = std::chrono::seconds(20);
  return req;
}

ErrorCode CodeOf(const Result<std::vector<std::byte>>& r) {
  return r.ok() ? ErrorCode::kOk : r.status().code();
}

int Memfd(int seals) {
  int fd = memfd_create("t", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return -1;
  if (write(fd, "abcd", 4) != 4) return -1;
  if (seals != 0 && fcntl(fd, F_ADD_SEALS, seals) != 0) return -1;
  return fd;
}

constexpr int kAll = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

TEST(HelperStartTest, ProperlySealedInputRuns) {
  int fd = Memfd(kAll);
  ASSERT_GE(fd, 0);
  auto r = RunHelper(Request(fd, 4));
  close(fd);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
}

TEST(HelperStartTest, UnsealedInputIsRefused) {
  for (int seals : {0, kAll & ~F_SEAL_WRITE, kAll & ~F_SEAL_SEAL,
                    kAll & ~F_SEAL_GROW, kAll & ~F_SEAL_SHRINK}) {
    int fd = Memfd(seals);
    ASSERT_GE(fd, 0);
    auto r = RunHelper(Request(fd, 4));
    close(fd);
    EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxHelperSetup) << seals;
  }
}

TEST(HelperStartTest, OrdinaryFileIsRefused) {
  char path[] = "/tmp/modelseal-helper-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  unlink(path);
  ASSERT_EQ(write(fd, "abcd", 4), 4);
  auto r = RunHelper(Request(fd, 4));
  close(fd);
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxHelperSetup);
}

TEST(HelperStartTest, InputLargerThanAnnouncedIsRefused) {
  int fd = Memfd(kAll);
  ASSERT_GE(fd, 0);
  auto r = RunHelper(Request(fd, 3));
  close(fd);
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxHelperSetup);
}

TEST(HelperStartTest, WrongParentIsRefused) {
  int fd = Memfd(kAll);
  ASSERT_GE(fd, 0);
  SpawnRequest req = Request(fd, 4);
  req.expected_parent = getpid() + 1;
  auto r = RunHelper(req);
  close(fd);
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxHelperSetup);
}

TEST(HelperStartTest, BadArgumentsAreRefused) {
  int fd = Memfd(kAll);
  ASSERT_GE(fd, 0);
  SpawnRequest req = Request(fd, 4);
  req.cpu_seconds = 0;  // the helper refuses a zero CPU limit
  auto r = RunHelper(req);
  close(fd);
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxHelperUsage);
}

std::string ReadBinary(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(ReleaseHelperTest, ContainsNoProbeCode) {
  std::string release = ReadBinary(MODELSEAL_SANDBOX_RELEASE_HELPER);
  std::string probe = ReadBinary(MODELSEAL_SANDBOX_PROBE_HELPER);
  ASSERT_FALSE(release.empty());
  for (const char* marker :
       {"probe:openat", "test:echo-length", "fake:garbage", "survived rc="}) {
    EXPECT_EQ(release.find(marker), std::string::npos) << marker;
    EXPECT_NE(probe.find(marker), std::string::npos) << marker;
  }
}

TEST(ReleaseHelperTest, RefusesProbeValidators) {
  auto buf = SealedBuffer::FromBytes({});
  ASSERT_TRUE(buf.ok());
  SandboxOptions o;
  o.helper_path = MODELSEAL_SANDBOX_RELEASE_HELPER;
  auto r = RunSandboxed(*buf, "probe:openat", o);
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxHelperUsage);
}

}  // namespace
}  // namespace modelseal::sandbox
