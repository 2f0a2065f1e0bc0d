#!/bin/sh
# A shared libsslite exports the public sslite_* API and nothing else: no
# sslite__ internals, no Mbed TLS or PSA symbols.  TAP.  $1: nm, $2: the .so
nm_prog=$1; lib=$2
all=$("$nm_prog" -D --defined-only "$lib" 2>/dev/null | awk 'NF==3 {print $3}')
bad=$(printf '%s\n' "$all" | grep -v '^sslite_[^_]' | grep .)
count=$(printf '%s\n' "$all" | grep -c .)
if [ "$count" -gt 0 ] && [ -z "$bad" ]; then
    echo "ok 1 - the $count exported symbols are all public sslite_ API"
    echo "1..1"
    exit 0
fi
echo "not ok 1 - unexpected exports (of $count):"
printf '%s\n' "$bad" | head -n 40 | sed 's/^/#   /'
echo "1..1"
exit 1
