#!/bin/sh
# The whole test suite: installs what is missing, provisions Mbed TLS
# offline if needed, builds with warnings as errors and runs every test.
#   sh scripts/test.sh [extra meson setup options]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/ensure-deps.sh test
sh scripts/provision-mbedtls.sh
build=${SSLITE_BUILD_DIR:-build-test}
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" -Dwerror=true "$@"
fi
ninja -C "$build"
meson test -C "$build" --print-errorlogs --num-processes 2
