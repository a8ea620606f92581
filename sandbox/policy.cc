// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "sandbox/policy.h"

#include <errno.h>
#include <linux/futex.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/random.h>

#include <cstdint>

#include "sandbox/protocol.h"

namespace modelseal::sandbox {

namespace {

class Filter {
 public:
  Filter() : ctx_(seccomp_init(SCMP_ACT_KILL_PROCESS)) {}
  ~Filter() {
    if (ctx_ != nullptr) seccomp_release(ctx_);
  }
  Filter(const Filter&) = delete;
  Filter& operator=(const Filter&) = delete;
  scmp_filter_ctx get() const { return ctx_; }

 private:
  scmp_filter_ctx ctx_;
};

}  // namespace

int InstallSeccompPolicy() {
  Filter f;
  scmp_filter_ctx ctx = f.get();
  if (ctx == nullptr) return -ENOMEM;
  int rc =
      seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
  if (rc != 0) return rc;
  // The helper sets NO_NEW_PRIVS itself, before this; libseccomp must not.
  if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)) != 0) return rc;

  const uint64_t kProtAllowed = PROT_READ | PROT_WRITE;
  const uint64_t kMapType = 0x0f;  // MAP_TYPE: SHARED, PRIVATE, ...VALIDATE
  struct Rule {
    int nr;
    unsigned n_args;
    scmp_arg_cmp args[3];
  };
  const Rule rules[] = {
    {SCMP_SYS(write), 1, {SCMP_A0_32(SCMP_CMP_EQ, kReplyFd)}},
    // prot and flags are unsigned long in the kernel: any bit outside the
    // allowed ones, high bits included, is refused (64-bit compare).
    {SCMP_SYS(mmap),
     2,
     {SCMP_A2_64(SCMP_CMP_MASKED_EQ, ~kProtAllowed, 0),
      SCMP_A3_64(SCMP_CMP_MASKED_EQ, kMapType | MAP_ANONYMOUS,
                 MAP_PRIVATE | MAP_ANONYMOUS)}},
    {SCMP_SYS(munmap), 0, {}},
    {SCMP_SYS(brk), 0, {}},
    {SCMP_SYS(mremap),
     1,
     {SCMP_A3_64(SCMP_CMP_MASKED_EQ, ~uint64_t{MREMAP_MAYMOVE}, 0)}},
    {SCMP_SYS(madvise), 1, {SCMP_A2_32(SCMP_CMP_EQ, MADV_DONTNEED)}},
    {SCMP_SYS(futex), 1, {SCMP_A1_32(SCMP_CMP_EQ, FUTEX_WAKE)}},
    {SCMP_SYS(futex), 1, {SCMP_A1_32(SCMP_CMP_EQ, FUTEX_WAKE_PRIVATE)}},
    {SCMP_SYS(getrandom),
     1,
     {SCMP_A2_32(SCMP_CMP_MASKED_EQ, ~uint32_t{GRND_NONBLOCK}, 0)}},
    {SCMP_SYS(exit), 0, {}},
    {SCMP_SYS(exit_group), 0, {}},
#if defined(__SANITIZE_ADDRESS__)
    // ASan runtime only: __asan_handle_no_return (before every noreturn
    // call, _exit included) queries the alternate signal stack. A query
    // (new stack pointer NULL) changes nothing.
    {SCMP_SYS(sigaltstack), 1, {SCMP_A0_64(SCMP_CMP_EQ, 0)}},
    // The ASan allocator marks new shadow ranges, and reads its own pid
    // when an allocation fails...
    {SCMP_SYS(madvise), 1, {SCMP_A2_32(SCMP_CMP_EQ, MADV_NOHUGEPAGE)}},
    {SCMP_SYS(madvise), 1, {SCMP_A2_32(SCMP_CMP_EQ, MADV_DONTDUMP)}},
    {SCMP_SYS(getpid), 0, {}},
    // ...and prints a warning to fd 2 (/dev/null, checked at start-up).
    {SCMP_SYS(write), 1, {SCMP_A0_32(SCMP_CMP_EQ, 2)}},
#endif
  };
  for (const Rule& r : rules) {
    rc = seccomp_rule_add_exact_array(ctx, SCMP_ACT_ALLOW, r.nr, r.n_args,
                                      r.args);
    if (rc != 0) return rc;
  }
  return seccomp_load(ctx);
}

}  // namespace modelseal::sandbox
