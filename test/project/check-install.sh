#!/bin/sh
# `meson install` gives headers, a static library holding everything, and a
# pkg-config file a plain Makefile user can build against.  TAP.
#   $1: build dir, $2: C compiler
set -u
build=$1; cc=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
n=0; fail=0
t() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }

meson install -C "$build" --no-rebuild --destdir "$dest" >"$dest/install.log" 2>&1
t $? "meson install"
pc=$(find "$dest" -name sslite.pc | head -n1)
t "$([ -n "$pc" ] && echo 0 || echo 1)" "sslite.pc installed"
pcdir=$(dirname "$pc")
if grep -q MBEDTLS_CONFIG_FILE "$pc"; then t 1 "sslite.pc carries no Mbed TLS define"; else t 0 "sslite.pc carries no Mbed TLS define"; fi
cat > "$dest/use.c" <<'EOC'
#include <sslite/sslite.h>
#include <stdio.h>
int main(void)
{
    sslite_error err;
    sslite_context *ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    printf("%s\n", sslite_backend_version());
    sslite_context_free(ctx);
    return ctx == NULL;
}
EOC
# The sysroot variable maps the installed paths into the staging directory.
flags=$(PKG_CONFIG_LIBDIR="$pcdir" PKG_CONFIG_SYSROOT_DIR="$dest" pkg-config --static --cflags --libs sslite 2>/dev/null)
# shellcheck disable=SC2086
"$cc" -std=c99 -Wall -Werror "$dest/use.c" -o "$dest/use" $flags >"$dest/cc.log" 2>&1
t $? "a program builds from the installed headers and sslite.pc alone"
out=$("$dest/use" 2>&1)
t $? "and runs: $out"
[ $fail = 0 ] || sed 's/^/#   /' "$dest"/*.log
echo "1..$n"
exit $fail
