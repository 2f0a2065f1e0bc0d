#!/bin/sh
# Reduced host builds: what the feature options leave out is really gone,
# and what is left builds with warnings as errors and passes its tests
# (test/features, headers, boundary).  Two configurations:
#   no-os        -Dsockets=disabled -Dfilesystem=disabled -Dthreads=disabled
#                (a bare-metal build's library on the host: mutex hooks)
#   client-tls13 -Dserver=disabled -Dtls12=disabled (a TLS 1.3-only client)
# For each, the library and its Mbed TLS must not reference what was left
# out (nm -u).  One result line per configuration.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
status=0
check() { # name, forbidden undefined symbols (ERE), meson options...
    name=$1 forbidden=$2
    shift 2
    build=build-reduced-$name
    [ -f "$build/build.ninja" ] ||
        meson setup "$build" -Dwerror=true -Dtools=disabled -Dexamples=disabled "$@" >/dev/null
    ninja -C "$build" >/dev/null
    if ! meson test -C "$build" --num-processes 2 --print-errorlogs >"$build/test.out" 2>&1; then
        cat "$build/test.out"
        echo "reduced $name: tests FAILED"
        status=1
        return
    fi
    libs="$build/lib/libsslite.a $(ls "$build"/subprojects/mbedtls-*/*.a)"
    # shellcheck disable=SC2086
    # (Mbed TLS's entropy_poll.c reads /dev/urandom: the host's OS entropy,
    # which these host builds keep.)
    bad=$(nm -A -u $libs 2>/dev/null | grep -v 'library_entropy_poll\.c\.o' |
          awk '{print $NF}' | grep -E "^($forbidden)\$" | sort -u | tr '\n' ' ')
    if [ -n "$bad" ]; then
        echo "reduced $name: the library still references: $bad"
        status=1
        return
    fi
    passed=$(grep -c '^ *[0-9]*/[0-9]* .* OK ' "$build/test.out" || true)
    echo "reduced $name: builds, $passed tests pass, no reference to the left-out features"
}
check no-os 'pthread_[a-z_]+|socket|connect|poll|getaddrinfo|opendir|readdir|fopen|fopen64|stat|stat64' \
    -Dsockets=disabled -Dfilesystem=disabled -Dthreads=disabled
check client-tls13 'mbedtls_ssl_handshake_server_step|mbedtls_ssl_ticket_setup|mbedtls_ssl_cache_get|mbedtls_ssl_tls13_handshake_server_step|mbedtls_dhm_make_params' \
    -Dserver=disabled -Dtls12=disabled
exit $status
