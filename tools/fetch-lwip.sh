#!/usr/bin/env bash
# Fetch lwIP's sources for the kernel's TCP/IP stack (docs/net.md): Debian's
# `lwip` source package, unpacked with Debian's patches by `apt-get source`.
# Nothing of lwIP is copied into this repository; the kernel build compiles
# it from the cache:
#     $BREENIX_CACHE/lwip-<hash>/lwip    (BREENIX_CACHE defaults to ~/.cache/breenix)
# where <hash> covers this script (and so the pinned version below).
# apt-get source needs a deb-src line for Debian's main archive
# (./build.sh deps adds one when it is missing).
#
# Usage: fetch-lwip.sh            fetch if needed, print the source directory last
#        fetch-lwip.sh --print    print the source directory, fetch nothing
set -euo pipefail

version=2.1.3+dfsg1-2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${BREENIX_CACHE:-$HOME/.cache/breenix}
key=$(sha256sum "$here/fetch-lwip.sh" | cut -c1-16)
dir=$cache/lwip-$key

if [ "${1:-}" = "--print" ]; then
	echo "$dir/lwip/src"
	exit 0
fi
if [ -f "$dir/.complete" ]; then
	echo "$dir/lwip/src"
	exit 0
fi

tmp=$(mktemp -d "$cache/lwip-tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "lwip: apt-get source lwip=$version" >&2
(cd "$tmp" && apt-get source -qq "lwip=$version" >&2) || {
	echo "lwip: apt-get source failed: is a deb-src line enabled? (./build.sh deps)" >&2
	exit 1
}
src=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name 'lwip-*' | head -n1)
[ -n "$src" ] && [ -f "$src/src/core/tcp.c" ] || { echo "lwip: no source tree unpacked" >&2; exit 1; }
rm -rf "$dir"
mkdir -p "$dir"
mv "$src" "$dir/lwip"
touch "$dir/.complete"
echo "$dir/lwip/src"
