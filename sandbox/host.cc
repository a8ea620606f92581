// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>

#include "core/file_util.h"
#include "modelseal/sandbox.h"
#include "sandbox/host_internal.h"
#include "sandbox/protocol.h"
#include "sandbox/reply.h"

namespace modelseal {
namespace sandbox {
namespace {

constexpr const char* kHelperName = "modelseal-sandbox";
constexpr const char* kHelperEnv = "MODELSEAL_SANDBOX_HELPER";

std::string Errno(int err) { return std::strerror(err); }

std::string SignalName(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  return "signal " + std::to_string(sig) +
         (abbrev != nullptr ? std::string(" (SIG") + abbrev + ")" : "");
}

// A spawned helper: killed and reaped on every path out of RunHelper.
class Child {
 public:
  Child(pid_t pid, int pidfd) : pid_(pid), pidfd_(pidfd) {}
  ~Child() {
    if (!reaped_) {
      Kill();
      siginfo_t info;
      Wait(&info);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  int pidfd() const { return pidfd_.get(); }
  void Kill() {
    // The pidfd names exactly our child even if the pid were reused; the
    // child is not reaped yet, so it cannot be reused anyway.
    if (::syscall(SYS_pidfd_send_signal, pidfd_.get(), SIGKILL, nullptr, 0) !=
        0) {
      ::kill(pid_, SIGKILL);
    }
  }
  // Blocks until the child has exited and reaps it.
  bool Wait(siginfo_t* info) {
    std::memset(info, 0, sizeof *info);
    for (;;) {
      int rc = ::waitid(P_PIDFD, pidfd_.get(), info, WEXITED);
      if (rc == 0) break;
      if (errno == EINTR) continue;
      // waitid on the pidfd failed (should not happen): reap by pid.
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      reaped_ = true;
      return false;
    }
    reaped_ = true;
    return true;
  }

 private:
  pid_t pid_;
  UniqueFd pidfd_;
  bool reaped_ = false;
};

class FileActions {
 public:
  FileActions() { ok_ = ::posix_spawn_file_actions_init(&fa_) == 0; }
  ~FileActions() {
    if (ok_) ::posix_spawn_file_actions_destroy(&fa_);
  }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  bool ok() const { return ok_; }
  posix_spawn_file_actions_t* get() { return &fa_; }

 private:
  posix_spawn_file_actions_t fa_;
  bool ok_;
};

class SpawnAttr {
 public:
  SpawnAttr() { ok_ = ::posix_spawnattr_init(&attr_) == 0; }
  ~SpawnAttr() {
    if (ok_) ::posix_spawnattr_destroy(&attr_);
  }
  SpawnAttr(const SpawnAttr&) = delete;
  SpawnAttr& operator=(const SpawnAttr&) = delete;
  bool ok() const { return ok_; }
  posix_spawnattr_t* get() { return &attr_; }

 private:
  posix_spawnattr_t attr_;
  bool ok_;
};

Status SpawnError(const std::string& what, int err) {
  return Status(ErrorCode::kSandboxSpawn, "sandbox", what + ": " + Errno(err));
}

Status MapExit(const siginfo_t& info, bool timed_out,
               std::chrono::milliseconds timeout) {
  const std::string ctx = "sandbox";
  if (timed_out) {
    return Status(ErrorCode::kSandboxTimeout, ctx,
                  "killed after " + std::to_string(timeout.count()) + " ms");
  }
  if (info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED) {
    int sig = info.si_status;
    std::string what = "killed by " + SignalName(sig);
    if (sig == SIGSYS) {
      // The offending syscall is in the kernel audit log (SECCOMP record);
      // the host cannot see it without ptrace.
      return Status(ErrorCode::kSandboxViolation, ctx, what);
    }
    if (sig == SIGXCPU || sig == SIGKILL) {
      // SIGXCPU: RLIMIT_CPU soft limit; SIGKILL not sent by us: RLIMIT_CPU
      // hard limit or the kernel's OOM killer.
      return Status(ErrorCode::kSandboxResourceLimit, ctx, what);
    }
    return Status(ErrorCode::kSandboxCrash, ctx, what);
  }
  if (info.si_code != CLD_EXITED) {
    return Status(ErrorCode::kSandboxCrash, ctx,
                  "unexpected wait code " + std::to_string(info.si_code));
  }
  switch (info.si_status) {
    case kExitSetup:
      return Status(ErrorCode::kSandboxHelperSetup, ctx,
                    "helper exit code " + std::to_string(info.si_status));
    case kExitUsage:
      return Status(ErrorCode::kSandboxHelperUsage, ctx,
                    "helper exit code " + std::to_string(info.si_status));
    case kExitOutOfMemory:
      return Status(ErrorCode::kSandboxResourceLimit, ctx,
                    "out of memory (helper exit code " +
                        std::to_string(info.si_status) + ")");
    default:
      return Status(ErrorCode::kSandboxCrash, ctx,
                    "helper exit code " + std::to_string(info.si_status));
  }
}

Result<std::vector<std::byte>> MapReply(Reply reply) {
  if (reply.code == 0) return std::move(reply.payload);
  ErrorCode code = static_cast<ErrorCode>(reply.code);
  ErrorCategory cat = reply.code <= UINT16_MAX ? ErrorCodeCategory(code)
                                               : ErrorCategory::kInternal;
  if (cat == ErrorCategory::kFormat || cat == ErrorCategory::kUnsupported) {
    return Status(code, std::move(reply.context), std::move(reply.detail));
  }
  return Status(ErrorCode::kSandboxReplyErrorCode, "sandbox.reply",
                "code " + std::to_string(reply.code));
}

// The descriptors of one helper run: the host's end of the reply pipe, and
// the two the helper gets as kInputFd and kReplyFd (copies numbered above
// them, so that dup2 onto 3 and 4 cannot clobber one another whatever
// numbers the originals have).
struct HelperFds {
  UniqueFd reply_read;
  UniqueFd input_copy;
  UniqueFd reply_write_copy;
};

Result<HelperFds> OpenHelperFds(int input_fd) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return SpawnError("pipe2", errno);
  HelperFds fds;
  fds.reply_read = UniqueFd(pipe_fds[0]);
  UniqueFd write_end(pipe_fds[1]);
  fds.input_copy = UniqueFd(::fcntl(input_fd, F_DUPFD_CLOEXEC, 10));
  if (fds.input_copy.get() < 0) return SpawnError("dup input", errno);
  fds.reply_write_copy =
      UniqueFd(::fcntl(write_end.get(), F_DUPFD_CLOEXEC, 10));
  if (fds.reply_write_copy.get() < 0) return SpawnError("dup pipe", errno);
  return fds;
}

// The helper's fds (0 and 2 on /dev/null, 1 closed, 3 and 4 from `fds`,
// nothing else) and a clean signal state.
Status PrepareSpawn(const HelperFds& fds, FileActions& fa, SpawnAttr& attr) {
  if (!fa.ok() || !attr.ok()) return SpawnError("spawn setup", ENOMEM);
  int rc = 0;
  auto add = [&rc](int r) {
    if (rc == 0) rc = r;
  };
  add(::posix_spawn_file_actions_addopen(fa.get(), 0, "/dev/null", O_RDONLY,
                                         0));
  // Make sure fd 1 is open, then close it: closing a closed fd may fail.
  add(::posix_spawn_file_actions_addopen(fa.get(), 1, "/dev/null", O_RDONLY,
                                         0));
  add(::posix_spawn_file_actions_addclose(fa.get(), 1));
  add(::posix_spawn_file_actions_addopen(fa.get(), 2, "/dev/null", O_WRONLY,
                                         0));
  add(::posix_spawn_file_actions_adddup2(fa.get(), fds.input_copy.get(),
                                         kInputFd));
  add(::posix_spawn_file_actions_adddup2(fa.get(), fds.reply_write_copy.get(),
                                         kReplyFd));
  add(::posix_spawn_file_actions_addclosefrom_np(fa.get(), kFirstClosedFd));
  // A clean signal state whatever the host did (Python ignores SIGPIPE).
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  add(::posix_spawnattr_setsigmask(attr.get(), &none));
  add(::posix_spawnattr_setsigdefault(attr.get(), &all));
  add(::posix_spawnattr_setflags(
      attr.get(), POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
  if (rc != 0) return SpawnError("spawn setup", rc);
  return Status::Ok();
}

// Starts the helper with its arguments (sandbox/protocol.h) and an empty
// environment.
Result<pid_t> SpawnHelper(const SpawnRequest& req, FileActions& fa,
                          SpawnAttr& attr) {
  pid_t parent = req.expected_parent != 0 ? req.expected_parent : ::getpid();
  std::string a_parent = std::to_string(parent);
  std::string a_input = std::to_string(req.max_input);
  std::string a_mem = std::to_string(req.memory_limit);
  std::string a_cpu = std::to_string(req.cpu_seconds);
  std::string a_reply = std::to_string(req.max_reply);
  std::string a_validator = req.validator;
  std::string a0 = kHelperName;
  std::string a1 = kProtocolVersion;
  char* argv[] = {a0.data(),       a1.data(),      a_validator.data(),
                  a_parent.data(), a_input.data(), a_mem.data(),
                  a_cpu.data(),    a_reply.data(), nullptr};
  static_assert(sizeof argv / sizeof argv[0] == kArgc + 1);
  char* envp[] = {nullptr};

  pid_t pid = -1;
  int rc =
      ::posix_spawn(&pid, req.helper.c_str(), fa.get(), attr.get(), argv, envp);
  if (rc != 0) {
    if (rc == ENOENT || rc == EACCES || rc == ENOTDIR) {
      return Status(ErrorCode::kSandboxHelperMissing, "sandbox",
                    req.helper + ": " + Errno(rc));
    }
    return SpawnError(req.helper, rc);
  }
  return pid;
}

// A pidfd for the spawned helper; without one the helper is killed and
// reaped here.
Result<int> OpenPidfd(pid_t pid) {
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    int err = errno;
    ::kill(pid, SIGKILL);
    int status;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return SpawnError("pidfd_open", err);
  }
  return pidfd;
}

// What the helper wrote before it exited or the deadline passed.
struct HelperOutput {
  std::vector<std::byte> reply;
  bool timed_out = false;
};

// Reads the reply pipe until EOF and the helper's exit, or until
// req.timeout has passed (then kills the helper). An error return leaves
// the helper to ~Child, which kills and reaps it.
Result<HelperOutput> ReadUntilExit(int reply_fd, Child& child,
                                   const SpawnRequest& req) {
  const auto deadline = std::chrono::steady_clock::now() + req.timeout;
  HelperOutput out;
  bool eof = false, exited = false;
  std::byte chunk[1 << 16];
  while (!eof || !exited) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      child.Kill();
      out.timed_out = true;
      break;
    }
    struct pollfd pfds[2];
    nfds_t n_fds = 0;
    struct pollfd* pipe_poll = nullptr;
    struct pollfd* pid_poll = nullptr;
    if (!eof) {
      pfds[n_fds] = {reply_fd, POLLIN, 0};
      pipe_poll = &pfds[n_fds++];
    }
    if (!exited) {
      pfds[n_fds] = {child.pidfd(), POLLIN, 0};
      pid_poll = &pfds[n_fds++];
    }
    // Round up so that we never spin on a sub-millisecond remainder.
    int wait_ms =
        static_cast<int>(std::min<int64_t>(left.count() + 1, INT_MAX));
    if (::poll(pfds, n_fds, wait_ms) < 0) {
      if (errno == EINTR) continue;
      return SpawnError("poll", errno);
    }
    if (pipe_poll != nullptr && pipe_poll->revents != 0) {
      ssize_t got = ::read(reply_fd, chunk, sizeof chunk);
      if (got < 0 && errno != EINTR && errno != EAGAIN) {
        return SpawnError("read reply", errno);
      }
      if (got == 0) eof = true;
      if (got > 0) {
        if (out.reply.size() + static_cast<size_t>(got) > req.max_reply) {
          return Status(
              ErrorCode::kSandboxReplyTooLarge, "sandbox.reply",
              "more than " + std::to_string(req.max_reply) + " bytes");
        }
        out.reply.insert(out.reply.end(), chunk, chunk + got);
      }
    }
    if (pid_poll != nullptr && pid_poll->revents != 0) exited = true;
  }
  return out;
}

// Reaps the helper and turns its exit and reply into the result: a typed
// outcome for any exit but 0, else the decoded reply.
Result<std::vector<std::byte>> FinishHelper(Child& child, HelperOutput out,
                                            const SpawnRequest& req) {
  siginfo_t info;
  if (!child.Wait(&info)) {
    return Status(ErrorCode::kSandboxCrash, "sandbox", "cannot reap helper");
  }
  if (out.timed_out || info.si_code != CLD_EXITED || info.si_status != 0) {
    return MapExit(info, out.timed_out, req.timeout);
  }
  if (out.reply.empty()) {
    return Status(ErrorCode::kSandboxNoReply, "sandbox", "exit code 0");
  }
  MODELSEAL_ASSIGN_OR_RETURN(Reply decoded,
                             DecodeReply(out.reply, req.max_reply));
  return MapReply(std::move(decoded));
}

}  // namespace

Result<std::vector<std::byte>> RunHelper(const SpawnRequest& req) {
  MODELSEAL_ASSIGN_OR_RETURN(HelperFds fds, OpenHelperFds(req.input_fd));
  FileActions fa;
  SpawnAttr attr;
  MODELSEAL_RETURN_IF_ERROR(PrepareSpawn(fds, fa, attr));
  MODELSEAL_ASSIGN_OR_RETURN(pid_t pid, SpawnHelper(req, fa, attr));
  MODELSEAL_ASSIGN_OR_RETURN(int pidfd, OpenPidfd(pid));
  Child child(pid, pidfd);
  // Only the helper holds the write end now: EOF when it exits.
  fds.input_copy.Reset();
  fds.reply_write_copy.Reset();
  MODELSEAL_ASSIGN_OR_RETURN(HelperOutput out,
                             ReadUntilExit(fds.reply_read.get(), child, req));
  return FinishHelper(child, std::move(out), req);
}

}  // namespace sandbox

namespace {

constexpr uint64_t kDefaultHeadroom = 1ull << 30;

// Where an installed libmodelseal.so (in lib/) finds the installed helper
// (in bin/), relative to its own directory: "../bin" for the usual layout.
// Defined by sandbox/CMakeLists.txt from the install directories, so an
// install tree moved as a whole keeps working.
constexpr const char* kInstalledHelperDir = MODELSEAL_HELPER_DIR_FROM_LIBDIR;

// The directory of the binary or shared object holding this code.
std::string OwnDirectory() {
  static std::once_flag once;
  static std::string dir;
  std::call_once(once, [] {
    std::string path;
    Dl_info info;
    if (::dladdr(reinterpret_cast<void*>(&FindSandboxHelper), &info) != 0 &&
        info.dli_fname != nullptr && std::strchr(info.dli_fname, '/')) {
      char* real = ::realpath(info.dli_fname, nullptr);
      if (real != nullptr) {
        path = real;
        ::free(real);
      }
    }
    if (path.empty()) {
      // The main program (dladdr may report argv[0] or nothing for it).
      char buf[PATH_MAX];
      ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
      if (n > 0) path.assign(buf, static_cast<size_t>(n));
    }
    size_t slash = path.rfind('/');
    if (slash != std::string::npos) dir = path.substr(0, slash);
  });
  return dir;
}

bool IsValidatorName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<std::string> FindSandboxHelper(const SandboxOptions& options) {
  std::string path = options.helper_path;
  if (path.empty()) {
    const char* env = ::secure_getenv(sandbox::kHelperEnv);
    if (env != nullptr && *env != '\0') path = env;
  }
  if (path.empty()) {
    std::string dir = OwnDirectory();
    if (dir.empty()) {
      return Status(ErrorCode::kSandboxHelperMissing, "sandbox",
                    "cannot find the directory of the modelseal library");
    }
    // Beside the binary or library, else where `cmake --install` puts it
    // relative to an installed library.
    path = dir + "/" + sandbox::kHelperName;
    std::string installed =
        dir + "/" + kInstalledHelperDir + "/" + sandbox::kHelperName;
    if (::access(path.c_str(), F_OK) != 0 &&
        ::access(installed.c_str(), F_OK) == 0) {
      path = std::move(installed);
    }
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return Status(ErrorCode::kSandboxHelperMissing, "sandbox",
                  path + ": " + sandbox::Errno(errno));
  }
  if (!S_ISREG(st.st_mode) || ::access(path.c_str(), X_OK) != 0) {
    return Status(ErrorCode::kSandboxHelperMissing, "sandbox",
                  path + ": not an executable regular file");
  }
  return path;
}

Result<std::vector<std::byte>> RunSandboxed(const SealedBuffer& input,
                                            std::string_view validator,
                                            const SandboxOptions& options) {
  const std::string ctx = "sandbox.options";
  if (input.fd() < 0) {
    return Status(ErrorCode::kInvalidArgument, "sandbox.input",
                  "empty sealed buffer");
  }
  if (!IsValidatorName(validator)) {
    return Status(ErrorCode::kInvalidArgument, "sandbox.validator",
                  "name must be 1-64 of [a-z0-9:_-]");
  }
  if (options.timeout.count() < 1 || options.timeout.count() > 3'600'000) {
    return Status(ErrorCode::kInvalidArgument, ctx + ".timeout",
                  "must be in [1 ms, 1 h]");
  }
  if (options.cpu_seconds < 1 || options.cpu_seconds > 3600) {
    return Status(ErrorCode::kInvalidArgument, ctx + ".cpu_seconds",
                  "must be in [1, 3600]");
  }
  if (options.max_reply_size < sandbox::kReplyHeaderSize ||
      options.max_reply_size > kSandboxHardMaxReplySize) {
    return Status(
        ErrorCode::kInvalidArgument, ctx + ".max_reply_size",
        "must be in [16, " + std::to_string(kSandboxHardMaxReplySize) + "]");
  }
  uint64_t memory = options.memory_limit;
  if (memory == 0) memory = input.size() + kDefaultHeadroom;
  MODELSEAL_ASSIGN_OR_RETURN(std::string helper, FindSandboxHelper(options));

  sandbox::SpawnRequest req;
  req.helper = std::move(helper);
  req.input_fd = input.fd();
  req.validator = std::string(validator);
  req.max_input = input.size();
  req.memory_limit = memory;
  req.cpu_seconds = options.cpu_seconds;
  req.max_reply = options.max_reply_size;
  req.timeout = options.timeout;
  return sandbox::RunHelper(req);
}

}  // namespace modelseal
