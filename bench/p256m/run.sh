#!/bin/sh
# p256-m against Mbed TLS's ECP for P-256 ECDHE on a 32-bit Arm core,
# counted under emulation (bench/README.md, "p256-m on 32-bit Arm").
# Needs gcc-arm-linux-gnueabihf, libc6-dev-armhf-cross and qemu-user;
# MBEDTLS is the unpacked Mbed TLS 3.6 source (default /tmp/mbedtls-3.6.7).
# qemu-arm -singlestep logs one "Trace" line per executed instruction; the
# count of a run with 0 iterations (start-up) is subtracted.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
M=${MBEDTLS:-/tmp/mbedtls-3.6.7}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
printf '#define MBEDTLS_PSA_P256M_DRIVER_ENABLED\n#include "%s"\n' \
    "$M/3rdparty/p256-m/p256-m/p256-m.c" > "$tmp/p256m.c"
src=""
for f in ecp ecp_curves ecp_curves_new bignum bignum_core bignum_mod bignum_mod_raw \
         constant_time platform_util platform ecdh; do
    src="$src $M/library/$f.c"
done
count() { # instructions executed by "$@"
    rm -f "$tmp/fifo"; mkfifo "$tmp/fifo"
    grep -c '^Trace' < "$tmp/fifo" > "$tmp/n" &
    qemu-arm -singlestep -d nochain,exec -D "$tmp/fifo" "$@" > /dev/null
    wait
    cat "$tmp/n"
}
for opt in O2 Os; do
    # shellcheck disable=SC2086
    arm-linux-gnueabihf-gcc -$opt -static -mcpu=cortex-a7 -mthumb \
        -DMBEDTLS_CONFIG_FILE='"config.h"' -I"$here" -I"$M/include" -I"$M/library" \
        -I"$M/3rdparty/p256-m/p256-m" "$here/ecdh_p256.c" $src "$tmp/p256m.c" -o "$tmp/ecdh"
    for impl in mbedtls p256m; do
        a=$(count "$tmp/ecdh" "$impl" 0)
        b=$(count "$tmp/ecdh" "$impl" 1)
        echo "-$opt $impl: $((b - a)) instructions per ECDHE (two key pairs, two shared secrets)"
    done
done
