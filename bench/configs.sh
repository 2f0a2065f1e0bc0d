#!/bin/sh
# Memory and size per configuration (issue 11), one table for docs/:
#   default       the Linux build
#   small-memory  -Dsmall_memory=true (4 KiB records, max_fragment_length,
#                 buffers resized to what was negotiated)
#   arena         the default build with every sslite and Mbed TLS
#                 allocation in one 1 MiB buffer (sslite-bench --arena)
#   client-only   the size profile of scripts/check-size.sh, built by it
#                 (server, TLS 1.2, IDNA, CRLs, post-handshake auth and
#                 keylog off; no in-process server, so no connection figures)
# Connection figures: TLS 1.3 ECDSA, SSLSocket (sslite) and SSLObject +
# MemoryBIO (sslite-obj), bytes, from bench/sslite-bench --only mem;
# create_default_context() from bench/ctx-heap; text/data/bss of the
# minimal verifying client bench/min/min_sslite.c (x86_64).  Prints a
# markdown table.  Build dirs build-cfg-* are reused.
#   sh bench/configs.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/provision-mbedtls.sh >/dev/null
setup() { # dir, options...
    d=$1
    shift
    [ -f "$d/build.ninja" ] ||
        meson setup "$d" -Dbench=true -Dtests=disabled -Dexamples=disabled -Dtools=disabled \
            -Dpython=disabled --buildtype=release "$@" >"$d.log" 2>&1 || { cat "$d.log"; exit 1; }
    ninja -C "$d" -j2 bench/sslite-bench bench/ctx-heap bench/min-sslite >"$d.log" 2>&1 ||
        { cat "$d.log"; exit 1; }
}
pki=$(mktemp -d)
trap 'rm -rf "$pki"' EXIT
sh test/certs/make-certs.sh "$pki" >/dev/null 2>&1
# One figure from sslite-bench's memory table: row title, column.
mem() { # bench binary, extra args, row, column (2 = sslite, 3 = sslite-obj)
    "$1" --certs "$pki" --only mem --stacks sslite,sslite-obj --conns 20 $2 2>/dev/null |
        awk -v row="$3" -v col="$4" 'index($0, row) == 1 { sub(row, ""); split($0, f); print f[col - 1]; exit }'
}
ctxheap() { "$1/bench/ctx-heap" 2>/dev/null | awk '/sslite/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9,]+$/) { print $i; exit } }'; }
tdb() { size "$1/bench/min-sslite" | awk 'NR == 2 { printf "%s / %s / %s", $1, $2, $3 }'; }

setup build-cfg-default
setup build-cfg-small -Dsmall_memory=true
# The size profile: scripts/check-size.sh builds it (its one definition);
# its budget verdict does not matter here.
SIZE_BUILD_DIR_PREFIX=$top/build-cfg-size- sh scripts/check-size.sh x86_64 >/dev/null || true
[ -x build-cfg-size-x86_64/bench/min-sslite ] || { echo "check-size.sh built nothing" >&2; exit 1; }

row() { # name, build dir, extra bench args
    b=$2/bench/sslite-bench
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" \
        "$(mem "$b" "$3" 'TLS 1.3 ECDSA client retained' 2)" \
        "$(mem "$b" "$3" 'TLS 1.3 ECDSA client retained' 3)" \
        "$(mem "$b" "$3" 'TLS 1.3 ECDSA server retained' 2)" \
        "$(mem "$b" "$3" 'TLS 1.3 ECDSA peak' 2)" \
        "$(mem "$b" "$3" 'TLS 1.3 ECDSA mallocs' 2)" \
        "$(ctxheap "$2")" "$(tdb "$2")"
}
echo "| configuration | idle client (SSLSocket) | idle client (SSLObject) | idle server | peak per handshake pair | mallocs per connection | create_default_context() | min client text / data / bss |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|"
row default build-cfg-default ""
row small-memory build-cfg-small ""
arena_pair=$(mem build-cfg-default/bench/sslite-bench "--arena 1048576" 'TLS 1.3 ECDSA arena per pair' 2)
printf '| arena (1 MiB) | %s per pair, in the arena | | | | 0 (system) | | %s |\n' "$arena_pair" "$(tdb build-cfg-default)"
printf '| client-only | | | | | | | %s |\n' "$(tdb build-cfg-size-x86_64)"
