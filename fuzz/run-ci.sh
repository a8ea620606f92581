#!/usr/bin/env bash
# CI stage for the fuzz targets (README.md). Builds the libFuzzer build
# (clang-14, ASan + UBSan, FlatBuffers asserts trap), then for each target:
#   1. replays the committed regression corpus fuzz/corpus/<target>/ and
#      fuzz/corpus-slow/<target>/;
#   2. fuzzes it for MODELSEAL_FUZZ_SECONDS / <number of targets> seconds,
#      starting from the generated seeds plus fuzz/corpus/<target>/ (not the
#      slow inputs: mutating those would spend the budget at a few runs per
#      second).
# Any crash, leak, timeout (-timeout=10) or out-of-memory (-rss_limit_mb=2048)
# fails the run; the input is printed in base64 so it can be committed as a
# regression (README.md, "Adding a regression").
# Environment: MODELSEAL_FUZZ_SECONDS (total fuzzing budget, default 480),
# MODELSEAL_FUZZ_BUILD (build directory, default build-fuzz), JOBS,
# MODELSEAL_FUZZ_TARGETS (space-separated subset, default all).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${MODELSEAL_FUZZ_BUILD:-$ROOT/build-fuzz}
BUDGET=${MODELSEAL_FUZZ_SECONDS:-480}
JOBS=${JOBS:-$(nproc)}

if ! command -v clang++-14 >/dev/null; then
  echo "fuzz: clang++-14 not found: apt-get install clang-14 libclang-rt-14-dev" >&2
  exit 1
fi

cmake -C fuzz/fuzz-cache.cmake -S . -B "$BUILD" -G Ninja >/dev/null
cmake --build "$BUILD" --target modelseal_fuzz_all -j "$JOBS"

mapfile -t TARGETS < "$BUILD/fuzz/targets.txt"
if [[ -n "${MODELSEAL_FUZZ_TARGETS:-}" ]]; then
  read -r -a TARGETS <<< "$MODELSEAL_FUZZ_TARGETS"
fi
if (( ${#TARGETS[@]} == 0 )); then
  echo "fuzz: no targets were built" >&2
  exit 1
fi
# Stack traces for UBSan findings (every UBSan check is fatal in this build).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
PER_TARGET=$(( BUDGET / ${#TARGETS[@]} ))
(( PER_TARGET >= 1 )) || PER_TARGET=1
echo "fuzz: ${#TARGETS[@]} targets, ${PER_TARGET}s each"

# Prints every failure artifact of a target in base64 and returns 1 if any.
report_artifacts() {  # report_artifacts TARGET ARTIFACT_DIR
  local name=$1 dir=$2 found=0 f
  for f in "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-*; do
    [[ -f "$f" ]] || continue
    found=1
    echo "fuzz: $name: failing input $(basename "$f") ($(stat -c %s "$f") bytes), base64:"
    base64 -w 76 "$f"
    echo "fuzz: commit it as fuzz/corpus/$name/<short-description> (README.md)"
  done
  return $found
}

has_artifacts() {  # has_artifacts ARTIFACT_DIR
  compgen -G "$1/crash-*" || compgen -G "$1/leak-*" ||
    compgen -G "$1/timeout-*" || compgen -G "$1/oom-*"
} >/dev/null

SUMMARY=()
FAILED=0
for name in "${TARGETS[@]}"; do
  exe="$BUILD/fuzz/fuzz_$name"
  work="$BUILD/fuzz/work/$name"
  art="$BUILD/fuzz/artifacts/$name"
  rm -rf "$work" "$art"
  mkdir -p "$work" "$art"
  dict=()
  [[ -f fuzz/modelseal.dict ]] && dict=(-dict=fuzz/modelseal.dict)
  seeds=()
  [[ -d "$BUILD/fuzz/seeds/$name" ]] && seeds=("$BUILD/fuzz/seeds/$name")
  slow=()
  [[ -d "fuzz/corpus-slow/$name" ]] && slow=("fuzz/corpus-slow/$name")

  echo "=== fuzz: $name: replay fuzz/corpus/$name ${slow[*]}"
  status=0
  "$exe" -runs=0 -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$art/" \
    "fuzz/corpus/$name" "${slow[@]}" > "$art/replay.log" 2>&1 || status=$?
  if (( status != 0 )) || has_artifacts "$art"; then
    tail -n 60 "$art/replay.log"
    report_artifacts "$name" "$art" || true
    echo "fuzz: $name: regression corpus FAILED" >&2
    FAILED=1
    SUMMARY+=("$name: regression replay FAILED")
    continue
  fi

  echo "=== fuzz: $name: ${PER_TARGET}s"
  status=0
  "$exe" -max_total_time="$PER_TARGET" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$art/" -print_final_stats=1 "${dict[@]}" \
    "$work" "fuzz/corpus/$name" "${seeds[@]}" > "$art/fuzz.log" 2>&1 \
    || status=$?
  # The last status line: "#N DONE cov: C ft: F corp: ... exec/s: E ..."
  last=$(grep -E '^#[0-9]+' "$art/fuzz.log" | tail -n 1 || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<< "$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<< "$last")
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$art/fuzz.log")
  eps=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$art/fuzz.log")
  if (( status != 0 )) || has_artifacts "$art"; then
    grep -E 'ERROR|SUMMARY|fuzz invariant|==[0-9]+==' "$art/fuzz.log" | head -n 40 || true
    tail -n 40 "$art/fuzz.log"
    report_artifacts "$name" "$art" || true
    echo "fuzz: $name: FAILED (exit $status), log: $art/fuzz.log" >&2
    FAILED=1
    SUMMARY+=("$name: FAILED")
    continue
  fi
  SUMMARY+=("$name: ${PER_TARGET}s runs=${runs:-?} exec/s=${eps:-?} cov=${cov:-?} ft=${ft:-?}")
done

echo "=== fuzz summary"
printf '  %s\n' "${SUMMARY[@]}"
exit "$FAILED"
