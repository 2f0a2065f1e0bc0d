#!/bin/sh
# Run every libFuzzer target of a fuzzing build briefly on its seed corpus.
#
#   fuzz/run-fuzzers.sh [BUILDDIR] [SECONDS]      (defaults: build-fuzz, 20)
#
# BUILDDIR comes from
#   CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
#   ninja -C build-fuzz
# Each target fuzz_X starts from fuzz/corpus/fuzz_X/ (copied to a scratch
# directory, so the repository is never modified) and runs for SECONDS
# seconds or 2,000,000 inputs, whichever ends first.  Exit status 1 if any
# target crashed, leaked or tripped a sanitizer; its reproducer is kept in
# the scratch directory printed.
set -u
build=${1:-build-fuzz}
secs=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
status=0
found=0

for bin in "$build"/fuzz/fuzz_*; do
    [ -f "$bin" ] && [ -x "$bin" ] || continue
    found=1
    name=$(basename "$bin")
    work=$(mktemp -d "${TMPDIR:-/tmp}/sslite-$name.XXXXXX")
    mkdir "$work/corpus"
    if [ -d "$here/corpus/$name" ]; then
        cp "$here/corpus/$name"/* "$work/corpus/" 2>/dev/null || true
    fi
    echo "== $name: $(ls "$work/corpus" | wc -l) seeds, ${secs}s"
    if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
       UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:suppressions=$here/ubsan.supp} \
       "$bin" -max_total_time="$secs" -runs=2000000 -timeout=10 -rss_limit_mb=2048 \
              -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" \
              > "$work/log" 2>&1; then
        grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$work/log"
        grep -E '^#[0-9]+ *DONE' "$work/log" | tail -1
        rm -rf "$work"
    else
        echo "!! $name failed; log and reproducer in $work"
        tail -60 "$work/log"
        status=1
    fi
done

if [ "$found" = 0 ]; then
    echo "no fuzz targets in $build/fuzz (configure with -Dfuzzing=true)" >&2
    exit 1
fi
exit $status
