// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Passphrase input into guarded memory: terminal (echo off), environment
// variable, or a file descriptor (stdin for CI). Never argv.
#include <fcntl.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "modelseal/signing.h"

namespace modelseal::signing {

namespace {
// Copies the first `len` bytes of `buf` into an exactly sized buffer.
Result<SecureBuffer> Finish(const SecureBuffer& buf, size_t len,
                            const std::string& context) {
  if (len == 0) {
    return Status(ErrorCode::kPassphrase, context, "empty passphrase");
  }
  if (len > kMaxPassphraseBytes) {
    return Status(
        ErrorCode::kPassphrase, context,
        "longer than " + std::to_string(kMaxPassphraseBytes) + " bytes");
  }
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer out, SecureBuffer::Allocate(len));
  std::memcpy(out.data(), buf.data(), len);
  return out;
}

// Reads one line (without its LF) from `fd` into `buf`; returns its length
// (kMaxPassphraseBytes + 1 when too long).
Result<size_t> ReadLine(int fd, SecureBuffer& buf, const std::string& ctx) {
  size_t len = 0;
  for (;;) {
    char c;
    const ssize_t n = ::read(fd, &c, 1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(ErrorCode::kPassphrase, ctx, std::strerror(errno));
    }
    if (n == 0 || c == '\n') break;
    if (len < buf.size()) buf.data()[len] = static_cast<uint8_t>(c);
    if (len <= kMaxPassphraseBytes) ++len;
  }
  return len;
}

class Tty {
 public:
  Tty() : fd_(::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) {}
  ~Tty() {
    if (echo_off_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
    if (fd_ >= 0) ::close(fd_);
  }
  Tty(const Tty&) = delete;
  Tty& operator=(const Tty&) = delete;
  int fd() const { return fd_; }
  bool EchoOff() {
    if (::tcgetattr(fd_, &saved_) != 0) return false;
    termios t = saved_;
    t.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    if (::tcsetattr(fd_, TCSAFLUSH, &t) != 0) return false;
    echo_off_ = true;
    return true;
  }
  void Write(std::string_view s) {
    if (::write(fd_, s.data(), s.size()) < 0) {
      // A prompt that cannot be shown is not fatal.
    }
  }

 private:
  int fd_;
  termios saved_{};
  bool echo_off_ = false;
};
}  // namespace

Result<SecureBuffer> PassphraseFromBytes(std::string_view bytes) {
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer buf,
                             SecureBuffer::Allocate(kMaxPassphraseBytes));
  const size_t len = std::min(bytes.size(), kMaxPassphraseBytes + 1);
  std::memcpy(buf.data(), bytes.data(), std::min(len, kMaxPassphraseBytes));
  return Finish(buf, len, "passphrase");
}

Result<SecureBuffer> ReadPassphraseFromEnv(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) {
    return Status(ErrorCode::kPassphrase, "passphrase.env",
                  "environment variable " + name + " is not set");
  }
  auto out = PassphraseFromBytes(v);
  if (!out.ok()) return out.status().WithPrefix("env");
  return out;
}

Result<SecureBuffer> ReadPassphraseFromFd(int fd) {
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer buf,
                             SecureBuffer::Allocate(kMaxPassphraseBytes));
  MODELSEAL_ASSIGN_OR_RETURN(size_t len, ReadLine(fd, buf, "passphrase.fd"));
  return Finish(buf, len, "passphrase.fd");
}

Result<SecureBuffer> ReadPassphraseFromTerminal(std::string_view prompt,
                                                bool confirm) {
  Tty tty;
  if (tty.fd() < 0) {
    return Status(ErrorCode::kPassphrase, "passphrase.tty",
                  "no terminal; use an environment variable or stdin");
  }
  if (!tty.EchoOff()) {
    return Status(ErrorCode::kPassphrase, "passphrase.tty",
                  "cannot turn off echo");
  }
  tty.Write(prompt);
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer buf,
                             SecureBuffer::Allocate(kMaxPassphraseBytes));
  MODELSEAL_ASSIGN_OR_RETURN(size_t len,
                             ReadLine(tty.fd(), buf, "passphrase.tty"));
  tty.Write("\n");
  MODELSEAL_ASSIGN_OR_RETURN(SecureBuffer first,
                             Finish(buf, len, "passphrase.tty"));
  if (confirm) {
    tty.Write("Confirm: ");
    MODELSEAL_ASSIGN_OR_RETURN(size_t len2,
                               ReadLine(tty.fd(), buf, "passphrase.tty"));
    tty.Write("\n");
    if (len2 != first.size() ||
        sodium_memcmp(buf.data(), first.data(), first.size()) != 0) {
      return Status(ErrorCode::kPassphrase, "passphrase.tty",
                    "passphrases do not match");
    }
  }
  return first;
}

}  // namespace modelseal::signing
