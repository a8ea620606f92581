#!/usr/bin/env bash
# Installs everything modelseal needs on Debian 12 (run as root): the Debian
# packages for building and testing, and a Python virtual environment in
# .venv with the PyPI packages. Idempotent: a second run installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git     # build
  libflatbuffers-dev flatbuffers-compiler              # model manifest
  libsodium-dev                                        # Ed25519, scrypt
  libssl-dev                                           # BLAKE2b-512 prehash
  libseccomp-dev                                       # sandbox filter
  libopenblas-pthread-dev                              # dgemm (MLP, PCA, ...)
  libgtest-dev libgmock-dev                            # C++ tests
  libcli11-dev                                         # command line
  nlohmann-json3-dev                                   # JSON output, policy
  clang-14 libclang-rt-14-dev                          # libFuzzer, sanitizers
  clang-format-14                                      # style check
  minisign                                             # interop tests
  strace                                               # syscall traces
  python3 python3-venv python3-dev python3-pip         # Python package
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PY --version)"
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements-installed
if [ ! -f "$stamp" ] || ! cmp -s python/requirements-dev.txt "$stamp"; then
  echo "setup: installing Python packages (python/requirements-dev.txt)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r python/requirements-dev.txt
  cp python/requirements-dev.txt "$stamp"
fi
echo "setup: done"
