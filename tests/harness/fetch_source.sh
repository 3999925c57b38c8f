#!/usr/bin/env bash
# fetch_source.sh PACKAGE: Debian's source package PACKAGE, fetched once with
# `apt-get source` and unpacked with Debian's patches (dpkg-source -x) into
# $BREENIX_CACHE/PACKAGE-src/tree (default cache: ~/.cache/breenix); prints
# that path.  Never committed: the cache is outside the repository.
#
# apt-get source needs deb-src entries.  build.sh's deps_src adds them to the
# host's apt (as root); when they are missing here, a private apt state under
# the cache gets them, made from the host's deb lines: no root needed and the
# host's apt is left alone.  Used by busybox_suite.sh, posix_suite.sh and the
# storage test's tarball (ext2_tar.py).
set -euo pipefail
pkg=${1:?usage: fetch_source.sh PACKAGE}
cache=${BREENIX_CACHE:-$HOME/.cache/breenix}
src=$cache/$pkg-src
apt=$cache/src-apt

say() { printf 'fetch_source: %s\n' "$*" >&2; }

if [ ! -f "$src/.complete" ]; then
	rm -rf "$src" && mkdir -p "$src/dl"
	if ! (cd "$src/dl" && apt-get source --download-only "$pkg" >/dev/null 2>&1); then
		say "no deb-src in the host's apt: a private apt state in $apt"
		rm -rf "$apt" && mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/sources"
		{ cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed 's/^Types: deb$/Types: deb-src/'; } \
			> "$apt/sources/src.sources"
		{ { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } |
			sed -n 's/^deb \(.*\)/deb-src \1/p'; } > "$apt/sources/src.list"
		o=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt/sources"
			-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Debug::NoLocking=1)
		apt-get "${o[@]}" update >/dev/null
		(cd "$src/dl" && apt-get "${o[@]}" source --download-only "$pkg" >/dev/null)
	fi
	(cd "$src" && dpkg-source --no-check -x dl/"${pkg}"_*.dsc tree >/dev/null)
	touch "$src/.complete"
fi
echo "$src/tree"
