// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// modelseal-sandbox: runs one validator on the sealed input (fd 3) under the
// seccomp allow-list and writes its reply to fd 4. See sandbox/README.md for
// the protocol and protocol.h for argv and exit codes.
//
// Built twice from this file: `modelseal-sandbox` (release) and, in test
// builds only, `modelseal-sandbox-probe` with MODELSEAL_SANDBOX_PROBE, which
// adds the test validators of probe.inc (forbidden actions, fake replies,
// memory bombs). The release binary contains none of them.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <span>
#include <string_view>
#include <vector>

#include "format/model_reply.h"
#include "modelseal/error.h"
#include "sandbox/policy.h"
#include "sandbox/protocol.h"
#include "sandbox/reply.h"

#if defined(__SANITIZE_ADDRESS__)
#define MODELSEAL_SANDBOX_ASAN 1
// The sanitizer runtime must not start threads (LSan), write reports to a
// closed world, or reserve memory we then count; allocation failure must
// reach the helper as std::bad_alloc.
extern "C" const char* __asan_default_options() {
  return "detect_leaks=0:allocator_may_return_null=1:"
         "max_allocation_size_mb=4096:handle_segv=0:handle_sigbus=0:"
         "handle_sigfpe=0:handle_abort=0:detect_stack_use_after_return=0";
}

