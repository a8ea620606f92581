// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Exit codes of the `modelseal` command, one per error category
// (README.md, "Errors"). Stable: scripts depend on them.
#ifndef MODELSEAL_CLI_EXIT_CODES_H_
#define MODELSEAL_CLI_EXIT_CODES_H_

#include "modelseal/error.h"

namespace modelseal::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitIo = 3;
inline constexpr int kExitFormat = 4;  // invalid model file
inline constexpr int kExitUnsupported = 5;
inline constexpr int kExitInput = 6;        // bad CSV / .npy input
inline constexpr int kExitCheckFailed = 7;  // `check`: score out of range
inline constexpr int kExitSignature = 10;   // bad signature or key file
inline constexpr int kExitUntrustedKey = 11;
inline constexpr int kExitStatement = 12;  // expired, rolled back, size, name
inline constexpr int kExitSandbox = 13;  // helper crashed, violated, timed out

inline int ExitCodeFor(const Status& status) {
  switch (status.category()) {
    case ErrorCategory::kOk:
      return kExitOk;
    case ErrorCategory::kUsage:
      return kExitUsage;
    case ErrorCategory::kIo:
      return kExitIo;
    case ErrorCategory::kFormat:
      return kExitFormat;
    case ErrorCategory::kUnsupported:
      return kExitUnsupported;
    case ErrorCategory::kSignature:
      return kExitSignature;
    case ErrorCategory::kUntrustedKey:
      return kExitUntrustedKey;
    case ErrorCategory::kStatement:
      return kExitStatement;
    case ErrorCategory::kSandbox:
      return kExitSandbox;
    case ErrorCategory::kInput:
      return kExitInput;
    case ErrorCategory::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace modelseal::cli

#endif  // MODELSEAL_CLI_EXIT_CODES_H_
