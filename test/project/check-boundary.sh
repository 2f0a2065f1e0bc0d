#!/bin/sh
# The one boundary: only backends/mbedtls/ sees Mbed TLS.  TAP.
top=$1
n=0; fail=0
check() { # description, offending lines
    n=$((n + 1))
    if [ -z "$2" ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; printf '%s\n' "$2" | sed 's/^/#   /'; fail=1; fi
}
check "include/ includes no Mbed TLS or PSA header" \
    "$(grep -rnE '#include *[<"](mbedtls|psa)/' "$top/include" 2>/dev/null)"
check "lib/ includes no Mbed TLS or PSA header" \
    "$(grep -rnE '#include *[<"](mbedtls|psa)/' "$top/lib" 2>/dev/null)"
check "lib/ and include/ never name MBEDTLS_ symbols" \
    "$(grep -rnE 'MBEDTLS_|mbedtls_' "$top/lib" "$top/include" 2>/dev/null)"
check "backends/backend.h is library-neutral" \
    "$(grep -nE 'MBEDTLS_|(^|[^_])mbedtls_|[<"](mbedtls|psa)/' "$top/backends/backend.h")"
echo "1..$n"
exit $fail
