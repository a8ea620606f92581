// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The host side below RunSandboxed(), exposed for tests that need to hand
// the helper something RunSandboxed() never would (an unsealed input, a
// wrong parent pid).
#ifndef MODELSEAL_SANDBOX_HOST_INTERNAL_H_
#define MODELSEAL_SANDBOX_HOST_INTERNAL_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "modelseal/error.h"

namespace modelseal::sandbox {

struct SpawnRequest {
  std::string helper;         // path of the helper executable
  int input_fd = -1;          // becomes fd 3 (not closed by RunHelper)
  std::string validator;      // argv[2]
  pid_t expected_parent = 0;  // 0: getpid()
  uint64_t max_input = 0;
  uint64_t memory_limit = 0;
  uint32_t cpu_seconds = 10;
  uint64_t max_reply = 0;
  std::chrono::milliseconds timeout{10'000};
};

// Spawns the helper, waits for it (deadline, always reaped), decodes the
// reply and maps the outcome (sandbox.h). Arguments are not validated.
Result<std::vector<std::byte>> RunHelper(const SpawnRequest& request);

}  // namespace modelseal::sandbox

#endif  // MODELSEAL_SANDBOX_HOST_INTERNAL_H_
