#!/bin/sh
# CPython's test_ssl, a part of it, on sslite's _ssl under valgrind (CI).
# The interpreter is not ours: its own reports (uninitialised bytes in
# int.from_bytes, the garbage collector at exit) are not counted, and
# neither are its leaks.  The stage fails when valgrind reports an error
# whose stack passes through sslite (python/, lib/, backends/, Mbed TLS),
# or when the selected tests fail.
#   sh python/valgrind-test-ssl.sh BUILD_DIR
set -eu
build=$1
py=$(python3 -c 'import sys; print(sys.executable)') # the real binary, not a shim
log=$build/valgrind-test-ssl.log
status=0
PYTHONMALLOC=malloc PYTHONPATH=$build/python timeout 1200 \
    valgrind --error-exitcode=0 --leak-check=no --num-callers=40 --log-file="$log.vg" \
    "$py" -m test test_ssl \
    -m 'test.test_ssl.ContextTests.*' -m 'test.test_ssl.MemoryBIOTests.*' \
    -m 'test.test_ssl.SSLObjectTests.*' -m 'test.test_ssl.BasicSocketTests.*' \
    -m 'test.test_ssl.SimpleBackgroundTests.*' -m 'test.test_ssl.TestPostHandshakeAuth.*' \
    -m 'test.test_ssl.TestSSLDebug.*' \
    -i '*test_openssl_version' -i '*test_min_max_version' -i '*test_bio_handshake' \
    -i '*test_pha_required_nocert' \
    >"$log" 2>&1 || status=$?
# One valgrind record: from a line naming the error to the blank line after.
ours=$(awk '/^==[0-9]+== (Invalid|Conditional jump|Use of uninitialised|Syscall param|Mismatched|Source and destination|Argument|Process terminating|Jump to)/ { rec = $0 "\n"; inrec = 1; next }
            inrec && /^==[0-9]+== *$/ { if (rec ~ /_ssl\.c|python\/cert\.c|lib\/|backends\/|mbedtls|sslite/) { print rec; n++ } inrec = 0; next }
            inrec { rec = rec $0 "\n" }
            END { exit n > 0 }' "$log.vg" >"$log.ours" && echo 0 || echo 1)
tests=$(grep -E '^Total tests:' "$log" || true)
if [ "$ours" != 0 ]; then
    cat "$log.ours"
    echo "python valgrind: errors in sslite's code (above)"
    exit 1
fi
if [ "$status" != 0 ]; then
    tail -40 "$log"
    echo "python valgrind: test_ssl failed under valgrind"
    exit 1
fi
echo "python valgrind: test_ssl subset clean ($tests; interpreter-only reports: $(grep -cE '^==[0-9]+== (Invalid|Conditional jump|Use of uninitialised|Syscall param|Mismatched)' "$log.vg" || true))"
