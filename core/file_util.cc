// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "core/file_util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace modelseal {

namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

Status ReadAll(int fd, std::byte* out, uint64_t size, const std::string& path) {
  uint64_t done = 0;
  while (done < size) {
    ssize_t n = ::read(fd, out + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(ErrorCode::kIoRead, path, ErrnoText(errno));
    }
    if (n == 0) {
      return Status(ErrorCode::kIoRead, path, "file shrank while reading");
    }
    done += static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

Status WriteAllFd(int fd, const std::byte* data, size_t size,
                  const std::string& path) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::write(fd, data + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(ErrorCode::kIoWrite, path, ErrnoText(errno));
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

// "a fifo", "a directory", ...: what a non-regular file is.
const char* FileTypeName(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a fifo";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";  // (not reached: every other type is above)
}

Status NotRegular(const std::string& path, mode_t mode) {
  if (S_ISLNK(mode)) {
    return Status(ErrorCode::kIoNotRegularFile, path, "is a symbolic link");
  }
  return Status(ErrorCode::kIoNotRegularFile, path, FileTypeName(mode));
}

// The read/write half of CopyFdExactly: copies `size` more bytes.
Status CopyThroughBuffer(int from_fd, int to_fd, uint64_t size,
                         const std::string& context) {
  std::vector<std::byte> buf(
      static_cast<size_t>(std::min<uint64_t>(size, 256 << 10)));
  while (size > 0) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(size, buf.size()));
    ssize_t n = ::read(from_fd, buf.data(), want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(ErrorCode::kIoRead, context, ErrnoText(errno));
    }
    if (n == 0) {
      return Status(ErrorCode::kIoRead, context, "file shrank while reading");
    }
    MODELSEAL_RETURN_IF_ERROR(
        WriteAllFd(to_fd, buf.data(), static_cast<size_t>(n), context));
    size -= static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Status CopyFdBytes(int from_fd, int to_fd, uint64_t size,
                   const std::string& context, CopyMethod method) {
  uint64_t left = size;
  bool use_sendfile = method == CopyMethod::kAuto;
  while (left > 0 && use_sendfile) {
    // sendfile moves at most 0x7ffff000 bytes per call.
    size_t want = static_cast<size_t>(std::min<uint64_t>(left, 1u << 30));
    ssize_t n = ::sendfile(to_fd, from_fd, nullptr, want);
    if (n < 0) {
      int err = errno;
      if (err == EINTR) continue;
      // Offsets advanced only by what was sent: the buffer copy goes on
      // from there.
      if (err == EINVAL || err == ENOSYS) {
        use_sendfile = false;
        break;
      }
      return Status(ErrorCode::kIoRead, context, ErrnoText(err));
    }
    if (n == 0) {
      return Status(ErrorCode::kIoRead, context, "file shrank while reading");
    }
    left -= static_cast<uint64_t>(n);
  }
  if (left > 0) {
    MODELSEAL_RETURN_IF_ERROR(CopyThroughBuffer(from_fd, to_fd, left, context));
  }
  return Status::Ok();
}

Status ExpectEndOfFile(int fd, const std::string& context) {
  std::byte extra;
  ssize_t n;
  do {
    n = ::read(fd, &extra, 1);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return Status(ErrorCode::kIoRead, context, ErrnoText(errno));
  if (n > 0) {
    return Status(ErrorCode::kIoRead, context, "file grew while reading");
  }
  return Status::Ok();
}

Status CopyFdExactly(int from_fd, int to_fd, uint64_t size,
                     const std::string& context, CopyMethod method) {
  MODELSEAL_RETURN_IF_ERROR(CopyFdBytes(from_fd, to_fd, size, context, method));
  return ExpectEndOfFile(from_fd, context);
}

void UniqueFd::Reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

Result<RegularFile> OpenRegularFile(const std::string& path,
                                    uint64_t max_bytes) {
  // lstat first: a FIFO or device is refused without being opened at all
  // (opening a device can have side effects). The fstat below decides.
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    return NotRegular(path, st.st_mode);
  }
  // O_NONBLOCK: if a FIFO was swapped in after the lstat, open() returns at
  // once instead of waiting for a writer.
  UniqueFd fd(::open(
      path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) {
    int err = errno;
    if (err == ELOOP) {
      return Status(ErrorCode::kIoNotRegularFile, path, "is a symbolic link");
    }
    return Status(ErrorCode::kIoOpen, path, ErrnoText(err));
  }
  if (::fstat(fd.get(), &st) != 0) {
    return Status(ErrorCode::kIoRead, path, ErrnoText(errno));
  }
  if (!S_ISREG(st.st_mode)) return NotRegular(path, st.st_mode);
  int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
    return Status(ErrorCode::kIoRead, path, ErrnoText(errno));
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size > max_bytes) {
    return Status(
        ErrorCode::kIoTooLarge, path,
        std::to_string(size) + " bytes, limit " + std::to_string(max_bytes));
  }
  RegularFile out;
  out.fd = std::move(fd);
  out.size = size;
  return out;
}

Result<std::vector<std::byte>> ReadFileBounded(const std::string& path,
                                               uint64_t max_size) {
  MODELSEAL_ASSIGN_OR_RETURN(RegularFile file, OpenRegularFile(path, max_size));
  std::vector<std::byte> out(file.size);
  MODELSEAL_RETURN_IF_ERROR(
      ReadAll(file.fd.get(), out.data(), file.size, path));
  // The file must not have grown past what fstat said.
  MODELSEAL_RETURN_IF_ERROR(ExpectEndOfFile(file.fd.get(), path));
  return out;
}

Result<std::string> ReadTextFileBounded(const std::string& path,
                                        uint64_t max_size) {
  MODELSEAL_ASSIGN_OR_RETURN(auto bytes, ReadFileBounded(path, max_size));
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

AtomicFile::~AtomicFile() { Discard(); }

void AtomicFile::Discard() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!tmp_path_.empty()) {
    ::unlink(tmp_path_.c_str());
    tmp_path_.clear();
  }
}

namespace {

// Fails unless `path` is absent or a regular file; sets `*existing_mode`
// to the permission bits of an existing regular file (else leaves it).
Status CheckReplaceable(const std::string& path, unsigned* existing_mode) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return Status(ErrorCode::kIoWrite, path, ErrnoText(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return Status(ErrorCode::kIoNotRegularFile, path,
                  std::string("exists as ") + FileTypeName(st.st_mode) +
                      "; refusing to replace it");
  }
  *existing_mode = static_cast<unsigned>(st.st_mode) & 0777;
  return Status::Ok();
}

}  // namespace

Status AtomicFile::Open(const std::string& path, unsigned mode,
                        unsigned max_mode) {
  Discard();
  if (path.empty()) {
    return Status(ErrorCode::kInvalidArgument, "path", "empty output path");
  }
  unsigned existing = ~0u;
  MODELSEAL_RETURN_IF_ERROR(CheckReplaceable(path, &existing));
  if (existing != ~0u) mode = existing & max_mode;
  path_ = path;
  std::string templ = path + ".tmp.XXXXXX";
  int fd = ::mkstemp(templ.data());
  if (fd < 0) return Status(ErrorCode::kIoWrite, path, ErrnoText(errno));
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  fd_ = fd;
  tmp_path_ = templ;
  if (::fchmod(fd_, mode) != 0) {
    Status st(ErrorCode::kIoWrite, path, ErrnoText(errno));
    Discard();
    return st;
  }
  return Status::Ok();
}

Status AtomicFile::Write(std::span<const std::byte> data) {
  if (fd_ < 0) return Status(ErrorCode::kInternal, path_, "file not open");
  Status st = WriteAllFd(fd_, data.data(), data.size(), path_);
  if (!st.ok()) Discard();
  return st;
}

Status AtomicFile::Write(std::string_view data) {
  return Write(std::as_bytes(std::span<const char>(data.data(), data.size())));
}

Status AtomicFile::Commit() {
  if (fd_ < 0) return Status(ErrorCode::kInternal, path_, "file not open");
  if (::fsync(fd_) != 0) {
    Status st(ErrorCode::kIoWrite, path_, ErrnoText(errno));
    Discard();
    return st;
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    Status st(ErrorCode::kIoWrite, path_, ErrnoText(errno));
    Discard();
    return st;
  }
  fd_ = -1;
  // Again right before the rename: the target may have changed since Open.
  unsigned ignored = 0;
  if (Status st = CheckReplaceable(path_, &ignored); !st.ok()) {
    Discard();
    return st;
  }
  if (::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    Status st(ErrorCode::kIoRename, path_, ErrnoText(errno));
    Discard();
    return st;
  }
  tmp_path_.clear();
  // Make the rename durable.
  std::string dir = ".";
  if (auto slash = path_.rfind('/'); slash != std::string::npos) {
    dir = slash == 0 ? "/" : path_.substr(0, slash);
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

Status WriteFileAtomic(const std::string& path, std::span<const std::byte> data,
                       unsigned mode, unsigned max_mode) {
  AtomicFile f;
  MODELSEAL_RETURN_IF_ERROR(f.Open(path, mode, max_mode));
  MODELSEAL_RETURN_IF_ERROR(f.Write(data));
  return f.Commit();
}

Status WriteFileAtomic(const std::string& path, std::string_view data,
                       unsigned mode, unsigned max_mode) {
  return WriteFileAtomic(
      path, std::as_bytes(std::span<const char>(data.data(), data.size())),
      mode, max_mode);
}

}  // namespace modelseal
