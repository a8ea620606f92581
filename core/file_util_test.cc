// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "core/file_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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

// Kills the test binary (SIGALRM's default action) if a test that used to
// hang still does, so the suite fails instead of hanging.
class HangGuard {
 public:
  HangGuard() { ::alarm(120); }
  ~HangGuard() { ::alarm(0); }
};

TEST_F(FileUtilTest, FifoRefusedWithoutBlocking) {
  HangGuard guard;
  std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Before OpenRegularFile, open() waited for a writer forever.
  auto r = ReadFileBounded(fifo, 100);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIoNotRegularFile);
  EXPECT_EQ(r.status().context(), fifo);
  EXPECT_EQ(r.status().detail(), "a fifo");
  auto o = OpenRegularFile(fifo, 100);
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().code(), ErrorCode::kIoNotRegularFile);
}

TEST_F(FileUtilTest, OpenRegularFileGivesABlockingFdAndTheSize) {
  std::string path = dir_ + "/f";
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("abc")).ok());
  auto r = OpenRegularFile(path, 3);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->size, 3u);
  int flags = ::fcntl(r->fd.get(), F_GETFL);
  EXPECT_EQ(flags & O_NONBLOCK, 0);
  EXPECT_NE(::fcntl(r->fd.get(), F_GETFD) & FD_CLOEXEC, 0);
  EXPECT_EQ(OpenRegularFile(path, 2).status().code(), ErrorCode::kIoTooLarge);
}

TEST_F(FileUtilTest, SocketAndDeviceRefused) {
  std::string dev = dir_ + "/null";
  // A character device like /dev/null (needs CAP_MKNOD).
  if (::mknod(dev.c_str(), S_IFCHR | 0666, ::makedev(1, 3)) == 0) {
    auto r = ReadFileBounded(dev, 100);
    EXPECT_EQ(r.status().code(), ErrorCode::kIoNotRegularFile);
    EXPECT_EQ(r.status().detail(), "a character device");
  }
  EXPECT_EQ(ReadFileBounded("/dev/null", 100).status().code(),
            ErrorCode::kIoNotRegularFile);
}

TEST_F(FileUtilTest, UniqueFdClosesAndMoves) {
  int raw = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(raw, 0);
  {
    UniqueFd a(raw);
    UniqueFd b(std::move(a));
    EXPECT_EQ(a.get(), -1);
    EXPECT_EQ(b.get(), raw);
  }
  EXPECT_EQ(::fcntl(raw, F_GETFD), -1);  // closed
}

TEST_F(FileUtilTest, AtomicWriteRefusesNonRegularTargets) {
  HangGuard guard;
  std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Status st = WriteFileAtomic(fifo, std::string_view("x"));
  EXPECT_EQ(st.code(), ErrorCode::kIoNotRegularFile);
  EXPECT_EQ(st.context(), fifo);
  EXPECT_EQ(st.detail(), "exists as a fifo; refusing to replace it");
  struct stat sb;
  ASSERT_EQ(::lstat(fifo.c_str(), &sb), 0);
  EXPECT_TRUE(S_ISFIFO(sb.st_mode));  // still the fifo

  std::string target = dir_ + "/t";
  ASSERT_TRUE(WriteFileAtomic(target, std::string_view("old")).ok());
  std::string link = dir_ + "/link";
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  EXPECT_EQ(WriteFileAtomic(link, std::string_view("x")).code(),
            ErrorCode::kIoNotRegularFile);
  ASSERT_EQ(::lstat(link.c_str(), &sb), 0);
  EXPECT_TRUE(S_ISLNK(sb.st_mode));
  EXPECT_EQ(*ReadTextFileBounded(target, 100), "old");

  std::string dev = dir_ + "/null";
  if (::mknod(dev.c_str(), S_IFCHR | 0666, ::makedev(1, 3)) == 0) {
    st = WriteFileAtomic(dev, std::string_view("x"));
    EXPECT_EQ(st.code(), ErrorCode::kIoNotRegularFile);
    ASSERT_EQ(::lstat(dev.c_str(), &sb), 0);
    EXPECT_TRUE(S_ISCHR(sb.st_mode));
  }
  EXPECT_EQ(WriteFileAtomic(dir_, std::string_view("x")).code(),
            ErrorCode::kIoNotRegularFile);
  // Nothing left behind: fifo, t, link (and the device node).
  EXPECT_EQ(EntryCount(), fs::exists(dev) ? 4 : 3);
}

TEST_F(FileUtilTest, ReplacedFileKeepsItsMode) {
  std::string path = dir_ + "/out";
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("a")).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("b")).ok());
  struct stat sb;
  ASSERT_EQ(::stat(path.c_str(), &sb), 0);
  EXPECT_EQ(sb.st_mode & 0777, 0640u);
  EXPECT_EQ(*ReadTextFileBounded(path, 100), "b");
  // A new file gets the requested mode.
  std::string fresh = dir_ + "/fresh";
  ASSERT_TRUE(WriteFileAtomic(fresh, std::string_view("c"), 0604).ok());
  ASSERT_EQ(::stat(fresh.c_str(), &sb), 0);
  EXPECT_EQ(sb.st_mode & 0777, 0604u);
}

TEST_F(FileUtilTest, ReplacedSecretNeverWidensPastMaxMode) {
  std::string path = dir_ + "/key";
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("a")).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("k"), 0600, 0600).ok());
  struct stat sb;
  ASSERT_EQ(::stat(path.c_str(), &sb), 0);
  EXPECT_EQ(sb.st_mode & 0777, 0600u);
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("k"), 0600, 0600).ok());
  ASSERT_EQ(::stat(path.c_str(), &sb), 0);
  EXPECT_EQ(sb.st_mode & 0777, 0400u);
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
