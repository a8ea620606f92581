// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <span>
#include <sstream>
#include <thread>

#include "core/little_endian.h"
#include "modelseal/sandbox.h"
#include "sandbox/test_util.h"

namespace modelseal {
namespace {

using sandbox_test::Bytes;
using sandbox_test::ProbeOptions;
using sandbox_test::RunProbe;
using sandbox_test::U64Bytes;

uint64_t Fnv1a(std::span<const std::byte> data) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (std::byte b : data) {
    h ^= static_cast<uint64_t>(b);
    h *= 0x100000001b3ull;
  }
  return h;
}

uint64_t ReadU64(const std::vector<std::byte>& v, size_t at) {
  return LoadLe64(std::span(v).subspan(at).first<8>());
}

ErrorCode CodeOf(const Result<std::vector<std::byte>>& r) {
  return r.ok() ? ErrorCode::kOk : r.status().code();
}

int CountOpenFds() {
  int n = 0;
  DIR* d = opendir("/proc/self/fd");
  if (d == nullptr) return -1;
  while (readdir(d) != nullptr) ++n;
  closedir(d);
  return n;
}

bool HasNoChildren() {
  int status;
  return waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD;
}

std::string TempPath(const std::string& name) {
  const char* t = getenv("TMPDIR");
  return std::string(t != nullptr ? t : "/tmp") + "/modelseal-sbx-" +
         std::to_string(getpid()) + "-" + name;
}

TEST(RunSandboxedTest, EchoesInputFacts) {
  std::vector<std::byte> input(300'000);
  for (size_t i = 0; i < input.size(); ++i) {
    input[i] = static_cast<std::byte>(i * 7 + 3);
  }
  auto r = RunProbe("test:echo-length", input);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 16u);
  EXPECT_EQ(ReadU64(*r, 0), input.size());
  EXPECT_EQ(ReadU64(*r, 8), Fnv1a(input));
}

TEST(RunSandboxedTest, EmptyInput) {
  auto r = RunProbe("test:echo-length");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(ReadU64(*r, 0), 0u);
}

TEST(RunSandboxedTest, InvalidInputCarriesTheHelpersReason) {
  auto r = RunProbe("test:reject");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kTreeChild);
  EXPECT_EQ(r.status().context(), "estimator.trees[17].children_left[5]");
  EXPECT_EQ(r.status().detail(), "9999 out of range [0, 311)");
}

TEST(RunSandboxedTest, HelperMayNotClaimNonFormatCodes) {
  auto r = RunProbe("test:reject-sandbox-code");
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxReplyErrorCode);
  r = RunProbe("test:reject-unknown-code");
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxReplyErrorCode);
}

TEST(RunSandboxedTest, UnknownValidator) {
  EXPECT_EQ(CodeOf(RunProbe("no-such-validator")),
            ErrorCode::kSandboxHelperUsage);
}

TEST(RunSandboxedTest, InvalidOptions) {
  auto buf = SealedBuffer::FromBytes({});
  ASSERT_TRUE(buf.ok());
  SandboxOptions o = ProbeOptions();
  o.timeout = std::chrono::milliseconds(0);
  EXPECT_EQ(CodeOf(RunSandboxed(*buf, "test:echo-length", o)),
            ErrorCode::kInvalidArgument);
  o = ProbeOptions();
  o.cpu_seconds = 0;
  EXPECT_EQ(CodeOf(RunSandboxed(*buf, "test:echo-length", o)),
            ErrorCode::kInvalidArgument);
  o = ProbeOptions();
  o.max_reply_size = kSandboxHardMaxReplySize + 1;
  EXPECT_EQ(CodeOf(RunSandboxed(*buf, "test:echo-length", o)),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(RunSandboxed(*buf, "Bad Name", ProbeOptions())),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(RunSandboxed(*buf, "", ProbeOptions())),
            ErrorCode::kInvalidArgument);
  SealedBuffer empty;
  EXPECT_EQ(CodeOf(RunSandboxed(empty, "test:echo-length", ProbeOptions())),
            ErrorCode::kInvalidArgument);
}

// ---- outcomes ----

TEST(OutcomeTest, Timeout) {
  SandboxOptions o = ProbeOptions();
  o.timeout = std::chrono::milliseconds(300);
  o.cpu_seconds = 600;
  auto r = RunProbe("test:spin", {}, o);
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxTimeout) << r.status().ToString();
  EXPECT_TRUE(HasNoChildren());
}

TEST(OutcomeTest, CpuLimit) {
  SandboxOptions o = ProbeOptions();
  o.timeout = std::chrono::seconds(60);
  o.cpu_seconds = 1;
  auto r = RunProbe("test:spin", {}, o);
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxResourceLimit)
      << r.status().ToString();
  EXPECT_NE(r.status().detail().find("SIGXCPU"), std::string::npos)
      << r.status().detail();
}

