#!/bin/sh
# Install what building and testing sslite needs, only what is missing
# (Debian/Ubuntu, as root).  Used by the README's two commands.
#   ensure-deps.sh build   compilers, meson, ninja, pkg-config, bzip2
#   ensure-deps.sh test    + the test peers: python3, openssl, gnutls-cli
#   ensure-deps.sh ci      + clang and its sanitizer/fuzzer runtime, gcc's TSan runtime
set -eu
want="gcc g++ libc6-dev meson ninja-build pkg-config bzip2 ca-certificates"
case "${1:-build}" in
    test) want="$want python3 openssl gnutls-bin" ;;
    ci) want="$want python3 openssl gnutls-bin clang libclang-rt-14-dev libtsan2 llvm-14 valgrind file" ;;
esac
missing=""
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
    echo "sslite: please install:$missing" >&2
    exit 1
fi
echo "sslite: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
