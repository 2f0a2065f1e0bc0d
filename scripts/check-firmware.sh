#!/bin/sh
# Build the bare-metal Cortex-M4 configuration (docs/cross/cortex-m4.ini:
# arm-none-eabi-gcc, picolibc, semihosting) and run the firmware examples
# on QEMU's mps2-an386 board (examples/firmware/qemu-mps2.sh):
#   firmware_selftest  the harness and Mbed TLS's self-tests;
# Any failure exits non-zero.  The build directory (build-cortex-m4) is
# reused when present.  Installs the toolchain if missing (Debian, root).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

for p in gcc-arm-none-eabi picolibc-arm-none-eabi qemu-system-arm binutils-arm-none-eabi; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

build=${SSLITE_FIRMWARE_BUILD_DIR:-build-cortex-m4}
[ -f "$build/build.ninja" ] ||
    meson setup "$build" --cross-file docs/cross/cortex-m4.ini -Dbuildtype=minsize \
        -Dexamples=enabled -Dtests=disabled -Dtools=disabled -Dinstall=disabled \
        -Dmbedtls_config=examples/firmware/mbedtls_config.h -Dmbedtls:threading=false >/dev/null
fw=$build/examples/firmware

# run NAME: boot $fw/NAME.elf, its output in $fw/NAME.log; fail loudly.
run() {
    ninja -C "$build" -j2 "examples/firmware/$1.elf" >/dev/null
    rc=0
    FIRMWARE_TIMEOUT=300 sh examples/firmware/qemu-mps2.sh "$fw/$1.elf" >"$fw/$1.log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        sed 's/^/    /' "$fw/$1.log"
        echo "cortex-m4: $1 FAILED (status $rc$([ "$rc" -eq 124 ] && echo ', timed out'))"
        exit 1
    fi
}

run firmware_selftest
echo "cortex-m4: firmware_selftest ok ($(grep -c '^ok ' "$fw/firmware_selftest.log") checks)"
