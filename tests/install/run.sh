#!/usr/bin/env bash
# Installs a built tree into a temporary prefix and builds the consumer
# program (examples/consumer) against it twice, through the CMake package
# (find_package(modelseal CONFIG)) and through pkg-config, then runs both:
# each writes, signs, loads (through the installed sandbox helper) and
# predicts. Also checks that only include/modelseal/ headers are installed.
#   tests/install/run.sh [BUILD_DIR]     (default: build-release)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BUILD=${1:-build-release}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$BUILD" --prefix "$prefix" >/dev/null

fail() { echo "install test: $*" >&2; exit 1; }
for f in bin/modelseal bin/modelseal-sandbox include/modelseal/loader.h \
         lib/cmake/modelseal/modelsealConfig.cmake lib/pkgconfig/modelseal.pc; do
  [ -e "$prefix/$f" ] || fail "$f was not installed"
done
ls "$prefix"/lib/libmodelseal.so* >/dev/null || fail "libmodelseal.so was not installed"
stray=$(cd "$prefix/include" && find . -type f ! -path './modelseal/*')
[ -z "$stray" ] || fail "headers outside include/modelseal/: $stray"
# Every installed header compiles on its own against the installed tree.
for h in "$prefix"/include/modelseal/*.h; do
  echo "#include \"modelseal/$(basename "$h")\"" |
    g++ -std=c++20 -fsyntax-only -Wall -Wextra -Werror -I"$prefix/include" -x c++ - ||
    fail "$(basename "$h") does not compile alone"
done

# 1. CMake package.
cmake -S examples/consumer -B "$work/cmake-build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/cmake-build" >/dev/null
mkdir "$work/run-cmake"
"$work/cmake-build/consumer" "$work/run-cmake"

# 2. pkg-config.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# shellcheck disable=SC2046
g++ -O2 -o "$work/consumer-pc" examples/consumer/main.cc \
  $(pkg-config --cflags --libs modelseal) -Wl,-rpath,"$prefix/lib"
mkdir "$work/run-pc"
"$work/consumer-pc" "$work/run-pc"

# The installed command verifies and inspects what the consumer signed.
"$prefix/bin/modelseal" verify -p "$work/run-pc/public.key" \
  -m "$work/run-pc/model.seal" >/dev/null
"$prefix/bin/modelseal" inspect -p "$work/run-pc/public.key" \
  "$work/run-pc/model.seal" >/dev/null
echo "install test: CMake package and pkg-config consumers passed"
