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

// Opens `path` for reading and checks it is a regular file within the cap.
Result<std::pair<int, uint64_t>> OpenBounded(const std::string& path,
                                             uint64_t max_size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    int err = errno;
    if (err == ELOOP) {
      return Status(ErrorCode::kIoNotRegularFile, path, "is a symbolic link");
    }
    return Status(ErrorCode::kIoOpen, path, ErrnoText(err));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status(ErrorCode::kIoRead, path, ErrnoText(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status(ErrorCode::kIoNotRegularFile, path, "not a regular file");
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size > max_size) {
    ::close(fd);
    return Status(
        ErrorCode::kIoTooLarge, path,
        std::to_string(size) + " bytes, limit " + std::to_string(max_size));
  }
  return std::make_pair(fd, size);
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

Result<std::vector<std::byte>> ReadFileBounded(const std::string& path,
                                               uint64_t max_size) {
  MODELSEAL_ASSIGN_OR_RETURN(auto opened, OpenBounded(path, max_size));
  auto [fd, size] = opened;
  std::vector<std::byte> out(size);
  Status st = ReadAll(fd, out.data(), size, path);
  if (st.ok()) {
    // The file must not have grown past what fstat said.
    std::byte extra;
    ssize_t n = ::read(fd, &extra, 1);
    if (n != 0)
      st = Status(ErrorCode::kIoRead, path, "file grew while reading");
  }
  ::close(fd);
  if (!st.ok()) return st;
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

Status AtomicFile::Open(const std::string& path, unsigned mode) {
  Discard();
  if (path.empty()) {
    return Status(ErrorCode::kInvalidArgument, "path", "empty output path");
  }
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
                       unsigned mode) {
  AtomicFile f;
  MODELSEAL_RETURN_IF_ERROR(f.Open(path, mode));
  MODELSEAL_RETURN_IF_ERROR(f.Write(data));
  return f.Commit();
}

Status WriteFileAtomic(const std::string& path, std::string_view data,
                       unsigned mode) {
  return WriteFileAtomic(
      path, std::as_bytes(std::span<const char>(data.data(), data.size())),
      mode);
}

}  // namespace modelseal
