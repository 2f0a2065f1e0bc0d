#!/bin/sh
# The whole test suite: installs what is missing, provisions Mbed TLS
# offline if needed, builds with warnings as errors and runs every test.
#   sh scripts/test.sh [extra meson setup options]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/ensure-deps.sh test
sh scripts/provision-mbedtls.sh
build=${SSLITE_BUILD_DIR:-build-test}
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" -Dwerror=true "$@"
fi
ninja -C "$build"
status=0
meson test -C "$build" --print-errorlogs --num-processes 2 || status=$?
# One plain closing line for whoever reads the log (tests, then TAP checks).
python3 - "$build/meson-logs/testlog.json" <<'EOF'
import json, sys
passed = failed = skipped = checks = 0
for line in open(sys.argv[1]):
    t = json.loads(line)
    r = t.get('result')
    if r in ('OK', 'EXPECTEDFAIL'):
        passed += 1
    elif r == 'SKIP':
        skipped += 1
    else:
        failed += 1
    checks += sum(1 for l in (t.get('stdout') or '').splitlines() if l.startswith('ok '))
print('# %d TAP checks passed' % checks)
print('sslite: %d passed, %d failed, %d skipped' % (passed, failed, skipped))
EOF
exit $status
