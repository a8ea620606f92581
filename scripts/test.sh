#!/usr/bin/env bash
# Runs every test of the repository (README's second command runs
# scripts/setup.sh first). Stages, each fatal on failure:
#   1. clang-format check of the project's own C++ sources
#   2. ASan+UBSan build, all C++ tests (ctest)
#   3. Release build, all C++ tests (ctest); then `cmake --install` into a
#      temporary prefix and a consumer program built against it with CMake
#      and with pkg-config (tests/install/run.sh)
#   4. Python package built into .venv (pip install .), pytest; then the
#      extension rebuilt with ASan+UBSan and pytest again
#   5. scikit-learn version matrix: the wheel and the Python tests in one
#      venv per supported release (oldest, one between; the newest is stage
#      4's .venv, pinned alike; python/run-version-matrix.sh)
#   6. fuzz targets: corpus replay and bounded libFuzzer runs (clang-14)
#   7. benchmark smoke run
# Environment: JOBS (default: nproc), MODELSEAL_FUZZ_SECONDS (total fuzzing
# budget for all targets, default 480), MODELSEAL_SKIP (space-separated stage
# names to skip for local iteration: format asan release install python
# python-asan matrix fuzz bench).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JOBS=${JOBS:-$(nproc)}
SKIP=" ${MODELSEAL_SKIP:-} "
export PATH="$ROOT/.venv/bin:$PATH"

stage() { echo; echo "=== $* ($(date -u +%H:%M:%S)) ==="; }
skipped() { [[ "$SKIP" == *" $1 "* ]]; }

if ! skipped format; then
  stage "clang-format check"
  bash scripts/check-format.sh
fi

build_and_test() {  # build_and_test DIR BUILD_TYPE
  local dir=$1 type=$2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" >/dev/null
  cmake --build "$dir" -j "$JOBS"
  (cd "$dir" && ctest --output-on-failure -j "$JOBS" --timeout 600)
}

if ! skipped asan; then
  stage "ASan+UBSan build and C++ tests"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build_and_test build-asan Asan
fi

if ! skipped release; then
  stage "Release build and C++ tests"
  build_and_test build-release Release
fi

if ! skipped install && ! skipped release; then
  stage "install into a temporary prefix, build and run a consumer"
  bash tests/install/run.sh build-release
fi

if ! skipped python; then
  stage "Python package and pytest"
  python -m pip install -q --no-build-isolation ./
  (cd python/tests && python -m pytest -q -p no:cacheprovider)
fi

if ! skipped python-asan; then
  stage "Python extension under ASan+UBSan, pytest"
  bash python/run-asan-tests.sh
fi

# The newest release's leg is the python stage above (.venv has exactly that
# row's pins, python/requirements-dev.txt), so CI runs the other two here.
if ! skipped matrix; then
  stage "scikit-learn version matrix: Python tests per release"
  MODELSEAL_MATRIX=${MODELSEAL_MATRIX:-1.4.2 1.7.2} \
    bash python/run-version-matrix.sh
fi

if ! skipped fuzz; then
  stage "fuzz: corpus replay and bounded fuzzing"
  bash fuzz/run-ci.sh
fi

if ! skipped bench; then
  stage "benchmark smoke run"
  bash bench/run.sh --smoke
fi

stage "all test stages passed"
