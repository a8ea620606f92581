// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Fixed cost of one sandboxed call (RunSandboxed: posix_spawn, exec, helper
// set-up and seccomp filter, validation, reply, reap), median of many.
//   sandbox_bench [RUNS]        table of medians (default 300 runs each)
//   sandbox_bench --once        one real model load (for strace -f)
// The helper is found as RunSandboxed finds it, or from the
// MODELSEAL_SANDBOX_HELPER build default below.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "modelseal/format.h"
#include "modelseal/sandbox.h"
#include "tests/testing/example_models.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Case {
  const char* name;
  const char* validator;
  std::vector<std::byte> input;
  bool expect_ok;
};

int Run(int runs) {
  modelseal::SandboxOptions options;
  options.helper_path = MODELSEAL_SANDBOX_BENCH_HELPER;
  auto forest =
      modelseal::SerializeModel(modelseal::testing::MakeForestRegressor());
  auto gb = modelseal::SerializeModel(
      modelseal::testing::MakeGradientBoostingMulticlass());
  if (!forest.ok() || !gb.ok()) {
    std::fprintf(stderr, "cannot build example models\n");
    return 1;
  }
  std::vector<Case> cases = {
      {"exec only (helper exits at argv check)", "no-such-validator",
       std::vector<std::byte>(16, std::byte{0}), false},
      {"tiny input (16 bytes, model validator rejects)", "model",
       std::vector<std::byte>(16, std::byte{0x41}), false},
      {"small forest model (valid)", "model", *forest, true},
      {"gradient boosting model (valid)", "model", *gb, true},
  };
  std::printf("sandbox_bench: %d runs per case, helper %s\n", runs,
              options.helper_path.c_str());
  std::printf("%-50s %10s %10s %10s %10s\n", "case", "bytes", "median_us",
              "p10_us", "p90_us");
  for (const Case& c : cases) {
    auto sealed = modelseal::SealedBuffer::FromBytes(c.input);
    if (!sealed.ok()) return 1;
    std::vector<double> us;
    for (int i = 0; i < runs; ++i) {
      auto t0 = Clock::now();
      auto r = modelseal::RunSandboxed(*sealed, c.validator, options);
      auto t1 = Clock::now();
      if (r.ok() != c.expect_ok) {
        std::fprintf(stderr, "%s: unexpected outcome: %s\n", c.name,
                     r.status().ToString().c_str());
        return 1;
      }
      us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    std::sort(us.begin(), us.end());
    std::printf("%-50s %10zu %10.0f %10.0f %10.0f\n", c.name, c.input.size(),
                us[us.size() / 2], us[us.size() / 10], us[us.size() * 9 / 10]);
  }
  return 0;
}

int Once() {
  auto bytes = modelseal::SerializeModel(
      modelseal::testing::MakeGradientBoostingMulticlass());
  if (!bytes.ok()) return 1;
  auto sealed = modelseal::SealedBuffer::FromBytes(*bytes);
  if (!sealed.ok()) return 1;
  modelseal::SandboxOptions options;
  options.helper_path = MODELSEAL_SANDBOX_BENCH_HELPER;
  auto r = modelseal::RunSandboxed(*sealed, "model", options);
  std::printf("%s (%zu payload bytes)\n",
              r.ok() ? "ok" : r.status().ToString().c_str(),
              r.ok() ? r->size() : size_t{0});
  return r.ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--once") == 0) return Once();
  int runs = argc > 1 ? std::atoi(argv[1]) : 300;
  if (runs < 10) runs = 10;
  return Run(runs);
}
