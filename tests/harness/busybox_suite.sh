#!/usr/bin/env bash
# busybox_suite.sh BUILD [APPLET...]: Debian's busybox-static binary, unchanged,
# runs busybox's own testsuite inside Breenix and inside Linux 6.1 in the
# same QEMU; tests/harness/busybox_suite.py compares the two case by case.
#
# Fetched once and cached under $BREENIX_CACHE (never committed): the Linux
# guest and busybox-static by linux_guest.sh (shared with `build.sh bench`),
# and busybox's source package (for testsuite/ and Debian's .config of the
# static flavour, which runtest reads to skip what is not built) with
# `apt-get source`.  When the host's apt has no deb-src lines, a private apt
# state under the cache gets them, made from the host's deb lines: no root
# needed and the host's apt is left alone.
#
# Both guests get the same tree at /bb: busybox, sh -> busybox, .config,
# testsuite/ (its "#!/bin/sh" scripts pointed at /bb/sh, so busybox's sh
# runs them on Breenix too, whose /bin/sh is its own), the applets to test
# and tests/busybox/run-suite.  Breenix boots iso/breenix.iso built with
# that tree added (copied to $BUILD/iso/breenix-busybox.iso; iso/breenix.iso
# is rebuilt without it afterwards); Linux runs it from its /init.
# BB_REUSE_LINUX=1 takes Linux's results from the last run's log (Breenix
# work: the Linux side takes as long again and does not change).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
[ $# -gt 0 ] && shift
cache=${BREENIX_CACHE:-$HOME/.cache/breenix}
linux_dir=$cache/bench-linux
work=$BUILD/busybox
mkdir -p "$work"

say() { printf 'busybox_suite: %s\n' "$*" >&2; }

tests/harness/linux_guest.sh "$linux_dir" >/dev/null

# The source package, unpacked with Debian's patches, cached (fetch_source.sh).
src=$(tests/harness/fetch_source.sh busybox)

# The tree both guests get at /bb.
tree=$work/tree
rm -rf "$tree" && mkdir -p "$tree/bb"
cp "$linux_dir/busybox" "$tree/bb/busybox"
ln -s busybox "$tree/bb/sh"
cp "$src/debian/config/pkg/static" "$tree/bb/.config"
cp -R "$src/testsuite" "$tree/bb/testsuite"
rm -f "$tree/bb/testsuite/mdev.tests" # as debian/rules: it needs a real /dev and root's mdev
grep -rlx '#!/bin/sh' "$tree/bb/testsuite" | xargs sed -i '1s|^#!/bin/sh$|#!/bb/sh|'
cp tests/busybox/run-suite "$tree/bb/run-suite"
# The applets busybox has that the testsuite tests (all_sourcecode needs the
# sources).  Not bc: its "parsing of numbers" case computes for minutes under
# QEMU's emulation, longer than run-suite's limit, in Linux too.
if [ $# -gt 0 ]; then
	echo "$@" | tr ' ' '\n'
else
	comm -12 <("$tree/bb/busybox" --list | sort) \
		<(ls "$tree/bb/testsuite" | sed 's/\.tests$//' | sort) | grep -vx bc
fi > "$tree/bb/applets"
printf '#!/bb/sh\nexec /bb/run-suite\n' > "$tree/autorun"
chmod +x "$tree/autorun"
say "$(wc -l < "$tree/bb/applets") applets: $(tr '\n' ' ' < "$tree/bb/applets")"

# Linux: the same tree in the initramfs, run from /init.
lx=$work/linux
mkdir -p "$lx"
tests/harness/linux_guest.sh "$linux_dir" --add "$tree" >/dev/null
cp "$linux_dir/vmlinuz" "$linux_dir/initramfs.cpio" "$linux_dir/kernel-version" "$lx/"

# Breenix: iso/breenix.iso with the tree (not /autorun: the harness types the command).
rm "$tree/autorun"
restore() { make -s -j2 BUILD="$BUILD" iso >/dev/null 2>&1 || say "could not rebuild iso/breenix.iso"; }
trap restore EXIT
make -s -j2 BUILD="$BUILD" ISO_ADD="$(realpath "$tree")" iso >/dev/null
cp iso/breenix.iso "$BUILD/iso/breenix-busybox.iso"

python3 tests/harness/busybox_suite.py ${BB_REUSE_LINUX:+--reuse-linux} --breenix-iso "$BUILD/iso/breenix-busybox.iso" \
	--linux-dir "$lx" --known tests/busybox/known.txt --out "$work"
