#!/bin/sh
# Build and run the sslite benchmarks (bench/README.md).
#
#   bench/run.sh [sslite-bench options]   handshakes/s, MB/s, heap, binary sizes
#   bench/run.sh --callgrind              instruction counts of one connection
#                                         per stack and scenario, and per MiB of
#                                         bulk transfer (valgrind); CALLGRIND_SCENARIOS
#                                         and CALLGRIND_BULK pick rows ("none": skip)
#   bench/run.sh --threads                1/2/4 threads sharing contexts: wall
#                                         time and futex calls per connection (strace)
#
# Builds into build-bench (BENCH_BUILD_DIR overrides) with -Dbench=true
# -Dbuildtype=release, installs libssl-dev when it is missing and we may,
# makes a throw-away test PKI, and prints everything to stdout only.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
build=${BENCH_BUILD_DIR:-$top/build-bench}
mode=all
if [ "${1:-}" = "--callgrind" ]; then
    mode=callgrind
    shift
elif [ "${1:-}" = "--threads" ]; then
    mode=threads
    shift
fi

say() { printf '%s\n' "$*" >&2; }

# OpenSSL's headers, for the OpenSSL column.
if ! pkg-config --exists openssl 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "# installing libssl-dev for the OpenSSL column"
        apt-get install -y libssl-dev >/dev/null 2>&1 ||
            { apt-get update >/dev/null 2>&1 && apt-get install -y libssl-dev >/dev/null 2>&1; } ||
            say "# could not install libssl-dev: the OpenSSL column is skipped"
    else
        say "# libssl-dev is missing: the OpenSSL column is skipped"
    fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
quiet() { # run "$@", showing its output only if it fails
    "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; say "failed: $*"; exit 1; }
}

if [ -f "$build/build.ninja" ]; then
    quiet meson setup --reconfigure "$build" -Dbench=true -Dbuildtype=release
else
    quiet meson setup "$build" "$top" -Dbench=true -Dbuildtype=release
fi
# Only the benchmark programs (and what they link): the rest of the tree
# is not needed here.
targets=$(ninja -C "$build" -t targets all | sed -n 's#^\(bench/[A-Za-z0-9_-]*\): c_LINKER.*#\1#p')
# shellcheck disable=SC2086
quiet ninja -C "$build" $targets
bench=$build/bench/sslite-bench

sh "$top/test/certs/make-certs.sh" "$tmp/pki"

