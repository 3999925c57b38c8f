#!/usr/bin/env bash
# Build the x86_64-breenix cross toolchain: binutils 2.40, GCC 12.2 (C) with
# libgcc, and newlib 3.3.0 with our port (newlib-port/ = libc/sys/breenix).
#
# Sources come from Debian's binutils-source, gcc-12-source and newlib-source
# packages; our changes are the readable patches beside this script.
#
# Caching.  The finished toolchain lives in
#     $BREENIX_CACHE/toolchain-<hash>      (BREENIX_CACHE defaults to ~/.cache/breenix)
# where <hash> covers this script, the three patches and newlib-port/, so an
# unchanged toolchain is never rebuilt.  Binutils+GCC do not depend on the
# newlib port, so they are cached apart in $BREENIX_CACHE/gcc-<hash of their
# build recipe and patches>; a change to the port copies that directory (GCC is
# relocatable) and rebuilds newlib only, a few minutes instead of most of an
# hour.
#
# Usage: build-toolchain.sh            build if needed, print the prefix last
#        build-toolchain.sh --print    print the prefix it would use, build nothing
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
target=x86_64-breenix
cache=${BREENIX_CACHE:-$HOME/.cache/breenix}
jobs=$(nproc)

binutils_tar=/usr/src/binutils/binutils-2.40.tar.xz
gcc_tar=$(ls /usr/src/gcc-12/gcc-12.*.tar.xz 2>/dev/null | grep -v gm2 | head -n1 || true)
newlib_tar=/usr/src/newlib/newlib-3.3.0.tar.xz

hash_of() { cat "$@" | sha256sum | cut -c1-16; }

port_files=$(cd "$top" && find newlib-port -type f | LC_ALL=C sort)
all_key=$( { cat "$here/build-toolchain.sh" "$here/binutils.patch" "$here/gcc.patch" \
	"$here/newlib.patch"; for f in $port_files; do echo "$f"; cat "$top/$f"; done; } |
	sha256sum | cut -c1-16)
prefix=$cache/toolchain-$all_key

if [ "${1:-}" = "--print" ]; then
	echo "$prefix"
	exit 0
fi

if [ -f "$prefix/.complete" ]; then
	echo "toolchain: up to date ($prefix)" >&2
	echo "$prefix"
	exit 0
fi

logs=$cache/logs
mkdir -p "$logs"
start_all=$(date +%s)
stage_no=0
stage_total=3

# run_stage NAME LOG CMD...: runs CMD with output to LOG, printing a progress
# line every 30 s; on failure shows the end of the log.
run_stage() {
	local name=$1 log=$2; shift 2
	local t0 pid rc
	t0=$(date +%s)
	echo "toolchain: [$stage_no/$stage_total] $name (log: $log)" >&2
	"$@" >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 30 & wait $! || true
		if kill -0 "$pid" 2>/dev/null; then
			echo "toolchain: [$stage_no/$stage_total] $name ... $(( $(date +%s) - t0 ))s" \
			     "(total $(( $(date +%s) - start_all ))s)" >&2
		fi
	done
	rc=0
	wait "$pid" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "toolchain: $name FAILED (exit $rc); last lines of $log:" >&2
		tail -n 40 "$log" >&2
		exit 1
	fi
	echo "toolchain: [$stage_no/$stage_total] $name done in $(( $(date +%s) - t0 ))s" >&2
}

extract() { # extract TARBALL DESTDIR -> prints the top directory
	local tar=$1 dest=$2
	rm -rf "$dest"; mkdir -p "$dest"
	tar -C "$dest" -xf "$tar"
	echo "$dest/$(ls "$dest" | head -n1)"
}

build_binutils() {
	local src bld
	src=$(extract "$binutils_tar" "$work/binutils-src")
	patch -d "$src" -p1 < "$here/binutils.patch"
	bld=$work/binutils-build; mkdir -p "$bld"; cd "$bld"
	"$src/configure" --target=$target --prefix="$gcc_prefix" --disable-nls \
		--disable-werror --disable-gdb --disable-sim --disable-gprofng \
		--disable-readline --disable-libdecnumber MAKEINFO=true
	make -j"$jobs" MAKEINFO=true all-binutils all-gas all-ld
	make MAKEINFO=true install-binutils install-gas install-ld
}

build_gcc() {
	local src bld nsrc
	src=$(extract "$gcc_tar" "$work/gcc-src")
	patch -d "$src" -p1 < "$here/gcc.patch"
	# Stock newlib headers let GCC build libgcc and chain its limits.h to
	# the C library's; they are replaced by the port's headers afterwards.
	nsrc=$(extract "$newlib_tar" "$work/newlib-hdr")
	bld=$work/gcc-build; mkdir -p "$bld"; cd "$bld"
	PATH=$gcc_prefix/bin:$PATH "$src/configure" --target=$target --prefix="$gcc_prefix" \
		--with-newlib --with-headers="$nsrc/newlib/libc/include" \
		--enable-languages=c --disable-nls --disable-multilib --disable-shared \
		--disable-threads --disable-libssp --disable-libquadmath --disable-libgomp \
		--disable-libatomic --disable-libitm --disable-libvtv --disable-libsanitizer \
		--disable-lto --without-isl --enable-initfini-array MAKEINFO=true
	PATH=$gcc_prefix/bin:$PATH make -j"$jobs" MAKEINFO=true all-gcc all-target-libgcc
	# Debian's DFSG tarball ships tm.texi as a stub, so install's documentation
	# step would regenerate it and fail; the stamp says it is current.
	touch gcc/s-tm-texi
	PATH=$gcc_prefix/bin:$PATH make MAKEINFO=true install-gcc install-target-libgcc
	# The stock headers would shadow the port's (sys-include is searched first).
	rm -rf "$gcc_prefix/$target/sys-include"
}

