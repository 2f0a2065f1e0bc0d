#!/bin/sh
# Size budget of the minimal verifying TLS 1.3 client (bench/min/), for CI.
#
#   sh scripts/check-size.sh [x86_64|aarch64 ...]     (default: x86_64)
#
# Builds bench's min-sslite and min-mbedtls in the client-only size profile
# (-Dserver=disabled -Dtls12=disabled -Didna=disabled -Dcrl=disabled
# -Dpost_handshake_auth=disabled -Dkeylog=disabled, minsize, sections
# garbage-collected, no unwind tables) and fails when min-sslite's text
# exceeds SIZE_BUDGET (250000) or its overhead over min-mbedtls, the same
# client on raw Mbed TLS in the same configuration, exceeds
# OVERHEAD_BUDGET (40000).  One line per figure.  aarch64 uses
# docs/cross/aarch64-linux-gnu.ini.  Build dirs: build-size-<arch>
# (SIZE_BUILD_DIR_PREFIX overrides the prefix).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
size_budget=${SIZE_BUDGET:-250000}
overhead_budget=${OVERHEAD_BUDGET:-40000}
prefix=${SIZE_BUILD_DIR_PREFIX:-$top/build-size-}
[ $# -gt 0 ] || set -- x86_64
fail=0
for arch in "$@"; do
    build=$prefix$arch
    case $arch in
        x86_64) cross= ; sizecmd=size ;;
        aarch64) cross="--cross-file=$top/docs/cross/aarch64-linux-gnu.ini"; sizecmd=aarch64-linux-gnu-size ;;
        *) echo "unknown architecture $arch" >&2; exit 2 ;;
    esac
    # The profile's feature options, also applied to an existing build
    # directory (one made before an option joined the profile).
    profile="-Dserver=disabled -Dtls12=disabled -Didna=disabled -Dcrl=disabled -Dpost_handshake_auth=disabled -Dkeylog=disabled"
    if [ -f "$build/build.ninja" ]; then
        # shellcheck disable=SC2086
        meson setup --reconfigure "$build" "$top" $profile >"$build.log" 2>&1 || { cat "$build.log" >&2; exit 1; }
    else
        # shellcheck disable=SC2086
        meson setup "$build" "$top" $cross -Dbench=true -Dtests=disabled -Dexamples=disabled \
            -Dtools=disabled -Dpython=disabled $profile \
            --buildtype=minsize -Db_lto=false \
            -Dc_args="-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables" \
            -Dc_link_args=-Wl,--gc-sections >"$build.log" 2>&1 || { cat "$build.log" >&2; exit 1; }
    fi
    ninja -C "$build" -j2 bench/min-sslite bench/min-mbedtls >"$build.log" 2>&1 ||
        { cat "$build.log" >&2; exit 1; }
    text() { $sizecmd "$1" | awk 'NR == 2 { print $1 }'; }
    s=$(text "$build/bench/min-sslite")
    m=$(text "$build/bench/min-mbedtls")
    o=$((s - m))
    st=ok; [ "$s" -le "$size_budget" ] || { st=FAIL; fail=1; }
    ot=ok; [ "$o" -le "$overhead_budget" ] || { ot=FAIL; fail=1; }
    echo "$arch min-sslite text $s bytes (budget $size_budget): $st"
    echo "$arch min-mbedtls text $m bytes"
    echo "$arch sslite overhead $o bytes (budget $overhead_budget): $ot"
done
exit $fail
