#!/bin/sh
# Function coverage of sslite (lib/ and backends/, not Mbed TLS) by the
# fuzz targets, per area.
#
#   fuzz/coverage.sh [SRCDIR] [BUILDDIR] [SECONDS]
#       SRCDIR    the source tree whose fuzz/ targets and corpora to measure
#                 (default: this one); e.g. an export of another branch:
#                 git archive main | tar -x -C /tmp/main-src
#       BUILDDIR  default build-cov (inside SRCDIR unless absolute)
#       SECONDS   a short fuzz run per target after its corpus (default 0)
#
# Builds SRCDIR with clang source-based coverage (-fprofile-instr-generate
# -fcoverage-mapping, no sanitizers), runs every fuzz_* target over a copy of
# fuzz/corpus/<target>/ (and fuzzes it for SECONDS), merges the profiles and
# prints covered/total functions per area and in all, from the coverage
# mapping of every sslite object file (so the total does not depend on what
# a target happens to link).  BUILDDIR/coverage/ keeps the merged profile,
# the per-function list (functions.txt: count, file, name) and the report.
# Needs clang, llvm-profdata, llvm-cov (scripts/ensure-deps.sh ci) and
# python3.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "${1:-$here/..}" && pwd)
build=${2:-build-cov}
secs=${3:-0}
case $build in /*) ;; *) build=$src/$build ;; esac
profdata=$(command -v llvm-profdata || ls /usr/bin/llvm-profdata-* 2>/dev/null | tail -1)
llvmcov=$(command -v llvm-cov || ls /usr/bin/llvm-cov-* 2>/dev/null | tail -1)
[ -n "$profdata" ] && [ -n "$llvmcov" ] || { echo "coverage.sh: llvm-profdata/llvm-cov missing" >&2; exit 1; }

cov='-fprofile-instr-generate -fcoverage-mapping'
if [ ! -f "$build/build.ninja" ]; then
    (cd "$src" && CC=clang CXX=clang++ meson setup "$build" -Dfuzzing=true -Dtests=disabled \
        -Dtools=disabled -Dexamples=disabled -Db_lundef=false -Dc_args="$cov" \
        -Dc_link_args="$cov" >/dev/null)
fi
# Only the targets: gen_corpus links no fuzzer runtime, which a build
# without sanitizers cannot do without (its coverage callbacks).
targets=$(cd "$build" && ninja -t targets all | sed -n 's|^\(fuzz/fuzz_[a-z0-9_]*\): .*|\1|p' | sort -u)
# shellcheck disable=SC2086
ninja -C "$build" -j2 $targets >/dev/null

out=$build/coverage
rm -rf "$out"
mkdir -p "$out/raw"
objs=""
for bin in "$build"/fuzz/fuzz_*; do
    [ -f "$bin" ] && [ -x "$bin" ] || continue
    name=$(basename "$bin")
    work=$(mktemp -d "${TMPDIR:-/tmp}/sslite-cov-$name.XXXXXX")
    mkdir "$work/corpus"
    cp "$src/fuzz/corpus/$name"/* "$work/corpus/" 2>/dev/null || true
    n=$(ls "$work/corpus" | wc -l)
    (cd "$work" && LLVM_PROFILE_FILE="$out/raw/$name-corpus-%p.profraw" \
        "$bin" -runs=0 -timeout=20 -rss_limit_mb=4096 corpus >/dev/null 2>&1) || true
    if [ "$secs" -gt 0 ]; then
        (cd "$work" && LLVM_PROFILE_FILE="$out/raw/$name-fuzz-%p.profraw" \
            "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 corpus >/dev/null 2>&1) || true
    fi
    echo "== $name: $n seeds, ${secs}s of fuzzing"
    rm -rf "$work"
    objs="$objs -object $bin"
done
"$profdata" merge -sparse "$out"/raw/*.profraw -o "$out/merged.profdata"
rm -rf "$out/raw"

# Every function of sslite's own object files, counted once.
lib_objs=$(find "$build" -path '*libsslite.a.p/*.o' -o -path '*libsslite.so.p/*.o' | sort)
first=$(echo "$lib_objs" | head -1)
rest=$(echo "$lib_objs" | tail -n +2 | sed 's/^/-object /' | tr '\n' ' ')
# shellcheck disable=SC2086
"$llvmcov" export -format=text -instr-profile="$out/merged.profdata" "$first" $rest \
    > "$out/export.json"
python3 - "$out" "$src" "$build" <<'EOF'
import json, os, sys
out, src, build = sys.argv[1], sys.argv[2], sys.argv[3]
areas = [
    ("engine/object/socket", ["lib/engine.c", "lib/object.c", "lib/socket.c", "lib/memorybio.c",
                              "lib/session.c", "lib/keylog.c"]),
    ("backend connection", ["backends/mbedtls/backend.c", "backends/mbedtls/errors.c",
                            "backends/mbedtls/ciphers.c"]),
    ("verify", ["lib/verify.c", "backends/mbedtls/verify.c"]),
    ("hostname", ["lib/hostname.c", "lib/idna.c"]),
    ("ciphers", ["lib/ciphers.c", "lib/cipher_table.c"]),
    ("cert", ["lib/cert.c", "lib/json.c", "lib/certutil.c", "backends/mbedtls/x509.c"]),
    ("context/loaders", ["lib/context.c", "lib/curves.c"]),
    ("module/errors", ["lib/error.c", "lib/module.c"]),
]
seen = {}
for d in json.load(open(os.path.join(out, "export.json")))["data"]:
    for f in d["functions"]:
        fn = f["filenames"][0]
        fn = fn if os.path.isabs(fn) else os.path.join(build, fn)
        path = os.path.relpath(os.path.realpath(fn), os.path.realpath(src))
        if not (path.startswith("lib/") or path.startswith("backends/")):
            continue
        if path == "backends/mbedtls/inject.c":  # fuzzing-build harness support
            continue
        name = f["name"].split(":")[-1]
        # the fuzzing build's own RNG and clocks (backends/fuzzing.h): not
        # in a normal build, so not counted, for comparable totals
        if path == "backends/mbedtls/backend.c" and (
                name.startswith("sslite__fuzz_") or
                name in ("fuzz_rewind", "fuzz_time", "mbedtls_ms_time")):
            continue
        key = (path, name)
        seen[key] = max(seen.get(key, 0), f["count"])
with open(os.path.join(out, "functions.txt"), "w") as fl:
    for (path, name), c in sorted(seen.items()):
        fl.write(f"{c}\t{path}\t{name}\n")
lines = []
tot = cov = 0
for area, files in areas + [("other", None)]:
    keys = [k for k in seen if (files is None and not any(k[0] in fs for _, fs in areas))
            or (files is not None and k[0] in files)]
    if not keys:
        continue
    c = sum(1 for k in keys if seen[k] > 0)
    lines.append(f"{area:24s} {c:4d} / {len(keys):4d}")
    tot += len(keys)
    cov += c
lines.append(f"{'all sslite functions':24s} {cov:4d} / {tot:4d}  ({tot - cov} not covered)")
report = "\n".join(lines)
open(os.path.join(out, "report.txt"), "w").write(report + "\n")
print(report)
EOF