// ASan's operator new reports and dies when allocation fails (it never
// throws), which under the seccomp filter ends as SIGSYS. In the ASan helper
// new/delete go through malloc/free (still checked by ASan, which returns
// null under allocator_may_return_null) so that a failed allocation throws
// std::bad_alloc as in the release build.
namespace {
void* NewOrThrow(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
}  // namespace
void* operator new(std::size_t n) { return NewOrThrow(n); }
void* operator new[](std::size_t n) { return NewOrThrow(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return std::malloc(n == 0 ? 1 : n);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
#endif

namespace modelseal::sandbox {
namespace {

using Validator = Status (*)(std::span<const std::byte> input,
                             std::vector<std::byte>* payload);

struct Args {
  const char* validator;
  pid_t parent;
  uint64_t max_input;
  uint64_t as_bytes;
  uint64_t cpu_seconds;
  uint64_t max_reply;
};

// Decimal, no sign, no leading garbage, no overflow.
bool ParseU64(const char* s, uint64_t* out) {
  if (s == nullptr || *s == '\0') return false;
  uint64_t v = 0;
  for (; *s != '\0'; ++s) {
    if (*s < '0' || *s > '9') return false;
    if (__builtin_mul_overflow(v, 10u, &v)) return false;
    if (__builtin_add_overflow(v, static_cast<uint64_t>(*s - '0'), &v)) {
      return false;
    }
  }
  *out = v;
  return true;
}

bool ParseArgs(int argc, char** argv, Args* a) {
  if (argc != kArgc) return false;
  if (std::strcmp(argv[1], kProtocolVersion) != 0) return false;
  a->validator = argv[2];
  uint64_t parent = 0;
  if (!ParseU64(argv[3], &parent) || parent == 0 || parent > INT32_MAX) {
    return false;
  }
  a->parent = static_cast<pid_t>(parent);
  return ParseU64(argv[4], &a->max_input) && ParseU64(argv[5], &a->as_bytes) &&
         ParseU64(argv[6], &a->cpu_seconds) && a->cpu_seconds > 0 &&
         a->cpu_seconds < 86400 && ParseU64(argv[7], &a->max_reply);
}

bool IsDevNull(int fd, int accmode) {
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode)) return false;
  if (major(st.st_rdev) != 1 || minor(st.st_rdev) != 3) return false;
  int fl = ::fcntl(fd, F_GETFL);
  return fl >= 0 && (fl & O_ACCMODE) == accmode;
}

// fds 0 and 2 on /dev/null, 1 closed, 3 a memfd with all four seals no
// larger than the cap, 4 the write end of a pipe.
bool CheckFds(uint64_t max_input, uint64_t* input_size) {
  if (!IsDevNull(0, O_RDONLY) || !IsDevNull(2, O_WRONLY)) return false;
  if (::fcntl(1, F_GETFD) != -1 || errno != EBADF) return false;
  const int kAllSeals =
      F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;
  int seals = ::fcntl(kInputFd, F_GET_SEALS);
  if (seals < 0 || (seals & kAllSeals) != kAllSeals) return false;
  struct stat st;
  if (::fstat(kInputFd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0) {
    return false;
  }
  if (static_cast<uint64_t>(st.st_size) > max_input) return false;
  *input_size = static_cast<uint64_t>(st.st_size);
  int fl = ::fcntl(kReplyFd, F_GETFL);
  if (fl < 0 || (fl & O_ACCMODE) != O_WRONLY) return false;
  if (::fstat(kReplyFd, &st) != 0 || !S_ISFIFO(st.st_mode)) return false;
  return true;
}

bool SetLimit(int resource, rlim_t soft, rlim_t hard) {
  struct rlimit rl = {soft, hard};
  return ::setrlimit(resource, &rl) == 0;
}

bool SetLimits(const Args& a) {
#ifndef MODELSEAL_SANDBOX_ASAN
  // ASan reserves terabytes of shadow address space at startup, so an
  // address-space limit cannot apply to the ASan build of the helper; its
  // allocator caps single allocations instead (__asan_default_options).
  if (!SetLimit(RLIMIT_AS, a.as_bytes, a.as_bytes)) return false;
#endif
  return SetLimit(RLIMIT_CPU, a.cpu_seconds, a.cpu_seconds + 1) &&
         SetLimit(RLIMIT_FSIZE, 0, 0) &&
         SetLimit(RLIMIT_NOFILE, kFirstClosedFd, kFirstClosedFd) &&
         SetLimit(RLIMIT_CORE, 0, 0);
}

bool Harden(pid_t parent) {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return false;
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) return false;
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) return false;
  // If the parent died before PDEATHSIG was set, we were re-parented.
  return ::getppid() == parent;
}

// Makes the allocator set up its arena (and the C++ runtime its exception
// machinery) while every syscall is still allowed. Large blocks need no
// warm-up: mmap and brk stay allowed (policy.cc); touching 8 MiB here, as
// this once did, only cost page faults and 8 MiB of peak RSS per load.
void WarmUp() {
  std::vector<void*> small;
  for (int i = 0; i < 256; ++i) small.push_back(std::malloc(64 + i * 16));
  for (void* q : small) std::free(q);
  try {
    throw std::bad_alloc();
  } catch (const std::bad_alloc&) {
  }
}

bool WriteAll(int fd, const std::byte* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

Status ModelValidator(std::span<const std::byte> input,
                      std::vector<std::byte>* payload) {
  return ValidateModelRequest(input, payload);
}

// Set for the probe validators.
[[maybe_unused]] pid_t g_parent = 0;

}  // namespace
}  // namespace modelseal::sandbox

#ifdef MODELSEAL_SANDBOX_PROBE
#include "sandbox/probe.inc"
#endif

namespace modelseal::sandbox {
namespace {

struct Entry {
  std::string_view name;
  Validator fn;
};

const Entry kValidators[] = {{"model", &ModelValidator},
#ifdef MODELSEAL_SANDBOX_PROBE
                             MODELSEAL_SANDBOX_PROBE_ENTRIES
#endif
};

Validator FindValidator(std::string_view name) {
  for (const Entry& e : kValidators) {
    if (e.fn != nullptr && e.name == name) return e.fn;
  }
  return nullptr;
}

int Main(int argc, char** argv) {
#ifdef MODELSEAL_SANDBOX_PROBE
  RecordOpenFds();
#endif
  if (::close_range(kFirstClosedFd, ~0u, 0) != 0) return kExitSetup;
  Args args;
  if (!ParseArgs(argc, argv, &args)) return kExitUsage;
  Validator validator = FindValidator(args.validator);
  if (validator == nullptr) return kExitUsage;
  g_parent = args.parent;

  uint64_t size = 0;
  if (!CheckFds(args.max_input, &size)) return kExitSetup;
  const std::byte* data = nullptr;
  if (size > 0) {
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, kInputFd, 0);
    if (p == MAP_FAILED) return kExitSetup;
    data = static_cast<const std::byte*>(p);
  }
  if (!SetLimits(args) || !Harden(args.parent)) return kExitSetup;
  WarmUp();
  if (InstallSeccompPolicy() != 0) return kExitSetup;

  // From here on only the allow-list of policy.h works.
  try {
    std::vector<std::byte> payload;
    Status status = validator({data, size}, &payload);
    std::vector<std::byte> reply = EncodeReply(status, payload);
    if (!WriteAll(kReplyFd, reply.data(), reply.size())) {
      return kExitReplyWrite;
    }
  } catch (const std::bad_alloc&) {
    return kExitOutOfMemory;
  } catch (...) {
    return kExitException;
  }
  return 0;
}

}  // namespace
}  // namespace modelseal::sandbox

int main(int argc, char** argv) {
  // _exit: no atexit handlers, no stdio flush, nothing that needs a syscall
  // outside the allow-list.
  ::_exit(modelseal::sandbox::Main(argc, argv));
}
