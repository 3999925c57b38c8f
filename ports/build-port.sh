#!/usr/bin/env bash
# Build third-party programs for Breenix from their Debian source packages
# (docs/ports.md).
#
# A port is a directory ports/<name>/ holding
#   recipe      shell variables and, where the defaults do not fit, functions:
#                 package=NAME       Debian source package
#                 version=VERSION    the version fetched (apt-get source NAME=VERSION)
#                 depends="PORT..."  ports whose headers and libraries it links with
#                 configure_args=... extra ./configure arguments
#                 make_args=...      extra make arguments (build and install)
#                 port_configure, port_build, port_install: replace the
#                 autoconf defaults below; they run in the source tree with
#                 $dest (the DESTDIR) and $stage (the dependencies) set
#                 port_prune: remove what the image does not need from $root
#   *.patch     applied with patch -p1 in name order; each says in its header
#               why the program itself needs it
#   test.sh     the in-guest test (ports/tests/lib.sh, tests/ports/run.sh)
#
# ports/compat/include comes first on every port's include path: headers
# that stand in front of the C library's where it has a known gap, each
# saying which (docs/ports.md lists them).
#
# The source is fetched once with `apt-get source --download-only` into
# $BREENIX_CACHE/ports/src/ (never into the repository) and unpacked afresh
# with dpkg-source for every build, so Debian's own patches are applied as in
# Debian.  A built port lives in $BREENIX_CACHE/ports/<name>-<key>/:
#   dest/   everything `make install DESTDIR=` put there (headers and static
#           libraries included: the ports that depend on it build against it)
#   root/   what goes into the image: dest/ less headers, static libraries,
#           manuals and documentation, programs without debug information
#   info    package, version, patch count and lines, cold build seconds
# <key> hashes this script, the port's directory, the toolchain's prefix (its
# name is the hash of the toolchain's inputs) and the keys of its
# dependencies, so an unchanged port is never rebuilt.
#
# Usage: build-port.sh [-q] NAME...   build each (dependencies first), then
#                                     print "NAME DIR" for each named port
#        build-port.sh [-q] --closure NAME...
#                                     the same for the named ports and every
#                                     port they depend on, dependencies first
#        build-port.sh --key NAME     print the directory it would use
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
cache=${BREENIX_CACHE:-$HOME/.cache/breenix}/ports
# BREENIX_PORT_JOBS: make's -j (default: the number of processors), for
# running two builds side by side on a shared machine.
jobs=${BREENIX_PORT_JOBS:-$(nproc)}
target=x86_64-breenix

toolchain=$("$top/toolchain/build-toolchain.sh" --print)
export PATH="$toolchain/bin:$PATH"

say() { printf 'port: %s\n' "$*" >&2; }
die() { printf 'build-port.sh: %s\n' "$*" >&2; exit 1; }

recipe_var() { # recipe_var NAME VAR
	[ -f "$here/$1/recipe" ] || die "no port $1 (no ports/$1/recipe)"
	( set +u; . "$here/$1/recipe"; eval "printf '%s' \"\${$2:-}\"" )
}

