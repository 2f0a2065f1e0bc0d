#!/bin/sh
# Cross-compile sslite for 64-bit ARM Linux with the example cross file and
# run the tool under qemu: proves the embedded Mbed TLS and our build
# cross-compile.  Installs the toolchain if missing (Debian, root).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
for p in gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
build=build-aarch64
[ -f "$build/build.ninja" ] ||
    meson setup "$build" --cross-file docs/cross/aarch64-linux-gnu.ini -Dtests=disabled -Dexamples=disabled >/dev/null
ninja -C "$build" >/dev/null
out=$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$build/tools/sslite" --version)
echo "cross: $out ($(file -b "$build/tools/sslite" | cut -d, -f1-2))"
