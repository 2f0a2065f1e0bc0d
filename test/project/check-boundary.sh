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
check "backends/services.h is library-neutral" \
    "$(grep -nE 'MBEDTLS_|(^|[^_])mbedtls_|[<"](mbedtls|psa)/' "$top/backends/services.h")"
# The layout: only lib/posix/ (and the pthread switch in services.h) may
# need POSIX, so a bare-metal build compiles lib/core/ and lib/compat/.
check "lib/core/ and lib/compat/ include no POSIX-only header" \
    "$(grep -rnE '#include *<(sys/|pthread\.h|unistd\.h|dirent\.h|poll\.h|netdb\.h|fcntl\.h|arpa/|netinet/)' \
        "$top/lib/core" "$top/lib/compat" 2>/dev/null)"
check "no public header but socket.h includes a POSIX-only header" \
    "$(grep -nE '#include *<(sys/|pthread\.h|unistd\.h|dirent\.h|poll\.h|netdb\.h|fcntl\.h|arpa/|netinet/)' \
        "$top"/include/sslite/*.h* | grep -v '/socket\.h:')"
check "lib/ calls no pthread function outside lib/posix/" \
    "$(grep -rnE 'pthread_[a-z_]+\(' "$top/lib/core" "$top/lib/compat" "$top/lib/internal.h" 2>/dev/null)"
echo "1..$n"
exit $fail
