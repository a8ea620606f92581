// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <numeric>

#include "modelseal/sandbox.h"

namespace modelseal {
namespace {

std::vector<std::byte> Pattern(size_t n) {
  std::vector<std::byte> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<std::byte>(i * 131 + 7);
  return v;
}

TEST(SealedBufferTest, FromBytesHoldsTheBytesReadOnlyAndSealed) {
  auto data = Pattern(10'000);
  auto r = SealedBuffer::FromBytes(data);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const SealedBuffer& b = *r;
  ASSERT_EQ(b.size(), data.size());
  ASSERT_EQ(b.bytes().size(), data.size());
  EXPECT_EQ(std::memcmp(b.bytes().data(), data.data(), data.size()), 0);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(b.bytes().data()) % 4096, 0u);
  int seals = fcntl(b.fd(), F_GET_SEALS);
  EXPECT_EQ(seals, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
  EXPECT_NE(fcntl(b.fd(), F_GETFD) & FD_CLOEXEC, 0);
  // Nobody can change the bytes any more, not even through the fd.
  char c = 'x';
  EXPECT_EQ(pwrite(b.fd(), &c, 1, 0), -1);
  EXPECT_EQ(errno, EPERM);
  EXPECT_NE(ftruncate(b.fd(), 1), 0);
  EXPECT_NE(ftruncate(b.fd(), 20'000), 0);
  EXPECT_NE(fcntl(b.fd(), F_ADD_SEALS, 0), 0);
}

TEST(SealedBufferTest, BuilderFillsInChunks) {
  auto data = Pattern(3 * 4096 + 17);
  auto builder = SealedBufferBuilder::Create(data.size());
  ASSERT_TRUE(builder.ok()) << builder.status().ToString();
  auto w = builder->writable();
  ASSERT_EQ(w.size(), data.size());
  for (size_t off = 0; off < data.size(); off += 1000) {
    size_t n = std::min<size_t>(1000, data.size() - off);
    std::memcpy(w.data() + off, data.data() + off, n);
  }
  auto sealed = builder->Seal();
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(std::memcmp(sealed->bytes().data(), data.data(), data.size()), 0);
  // A second Seal() is a usage error.
  auto again = builder->Seal();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kInvalidArgument);
}

TEST(SealedBufferTest, UnmappedBuilderFillsThroughTheFd) {
  auto data = Pattern(5 * 4096 + 3);
  auto builder = SealedBufferBuilder::CreateUnmapped(data.size());
  ASSERT_TRUE(builder.ok()) << builder.status().ToString();
  EXPECT_TRUE(builder->writable().empty());
  ASSERT_GE(builder->fd(), 0);
  size_t half = data.size() / 2;
  ASSERT_EQ(write(builder->fd(), data.data(), half),
            static_cast<ssize_t>(half));
  ASSERT_EQ(write(builder->fd(), data.data() + half, data.size() - half),
            static_cast<ssize_t>(data.size() - half));
  auto sealed = builder->Seal();
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  ASSERT_EQ(sealed->size(), data.size());
  EXPECT_EQ(std::memcmp(sealed->bytes().data(), data.data(), data.size()), 0);
  EXPECT_EQ(fcntl(sealed->fd(), F_GET_SEALS),
            F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
}

TEST(SealedBufferTest, GrowingThroughTheFdFailsTheSeal) {
  // Bytes written past the declared size would reach the helper without
  // being in the host's mapping (nor in the loader's hash): refused.
  auto builder = SealedBufferBuilder::CreateUnmapped(100);
  ASSERT_TRUE(builder.ok());
  auto data = Pattern(101);
  ASSERT_EQ(write(builder->fd(), data.data(), data.size()), 101);
  auto sealed = builder->Seal();
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.status().code(), ErrorCode::kSandboxMemfd);
  EXPECT_NE(sealed.status().detail().find("size changed"), std::string::npos)
      << sealed.status().detail();
}

TEST(SealedBufferTest, ShrinkingThroughTheFdFailsTheSeal) {
  auto builder = SealedBufferBuilder::Create(8192);
  ASSERT_TRUE(builder.ok());
  ASSERT_EQ(ftruncate(builder->fd(), 4096), 0);
  auto sealed = builder->Seal();
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.status().code(), ErrorCode::kSandboxMemfd);
}

TEST(SealedBufferTest, ReadOnlyViewSeesWritesAndBecomesTheSealedMapping) {
  auto data = Pattern(3 * 4096 + 5);
  auto builder = SealedBufferBuilder::CreateUnmapped(data.size());
  ASSERT_TRUE(builder.ok());
  auto view = builder->MapReadOnly();
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  ASSERT_EQ(view->size(), data.size());
  // Written after the view was made, in two pieces; each visible at once.
  ASSERT_EQ(write(builder->fd(), data.data(), 4096), 4096);
  EXPECT_EQ(std::memcmp(view->data(), data.data(), 4096), 0);
  ASSERT_EQ(write(builder->fd(), data.data() + 4096, data.size() - 4096),
            static_cast<ssize_t>(data.size() - 4096));
  EXPECT_EQ(std::memcmp(view->data(), data.data(), data.size()), 0);
  // A second call returns the same view.
  auto again = builder->MapReadOnly();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->data(), view->data());
  // A read-only view does not stop F_SEAL_WRITE, and it is kept.
  auto sealed = builder->Seal();
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(sealed->bytes().data(), view->data());
  EXPECT_EQ(std::memcmp(sealed->bytes().data(), data.data(), data.size()), 0);
  auto late = builder->MapReadOnly();
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().code(), ErrorCode::kInvalidArgument);
}

TEST(SealedBufferTest, EmptyInput) {
  auto r = SealedBuffer::FromBytes({});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GE(r->fd(), 0);
  EXPECT_EQ(r->size(), 0u);
  EXPECT_TRUE(r->bytes().empty());
  EXPECT_EQ(r->keepalive(), nullptr);
}

TEST(SealedBufferTest, KeepaliveOutlivesTheBuffer) {
  auto data = Pattern(5000);
  std::shared_ptr<const void> keep;
  const std::byte* p = nullptr;
  {
    auto r = SealedBuffer::FromBytes(data);
    ASSERT_TRUE(r.ok());
    keep = r->keepalive();
    p = r->bytes().data();
  }
  ASSERT_EQ(keep.get(), p);
  EXPECT_EQ(std::memcmp(p, data.data(), data.size()), 0);
}

TEST(SealedBufferTest, MoveTransfersOwnership) {
  auto r = SealedBuffer::FromBytes(Pattern(100));
  ASSERT_TRUE(r.ok());
  int fd = r->fd();
  SealedBuffer a = std::move(*r);
  EXPECT_EQ(a.fd(), fd);
  EXPECT_EQ(r->fd(), -1);
  EXPECT_TRUE(r->bytes().empty());
  SealedBuffer b;
  b = std::move(a);
  EXPECT_EQ(b.fd(), fd);
  EXPECT_EQ(b.size(), 100u);
  EXPECT_EQ(a.fd(), -1);
}

TEST(SealedBufferTest, TooLargeIsRejectedBeforeAllocating) {
  auto r = SealedBufferBuilder::Create(kSandboxMaxInputSize + 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kSandboxInputTooLarge);
}

TEST(SealedBufferTest, MemfdFailureIsReported) {
  // In a child process (the limit must not hit the test runner): with no fd
  // left, memfd_create fails.
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    struct rlimit rl = {0, 0};
    setrlimit(RLIMIT_NOFILE, &rl);
    auto r = SealedBufferBuilder::Create(10);
    _exit(r.ok() ? 1 : r.status().code() == ErrorCode::kSandboxMemfd ? 0 : 2);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace modelseal
