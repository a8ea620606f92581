#!/usr/bin/env bash
# The benchmark against pickle, joblib, skops.io and ONNX Runtime (see
# bench/README.md). One command, from the repository root or anywhere:
#   bash bench/run.sh            full run: writes bench/RESULTS.md,
#                                bench/results.json, bench/load_vs_size.png,
#                                bench/RESULTS-typed.md, RESULTS-kinds.md,
#                                RESULTS-svm.md, RESULTS-naive-bayes.md,
#                                RESULTS-mlp.md, RESULTS-projection.md,
#                                RESULTS-cluster.md,
#                                RESULTS-discriminant.md,
#                                RESULTS-mixture.md,
#                                RESULTS-linear-glm-dummy.md,
#                                RESULTS-isotonic.md,
#                                RESULTS-iforest.md,
#                                RESULTS-nearest-centroid.md,
#                                RESULTS-knn.md,
#                                RESULTS-lof.md and
#                                RESULTS-radius.md
#   bash bench/run.sh --smoke    tiny models, seconds; writes to a temporary
#                                directory (or $MODELSEAL_BENCH_OUT) and fails
#                                on any error or prediction mismatch (CI)
# Needs .venv (scripts/setup.sh). Installs python/requirements-bench.txt into
# .venv when it changed (idempotent), installs the modelseal package when it
# is missing (MODELSEAL_BENCH_REINSTALL=1 forces a rebuild), and builds the
# C++ program (Release: build-release/ when scripts/test.sh made it, else
# build-bench/; MODELSEAL_BENCH_BUILD overrides). Environment: JOBS (default
# nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JOBS=${JOBS:-$(nproc)}
MODE=full
case "${1:-}" in
  --smoke) MODE=smoke ;;
  "") ;;
  *) echo "usage: bash bench/run.sh [--smoke]" >&2; exit 2 ;;
esac

PY="$ROOT/.venv/bin/python"
if [ ! -x "$PY" ]; then
  echo "bench: no .venv; run 'bash scripts/setup.sh' first" >&2
  exit 1
fi

stamp=.venv/.bench-requirements-installed
if [ ! -f "$stamp" ] || ! cmp -s python/requirements-bench.txt "$stamp"; then
  echo "bench: installing python/requirements-bench.txt into .venv"
  "$PY" -m pip install -q -r python/requirements-bench.txt
  cp python/requirements-bench.txt "$stamp"
fi

if [ "${MODELSEAL_BENCH_REINSTALL:-0}" = 1 ] ||
   ! "$PY" -c "import modelseal._native" 2>/dev/null; then
  echo "bench: installing the modelseal package into .venv"
  "$PY" -m pip install -q --no-build-isolation ./
fi

# The C++ side, Release. scripts/test.sh has built build-release already
# (then this is a no-op); otherwise build-bench/ with just what is needed.
# GCC 12 reports a false stringop-overflow in sandbox/reply.cc at -O2 and
# above (as in pyproject.toml).
BUILD=${MODELSEAL_BENCH_BUILD:-}
if [ -z "$BUILD" ]; then
  if [ -x build-release/bench/load_predict_bench ]; then
    BUILD="$ROOT/build-release"
  else
    BUILD="$ROOT/build-bench"
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DMODELSEAL_BUILD_TESTS=OFF -DCMAKE_CXX_FLAGS=-Wno-stringop-overflow \
      >/dev/null
  fi
fi
cmake --build "$BUILD" --target load_predict_bench modelseal-sandbox -j "$JOBS"

ARGS=(--cpp-bench "$BUILD/bench/load_predict_bench"
      --sandbox-helper "$BUILD/sandbox/modelseal-sandbox")
