#!/usr/bin/env bash
# The scikit-learn version matrix: builds the modelseal wheel once, installs
# it into one virtual environment per supported scikit-learn release (the
# oldest, one in between, the newest; each with numpy, scipy and pandas
# releases that install beside it, pinned below) and runs the Python test
# suite in each against the installed wheel (arguments go to pytest). Prints
# per release: passed, skipped (with pytest's reasons), failed and the time
# taken; fails if any release fails.
#
# The environments live in build-matrix/ (gitignored) and are reused while
# their pins are unchanged; pip may reuse its cache. Environment:
#   PYTHON             interpreter that builds the wheel (default .venv's)
#   MODELSEAL_MATRIX   space-separated subset of the releases below to run
#   MODELSEAL_MATRIX_BASE  interpreter the environments are made from
#                          (default: the one PYTHON's venv was made from, so
#                          the wheel's Python tag fits)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
BASE=${MODELSEAL_MATRIX_BASE:-$("$PY" -c 'import sys; print(sys._base_executable)')}
OUT=$ROOT/build-matrix

# release -> the packages installed beside it. Keep README.md's supported
# range in step with the first and last rows, and python/requirements-dev.txt
# with the last (scripts/test.sh runs only the first two: its python stage is
# the last).
declare -A PINS=(
  [1.4.2]="scikit-learn==1.4.2 numpy==1.26.4 scipy==1.13.1 pandas==2.2.3 pyarrow==21.0.0"
  [1.7.2]="scikit-learn==1.7.2 numpy==2.3.5 scipy==1.16.3 pandas==2.3.3 pyarrow==26.0.1"
  [1.9.1]="scikit-learn==1.9.1 numpy==2.4.6 scipy==1.17.1 pandas==3.1.1 pyarrow==26.0.1"
)
RELEASES=${MODELSEAL_MATRIX:-1.4.2 1.7.2 1.9.1}
# Test-only packages every leg installs with pytest (test_arrow_input.py:
# Arrow input through __arrow_c_stream__; pyarrow is pinned per row above:
# pyarrow 26 needs numpy 2; 21.0.0 imports with numpy 1.26, checked, and
# serves the 1.4.2 row).
PYTEST_PIN="pytest==9.2.0 polars==2.1.0"

for r in $RELEASES; do
  [[ -n "${PINS[$r]:-}" ]] || { echo "matrix: unknown release $r" >&2; exit 2; }
done

echo "matrix: building the wheel"
rm -rf "$OUT/dist"
"$PY" -m pip wheel -q --no-build-isolation --no-deps . -w "$OUT/dist"
wheels=("$OUT"/dist/modelseal-*.whl)
[[ ${#wheels[@]} -eq 1 && -f "${wheels[0]}" ]] ||
  { echo "matrix: expected one wheel in $OUT/dist" >&2; exit 1; }

summary=()
status=0
for r in $RELEASES; do
  venv=$OUT/venv-$r
  pins="${PINS[$r]} $PYTEST_PIN"
  start=$(date +%s)
  if [[ ! -x "$venv/bin/python" || "$(cat "$venv/.pins" 2>/dev/null)" != "$pins" ]]; then
    echo "matrix: creating $venv ($pins)"
    rm -rf "$venv"
    "$BASE" -m venv "$venv"
    # shellcheck disable=SC2086 # the pins are separate words
    "$venv/bin/python" -m pip install -q --disable-pip-version-check $pins
    echo "$pins" >"$venv/.pins"
  fi
  "$venv/bin/python" -m pip install -q --disable-pip-version-check \
    --no-deps --force-reinstall "${wheels[0]}"
  installed=$("$venv/bin/python" -c 'import sklearn, numpy; print(f"scikit-learn {sklearn.__version__}, numpy {numpy.__version__}")')
  echo
  echo "=== matrix: $installed ==="
  log=$OUT/pytest-$r.log
  rc=0
  # -rs: every skipped case with its reason. The tests run from their own
  # directory against the installed wheel (not the source tree).
  (cd python/tests && "$venv/bin/python" -m pytest -q -p no:cacheprovider \
    -rs "$@") 2>&1 | tee "$log" || rc=$?
  took=$(($(date +%s) - start))
  line=$(grep -E '^[=]* ?[0-9]+ (passed|failed)' "$log" | tail -n 1 | tr -d '=' | sed 's/^ *//')
  summary+=("$installed: ${line:-no result} (${took}s, exit $rc)")
  [[ $rc -eq 0 ]] || status=1
done

echo
echo "=== version matrix ==="
printf '%s\n' "${summary[@]}"
exit $status