declare -A key_memo=()
port_key() {
	local name=$1 dep
	if [ -z "${key_memo[$name]:-}" ]; then
		key_memo[$name]=$( {
			cat "$here/build-port.sh" "$top"/tools/cross/*.in "$top/tools/cross/x86_64-breenix-pkg-config"
			( cd "$here/compat" && find . -type f | LC_ALL=C sort | xargs cat )
			basename "$toolchain"
			( cd "$here/$name" && find . -type f | LC_ALL=C sort | while read -r f; do
				echo "$f"; cat "$f"; done )
			for dep in $(recipe_var "$name" depends); do echo "dep $dep $(port_key "$dep")"; done
		} | sha256sum | cut -c1-16)
	fi
	echo "${key_memo[$name]}"
}

port_dir() { echo "$cache/$1-$(port_key "$1")"; }

# All dependencies of a port, each once, dependencies before dependants.
deps_closure() {
	local dep
	for dep in $(recipe_var "$1" depends); do
		deps_closure "$dep"
		echo "$dep"
	done | awk '!seen[$0]++'
}

# run_logged LABEL LOG FUNCTION: FUNCTION's output goes to LOG; a progress line
# every 20 s; on failure the end of the log and exit.
run_logged() {
	local label=$1 log=$2 fn=$3 t0 pid rc=0
	t0=$(date +%s)
	say "$label"
	( set -e; "$fn" ) >>"$log" 2>&1 &
	pid=$!
	local n=0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		n=$((n + 1))
		[ $((n % 20)) -eq 0 ] && kill -0 "$pid" 2>/dev/null &&
			say "$label ... $(( $(date +%s) - t0 ))s"
	done
	wait "$pid" || rc=$?
	if [ $rc -ne 0 ]; then
		say "$label FAILED (exit $rc); last lines of $log:"
		tail -n 40 "$log" >&2
		return 1
	fi
}

# Fetch PACKAGE=VERSION's source package once; print its .dsc.
fetch_source() {
	local pkg=$1 ver=$2 dir dsc
	dir=$cache/src/${pkg}_${ver//:/_}
	dsc=$(ls "$dir"/*.dsc 2>/dev/null | head -n1 || true)
	if [ -z "$dsc" ] || [ ! -f "$dir/.complete" ]; then
		rm -rf "$dir"; mkdir -p "$dir"
		# grep without -q reads to the end: with -q it may leave apt-cache
		# writing to a closed pipe, and pipefail takes that SIGPIPE for "no".
		apt-cache showsrc "$pkg" 2>/dev/null | grep '^Package:' >/dev/null ||
			die "apt-get knows no source package $pkg: are deb-src lines enabled? (./build.sh deps)"
		say "$pkg: fetching $pkg=$ver with apt-get source"
		( cd "$dir" && apt-get source -qq --download-only "$pkg=$ver" ) >&2 ||
			die "apt-get source $pkg=$ver failed (is that version still in the archive?)"
		touch "$dir/.complete"
		dsc=$(ls "$dir"/*.dsc | head -n1)
	fi
	echo "$dsc"
}

# The default steps: an autoconf package configured for the cross target.
# CONFIG_SHELL: the scripts a package installs (gzip's gunzip, zcat ...) name
# configure's shell in their #! line, and Breenix has /bin/sh, not bash.
default_configure() {
	replace_config_sub
	CONFIG_SHELL=/bin/sh /bin/sh ./configure --host=$target --build="$build_triple" --prefix=/usr \
		--disable-nls --disable-shared $configure_args
}
default_build() { make -j"$jobs" $make_args; }
default_install() { make install DESTDIR="$dest" $make_args; }
default_prune() { :; }

# Upstream config.sub does not know Breenix yet: ours (the toolchain's) does.
# Done just before configure, after any autoreconf (which installs its own).
replace_config_sub() {
	local f
	find . -name config.sub -type f | while read -r f; do
		cp "$toolchain/share/breenix/config.sub" "$f"
	done
}

apply_patches() {
	local p
	for p in "$portdir"/*.patch; do
		[ -f "$p" ] || continue
		echo "applying $(basename "$p")"
		patch -p1 --no-backup-if-mismatch <"$p"
	done
}

# The image's copy: no headers, static libraries, libtool files, manuals or
# documentation; programs and libraries without debug information.
make_root() {
	local root=$1 f
	cp -a "$dest/." "$root/"
	rm -rf "$root/usr/include" "$root/usr/share/man" "$root/usr/share/info" \
		"$root/usr/share/doc" "$root/usr/share/locale" "$root/usr/lib/pkgconfig" \
		"$root/usr/share/pkgconfig" "$root/usr/share/aclocal"
	find "$root" \( -name '*.a' -o -name '*.la' \) -delete
	find "$root" -type f | while read -r f; do
		if head -c4 "$f" | grep -q 'ELF'; then
			$target-strip --strip-debug "$f" 2>/dev/null || true
		fi
	done
	find "$root" -depth -type d -empty -delete
	mkdir -p "$root"
}

patch_stats() { # "COUNT LINES" of the port's patches
	local n=0 lines=0 p
	for p in "$here/$1"/*.patch; do
		[ -f "$p" ] || continue
		n=$((n + 1)); lines=$((lines + $(wc -l <"$p")))
	done
	echo "$n $lines"
}

declare -A built=()
build_port() {
	local name=$1 out dep dsc t0 log
	[ -n "${built[$name]:-}" ] && return 0
	out=$(port_dir "$name")
	for dep in $(recipe_var "$name" depends); do build_port "$dep"; done
	if [ -f "$out/.complete" ]; then
		$quiet || say "$name: up to date ($out)"
		built[$name]=1
		return 0
	fi
	t0=$(date +%s)
	package=$(recipe_var "$name" package)
	version=$(recipe_var "$name" version)
	[ -n "$package" ] && [ -n "$version" ] || die "ports/$name/recipe needs package= and version="
	dsc=$(fetch_source "$package" "$version")
	mkdir -p "$cache/logs"
	log=$cache/logs/$name.log
	: >"$log"
	say "$name: building $package $version (log: $log)"

	local work=$cache/work/$name
	rm -rf "$work" "$out.tmp"
	mkdir -p "$work/stage" "$out.tmp/dest" "$out.tmp/root"
	dpkg-source --no-check -x "$dsc" "$work/src" >>"$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "$name: dpkg-source -x failed"; }
	for dep in $(deps_closure "$name"); do
		cp -a "$(port_dir "$dep")/dest/." "$work/stage/"
	done

	# The recipe's steps run in a subshell with its variables, in the source
	# tree, with the cross tools and the dependencies' stage in the environment.
	(
		set +u
		portdir=$here/$name dest=$out.tmp/dest stage=$work/stage
		build_triple=$(gcc -dumpmachine)
		configure_args= make_args=
		port_configure() { default_configure; }
		port_build() { default_build; }
		port_install() { default_install; }
		port_prune() { default_prune; }
		. "$portdir/recipe"
		export CC=$target-gcc AR=$target-ar RANLIB=$target-ranlib STRIP=$target-strip \
			NM=$target-nm LD=$target-ld OBJDUMP=$target-objdump
		export CFLAGS="-O2" \
			CPPFLAGS="-I$here/compat/include -I$stage/usr/include" \
			LDFLAGS="-L$stage/usr/lib"
		export PKG_CONFIG=$top/tools/cross/$target-pkg-config \
			PKG_CONFIG_SYSROOT_DIR=$stage \
			PKG_CONFIG_LIBDIR=$stage/usr/lib/pkgconfig:$stage/usr/share/pkgconfig
		export BREENIX_STAGE=$stage BREENIX_SYSROOT=$top/sysroot
		[ -f "$BREENIX_SYSROOT/usr/share/breenix/toolchain.cmake" ] ||
			die "no $BREENIX_SYSROOT/usr/share/breenix: run ./build.sh sysroot"
		cd "$work/src"
		run_logged "$name: [1/4] patch" "$log" apply_patches || exit 1
		run_logged "$name: [2/4] configure" "$log" port_configure || exit 1
		run_logged "$name: [3/4] build" "$log" port_build || exit 1
		run_logged "$name: [4/4] install" "$log" port_install || exit 1
		# A link that names the build tree would dangle in the image.
		if find "$dest" -type l -lname "$cache/*" | grep -q .; then
			echo "absolute symbolic links into the build tree:" >&2
			find "$dest" -type l -lname "$cache/*" >&2
			exit 1
		fi
		make_root "$out.tmp/root"
		root=$out.tmp/root
		port_prune
	) || die "$name: build failed (log: $log)"

	local secs=$(( $(date +%s) - t0 ))
	{
		echo "package=$package"
		echo "version=$version"
		echo "patches=$(patch_stats "$name" | cut -d' ' -f1)"
		echo "patch_lines=$(patch_stats "$name" | cut -d' ' -f2)"
		echo "cold_seconds=$secs"
	} >"$out.tmp/info"
	cp "$log" "$out.tmp/build.log"
	rm -rf "$out" && mv "$out.tmp" "$out"
	touch "$out/.complete"
	rm -rf "$work"
	say "$name: built in ${secs}s ($(du -sh "$out/root" | cut -f1) in the image)"
	built[$name]=1
}

quiet=false closure=false
[ "${1:-}" = "--key" ] && { port_dir "${2:?--key NAME}"; exit 0; }
[ "${1:-}" = "-q" ] && { quiet=true; shift; }
[ "${1:-}" = "--closure" ] && { closure=true; shift; }
[ $# -gt 0 ] || die "usage: build-port.sh [-q] [--closure] NAME... | --key NAME"
[ -f "$toolchain/.complete" ] || die "no toolchain at $toolchain: run ./build.sh toolchain"
for n in "$@"; do build_port "$n"; done
names=("$@")
if $closure; then
	names=($(for n in "$@"; do deps_closure "$n"; echo "$n"; done | awk '!seen[$0]++'))
fi
for n in "${names[@]}"; do echo "$n $(port_dir "$n")"; done
