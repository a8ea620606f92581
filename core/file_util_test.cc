// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "core/file_util.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

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

}  // namespace
}  // namespace modelseal
