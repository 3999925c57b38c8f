#!/usr/bin/env bash
# posix_suite.sh BUILD [INTERFACE...]: the Open POSIX Test Suite's conformance
# tests for signals, clocks and timers, fork, pthreads and semaphores, built
# with x86_64-breenix-gcc for Breenix and with the host's gcc for Linux 6.1,
# each run in the same QEMU, both guests at once;
# tests/harness/busybox_suite.py compares them case by case and ends with
# "posix: Breenix N passed of M, Linux N passed of M".
#
# The source package (posixtestsuite) is fetched once with `apt-get source`
# and cached under $BREENIX_CACHE (as busybox_suite.sh does, with a private
# deb-src apt state when the host has none); never committed.  A test is each
# conformance/interfaces/<interface>/N-M.c (a *-buildonly one passes when it
# compiles).  Both guests get /bb (busybox-static, for its sh and timeout)
# and /pts: tests/posix/run-pts, the interface list, each interface's test
# names, tests/posix/skip.txt (not run in either: they sleep for minutes)
# and the binaries that compiled for that system.  The Linux binaries are
# linked dynamically against the host's glibc, whose loader and libraries
# go in too (static ones would not fit in the guest's initramfs).
# Needs x86_64-breenix-gcc on PATH (build.sh does that).  POSIX_BUILD_ONLY=1
# stops after building the trees; POSIX_LINUX_ONLY=1 builds only Linux's;
# POSIX_JOBS compilers at a time (nproc); POSIX_TIMEOUT seconds a guest
# may take (900); POSIX_KEEP=1 keeps the binaries of the last run (only
# what is missing is compiled: for work on the harness, not after a change
# to the C library).
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

tests/harness/linux_guest.sh "$linux_dir" >/dev/null

# The source package, unpacked with Debian's patches, cached (fetch_source.sh).
src=$(tests/harness/fetch_source.sh posixtestsuite)

