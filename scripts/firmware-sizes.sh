#!/bin/sh
# Measure the Cortex-M4 firmware example (examples/firmware/tls_pair.c: a
# TLS 1.3 client and server in one image, handshaking over MemoryBIOs) in
# several configurations and print a markdown table of flash and RAM, for
# docs/firmware.md.  Every figure comes from a build and, where both sides
# are in, a run under QEMU (scripts/check-firmware.sh):
#   flash       code, read-only data and .data's initial values;
#   static RAM  .data, .bss and thread-local data;
#   peak heap   the most heap in use at once during the run (every malloc,
#               examples/firmware/platform.c);
#   stack       the deepest the stack went (of 32 KiB reserved).
# One-sided builds cannot run the example: their flash is measured, their
# RAM is not.  The build directories (build-fwsize-N) are reused when
# made with the same options.  Installs the toolchain if missing (Debian, root).
# Usage: firmware-sizes.sh [-o FILE]   (the table also goes to FILE)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=
[ "${1:-}" = -o ] && out=$2

example=examples/firmware/mbedtls_firmware.h
ecp_small=examples/firmware/mbedtls_firmware_ecp_small.h
# name|Meson options over check-firmware.sh's|runs (1) or flash only (0)
configs="TLS 1.2 + 1.3, the default Mbed TLS configuration|-Dtls12=enabled -Dmbedtls_config=|1
TLS 1.3 only, the default Mbed TLS configuration|-Dtls12=disabled -Dmbedtls_config=|1
TLS 1.3 only, the example's configuration ($example)|-Dmbedtls_config=$example|1
as above, small-memory profile (4 KiB records, negotiated)|-Dmbedtls_config=$example -Dsmall_memory=true|1
as above, and the smallest ECP tables ($ecp_small)|-Dmbedtls_config=$ecp_small -Dsmall_memory=true|1
as above, and ASCII host names only (no IDNA table)|-Dmbedtls_config=$ecp_small -Dsmall_memory=true -Didna=disabled|1
client only, the example's configuration|-Dmbedtls_config=$example -Dserver=disabled|0
server only, the example's configuration|-Dmbedtls_config=$example -Dclient=disabled|0"

table=$(mktemp)
trap 'rm -f "$table"' EXIT
{
    echo "| Configuration (Cortex-M4, \`-Os\`, sockets/filesystem/threads off) | Meson options | Flash | Static RAM | Peak heap | RAM (static + heap) | Stack peak |"
    echo "|---|---|--:|--:|--:|--:|--:|"
} >"$table"
n=0
echo "$configs" | while IFS='|' read -r name opts runs; do
    n=$((n + 1))
    shown=$(echo "$opts" | sed 's/-Dmbedtls_config= *$/(default config)/; s/-Dmbedtls_config=\([^ ]*\)/\1/')
    log=build-fwsize-$n.log
    # A build directory made with other options is made again.
    if [ "$(cat "build-fwsize-$n/firmware-sizes.options" 2>/dev/null)" != "$opts" ]; then
        rm -rf "build-fwsize-$n"
    fi
    [ "$runs" = 1 ] && only=0 || only=1
    if ! SSLITE_FIRMWARE_BUILD_DIR=build-fwsize-$n SSLITE_FIRMWARE_OPTIONS="$opts" \
         SSLITE_FIRMWARE_BUILD_ONLY=$only sh scripts/check-firmware.sh >"$log" 2>&1; then
        sed 's/^/    /' "$log" >&2
        echo "firmware-sizes.sh: '$name' failed" >&2
        exit 1
    fi
    echo "$opts" >"build-fwsize-$n/firmware-sizes.options"
    if [ "$runs" = 1 ]; then
        # "... flash F, static RAM S + peak heap H, stack peak K of 32768"
        set -- $(sed -n 's/^cortex-m4: firmware_tls .*flash \([0-9]*\), static RAM \([0-9]*\) + peak heap \([0-9]*\), stack peak \([0-9]*\).*/\1 \2 \3 \4/p' "$log")
        echo "| $name | \`$shown\` | $1 | $2 | $3 | $(($2 + $3)) | $4 |" >>"$table"
    else
        set -- $(sed -n 's/^cortex-m4: built, flash \([0-9]*\), static ram \([0-9]*\)$/\1 \2/p' "$log")
        echo "| $name | \`$shown\` | $1 | $2 | — | — | — |" >>"$table"
    fi
    rm -f "$log"
done
{
    echo
    echo "Bytes; measured by \`scripts/firmware-sizes.sh\` with $(arm-none-eabi-gcc --version | head -n 1 | sed 's/ *(.*) */ /')," \
         "picolibc $(dpkg-query -W -f='${Version}' picolibc-arm-none-eabi 2>/dev/null || echo '?') and Mbed TLS 3.6.7," \
         "running under QEMU's mps2-an386.  Options are those of \`scripts/check-firmware.sh\`" \
         "(\`-Dsockets=disabled -Dfilesystem=disabled -Dthreads=disabled -Dtls12=disabled\`," \
         "\`-Dbuildtype=minsize\`) with the ones shown last.  Each image holds a client and a server" \
         "(the example runs both); one-sided builds cannot run it, so only their flash is given." \
         "The stack (32 KiB reserved) is not in the RAM column."
} >>"$table"
cat "$table"
[ -z "$out" ] || cp "$table" "$out"
