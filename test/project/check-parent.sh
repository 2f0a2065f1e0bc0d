#!/bin/sh
# A scratch parent Meson project gets sslite with dependency('sslite')
# through a subproject, builds and runs a program against it.  TAP.
#   $1: sslite source tree
set -u
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/subprojects/packagecache"
ln -s "$src" "$work/subprojects/sslite"
# The parent provides the Mbed TLS tarball offline, as a firmware tree would.
cp "$src/subprojects/packagecache/"mbedtls-*.tar.bz2 "$work/subprojects/packagecache/" 2>/dev/null
cp "$src/test/project/parent/meson.build" "$src/test/project/parent/main.c" "$work/"
cd "$work"
if meson setup b -Dsslite:tests=false -Dsslite:tools=false -Dsslite:examples=false >setup.log 2>&1 &&
   ninja -C b >build.log 2>&1 && out=$(./b/parent) && [ -n "$out" ]; then
    echo "ok 1 - parent project builds and links with dependency('sslite'): $out"
    echo "1..1"
    exit 0
fi
echo "not ok 1 - parent project failed"
tail -n 30 setup.log build.log 2>/dev/null | sed 's/^/#   /'
echo "1..1"
exit 1
