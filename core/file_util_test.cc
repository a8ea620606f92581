// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "core/file_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace modelseal {
namespace {

namespace fs = std::filesystem;

class FileUtilTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/modelseal-fileutil-XXXXXX";
    ASSERT_NE(::mkdtemp(templ), nullptr);
    dir_ = templ;
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Names of the entries in the test directory.
  int EntryCount() const {
    int n = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }
  std::string dir_;
};

TEST_F(FileUtilTest, AtomicWriteThenBoundedRead) {
  std::string path = dir_ + "/out.txt";
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("hello")).ok());
  auto text = ReadTextFileBounded(path, 100);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, "hello");
  EXPECT_EQ(EntryCount(), 1);  // no temporary left behind
}

TEST_F(FileUtilTest, SecretModeApplied) {
  std::string path = dir_ + "/secret";
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("k"), 0600).ok());
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(FileUtilTest, TooLargeRejected) {
  std::string path = dir_ + "/big";
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("0123456789")).ok());
  auto r = ReadFileBounded(path, 9);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIoTooLarge);
}

TEST_F(FileUtilTest, SymlinkAndDirectoryRejected) {
  std::string target = dir_ + "/t";
  ASSERT_TRUE(WriteFileAtomic(target, std::string_view("x")).ok());
  std::string link = dir_ + "/l";
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  auto r = ReadFileBounded(link, 100);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIoNotRegularFile);
  auto d = ReadFileBounded(dir_, 100);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), ErrorCode::kIoNotRegularFile);
}

TEST_F(FileUtilTest, MissingFile) {
  auto r = ReadFileBounded(dir_ + "/absent", 100);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIoOpen);
}

TEST_F(FileUtilTest, UncommittedAtomicFileLeavesNothing) {
  std::string path = dir_ + "/never";
  {
    AtomicFile f;
    ASSERT_TRUE(f.Open(path).ok());
    ASSERT_TRUE(f.Write(std::string_view("partial")).ok());
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(EntryCount(), 0);
}

TEST_F(FileUtilTest, WriteIntoMissingDirectoryFails) {
  Status st = WriteFileAtomic(dir_ + "/no/such/dir/f", std::string_view("x"));
  EXPECT_EQ(st.code(), ErrorCode::kIoWrite);
}

// ---- CopyFdExactly ----------------------------------------------------------

class CopyFdTest : public FileUtilTest,
                   public ::testing::WithParamInterface<CopyMethod> {
 protected:
  // A source file of `n` patterned bytes, opened for reading.
  int Source(size_t n) {
    data_.resize(n);
    for (size_t i = 0; i < n; ++i) data_[i] = static_cast<char>(i * 7 + 3);
    std::string path = dir_ + "/src";
    EXPECT_TRUE(WriteFileAtomic(path, std::string_view(data_)).ok());
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_GE(fd, 0);
    return fd;
  }
  static std::string Contents(int fd) {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::pread(fd, buf, sizeof buf, static_cast<off_t>(out.size()))) >
           0) {
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
  std::string data_;
};

TEST_P(CopyFdTest, CopiesEveryByteIntoAMemfd) {
  // Larger than the 256 KiB buffer, not a multiple of it.
  int src = Source((600 << 10) + 17);
  int dst = ::memfd_create("copy-test", MFD_CLOEXEC);
  ASSERT_GE(dst, 0);
  Status st = CopyFdExactly(src, dst, data_.size(), "src", GetParam());
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Contents(dst), data_);
  // Both offsets advanced by exactly the size.
  EXPECT_EQ(::lseek(src, 0, SEEK_CUR), static_cast<off_t>(data_.size()));
  EXPECT_EQ(::lseek(dst, 0, SEEK_CUR), static_cast<off_t>(data_.size()));
  ::close(src);
  ::close(dst);
}

TEST_P(CopyFdTest, ZeroBytesOfAnEmptyFile) {
  int src = Source(0);
  int dst = ::memfd_create("copy-test", MFD_CLOEXEC);
  EXPECT_TRUE(CopyFdExactly(src, dst, 0, "src", GetParam()).ok());
  EXPECT_EQ(Contents(dst), "");
  ::close(src);
  ::close(dst);
}

TEST_P(CopyFdTest, ShorterFileIsAnError) {
  int src = Source(1000);
  int dst = ::memfd_create("copy-test", MFD_CLOEXEC);
  Status st = CopyFdExactly(src, dst, 1001, "src", GetParam());
  EXPECT_EQ(st.code(), ErrorCode::kIoRead);
  EXPECT_EQ(st.context(), "src");
  EXPECT_EQ(st.detail(), "file shrank while reading");
  ::close(src);
  ::close(dst);
}

TEST_P(CopyFdTest, LongerFileIsAnError) {
  int src = Source(1000);
  int dst = ::memfd_create("copy-test", MFD_CLOEXEC);
  Status st = CopyFdExactly(src, dst, 999, "src", GetParam());
  EXPECT_EQ(st.code(), ErrorCode::kIoRead);
  EXPECT_EQ(st.detail(), "file grew while reading");
  ::close(src);
  ::close(dst);
}

TEST_P(CopyFdTest, UnreadableSourceIsAReadError) {
  Source(100);
  int src = ::open((dir_ + "/src").c_str(), O_WRONLY | O_CLOEXEC);
  ASSERT_GE(src, 0);
  int dst = ::memfd_create("copy-test", MFD_CLOEXEC);
  Status st = CopyFdExactly(src, dst, 100, "src", GetParam());
  EXPECT_EQ(st.code(), ErrorCode::kIoRead);
  ::close(src);
  ::close(dst);
}

TEST_P(CopyFdTest, UnwritableTargetFails) {
  int src = Source(100);
  std::string target = dir_ + "/ro";
  ASSERT_TRUE(WriteFileAtomic(target, std::string_view("")).ok());
  int dst = ::open(target.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(dst, 0);
  Status st = CopyFdExactly(src, dst, 100, "src", GetParam());
  // sendfile cannot tell which side failed; the buffer copy can.
  EXPECT_EQ(st.code(), GetParam() == CopyMethod::kAuto ? ErrorCode::kIoRead
                                                       : ErrorCode::kIoWrite);
  ::close(src);
  ::close(dst);
}

TEST_P(CopyFdTest, InPiecesThenEndOfFile) {
  int src = Source(10'000);
  int dst = ::memfd_create("copy-test", MFD_CLOEXEC);
  for (size_t off = 0; off < data_.size(); off += 3000) {
    size_t n = std::min<size_t>(3000, data_.size() - off);
    Status st = CopyFdBytes(src, dst, n, "src", GetParam());
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  EXPECT_TRUE(ExpectEndOfFile(src, "src").ok());
  EXPECT_EQ(Contents(dst), data_);
  // Stopping short: the end-of-file check reports the rest.
  ASSERT_EQ(::lseek(src, 9000, SEEK_SET), 9000);
  Status st = ExpectEndOfFile(src, "src");
  EXPECT_EQ(st.code(), ErrorCode::kIoRead);
  EXPECT_EQ(st.detail(), "file grew while reading");
  ::close(src);
  ::close(dst);
}

INSTANTIATE_TEST_SUITE_P(Methods, CopyFdTest,
                         ::testing::Values(CopyMethod::kAuto,
                                           CopyMethod::kReadWrite));

}  // namespace
}  // namespace modelseal