if [ "$MODE" = smoke ]; then
  OUT=${MODELSEAL_BENCH_OUT:-$(mktemp -d -t modelseal-bench-smoke.XXXXXX)}
  "$PY" bench/compare.py --smoke --out "$OUT" "${ARGS[@]}"
  # Every section must be there.
  for section in "## Targets" "## modelseal load stages" "### rf:" \
                 "### hgb:" "### pipeline:" "## Load time against model size"; do
    grep -q "^$section" "$OUT/RESULTS.md" ||
      { echo "bench: smoke: RESULTS.md lacks '$section'" >&2; exit 1; }
  done
  [ -s "$OUT/load_vs_size.png" ] ||
    { echo "bench: smoke: no plot" >&2; exit 1; }
  # The checks must be able to fail: one flipped label of each modelseal
  # side has to fail the run.
  for fault in modelseal-py modelseal-cpp; do
    if "$PY" bench/compare.py --smoke --only tiny --no-sweep \
         --skip skops,onnx --inject-fault "$fault" --out "$OUT/fault" \
         "${ARGS[@]}" >"$OUT/fault.log" 2>&1; then
      echo "bench: smoke: a flipped $fault label did not fail the run" >&2
      exit 1
    fi
    grep -q "FAILED: tiny: modelseal .*labels differ" "$OUT/fault.log" || {
      echo "bench: smoke: fault run for $fault failed for another reason:" >&2
      cat "$OUT/fault.log" >&2; exit 1; }
  done
  # The typed pipeline (issue 13): labels must equal scikit-learn's.
  "$PY" bench/typed_pipeline.py --smoke --out "$OUT/TYPED.md"
  # The preprocessing kinds: outputs must equal scikit-learn's (bounds).
  "$PY" bench/preprocessing_kinds.py --smoke --out "$OUT/KINDS.md"
  # The model families: labels equal and outputs within predictor.h's bounds.
  "$PY" bench/svm_bench.py --smoke --out "$OUT/SVM.md"
  "$PY" bench/naive_bayes_bench.py --smoke --out "$OUT/NAIVE_BAYES.md"
  "$PY" bench/mlp_bench.py --smoke --out "$OUT/MLP.md"
  "$PY" bench/projection_bench.py --smoke --out "$OUT/PROJECTION.md"
  "$PY" bench/cluster_bench.py --smoke --out "$OUT/CLUSTER.md"
  "$PY" bench/discriminant_bench.py --smoke --out "$OUT/DISCRIMINANT.md"
  "$PY" bench/mixture_bench.py --smoke --out "$OUT/MIXTURE.md"
  "$PY" bench/linear_glm_dummy_bench.py --smoke \
    --out "$OUT/LINEAR_GLM_DUMMY.md"
  "$PY" bench/isotonic_bench.py --smoke --out "$OUT/ISOTONIC.md"
  "$PY" bench/iforest_bench.py --smoke --out "$OUT/IFOREST.md"
  "$PY" bench/nearest_centroid_bench.py --smoke \
    --out "$OUT/NEAREST_CENTROID.md"
  "$PY" bench/knn_bench.py --smoke --out "$OUT/KNN.md"
  "$PY" bench/lof_bench.py --smoke --out "$OUT/LOF.md"
  "$PY" bench/radius_bench.py --smoke --out "$OUT/RADIUS.md"
  "$PY" bench/voting_bench.py --smoke --out "$OUT/VOTING.md"
  echo "bench: smoke run passed ($OUT)"
  [ -n "${MODELSEAL_BENCH_OUT:-}" ] || rm -rf "$OUT"
else
  "$PY" bench/compare.py --out bench "${ARGS[@]}"
  "$PY" bench/typed_pipeline.py --out bench/RESULTS-typed.md
  "$PY" bench/preprocessing_kinds.py --out bench/RESULTS-kinds.md
  "$PY" bench/svm_bench.py --out bench/RESULTS-svm.md
  "$PY" bench/naive_bayes_bench.py --out bench/RESULTS-naive-bayes.md
  "$PY" bench/mlp_bench.py --out bench/RESULTS-mlp.md
  "$PY" bench/projection_bench.py --out bench/RESULTS-projection.md
  "$PY" bench/cluster_bench.py --out bench/RESULTS-cluster.md
  "$PY" bench/discriminant_bench.py --out bench/RESULTS-discriminant.md
  "$PY" bench/mixture_bench.py --out bench/RESULTS-mixture.md
  "$PY" bench/linear_glm_dummy_bench.py \
    --out bench/RESULTS-linear-glm-dummy.md
  "$PY" bench/isotonic_bench.py --out bench/RESULTS-isotonic.md
  "$PY" bench/iforest_bench.py --out bench/RESULTS-iforest.md
  "$PY" bench/nearest_centroid_bench.py \
    --out bench/RESULTS-nearest-centroid.md
  "$PY" bench/knn_bench.py --out bench/RESULTS-knn.md
  "$PY" bench/lof_bench.py --out bench/RESULTS-lof.md
  "$PY" bench/radius_bench.py --out bench/RESULTS-radius.md
  "$PY" bench/voting_bench.py --out bench/RESULTS-voting.md
fi