TEST(OutcomeTest, MemoryBomb) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "the ASan helper cannot have RLIMIT_AS (shadow memory); "
                  "runs in the release build";
#endif
  SandboxOptions o = ProbeOptions();
  o.memory_limit = 256ull << 20;
  auto r = RunProbe("test:mem-bomb", {}, o);
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxResourceLimit)
      << r.status().ToString();
}

TEST(OutcomeTest, HugeAllocation) {
  SandboxOptions o = ProbeOptions();
  o.memory_limit = 256ull << 20;
  auto r = RunProbe("test:big-alloc", U64Bytes(8ull << 30), o);
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxResourceLimit)
      << r.status().ToString();
  // The same validator within its limit succeeds.
  r = RunProbe("test:big-alloc", U64Bytes(1 << 20), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(ReadU64(*r, 0), 1u << 20);
}

TEST(OutcomeTest, Crashes) {
  auto r = RunProbe("test:trap");
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxCrash) << r.status().ToString();
  EXPECT_NE(r.status().detail().find("SIGILL"), std::string::npos);
  r = RunProbe("test:exit3");
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxCrash);
  EXPECT_NE(r.status().detail().find("exit code 3"), std::string::npos);
  r = RunProbe("test:throw");
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxCrash);
}

TEST(OutcomeTest, OversizedReplyIsRejected) {
  const uint64_t payload = 200'000;
  const uint64_t reply_size = 16 + 8 + 4 + 8 + payload;
  SandboxOptions o = ProbeOptions();
  o.max_reply_size = reply_size;
  auto r = RunProbe("test:big-reply", U64Bytes(payload), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->size(), payload);
  o.max_reply_size = reply_size - 1;
  r = RunProbe("test:big-reply", U64Bytes(payload), o);
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxReplyTooLarge);
  // Far above the limit: the host stops reading and kills the helper.
  o.max_reply_size = 1 << 16;
  r = RunProbe("test:big-reply", U64Bytes(64ull << 20), o);
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxReplyTooLarge);
  EXPECT_TRUE(HasNoChildren());
}

TEST(OutcomeTest, FakeHelpersAreRejected) {
  EXPECT_EQ(CodeOf(RunProbe("fake:garbage")), ErrorCode::kSandboxReplyMagic);
  EXPECT_EQ(CodeOf(RunProbe("fake:short")), ErrorCode::kSandboxReplyTruncated);
  EXPECT_EQ(CodeOf(RunProbe("fake:overlong")),
            ErrorCode::kSandboxReplyTrailing);
  EXPECT_EQ(CodeOf(RunProbe("fake:silent")), ErrorCode::kSandboxNoReply);
}

// ---- finding the helper ----

TEST(HelperDiscoveryTest, MissingOrNotExecutable) {
  SandboxOptions o;
  o.helper_path = TempPath("does-not-exist");
  EXPECT_EQ(CodeOf(RunProbe("test:echo-length", {}, o)),
            ErrorCode::kSandboxHelperMissing);
  std::string plain = TempPath("not-executable");
  { std::ofstream(plain) << "data"; }
  chmod(plain.c_str(), 0644);
  o.helper_path = plain;
  EXPECT_EQ(CodeOf(RunProbe("test:echo-length", {}, o)),
            ErrorCode::kSandboxHelperMissing);
  o.helper_path = "/";
  EXPECT_EQ(CodeOf(RunProbe("test:echo-length", {}, o)),
            ErrorCode::kSandboxHelperMissing);
  unlink(plain.c_str());
}

TEST(HelperDiscoveryTest, SpawnFailure) {
  // Executable, but not a program the kernel can run (no ELF, no #!).
  std::string bogus = TempPath("bogus-helper");
  { std::ofstream(bogus) << "\x01\x02\x03 not a program"; }
  chmod(bogus.c_str(), 0755);
  SandboxOptions o;
  o.helper_path = bogus;
  auto r = RunProbe("test:echo-length", {}, o);
  EXPECT_EQ(CodeOf(r), ErrorCode::kSandboxSpawn) << r.status().ToString();
  unlink(bogus.c_str());
  EXPECT_TRUE(HasNoChildren());
}

