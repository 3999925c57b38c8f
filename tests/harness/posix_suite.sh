#!/usr/bin/env bash
# posix_suite.sh BUILD [INTERFACE...]: the Open POSIX Test Suite's conformance
# tests for signals, clocks and processes, built with x86_64-breenix-gcc for
# Breenix and with the host's gcc -static for Linux 6.1, each run in the same
# QEMU; tests/harness/busybox_suite.py compares them case by case.
#
# The source package (posixtestsuite) is fetched once with `apt-get source`
# and cached under $BREENIX_CACHE (as busybox_suite.sh does, with a private
# deb-src apt state when the host has none); never committed.  A test is each
# conformance/interfaces/<interface>/N-M.c (a *-buildonly one passes when it
# compiles).  Both guests get /bb (busybox-static, for its sh and timeout)
# and /pts: tests/posix/run-pts, the interface list, each interface's test
# names, and the binaries that compiled for that system.
# Needs x86_64-breenix-gcc on PATH (build.sh does that).  POSIX_BUILD_ONLY=1
# stops after building the trees.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
[ $# -gt 0 ] && shift
cache=${BREENIX_CACHE:-$HOME/.cache/breenix}
linux_dir=$cache/bench-linux
work=$BUILD/posix
mkdir -p "$work"

say() { printf 'posix_suite: %s\n' "$*" >&2; }

# Signals, clocks and timers, fork/getpid (the pthread and semaphore
# interfaces come when the C library has them).
interfaces=${*:-"sigaction sigaddset sigdelset sigemptyset sigfillset sigismember signal
	sigprocmask sigpending sigsuspend sigaltstack sighold sigrelse sigignore sigpause sigset
	sigqueue sigwait sigwaitinfo sigtimedwait kill killpg raise
	clock clock_getres clock_gettime clock_settime clock_nanosleep clock_getcpuclockid
	nanosleep time difftime timer_create timer_delete timer_gettime timer_settime
	timer_getoverrun fork getpid"}

tests/harness/linux_guest.sh "$linux_dir" >/dev/null

# The source package, unpacked with Debian's patches, cached (fetch_source.sh).
src=$(tests/harness/fetch_source.sh posixtestsuite)

# One tree per guest; the binaries differ, the lists do not.
for g in breenix linux; do
	rm -rf "$work/$g" && mkdir -p "$work/$g/bb" "$work/$g/pts"
	cp "$linux_dir/busybox" "$work/$g/bb/busybox"
	ln -s busybox "$work/$g/bb/sh"
	cp tests/posix/run-pts "$work/$g/pts/run-pts"
done
: > "$work/build.log"
nb=0 nl=0 nt=0
for d in $interfaces; do
	echo "$d" >> "$work/breenix/pts/interfaces"
	mkdir -p "$work/breenix/pts/$d" "$work/linux/pts/$d"
	for f in "$src/conformance/interfaces/$d"/[0-9]*-*.c; do
		[ -f "$f" ] || continue
		n=$(basename "$f" .c)
		echo "$n" >> "$work/breenix/pts/$d.list"
		nt=$((nt + 1))
		x86_64-breenix-gcc -O1 -w -D_GNU_SOURCE -I"$src/include" -o "$work/breenix/pts/$d/$n" \
			"$f" -lm >> "$work/build.log" 2>&1 && nb=$((nb + 1)) || true
		gcc -static -O1 -w -D_GNU_SOURCE -I"$src/include" -o "$work/linux/pts/$d/$n" \
			"$f" -lpthread -lrt -lm >> "$work/build.log" 2>&1 && nl=$((nl + 1)) || true
	done
	cp "$work/breenix/pts/$d.list" "$work/linux/pts/$d.list"
done
cp "$work/breenix/pts/interfaces" "$work/linux/pts/interfaces"
say "$nt tests: $nb built for Breenix, $nl for Linux"
[ -z "${POSIX_BUILD_ONLY:-}" ] || exit 0

printf '#!/bb/sh\nexec /pts/run-pts\n' > "$work/linux/autorun"
chmod +x "$work/linux/autorun"
mkdir -p "$work/linux-guest"
tests/harness/linux_guest.sh "$linux_dir" --add "$work/linux" >/dev/null
cp "$linux_dir/vmlinuz" "$linux_dir/initramfs.cpio" "$linux_dir/kernel-version" "$work/linux-guest/"

restore() { make -s -j2 BUILD="$BUILD" iso >/dev/null 2>&1 || say "could not rebuild iso/breenix.iso"; }
trap restore EXIT
make -s -j2 BUILD="$BUILD" ISO_ADD="$(realpath "$work/breenix")" iso >/dev/null
cp iso/breenix.iso "$BUILD/iso/breenix-posix.iso"

python3 tests/harness/busybox_suite.py --suite posix --command /pts/run-pts \
	--breenix-iso "$BUILD/iso/breenix-posix.iso" --linux-dir "$work/linux-guest" \
	--known tests/posix/known.txt --out "$work"
