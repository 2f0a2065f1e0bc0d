#!/bin/sh
# A parent Meson project adopts sslite exactly as README.md ("Use from
# another Meson project") says, offline: sslite's release tarball and
# subprojects/sslite.wrap, the Mbed TLS tarball in the PARENT's
# subprojects/packagecache/ under the wrap's source_filename (put there by
# scripts/provision-mbedtls.sh PROJECT_DIR), then dependency('sslite').
# Checks that only the library was built and installed, and that
# mbedtls_config is checked at setup and takes effect on reconfigure.  TAP.
#   $1: sslite source tree      (KEEP=1 keeps the scratch directory)
set -u
src=$1
work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
n=0; fail=0
t() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
logs() { for f in "$@"; do [ -f "$f" ] && tail -n 25 "$f" | sed 's/^/#   /'; done; }

version=$(sed -n "s/^ *version: '\([0-9.]*\)'.*/\1/p" "$src/meson.build" | head -n1)
name=sslite-$version
parent=$work/parent
mkdir -p "$parent/subprojects/packagecache" "$work/dist/$name"
cp "$src/test/project/parent/meson.build" "$src/test/project/parent/main.c" "$parent/"

# sslite's release tarball, as a parent would have downloaded it (the
# source tree without build directories, caches or VCS data).
(cd "$src" && tar cf - --exclude='./build*' --exclude=./.git --exclude=./subprojects/packagecache \
     --exclude='./subprojects/mbedtls-*' --exclude=__pycache__ .) | (cd "$work/dist/$name" && tar xf -)
(cd "$work/dist" && tar cJf "$parent/subprojects/packagecache/$name.tar.xz" "$name")
hash=$(sha256sum "$parent/subprojects/packagecache/$name.tar.xz" | cut -d' ' -f1)
cat > "$parent/subprojects/sslite.wrap" <<EOF
[wrap-file]
directory = $name
source_url = https://example.invalid/$name.tar.xz
source_filename = $name.tar.xz
source_hash = $hash

[provide]
sslite = sslite_dep
EOF

cd "$parent"
# README step: unpack sslite (from the packagecache: no network).
meson subprojects download sslite >"$work/download.log" 2>&1
t $? "meson subprojects download sslite unpacks the wrap offline"
# README step: the Mbed TLS tarball into the parent's packagecache.  The
# test seeds it from sslite's own cache when that has it, so the script
# finds it intact and needs no network.
mbed_file=$(sed -n 's/^source_filename *= *//p' "$src/subprojects/mbedtls.wrap")
if [ -f "$src/subprojects/packagecache/$mbed_file" ]; then
    cp "$src/subprojects/packagecache/$mbed_file" "$parent/subprojects/packagecache/"
fi
sh "subprojects/$name/scripts/provision-mbedtls.sh" "$parent" >"$work/provision.log" 2>&1
[ -f "$parent/subprojects/packagecache/$mbed_file" ]
t $? "provision-mbedtls.sh PROJECT_DIR fills the parent's packagecache ($mbed_file)"

if meson setup b --prefix=/usr --wrap-mode=nodownload >"$work/setup.log" 2>&1 &&
   ninja -j2 -C b >"$work/build.log" 2>&1 && out=$(./b/parent) && [ -n "$out" ]; then
    t 0 "parent builds offline and links with dependency('sslite'): $out"
else
    t 1 "parent builds offline and links with dependency('sslite')"
    logs "$work/setup.log" "$work/build.log"
fi
sub=b/subprojects/$name
extra=$(find "$sub" -type f \( -path "*/tools/sslite" -o -path "*/examples/*" -o -path "*/test/*" \) \
        -perm -u+x 2>/dev/null | head -n 5)
lib=$(find "$sub" -name libsslite.a | head -n1)
t "$([ -z "$extra" ] && [ -n "$lib" ] && echo 0 || echo 1)" \
  "only the library is built (no CLI, examples or tests)${extra:+: $extra}"
tests=$(meson test -C b --list --no-rebuild 2>/dev/null | grep -v '^No tests defined' | grep -c .)
t "$([ "$tests" = 0 ] && echo 0 || echo 1)" "no sslite test in the parent's meson test ($tests listed)"
meson install -C b --no-rebuild --destdir "$work/dest" >"$work/install.log" 2>&1
installed=$(cd "$work/dest" 2>/dev/null && find . -type f | head -n 5)
t "$([ -z "$installed" ] && echo 0 || echo 1)" "the parent's meson install installs nothing of sslite${installed:+: $installed}"

# mbedtls_config: a missing file fails at setup, naming the option...
meson setup bad -Dsslite:mbedtls_config="$work/nonexistent.h" --wrap-mode=nodownload >"$work/bad.log" 2>&1
st=$?
grep -q "mbedtls_config: no such file: $work/nonexistent.h" "$work/bad.log"
t "$([ $st != 0 ] && [ $? = 0 ] && echo 0 || echo 1)" "a missing mbedtls_config fails at meson setup with a clear message"
# ...and a changed one (relative to the parent's top) reaches every Mbed TLS
# compile on reconfigure.
cp "$src/config/mbedtls/sslite_mbedtls_config.h" "$parent/my_mbedtls_config.h"
meson configure b -Dsslite:mbedtls_config=my_mbedtls_config.h >"$work/reconf.log" 2>&1 &&
    ninja -C b build.ninja >>"$work/reconf.log" 2>&1
choice=$(cat "$sub/sslite_mbedtls_config_choice.h" 2>/dev/null)
case $choice in *"$parent/my_mbedtls_config.h"*) st=0 ;; *) st=1 ;; esac
stale=$(ninja -C b -n 2>/dev/null | grep -c 'library_ssl_tls\.c')
t "$([ $st = 0 ] && [ "$stale" -ge 1 ] && echo 0 || echo 1)" \
  "meson configure -Dsslite:mbedtls_config=... takes effect (Mbed TLS to rebuild: $stale)"
[ $fail = 0 ] || logs "$work/download.log" "$work/provision.log" "$work/install.log" "$work/reconf.log"
echo "1..$n"
exit $fail