TEST(HelperDiscoveryTest, OrderOptionThenEnvThenOwnDirectory) {
  SandboxOptions o;
  unsetenv("MODELSEAL_SANDBOX_HELPER");
  // This test binary sits beside the release helper in the build tree.
  auto found = FindSandboxHelper(o);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  char* real = realpath(MODELSEAL_SANDBOX_RELEASE_HELPER, nullptr);
  ASSERT_NE(real, nullptr);
  EXPECT_EQ(*found, real);
  free(real);

  setenv("MODELSEAL_SANDBOX_HELPER", MODELSEAL_SANDBOX_PROBE_HELPER, 1);
  found = FindSandboxHelper(o);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, MODELSEAL_SANDBOX_PROBE_HELPER);
  // The env-selected probe helper really runs.
  auto r = RunProbe("test:echo-length", {}, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();

  o.helper_path = TempPath("option-wins");
  found = FindSandboxHelper(o);
  EXPECT_EQ(found.status().code(), ErrorCode::kSandboxHelperMissing);
  unsetenv("MODELSEAL_SANDBOX_HELPER");
}

// ---- hygiene ----

TEST(HygieneTest, HelperSeesOnlyItsFds) {
  // An inheritable fd in the host must not reach the helper.
  int leak = open("/dev/null", O_RDONLY);  // no O_CLOEXEC on purpose
  ASSERT_GE(leak, 0);
  auto r = RunProbe("test:fds");
  close(leak);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::byte> expected = {std::byte{0}, std::byte{2}, std::byte{3},
                                     std::byte{4}};
  EXPECT_EQ(*r, expected);
}

TEST(HygieneTest, ThousandSequentialRunsLeakNothing) {
  auto input = Bytes("hello sandbox");
  auto buf = SealedBuffer::FromBytes(input);
  ASSERT_TRUE(buf.ok());
  // Warm up (first-use allocations, e.g. the once-found helper directory).
  ASSERT_TRUE(RunSandboxed(*buf, "test:echo-length", ProbeOptions()).ok());
  int fds_before = CountOpenFds();
  for (int i = 0; i < 1000; ++i) {
    auto r = RunSandboxed(*buf, "test:echo-length", ProbeOptions());
    ASSERT_TRUE(r.ok()) << i << ": " << r.status().ToString();
    ASSERT_EQ(ReadU64(*r, 8), Fnv1a(input));
  }
  EXPECT_EQ(CountOpenFds(), fds_before);
  EXPECT_TRUE(HasNoChildren());
}

TEST(HygieneTest, EightThreadsConcurrently) {
  int fds_before = CountOpenFds();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, &failures] {
      std::string text = "thread " + std::to_string(t);
      auto input = Bytes(text);
      auto buf = SealedBuffer::FromBytes(input);
      if (!buf.ok()) {
        ++failures;
        return;
      }
      for (int i = 0; i < 40; ++i) {
        // Mix outcomes: ok, invalid input and a violation.
        const char* v = i % 3 == 0   ? "test:echo-length"
                        : i % 3 == 1 ? "test:reject"
                                     : "probe:socket";
        auto r = RunSandboxed(*buf, v, ProbeOptions());
        bool good = i % 3 == 0   ? r.ok() && ReadU64(*r, 8) == Fnv1a(input)
                    : i % 3 == 1 ? CodeOf(r) == ErrorCode::kTreeChild
                                 : CodeOf(r) == ErrorCode::kSandboxViolation;
        if (!good) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountOpenFds(), fds_before);
  EXPECT_TRUE(HasNoChildren());
}

// The helper does not outlive its host: when the host dies, PDEATHSIG kills
// the helper. This test process is a child subreaper, so the orphaned helper
// is re-parented to it and its end can be observed.
TEST(HygieneTest, HelperDiesWithItsHost) {
  ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
  pid_t host = fork();
  ASSERT_GE(host, 0);
  if (host == 0) {
    SandboxOptions o = ProbeOptions();
    o.timeout = std::chrono::seconds(120);
    o.cpu_seconds = 3;  // without PDEATHSIG the helper would die of SIGXCPU
    auto r = RunProbe("test:spin", {}, o);
    _exit(3);
  }
  // Find the helper and wait until its filter is installed (after
  // PDEATHSIG was armed and the parent checked).
  pid_t helper = 0;
  bool filtered = false;
  for (int i = 0; i < 100000 && !filtered; ++i) {
    if (helper == 0) {
      std::ifstream children("/proc/" + std::to_string(host) + "/task/" +
                             std::to_string(host) + "/children");
      children >> helper;
      if (!children) helper = 0;
    } else {
      std::ifstream status("/proc/" + std::to_string(helper) + "/status");
      std::string line;
      while (std::getline(status, line)) {
        if (line.rfind("Seccomp:", 0) == 0 &&
            line.find('2') != std::string::npos) {
          filtered = true;
        }
      }
    }
    if (!filtered) usleep(200);
  }
  ASSERT_GT(helper, 0);
  ASSERT_TRUE(filtered);
  kill(host, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(host, &status, 0), host);
  ASSERT_EQ(waitpid(helper, &status, 0), helper);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
  EXPECT_TRUE(HasNoChildren());
}

}  // namespace
}  // namespace modelseal