echo "== sslite benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(uname -srm), nproc $(nproc)," \
     "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "compiler: $(${CC:-cc} --version | head -1); build: release (-O3)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$mode" = callgrind ]; then
    command -v valgrind >/dev/null 2>&1 || { say "valgrind is not installed"; exit 1; }
    stacks=$("$bench" --list | sed -n 's/^stacks: //p')
    scenarios=${CALLGRIND_SCENARIOS:-$("$bench" --list | sed -n 's/^handshake scenarios: //p')}
    bulks=${CALLGRIND_BULK:-$("$bench" --list | sed -n 's/^bulk scenarios: //p')}
    bulk_mib=${CALLGRIND_BULK_MIB:-4}
    cg() { # stack scenario [sslite-bench options]: Ir of the measured part, or n/a
        s=$1 sc=$2
        shift 2
        log=$tmp/cg-$s-$sc.log
        rc=0
        valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" --collect-atstart=no \
            --toggle-collect=bench_measured_connection --toggle-collect=bench_measured_bulk \
            "$bench" --certs "$tmp/pki" "$@" --callgrind "$s" "$sc" >"$log.out" 2>"$log" || rc=$?
        v=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$log" | tail -1)
        if [ "$rc" -ne 0 ] || [ -z "$v" ] || [ "$v" = 0 ]; then
            [ "$rc" -eq 3 ] || { say "# $s $sc failed:"; cat "$log.out" "$log" >&2; }
            v=n/a
        fi
        echo "$v"
    }
    ratio() { # a b: a/b, or - when either is n/a
        case "$1$2" in
            *n/a*) echo - ;;
            *) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }' ;;
        esac
    }
    if [ -n "$scenarios" ] && [ "$scenarios" != none ]; then
        echo
        echo "Instructions (callgrind Ir) for one whole connection, client and server:"
        echo "set-up of both ends, handshake with verification, a 64-byte request and"
        echo "reply, teardown.  Context creation and two warm-up connections are not"
        echo "counted.  Ratios < 1: sslite cheaper."
        printf '%-16s' scenario
        for s in $stacks; do printf ' %14s' "$s"; done
        first_stack=
        for s in $stacks; do
            if [ -z "$first_stack" ]; then first_stack=$s; else printf ' %17s' "$first_stack/$s"; fi
        done
        echo
        for sc in $scenarios; do
            printf '%-16s' "$sc"
            vals=
            for s in $stacks; do
                v=$(cg "$s" "$sc")
                printf ' %14s' "$v"
                vals="$vals $v"
            done
            # shellcheck disable=SC2086
            set -- $vals
            first=$1
            shift
            for v in "$@"; do printf ' %17s' "$(ratio "$first" "$v" | sed 's/\(\.[0-9][0-9]\)[0-9]$/\1/')"; done
            echo
        done
    fi
    # Two bulk tables.  glibc copies large blocks with `rep movsb`, which
    # callgrind counts as one instruction per byte (a 16 KiB copy: 16k Ir,
    # a few hundred cycles on the CPU); the second table makes memcpy use
    # its vector loop (32 bytes per instruction), closer to what a copy
    # costs, so copies weigh in the ratios about as they do in time.
    rep_movsb_off=glibc.cpu.x86_rep_movsb_threshold=1000000000
    for tunables in "" "$rep_movsb_off"; do
        [ -n "$bulks" ] && [ "$bulks" != none ] || break
        echo
        echo "Bulk: instructions (callgrind Ir) per MiB of payload, $bulk_mib MiB client to"
        echo "server in 16 KiB writes on an established connection after a 1 MiB warm-up,"
        echo "both ends (encryption, decryption, the bench's byte check and socket I/O)."
        if [ -z "$tunables" ]; then
            echo "memcpy as glibc picks it (rep movsb: one Ir per byte copied)."
        else
            echo "GLIBC_TUNABLES=$tunables (memcpy's vector loop)."
        fi
        echo "Ratios against raw Mbed TLS; < 1: cheaper."
        printf '%-22s' scenario
        for s in $stacks; do printf ' %14s' "$s"; done
        for s in $stacks; do
            [ "$s" = mbedtls ] || printf ' %19s' "$s/mbedtls"
        done
        echo
        for sc in $bulks; do
            printf '%-22s' "$sc"
            vals=
            for s in $stacks; do
                v=$(GLIBC_TUNABLES=$tunables cg "$s" "$sc" --bulk-mib "$bulk_mib")
                [ "$v" = n/a ] || v=$((v / bulk_mib))
                printf ' %14s' "$v"
                vals="$vals $s=$v"
            done
            # shellcheck disable=SC2086
            ref=$(printf '%s\n' $vals | sed -n 's/^mbedtls=//p')
            for sv in $vals; do
                s=${sv%%=*}
                [ "$s" = mbedtls ] || printf ' %19s' "$(ratio "${sv#*=}" "${ref:-n/a}")"
            done
            echo
        done
    done
    exit 0
fi

if [ "$mode" = threads ]; then
    command -v strace >/dev/null 2>&1 || { say "strace is not installed"; exit 1; }
    stacks=$("$bench" --list | sed -n 's/^stacks: //p')
    conns=${THREADS_CONNS:-50}
    echo
    echo "TLS 1.3 ECDSA full handshakes, N threads sharing one client and one server"
    echo "context, $conns connections per thread.  conn/s: wall clock (strace slows"
    echo "every system call; compare stacks, not runs).  futex/conn: futex calls"
    echo "per connection (strace -f -c), i.e. lock contention."
    printf '%-8s' threads
    for s in $stacks; do printf ' %16s %10s' "$s conn/s" futex/conn; done
    echo
    for n in 1 2 4; do
        printf '%-8s' "$n"
        for s in $stacks; do
            out=$(strace -f -c -e trace=futex -o "$tmp/strace" \
                  "$bench" --certs "$tmp/pki" --threads "$s" tls13-ecdsa "$n" "$conns" 2>&1) ||
                { printf ' %16s %10s' n/a n/a; continue; }
            secs=$(printf '%s\n' "$out" | sed -n 's/.* connections in \([0-9.]*\) s$/\1/p')
            calls=$(awk '$NF == "futex" { print $4 }' "$tmp/strace")
            total=$((n * conns))
            printf ' %16s %10s' "$(awk -v c="$total" -v t="$secs" 'BEGIN { printf "%.0f", c / t }')" \
                "$(awk -v f="${calls:-0}" -v c="$total" 'BEGIN { printf "%.2f", f / c }')"
        done
        echo
    done
    exit 0
fi

rc=0
"$bench" --certs "$tmp/pki" "$@" || rc=$?

# The heap one client context holds with the system's trust store.
echo
echo "Heap of create_default_context() with the system's CA bundle (bench/ctx_heap.c)."
"$build/bench/ctx-heap" || rc=$?

# Binary sizes: the stripped minimal clients (bench/min/).
echo
echo "Binary size of a minimal verifying client (stripped; glibc shared in all)."
echo "sslite and raw Mbed TLS are linked statically; OpenSSL statically when"
echo "libssl.a exists, and also as the dynamic client plus libssl.so + libcrypto.so."
size_of() { # stripped size of $1, or nothing
    [ -f "$1" ] || return 0
    strip -o "$tmp/stripped" "$1" && stat -c %s "$tmp/stripped"
}
lib_size() { # size of the shared library $2 that $1 loads
    p=$(ldd "$1" 2>/dev/null | awk -v l="$2" '$1 ~ l { print $3 }' | head -1)
    [ -n "$p" ] && stat -L -c %s "$p"
}
s_sslite=$(size_of "$build/bench/min-sslite")
s_mbed=$(size_of "$build/bench/min-mbedtls")
s_ossl_static=$(size_of "$build/bench/min-openssl-static")
s_ossl_dyn=$(size_of "$build/bench/min-openssl")
s_ossl_libs=
if [ -n "$s_ossl_dyn" ]; then
    l1=$(lib_size "$build/bench/min-openssl" '^libssl\\.so')
    l2=$(lib_size "$build/bench/min-openssl" '^libcrypto\\.so')
    [ -n "$l1" ] && [ -n "$l2" ] && s_ossl_libs=$((s_ossl_dyn + l1 + l2))
fi
row() { # title value
    if [ -z "$2" ]; then
        printf '%-44s %12s %15s\n' "$1" n/a -
    else
        printf '%-44s %12s %15s\n' "$1" "$2" \
            "$(awk -v a="$s_sslite" -v b="$2" 'BEGIN { printf "%.2f", a / b }')"
    fi
}
printf '%-44s %12s %15s\n' client bytes sslite/this
row "sslite (static, min-sslite)" "$s_sslite"
row "raw Mbed TLS (static, min-mbedtls)" "$s_mbed"
row "OpenSSL (static, min-openssl-static)" "$s_ossl_static"
row "OpenSSL (dynamic exe + libssl + libcrypto)" "$s_ossl_libs"
exit $rc
