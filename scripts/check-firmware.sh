#!/bin/sh
# Build the bare-metal Cortex-M4 configuration (docs/cross/cortex-m4.ini:
# arm-none-eabi-gcc, picolibc, semihosting) and run the firmware examples
# on QEMU's mps2-an386 board (examples/firmware/qemu-mps2.sh):
#   firmware_selftest  the harness and Mbed TLS's self-tests;
#   firmware_tls       the example: a client and a server SSLObject over
#                      MemoryBIOs, TLS 1.3 (X25519, ECDSA P-256), the CA
#                      compiled in, certificate and hostname verified, one
#                      request and reply, close_notify both ways.
# Any failure exits non-zero.  The last line is
#   cortex-m4: handshake ok, flash <bytes>, ram <bytes>
# flash: the image's contents (code, read-only data, .data's initial
# values); ram: the static RAM (.data, .bss, thread-local) plus the peak
# heap the program measured (every malloc, see platform.c); both as
# scripts/firmware-elf-size.sh defines them.  The stack
# (32 KiB reserved) is reported apart, with its measured high-water mark.
#
# The build directory (SSLITE_FIRMWARE_BUILD_DIR, default build-cortex-m4)
# is reused when present; SSLITE_FIRMWARE_OPTIONS adds Meson options to
# its first setup (later options win), and SSLITE_FIRMWARE_BUILD_ONLY=1
# builds firmware_tls without running anything, for configurations that
# cannot run it (one side only), ending with
#   cortex-m4: built, flash <bytes>, static ram <bytes>
# (scripts/firmware-sizes.sh measures configurations so).
# Installs the toolchain if missing (Debian, root).
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
    meson setup "$build" --cross-file docs/cross/cortex-m4.ini -Dbuildtype=minsize -Db_staticpic=false -Dwerror=true \
        -Dsockets=disabled -Dfilesystem=disabled -Dthreads=disabled -Dtls12=disabled \
        -Dexamples=enabled -Dtests=disabled -Dtools=disabled -Dinstall=disabled \
        -Dmbedtls_config=examples/firmware/mbedtls_firmware.h \
        ${SSLITE_FIRMWARE_OPTIONS:-} >/dev/null
fw=$build/examples/firmware

# build NAME: build $fw/NAME.elf; fail loudly.
build() {
    if ! ninja -C "$build" -j2 "examples/firmware/$1.elf" >"$build/$1.build.log" 2>&1; then
        grep -E 'error|undefined reference' "$build/$1.build.log" | sed 's/^/    /' | head -40
        echo "cortex-m4: $1 FAILED to build (all of it in $build/$1.build.log)"
        exit 1
    fi
}

# run NAME: boot $fw/NAME.elf, its output in $fw/NAME.log; fail loudly.
run() {
    build "$1"
    rc=0
    FIRMWARE_TIMEOUT=300 sh examples/firmware/qemu-mps2.sh "$fw/$1.elf" >"$fw/$1.log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        sed 's/^/    /' "$fw/$1.log"
        echo "cortex-m4: $1 FAILED (status $rc$([ "$rc" -eq 124 ] && echo ', timed out'))"
        exit 1
    fi
}

if [ "${SSLITE_FIRMWARE_BUILD_ONLY:-0}" = 1 ]; then
    build firmware_tls
    sizes=$(sh scripts/firmware-elf-size.sh "$fw/firmware_tls.elf")
    echo "cortex-m4: built, flash ${sizes% *}, static ram ${sizes#* }"
    exit 0
fi

run firmware_selftest
echo "cortex-m4: firmware_selftest ok ($(grep -c '^ok ' "$fw/firmware_selftest.log") checks)"

run firmware_tls
log=$fw/firmware_tls.log
# The program checks version, group, signature and subject itself and
# exits non-zero otherwise; its summary line must be there too.
summary=$(sed -n 's/^firmware_tls: ok heap_peak=\([0-9]*\) stack_peak=\([0-9]*\)$/\1 \2/p' "$log")
grep -q '^verified peer subject: .*commonName=device.example' "$log" && [ -n "$summary" ] || {
    sed 's/^/    /' "$log"
    echo "cortex-m4: firmware_tls FAILED (no verified subject or summary)"
    exit 1
}
heap=${summary% *}
stack=${summary#* }
sizes=$(sh scripts/firmware-elf-size.sh "$fw/firmware_tls.elf")
flash=${sizes% *}
static=${sizes#* }
version=$(sed -n 's/^version: //p' "$log")
cipher=$(sed -n 's/^cipher: \([^ ]*\).*/\1/p' "$log")
group=$(sed -n 's/^group: //p' "$log")
echo "cortex-m4: firmware_tls $version $cipher $group, peer device.example verified, echo and close_notify ok;" \
     "flash $flash, static RAM $static + peak heap $heap, stack peak $stack of 32768"
echo "cortex-m4: handshake ok, flash $flash, ram $((static + heap))"
