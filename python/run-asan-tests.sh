#!/usr/bin/env bash
# Builds the extension with ASan+UBSan (build type Asan, build-python-asan/)
# into a scratch directory and runs the pytest suite against it, with the
# sanitizer runtimes preloaded into the (uninstrumented) interpreter. Leak
# detection is off: CPython itself does not free everything at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
OUT=${MODELSEAL_ASAN_TARGET:-$ROOT/build-python-asan/site}
rm -rf "$OUT"
"$PY" -m pip install -q --no-build-isolation --no-deps --target "$OUT" \
  -Ccmake.build-type=Asan -Cbuild-dir=build-python-asan .
cd python/tests
PYTHONPATH="$OUT" \
LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)" \
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "$PY" -m pytest -q -p no:cacheprovider "$@"
