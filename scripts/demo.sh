#!/usr/bin/env bash
# The main job, end to end (README's first command runs scripts/setup.sh
# first): train a real scikit-learn model, save it as a .seal file, make a
# signing key, sign the model, verify the signature, load the model in the
# sandbox and predict — from Python and from the command line — and check
# the predictions against scikit-learn's.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PATH="$ROOT/.venv/bin:$PATH"
JOBS=${JOBS:-$(nproc)}

echo "== building the modelseal command and the Python package (Release)"
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j "$JOBS" --target modelseal modelseal-sandbox
python -m pip install -q --no-build-isolation ./

WORK=$(mktemp -d /tmp/modelseal-demo.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
MS="$ROOT/build-release/cli/modelseal"
python scripts/demo.py "$WORK" "$MS"
echo "== demo finished: all predictions matched scikit-learn"
