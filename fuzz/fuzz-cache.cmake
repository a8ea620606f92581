# Initial cache for the libFuzzer build (used by fuzz/run-ci.sh):
#   cmake -C fuzz/fuzz-cache.cmake -S . -B build-fuzz -G Ninja
#   cmake --build build-fuzz --target modelseal_fuzz_all
# clang-14 (plus libclang-rt-14-dev for the libFuzzer runtime). The whole
# project is instrumented for coverage and built with ASan + UBSan (every
# UBSan finding fatal); only the fuzz targets link libFuzzer's main.
# FlatBuffers assertions trap (fuzz/flatbuffers_trap.h). The flags are
# FORCEd so that re-running with -C on an existing build dir applies edits.
set(CMAKE_C_COMPILER clang-14 CACHE STRING "")
set(CMAKE_CXX_COMPILER clang++-14 CACHE STRING "")
set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "")
set(MODELSEAL_FUZZ_SANITIZE
    "-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer")
set(CMAKE_C_FLAGS "${MODELSEAL_FUZZ_SANITIZE}" CACHE STRING "" FORCE)
set(CMAKE_CXX_FLAGS
    "${MODELSEAL_FUZZ_SANITIZE} -include ${CMAKE_CURRENT_LIST_DIR}/flatbuffers_trap.h"
    CACHE STRING "" FORCE)
set(CMAKE_EXE_LINKER_FLAGS "-fsanitize=address,undefined" CACHE STRING "")
set(CMAKE_SHARED_LINKER_FLAGS "-fsanitize=address,undefined" CACHE STRING "")
set(MODELSEAL_BUILD_FUZZERS ON CACHE BOOL "")
# Tests stay configured (the seed generator uses the example models in
# tests/testing) but run-ci.sh builds only the fuzz targets.
set(MODELSEAL_BUILD_TESTS ON CACHE BOOL "")
set(MODELSEAL_BUILD_CLI ON CACHE BOOL "" FORCE)
set(MODELSEAL_BUILD_BENCH OFF CACHE BOOL "")
set(MODELSEAL_BUILD_PYTHON OFF CACHE BOOL "")
