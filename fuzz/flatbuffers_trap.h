// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Force-included (-include) into every C++ file of the libFuzzer build
// (fuzz/fuzz-cache.cmake). FlatBuffers' own checks (Vector::Get bounds,
// verifier size checks) are assert()s that NDEBUG removes; here they trap
// in every build type, so libFuzzer reports a reached assertion as a crash.
// flatbuffers/base.h uses FLATBUFFERS_ASSERT only when it is not defined.
#ifndef MODELSEAL_FUZZ_FLATBUFFERS_TRAP_H_
#define MODELSEAL_FUZZ_FLATBUFFERS_TRAP_H_

#define FLATBUFFERS_ASSERT(x) ((x) ? static_cast<void>(0) : __builtin_trap())

#endif  // MODELSEAL_FUZZ_FLATBUFFERS_TRAP_H_
