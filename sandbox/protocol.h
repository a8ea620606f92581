// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// What the host and the helper agree on, apart from the reply encoding
// (reply.h): the argv layout, the fd layout and the reserved exit codes.
// sandbox/README.md documents the same.
#ifndef MODELSEAL_SANDBOX_PROTOCOL_H_
#define MODELSEAL_SANDBOX_PROTOCOL_H_

namespace modelseal::sandbox {

// argv: modelseal-sandbox 1 VALIDATOR PARENT_PID MAX_INPUT AS_BYTES
//       CPU_SECONDS MAX_REPLY          (all numbers decimal); envp is empty.
inline constexpr const char* kProtocolVersion = "1";
inline constexpr int kArgc = 8;

// fds in the helper.
inline constexpr int kInputFd = 3;  // sealed memfd
inline constexpr int kReplyFd = 4;  // write end of the reply pipe
inline constexpr int kFirstClosedFd = 5;

// Exit codes of the helper besides 0 (reply written). Chosen above the
// range a shell or sanitizer uses (1, 2, 126-128+n) so they are not
// confused with a crash.
inline constexpr int kExitSetup = 70;        // fds, seals, limits, policy
inline constexpr int kExitUsage = 71;        // bad argv, unknown validator
inline constexpr int kExitOutOfMemory = 72;  // allocation failed
inline constexpr int kExitReplyWrite = 73;   // writing fd 4 failed
inline constexpr int kExitException = 74;    // validator threw

}  // namespace modelseal::sandbox

#endif  // MODELSEAL_SANDBOX_PROTOCOL_H_