iconv_encodings=utf_8,utf_16,utf_16be,utf_16le,ucs_2,ucs_2be,ucs_2le,ucs_4,ucs_4be,ucs_4le,us_ascii,iso_8859_1,iso_8859_2,iso_8859_15,win_1252,koi8_r

build_newlib() {
	local src bld
	src=$(extract "$newlib_tar" "$work/newlib-src")
	patch -d "$src" -p1 < "$here/newlib.patch"
	mkdir -p "$src/newlib/libc/sys/breenix"
	cp -R "$top/newlib-port/." "$src/newlib/libc/sys/breenix/"
	# newlib 3.3 is generated with autoconf 2.69 and automake 1.11 in
	# "cygnus" mode, which newer automake no longer has.
	( cd "$src/newlib/libc/sys/breenix" &&
	  export AUTOCONF=autoconf2.69 AUTOM4TE=autom4te2.69 &&
	  aclocal-1.11 -I ../../.. -I ../../../.. && autoconf2.69 &&
	  automake-1.11 --cygnus Makefile )
	bld=$work/newlib-build; mkdir -p "$bld"; cd "$bld"
	# --enable-newlib-mb: the C.UTF-8 locale (UTF-8 mbrtowc, wcwidth);
	# iconv with the encodings ported programs ask for, built in.
	PATH=$prefix/bin:$PATH "$src/configure" --target=$target --prefix="$prefix" \
		--disable-multilib --disable-newlib-supplied-syscalls \
		--enable-newlib-io-long-long --enable-newlib-io-c99-formats \
		--enable-newlib-mb --enable-newlib-iconv \
		--enable-newlib-iconv-encodings="$iconv_encodings" \
		--disable-libgloss MAKEINFO=true
	PATH=$prefix/bin:$PATH make -j"$jobs" MAKEINFO=true all-target-newlib
	PATH=$prefix/bin:$PATH make MAKEINFO=true install-target-newlib
	# POSIX threads are in libc (-pthread only defines _REENTRANT: gcc.patch);
	# empty libpthread.a and librt.a let -lpthread and -lrt link.
	for l in pthread rt; do
		rm -f "$prefix/$target/lib/lib$l.a"
		"$prefix/bin/$target-ar" rc "$prefix/$target/lib/lib$l.a"
	done
	# newlib's install copies the port's include/ subdirectories (netinet/,
	# arpa/, net/) only into directories that already exist: copy them here.
	( cd "$top/newlib-port/include" && find . -mindepth 2 -name '*.h' ) | while read -r h; do
		install -D -m 644 "$top/newlib-port/include/$h" "$prefix/$target/include/$h"
	done
	# For ./configure --host=x86_64-breenix of third-party packages.
	install -D -m 755 "$src/config.sub" "$prefix/share/breenix/config.sub"
}

# The binutils+GCC stage is keyed by its own recipe (the two functions above)
# and patches, so editing the newlib stage never rebuilds GCC.
gcc_key=$( { declare -f build_binutils build_gcc; cat "$here/binutils.patch" "$here/gcc.patch"; } |
	sha256sum | cut -c1-16)
gcc_prefix=$cache/gcc-$gcc_key

for t in "$binutils_tar" "$gcc_tar" "$newlib_tar"; do
	if [ -z "$t" ] || [ ! -f "$t" ]; then
		echo "toolchain: missing source tarball ${t:-gcc-12}: run ./build.sh deps" >&2
		exit 1
	fi
done

work=$cache/work-$all_key
rm -rf "$work"; mkdir -p "$work"

if [ -f "$gcc_prefix/.complete" ]; then
	echo "toolchain: binutils and GCC cached ($gcc_prefix)" >&2
	stage_no=2
else
	rm -rf "$gcc_prefix"
	stage_no=1; run_stage "binutils 2.40" "$logs/binutils-$gcc_key.log" build_binutils
	stage_no=2; run_stage "gcc 12.2 + libgcc" "$logs/gcc-$gcc_key.log" build_gcc
	touch "$gcc_prefix/.complete"
fi

rm -rf "$prefix"
cp -a "$gcc_prefix" "$prefix"
rm -f "$prefix/.complete"
stage_no=3; run_stage "newlib 3.3.0 + Breenix port" "$logs/newlib-$all_key.log" build_newlib
touch "$prefix/.complete"
rm -rf "$work"
echo "toolchain: built in $(( $(date +%s) - start_all ))s: $prefix" >&2
echo "$prefix"
