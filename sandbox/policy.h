// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The helper's seccomp allow-list (docs/ARCHITECTURE.md, The sandbox), built in
// one place. Default action and bad-architecture action: kill the process.
// Allowed after the filter is loaded, nothing else:
//   write        fd == 4 (compared as a 32-bit int, as the kernel reads it)
//   mmap         prot within PROT_READ|PROT_WRITE (PROT_NONE included),
//                MAP_PRIVATE|MAP_ANONYMOUS (no file mapping, no exec)
//   munmap, brk
//   mremap       flags 0 or MREMAP_MAYMOVE
//   madvise      MADV_DONTNEED
//   futex        FUTEX_WAKE / FUTEX_WAKE_PRIVATE
//   getrandom    flags 0 or GRND_NONBLOCK
//   exit, exit_group
// ASan builds (test only) also allow what the ASan runtime itself calls:
// sigaltstack(NULL, &old) (a query before every noreturn call), madvise
// MADV_NOHUGEPAGE / MADV_DONTDUMP (shadow memory), getpid and write to fd 2
// (/dev/null; allocation-failure warnings); see
// sandbox/README.md. Release builds allow exactly the list above.
#ifndef MODELSEAL_SANDBOX_POLICY_H_
#define MODELSEAL_SANDBOX_POLICY_H_

namespace modelseal::sandbox {

// Builds and loads the filter into the calling (single-threaded) process.
// NO_NEW_PRIVS must already be set. Returns 0, or a negative errno value
// (the filter may then not be in place: the caller must exit).
int InstallSeccompPolicy();

}  // namespace modelseal::sandbox

#endif  // MODELSEAL_SANDBOX_POLICY_H_