# Signals, clocks and timers, processes (fork; the suite has no exec or
# wait directories), and every pthread_* and sem_* interface.
interfaces=${*:-"sigaction sigaddset sigdelset sigemptyset sigfillset sigismember signal
	sigprocmask sigpending sigsuspend sigaltstack sighold sigrelse sigignore sigpause sigset
	sigqueue sigwait sigwaitinfo sigtimedwait kill killpg raise
	clock clock_getres clock_gettime clock_settime clock_nanosleep clock_getcpuclockid
	nanosleep time difftime timer_create timer_delete timer_gettime timer_settime
	timer_getoverrun fork getpid
	$(ls "$src/conformance/interfaces" | grep -E '^(pthread|sem)_')"}

# One tree per guest; the binaries differ, the lists do not.
for g in breenix linux; do
	if [ -n "${POSIX_KEEP:-}" ]; then # keep the binaries (working on the harness)
		find "$work/$g" -maxdepth 2 -type f ! -path "$work/$g/pts/*/*" -delete 2>/dev/null || true
	else
		rm -rf "$work/$g"
	fi
	mkdir -p "$work/$g/bb" "$work/$g/pts"
	cp "$linux_dir/busybox" "$work/$g/bb/busybox"
	ln -sf busybox "$work/$g/bb/sh"
	cp tests/posix/run-pts "$work/$g/pts/run-pts"
	cp tests/posix/skip.txt "$work/$g/pts/skip"
done
: > "$work/tests"
for d in $interfaces; do
	echo "$d" >> "$work/breenix/pts/interfaces"
	mkdir -p "$work/breenix/pts/$d" "$work/linux/pts/$d"
	: > "$work/breenix/pts/$d.list"
	for f in "$src/conformance/interfaces/$d"/[0-9]*-*.c; do
		[ -f "$f" ] || continue
		n=$(basename "$f" .c)
		echo "$n" >> "$work/breenix/pts/$d.list"
		echo "$d $n" >> "$work/tests"
	done
	cp "$work/breenix/pts/$d.list" "$work/linux/pts/$d.list"
done
cp "$work/breenix/pts/interfaces" "$work/linux/pts/interfaces"

# cc_one GUEST D N: test D/N compiled for GUEST (a test that does not
# compile is NOBUILD in the guest; the compiler's words are in D/N.err).
cc_one() {
	local g=$1 d=$2 n=$3 out=$work/$1/pts/$2/$3 cc=(gcc) libs=(-lpthread -lrt -lm)
	[ "$g" = linux ] || { cc=(x86_64-breenix-gcc -pthread); libs=(-lm); }
	[ -z "${POSIX_KEEP:-}" ] || [ ! -x "$out" ] || return 0
	"${cc[@]}" -O1 -s -w -D_GNU_SOURCE -I"$src/include" -o "$out" \
		"$src/conformance/interfaces/$d/$n.c" "${libs[@]}" > "$out.err" 2>&1 || true
	[ -s "$out.err" ] || rm -f "$out.err"
}
export -f cc_one
export work src
# build_tree GUEST: every test compiled for GUEST, $jobs at a time.
build_tree() {
	sed "s/^/$1 /" "$work/tests" | xargs -P "$jobs" -L 1 bash -c 'cc_one "$@"' cc_one
	find "$work/$1/pts" -name '*.err' -exec cat {} + > "$work/build-$1.log"
	find "$work/$1/pts" -name '*.err' -delete
}
jobs=${POSIX_JOBS:-$(nproc)}
nt=$(wc -l < "$work/tests")
built() { find "$work/$1/pts" -mindepth 2 -type f -perm -u+x | wc -l; }
if [ -z "${POSIX_LINUX_ONLY:-}" ]; then
	build_tree breenix
	say "$nt tests: $(built breenix) built for Breenix"
fi
build_tree linux
say "$nt tests: $(built linux) built for Linux"
[ -z "${POSIX_BUILD_ONLY:-}" ] || exit 0

# Linux's /dev/shm, as any Linux system has it (sem_open's semaphores live there).
printf '#!/bb/sh\nmkdir -p /dev/shm && mount -t tmpfs shm /dev/shm\nexec /pts/run-pts\n' \
	> "$work/linux/autorun"
chmod +x "$work/linux/autorun"
# The Linux tests are linked dynamically (a static glibc program is 750 KB:
# 1200 of them do not fit in the initramfs of a 512 MB guest), so the
# guest gets the host's loader and the libraries they use, and libgcc_s,
# which glibc's pthread_exit and pthread_cancel load to unwind the stack.
find "$work/linux/pts" -mindepth 2 -type f -perm -u+x -exec ldd {} + 2>/dev/null |
	grep -oE '/[^ ]+\.so[^ ]*' | sort -u | xargs -r cp -L --parents -t "$work/linux"
libdir=$(dirname "$(ldd "$(command -v gcc)" | grep -oE '/[^ ]+/libc\.so\.6')")
cp -L "$(gcc -print-file-name=libgcc_s.so.1)" "$work/linux$libdir/"
# A guest directory of its own (the cached one's initramfs stays as it is).
rm -rf "$work/linux-guest" && mkdir -p "$work/linux-guest"
cp "$linux_dir/vmlinuz" "$linux_dir/busybox" "$linux_dir/kernel-version" "$work/linux-guest/"
tests/harness/linux_guest.sh "$work/linux-guest" --add "$work/linux" >/dev/null

# iso/breenix.iso is made with the tree added, copied, and made again
# without it (the build tree's initrd as it was); then the image from
# before is put back byte for byte, whatever happened in between.
[ ! -f iso/breenix.iso ] || cp iso/breenix.iso "$work/breenix.iso.saved"
restore() {
	make -s -j"$jobs" BUILD="$BUILD" iso >/dev/null 2>&1 || say "could not rebuild iso/breenix.iso"
	[ ! -f "$work/breenix.iso.saved" ] || { mv "$work/breenix.iso.saved" iso/breenix.iso && touch iso/breenix.iso; }
}
trap restore EXIT
make -s -j"$jobs" BUILD="$BUILD" ISO_ADD="$(realpath "$work/breenix")" iso >/dev/null
cp iso/breenix.iso "$BUILD/iso/breenix-posix.iso"

python3 tests/harness/busybox_suite.py --suite posix --command /pts/run-pts --parallel \
	--timeout "${POSIX_TIMEOUT:-900}" \
	--breenix-iso "$BUILD/iso/breenix-posix.iso" --linux-dir "$work/linux-guest" \
	--known tests/posix/known.txt --out "$work"
