#!/bin/sh
# Cross-compile sslite for other Linux architectures with the cross files in
# docs/cross/ and run the results under qemu-user:
#   aarch64, armhf, riscv64: the cross-built `sslite server` and `sslite
#   client` make a real TLS connection on loopback (the server's ECDSA
#   certificate verified against the test CA, hostname checked) and a line
#   comes back through the echo server.
# One result line per architecture; any failure exits non-zero.  Build
# directories are reused when present (build-<arch>).  Installs the
# toolchains if missing (Debian, root).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

for p in gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-arm-linux-gnueabihf libc6-dev-armhf-cross \
         gcc-riscv64-linux-gnu libc6-dev-riscv64-cross qemu-user openssl file; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

tmp=$(mktemp -d)
server_pid=
cleanup() {
    [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The test PKI (test/certs/make-certs.sh: an RSA CA, ECDSA P-256 and RSA
# leaves for localhost/127.0.0.1), made once per run.
sh test/certs/make-certs.sh "$tmp/pki"

# build ARCH CROSS-FILE: configure once (no Python module: it would build
# against the build machine's python3), then build build-ARCH/tools/sslite.
build() {
    b=build-$1
    [ -f "$b/build.ninja" ] ||
        meson setup "$b" --cross-file "docs/cross/$2.ini" -Dtests=disabled -Dexamples=disabled \
            -Dpython=disabled >/dev/null
    if ! ninja -C "$b" -j2 >"$tmp/build.out" 2>&1; then
        grep -E 'error|FAILED|undefined reference' "$tmp/build.out" | head -20 | sed 's/^/    /'
        echo "cross $1: FAILED to build"
        exit 1
    fi
}

# fail ARCH WHAT: the failure line, the logs, and exit 1.
fail() {
    echo "cross $1: FAILED: $2"
    for f in "$tmp"/*.out "$tmp"/*.err; do
        [ -s "$f" ] && { echo "--- $f"; sed 's/^/    /' "$f"; }
    done
    exit 1
}

# exchange ARCH QEMU SYSROOT TOOL: the server on a free port (--port 0, the
# port read back from its "listening" line), the client sends one line and
# must get it back, each side bounded by timeout.
exchange() {
    arch=$1 run="$2 -L $3" tool=$4
    rm -f "$tmp"/*.out "$tmp"/*.err
    # Made here, not by the background job's redirection, which may come
    # after the first look at it.
    : >"$tmp/server.out"
    timeout 60 $run "$tool" server --host 127.0.0.1 --port 0 --once \
        --cert "$tmp/pki/server-ec.pem" --key "$tmp/pki/server-ec.key" \
        >"$tmp/server.out" 2>"$tmp/server.err" &
    server_pid=$!
    port=
    i=0
    while [ $i -lt 300 ]; do # 30 s for qemu to start and the server to listen
        port=$(sed -n 's/^{"listening":{.*"port":\([0-9][0-9]*\)}}$/\1/p' "$tmp/server.out")
        [ -n "$port" ] && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
        i=$((i + 1))
    done
    [ -n "$port" ] || fail "$arch" "the server did not listen"
    # --half-close=3: after sending the line, read until the server has been
    # quiet for 3 s, so the echo cannot be lost to a crossing close_notify.
    line="sslite on $arch says hello"
    printf '%s\n' "$line" | timeout 60 $run "$tool" client --cafile "$tmp/pki/ca.pem" \
        --timeout 20 --half-close=3 localhost "$port" >"$tmp/client.out" 2>"$tmp/client.err" ||
        fail "$arch" "client exited with status $?"
    server_rc=0
    wait "$server_pid" || server_rc=$?
    server_pid=
    [ "$server_rc" -eq 0 ] || fail "$arch" "server exited with status $server_rc"
    grep -qx "$line" "$tmp/client.out" || fail "$arch" "the echo did not come back"
    session=$(head -n 1 "$tmp/client.out")
    version=$(printf '%s' "$session" | sed -n 's/.*"version":"\([^"]*\)".*/\1/p')
    cipher=$(printf '%s' "$session" | sed -n 's/.*"cipher":\["\([^"]*\)".*/\1/p')
    group=$(printf '%s' "$session" | sed -n 's/.*"group":"\([^"]*\)".*/\1/p')
    [ -n "$version" ] && [ -n "$cipher" ] || fail "$arch" "no session line"
    echo "cross $arch: $version $cipher ${group:-?}, certificate verified, echo ok" \
         "($(file -b "$tool" | cut -d, -f1-2))"
}

build aarch64 aarch64-linux-gnu
exchange aarch64 qemu-aarch64 /usr/aarch64-linux-gnu build-aarch64/tools/sslite
build armhf arm-linux-gnueabihf
exchange armhf qemu-arm /usr/arm-linux-gnueabihf build-armhf/tools/sslite
build riscv64 riscv64-linux-gnu
exchange riscv64 qemu-riscv64 /usr/riscv64-linux-gnu build-riscv64/tools/sslite
