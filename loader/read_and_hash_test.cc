// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "loader/read_and_hash.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

namespace modelseal {
namespace {

class ReadAndHashTest
    : public ::testing::TestWithParam<std::tuple<ReadMode, CopyMethod>> {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/modelseal-readhash-XXXXXX";
    ASSERT_NE(::mkdtemp(templ), nullptr);
    dir_ = templ;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes a file of `n` pseudo-random bytes and opens it for reading.
  int MakeFile(size_t n) {
    data_.resize(n);
    uint64_t x = 0x9e3779b97f4a7c15ull ^ n;
    for (auto& b : data_) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      b = static_cast<std::byte>(x >> 24);
    }
    std::string path = dir_ + "/m.seal";
    EXPECT_TRUE(WriteFileAtomic(path, data_).ok());
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_GE(fd, 0);
    return fd;
  }
  signing::Hash Expected() const {
    signing::Blake2b512 h;
    h.Update(std::span<const std::byte>(data_));
    auto hash = h.Final();
    EXPECT_TRUE(hash.ok()) << hash.status().ToString();
    return hash.ok() ? *hash : signing::Hash{};
  }
  Result<SealedAndHashed> Run(int fd, uint64_t size) {
    auto [mode, copy] = GetParam();
    return ReadSealAndHash(fd, size, "m.seal", mode, copy);
  }

  std::string dir_;
  std::vector<std::byte> data_;
};

TEST_P(ReadAndHashTest, SealsAndHashesExactlyTheFile) {
  // Around the page, the piece and the pipelining threshold.
  for (size_t n :
       {size_t{1}, size_t{4095}, size_t{4096}, size_t{kPipelinePieceBytes - 1},
        size_t{kPipelinePieceBytes}, size_t{kPipelinePieceBytes + 1},
        size_t{kPipelineMinBytes + kPipelinePieceBytes / 2 + 123}}) {
    int fd = MakeFile(n);
    auto r = Run(fd, n);
    ::close(fd);
    ASSERT_TRUE(r.ok()) << n << ": " << r.status().ToString();
    ASSERT_EQ(r->sealed.size(), n);
    EXPECT_EQ(std::memcmp(r->sealed.bytes().data(), data_.data(), n), 0) << n;
    EXPECT_EQ(r->hash, Expected()) << n;
    EXPECT_EQ(::fcntl(r->sealed.fd(), F_GET_SEALS),
              F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
  }
}

TEST_P(ReadAndHashTest, HashDependsOnTheContent) {
  // A test that can fail: one changed byte in the last piece changes the
  // hash.
  const size_t n = kPipelineMinBytes + 1000;
  int fd = MakeFile(n);
  auto a = Run(fd, n);
  ::close(fd);
  ASSERT_TRUE(a.ok());
  data_[n - 10] ^= std::byte{1};
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/m.seal", data_).ok());
  fd = ::open((dir_ + "/m.seal").c_str(), O_RDONLY | O_CLOEXEC);
  auto b = Run(fd, n);
  ::close(fd);
  ASSERT_TRUE(b.ok());
  EXPECT_NE(a->hash, b->hash);
  EXPECT_EQ(b->hash, Expected());
}

TEST_P(ReadAndHashTest, ShorterFileIsAnError) {
  // The file ends inside the third piece.
  const size_t n = kPipelineMinBytes + 4321;
  int fd = MakeFile(n);
  auto r = Run(fd, n + 100);
  ::close(fd);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIoRead);
  EXPECT_EQ(r.status().context(), "m.seal");
  EXPECT_EQ(r.status().detail(), "file shrank while reading");
}

TEST_P(ReadAndHashTest, LongerFileIsAnError) {
  const size_t n = kPipelineMinBytes + 4321;
  int fd = MakeFile(n);
  auto r = Run(fd, n - 1);
  ::close(fd);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIoRead);
  EXPECT_EQ(r.status().detail(), "file grew while reading");
}

TEST_P(ReadAndHashTest, UnreadableFdIsAnError) {
  MakeFile(kPipelineMinBytes);
  int fd = ::open((dir_ + "/m.seal").c_str(), O_WRONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  auto r = Run(fd, kPipelineMinBytes);
  ::close(fd);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIoRead);
}

INSTANTIATE_TEST_SUITE_P(
    Modes, ReadAndHashTest,
    ::testing::Combine(::testing::Values(ReadMode::kAuto, ReadMode::kSequential,
                                         ReadMode::kPipelined),
                       ::testing::Values(CopyMethod::kAuto,
                                         CopyMethod::kReadWrite)));

}  // namespace
}  // namespace modelseal
