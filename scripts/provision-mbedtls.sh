#!/bin/sh
# Put the Mbed TLS release tarball that subprojects/mbedtls.wrap names into
# subprojects/packagecache/, so `meson setup` never needs the network.
#
# Already there and intact: nothing to do.  Otherwise, on Debian, the
# identical upstream tarball (same sha256) is the .orig.tar of Debian's
# `mbedtls` source package (3.6.7 is in unstable; trixie is asked too, for
# the release it carries): fetch it with `apt-get source` through a
# temporary sources list built from this machine's own apt mirror settings
# (the system's sources are never edited).  Anywhere else, Meson downloads
# the tarball itself from the wrap's source_url.
#   sh scripts/provision-mbedtls.sh [PROJECT_DIR]
# PROJECT_DIR (default: sslite itself) is the project whose
# subprojects/packagecache/ receives the tarball: a parent project that
# uses sslite as a subproject names its own top folder.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
wrap="$top/subprojects/mbedtls.wrap"
dest_top=${1:-$top}
cache="$dest_top/subprojects/packagecache"
file=$(sed -n 's/^source_filename *= *//p' "$wrap")
hash=$(sed -n 's/^source_hash *= *//p' "$wrap")
version=$(printf '%s\n' "$file" | sed -n 's/^mbedtls-\(.*\)\.tar\.bz2$/\1/p')
dest="$cache/$file"

ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$hash" ]; }

if ok "$dest"; then
    exit 0
fi
mkdir -p "$cache"

if ! command -v apt-get >/dev/null 2>&1; then
    echo "provision-mbedtls: no apt-get; leaving the download of $file to Meson" >&2
    exit 0
fi

# The first Debian archive URI this machine's apt already uses.
mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
         sed -n 's/^URIs: *\([^ ]*\).*/\1/p' | grep -v -- '-security' | grep -i debian | head -n1)
if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
             sed -n 's/^deb  *\(\[[^]]*\] *\)\{0,1\}\([^ ]*\).*/\2/p' |
             grep -v -- '-security' | grep -i debian | head -n1)
fi
if [ -z "$mirror" ]; then
    echo "provision-mbedtls: no Debian mirror in this machine's apt settings" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
for suite in unstable trixie; do
    echo "deb-src [signed-by=$keyring] $mirror $suite main"
done > "$work/sources.list"
opts="-o Dir::Etc::SourceList=$work/sources.list -o Dir::Etc::SourceParts=/nonexistent
      -o Dir::State::Lists=$work/lists -o Dir::Cache=$work/cache -o APT::Sandbox::User=root"
echo "provision-mbedtls: fetching mbedtls $version source from Debian's source archive" >&2
# shellcheck disable=SC2086
apt-get -q $opts update >/dev/null
# shellcheck disable=SC2086
(cd "$work/src" && apt-get -q $opts source --download-only "mbedtls=$version-*" >/dev/null 2>&1 ||
                   apt-get -q $opts source --download-only mbedtls >/dev/null)
orig="$work/src/mbedtls_$version.orig.tar.bz2"
if ! ok "$orig"; then
    echo "provision-mbedtls: Debian's mbedtls_$version.orig.tar.bz2 is missing or its sha256 differs" >&2
    exit 1
fi
cp "$orig" "$dest.tmp"
mv "$dest.tmp" "$dest"
echo "provision-mbedtls: $dest ready (sha256 $hash)" >&2
