#!/bin/sh
# Every global symbol sslite's own objects define carries the sslite prefix
# (a static archive hides nothing).  With the embedded Mbed TLS the archive
# also holds Mbed TLS's objects (members named library_*.o, and
# 3rdparty_everest_*.o for its bundled Everest X25519), which keep their own
# mbedtls_/psa_ (Hacl_/FStar_) names.  TAP.  $1: nm, $2: the library.
nm_prog=$1; lib=$2
syms=$("$nm_prog" -A -g --defined-only "$lib" 2>/dev/null |
       awk -F: '$2 !~ /^(library|3rdparty_everest)_/ {print $NF}' | awk 'NF==3 {print $3}' |
       grep -v -e '^__odr_asan' -e '^__asan' -e '^__ubsan' -e '^__sancov' | sort -u)
# (Sanitizer builds add instrumentation aliases; they are not sslite's names.)
total=$(printf '%s\n' "$syms" | grep -c .)
# mbedtls_psa_external_get_random: the one name Mbed TLS requires us to define.
bad=$(printf '%s\n' "$syms" | grep -v '^sslite_' | grep -v '^mbedtls_psa_external_get_random$' | grep .)
if [ "$total" -gt 0 ] && [ -z "$bad" ]; then
    echo "ok 1 - all $total global symbols of sslite's objects start with sslite_"
    echo "1..1"
    exit 0
fi
echo "not ok 1 - symbols without the sslite_ prefix (of $total):"
printf '%s\n' "$bad" | sed 's/^/#   /'
echo "1..1"
exit 1
