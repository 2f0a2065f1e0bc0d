#!/bin/sh
# The README's demo: build sslite, make a throwaway CA and server
# certificate, run `sslite server` and `sslite client` against each other on
# loopback, and show what the client printed: the session as JSON, then the
# line the server echoed back.
#
#   sh scripts/demo.sh        (as root on Debian/Ubuntu installs what is
#                              missing; elsewhere says what to install)
#
# Builds into build-demo/ (reused when present).  Exits non-zero if any step
# fails; everything it starts is stopped and its temporary files removed.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
say() { printf '\n== %s\n' "$*"; }

# ---- 1. what the build and the demo need ----
missing=""
need() { # command package
    command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}
need meson meson
need ninja ninja-build
need gcc gcc
need pkg-config pkg-config
need python3 python3
need openssl openssl
need bzip2 bzip2
# gcc only recommends the C library headers.
if command -v dpkg-query >/dev/null 2>&1 &&
   ! dpkg-query -W -f='${Status}' libc6-dev 2>/dev/null | grep -q "ok installed"; then
    missing="$missing libc6-dev"
fi
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "demo: please install:$missing" >&2
        exit 1
    fi
fi

# ---- 2. build (Mbed TLS comes from the tarball the wrap names) ----
say "building sslite into build-demo/"
sh scripts/provision-mbedtls.sh
# Quiet unless something fails; then the log says why.
log=$(mktemp)
if { [ -f build-demo/build.ninja ] ||
     meson setup build-demo -Dtests=disabled -Dexamples=disabled; } >"$log" 2>&1 &&
   ninja -C build-demo tools/sslite >>"$log" 2>&1; then
    rm -f "$log"
else
    tail -n 40 "$log" >&2
    rm -f "$log"
    echo "demo: the build failed" >&2
    exit 1
fi
sslite=$top/build-demo/tools/sslite

# ---- 3. a throwaway CA and server certificate ----
tmp=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "making a throwaway CA and a server certificate for localhost (openssl)"
(
    cd "$tmp"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
        -keyout ca.key -out ca.pem -subj "/CN=sslite demo CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -addext "subjectKeyIdentifier=hash" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
    # Python 3.13's default context is strict (VERIFY_X509_STRICT): the
    # leaf needs its key identifiers.
    cat > server.ext <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EOF
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 \
        -extfile server.ext -out server.pem 2>/dev/null
)

# ---- 4. the server, on a free port ----
say "sslite server --port 0 --once"
"$sslite" server --cert "$tmp/server.pem" --key "$tmp/server.key" --port 0 --once \
    >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
port=""
i=0
while [ $i -lt 100 ]; do # up to 10 s
    port=$(sed -n 's/^{"listening":.*"port":\([0-9]*\).*/\1/p' "$tmp/server.out")
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
done
if [ -z "$port" ]; then
    echo "demo: the server did not start" >&2
    cat "$tmp/server.err" >&2
    exit 1
fi
head -n 1 "$tmp/server.out"

# ---- 5. the client: one line there and back ----
say "printf 'hello from the sslite demo\\n' | sslite client --cafile ca.pem localhost $port"
status=0
printf 'hello from the sslite demo\n' |
    timeout 20 "$sslite" client --cafile "$tmp/ca.pem" localhost "$port" >"$tmp/client.out" ||
    status=$?
cat "$tmp/client.out"

# Let the server finish its one connection (bounded), then show its view.
i=0
while kill -0 "$server_pid" 2>/dev/null && [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
say "the server's side"
sed -n '2,$p' "$tmp/server.out"
cat "$tmp/server.err" >&2

if [ "$status" -ne 0 ]; then
    echo "demo: sslite client failed (status $status)" >&2
    exit 1
fi
if ! sed -n '2p' "$tmp/client.out" | grep -qx 'hello from the sslite demo'; then
    echo "demo: the echoed line did not come back" >&2
    exit 1
fi
say "ok: TLS handshake, verification against the demo CA, and the echo all worked"
