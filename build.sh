#!/usr/bin/env bash
# Breenix: the one entry point.  Each subcommand does its prerequisites itself,
# so `./build.sh run` and `./build.sh test` work from a fresh clone.
# build.sh only orchestrates: compiling is make's job (Makefile), the toolchain
# is toolchain/build-toolchain.sh's, booting and judging tests is
# tests/harness/'s.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$top"
BUILD=${BUILD:-build}
export BREENIX_CACHE=${BREENIX_CACHE:-$HOME/.cache/breenix}
jobs=$(nproc)

# Debian packages the build needs (tool -> package is checked by dpkg).
deps_pkgs=(
	build-essential bison flex texinfo libgmp-dev libmpfr-dev libmpc-dev xz-utils
	binutils-source gcc-12-source newlib-source autoconf2.69 automake1.11
	nasm grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools cpio
	qemu-system-x86 ovmf python3 clang musl-tools e2fsprogs
	dpkg-dev pkg-config cmake meson ninja-build autopoint bzip2 jq gawk file
)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

cmd_help() {
	cat <<'EOF'
usage: ./build.sh <command> [options]

  run [--gui] [--uefi] [--net] [--nic MODEL] [--add DIR] [--ports NAME,...] [--disk FILE]
                        build everything and boot Breenix in QEMU (serial console
                        on this terminal; --gui opens a VGA window; --uefi boots OVMF;
                        --net adds a virtio-net card on QEMU's user-mode network, the
                        host at 10.0.2.2 and host port 8080 forwarded to the guest's 80;
                        --nic MODEL (implies --net) picks the card: virtio (the
                        default), e1000 (an 82540EM), e1000-82545em or e1000e (82574L);
                        --add and --ports as for iso;
                        --disk attaches FILE as /dev/vda, made with mkfs.ext2 (256 MiB)
                        if it does not exist; init mounts it on /home, so files there
                        survive a reboot)
  test [--repeat N] [--all-ports]
                        build everything and run every test; ends with
                        "N passed, N failed"; --repeat N boots the in-QEMU suite N times;
                        the ports step builds and tests the core ports (ports/core.txt),
                        or every port with --all-ports
  fuzz [SECONDS]        run each host fuzzer for SECONDS (default 600); the corpora
                        grow in build/fuzz/work, crashes land in its crashes/ dirs
  bench [--pc|--disk|--net]  run the benchmarks on Breenix and Linux side by side (--pc: on
                        -machine pc -cpu qemu64, --disk: the disk rows, --net: the TCP rows)
  busybox [APPLET...]   Debian's busybox-static runs busybox's testsuite in Breenix and
                        in Linux 6.1; the results side by side (build/busybox/results.txt)
  posix [INTERFACE...]  the Open POSIX Test Suite (signals, clocks, timers, fork,
                        pthreads, semaphores), built for Breenix and for Linux, run in
                        both at once (build/posix/results.txt)
  debug                 boot halted with a gdb stub and attach gdb with kernel symbols

  deps                  install missing Debian/Ubuntu packages (apt-get)
  toolchain             build the x86_64-breenix cross toolchain (cached)
  sysroot               populate sysroot/ (headers and libraries for user programs)
  kernel                build the kernel
  userland              build the user programs
  iso [--add DIR] [--ports NAME,...]
                        build iso/breenix.iso (DIR's tree is laid over Breenix's / in the
                        initrd, so your own programs can go in /bin; --ports adds those
                        ports and what they need, installed under /usr)
  port NAME...          build third-party ports (ports/NAME: Debian source, cross-built,
                        cached; docs/ports.md)
  env                   print the shell line that puts x86_64-breenix-gcc on PATH
  clean                 remove build outputs (the cached toolchain stays)
  help                  this text
EOF
}

cmd_deps() {
	local missing=() p
	for p in "${deps_pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get"
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	say "installing: ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

# apt-get source (lwIP, the ports, the fetched test suites) needs deb-src
# entries, which Debian's images leave out: each enabled Debian or Ubuntu deb
# entry gets its deb-src twin, in a sources file of our own.
deps_src() {
	apt-cache showsrc lwip 2>/dev/null | grep -q '^Package: lwip' && return 0
	local sudo= f=/etc/apt/sources.list.d/breenix-deb-src
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	if ! grep -rqsE '^(deb-src |Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		say "enabling deb-src entries for apt-get source ($f.*)"
		awk 'BEGIN { RS = ""; ORS = "\n\n" }
		     /(^|\n)Types:[^\n]*deb/ && /(^|\n)URIs:[^\n]*(debian|ubuntu)/ {
			sub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print }' \
			/dev/null $(ls /etc/apt/sources.list.d/*.sources 2>/dev/null) | $sudo tee "$f.sources" >/dev/null
		sed -n -E 's/^deb (.*(debian|ubuntu).*)/deb-src \1/p' /dev/null /etc/apt/sources.list \
			$(ls /etc/apt/sources.list.d/*.list 2>/dev/null) | $sudo tee "$f.list" >/dev/null
	fi
	$sudo apt-get update -qq
}

ports_deps() {
	cmd_deps
	deps_src
}

cmd_lwip() {
	[ -f "$(dirname "$(tools/fetch-lwip.sh --print)")/../.complete" ] || deps_src
	tools/fetch-lwip.sh >/dev/null
}

toolchain_prefix=
cmd_toolchain() {
	cmd_deps
	toolchain_prefix=$("$top/toolchain/build-toolchain.sh" | tail -n1)
	export PATH="$toolchain_prefix/bin:$PATH"
}

cmd_env() {
	echo "export BREENIX_TOOLCHAIN=\"$("$top/toolchain/build-toolchain.sh" --print)\""
	echo "export BREENIX_SYSROOT=\"$top/sysroot\""
	echo "export PATH=\"\$BREENIX_TOOLCHAIN/bin:\$BREENIX_SYSROOT/usr/share/breenix/bin:\$PATH\""
}

cmd_sysroot() {
	cmd_toolchain
	local src=$toolchain_prefix/x86_64-breenix
	rm -rf sysroot.tmp
	mkdir -p sysroot.tmp/usr/lib
	cp -R "$src/include" sysroot.tmp/usr/include
	cp "$src"/lib/*.a "$src"/lib/crt0.o sysroot.tmp/usr/lib/
	# The build-system files for third-party code (docs/porting.md): the
	# pkg-config wrapper, a CMake toolchain file and a Meson cross file.
	# Made here rather than in the toolchain, whose hash they would change.
	local share=sysroot.tmp/usr/share/breenix f
	mkdir -p "$share/bin" sysroot.tmp/usr/lib/pkgconfig
	cp tools/cross/x86_64-breenix-pkg-config "$share/bin/"
	cp -R tools/cross/cmake "$share/"
	for f in toolchain.cmake meson-cross.ini; do
		sed -e "s|@SYSROOT@|$top/sysroot|g" -e "s|@TOOLCHAIN@|$toolchain_prefix|g" \
			"tools/cross/$f.in" >"$share/$f"
	done
	rm -rf sysroot && mv sysroot.tmp sysroot
}

# The ports' install trees, with those of their dependencies, laid into one
# directory (an ISO_ADD tree): merge_ports DIR NAME,...
merge_ports() {
	local dir=$1 name pdir
	rm -rf "$dir"; mkdir -p "$dir"
	ports/build-port.sh -q --closure ${2//,/ } | while read -r name pdir; do
		cp -a "$pdir/root/." "$dir/"
	done
}

cmd_port() {
	[ $# -gt 0 ] || die "usage: ./build.sh port NAME..."
	cmd_sysroot
	ports_deps
	ports/build-port.sh "$@"
}

cmd_kernel() {
	cmd_toolchain
	cmd_lwip
	say "kernel"
	make -j"$jobs" BUILD="$BUILD" kernel
}

cmd_userland() {
	cmd_sysroot
	say "userland"
	make -j"$jobs" BUILD="$BUILD" userland
}

cmd_iso() {
	local add= ports=
	while [ $# -gt 0 ]; do
		case $1 in
		--add) add=$(cd "${2:?--add needs a directory}" && pwd); shift 2 ;;
		--ports) ports=${2:?--ports needs NAME,...}; shift 2 ;;
		*) die "iso: unknown option $1" ;;
		esac
	done
	cmd_kernel
	cmd_userland
	if [ -n "$ports" ]; then
		ports_deps
		ports/build-port.sh ${ports//,/ } >/dev/null
		merge_ports "$top/$BUILD/ports-root" "$ports"
		[ -n "$add" ] && cp -R "$add/." "$top/$BUILD/ports-root/"
		add=$top/$BUILD/ports-root
	fi
	say "iso"
	make -j"$jobs" BUILD="$BUILD" ISO_ADD="$add" kernel iso iso-test
}

qemu_base=(qemu-system-x86_64 -machine q35 -cpu max -m 512M -accel tcg -no-reboot
	-device isa-debug-exit,iobase=0xf4,iosize=0x04)

# A new persistent disk for `run --disk`: ext2, with /home/user for the user.
make_home_disk() {
	local file=$1
	say "making $file: a 256 MiB ext2 file system for /home"
	mkfs.ext2 -q -F -L breenix-home -E root_owner=0:0 "$file" 256M
	debugfs -w -f - "$file" >/dev/null <<'CMDS'
mkdir user
sif user uid 1000
sif user gid 1000
CMDS
}

cmd_run() {
	local gui=0 uefi=0 net=0 nic=virtio-net-pci add=() disk=
	while [ $# -gt 0 ]; do
		case $1 in
		--gui) gui=1 ;;
		--net) net=1 ;;
		--nic)
			net=1
			case ${2:?--nic needs a model} in
			virtio | virtio-net | virtio-net-pci) nic=virtio-net-pci ;;
			e1000 | e1000-82545em | e1000e) nic=$2 ;;
			*) die "run: --nic: virtio, e1000, e1000-82545em or e1000e, not $2" ;;
			esac
			shift ;;
		--uefi) uefi=1 ;;
		--add) add+=(--add "${2:?--add needs a directory}"); shift ;;
		--ports) add+=(--ports "${2:?--ports needs NAME,...}"); shift ;;
		--disk) disk=${2:?--disk needs a file}; shift ;;
		*) die "run: unknown option $1" ;;
		esac
		shift
	done
	cmd_iso "${add[@]}"
	local args=("${qemu_base[@]}" -cdrom iso/breenix.iso)
	[ $uefi -eq 1 ] && args+=(-bios /usr/share/ovmf/OVMF.fd)
	if [ -n "$disk" ]; then
		[ -e "$disk" ] || make_home_disk "$disk"
		args+=(-drive "file=$disk,format=raw,if=none,id=home" -device virtio-blk-pci,drive=home)
	fi
	# docs/net.md: the guest gets 10.0.2.15 by DHCP; the host is 10.0.2.2.
	[ $net -eq 1 ] && args+=(-netdev user,id=n0,hostfwd=tcp::8080-:80
		-device "$nic",netdev=n0)
	if [ $gui -eq 1 ]; then
		args+=(-serial stdio)
	else
		args+=(-display none -serial mon:stdio)
	fi
	say "booting (quit QEMU with Ctrl-A X)"
	local rc=0
	"${args[@]}" || rc=$?
	# isa-debug-exit turns a clean power-off (0x10) into exit status 33.
	[ $rc -eq 0 ] || [ $rc -eq 33 ] || exit $rc
}

cmd_debug() {
	cmd_iso
	say "QEMU halted with a gdb stub on :1234"
	"${qemu_base[@]}" -cdrom iso/breenix.iso -display none -serial file:"$BUILD/debug-serial.log" -s -S &
	local qpid=$!
	gdb -q "$BUILD/kernel/breenix.elf" -ex "target remote :1234" || true
	kill "$qpid" 2>/dev/null || true
}

# --- tests --------------------------------------------------------------
# Every step writes its output to $BUILD/test-logs/<step>.log; the PASS:/FAIL:/
# SKIP: lines in those logs are the results (docs/design.md).  A step that
# fails without reporting a FAIL line is counted as one failure of its own.
test_logs=
run_step() {
	local name=$1; shift
	local log=$test_logs/$name.log rc=0
	say "test: $name"
	"$@" >"$log" 2>&1 || rc=$?
	grep -E '^(PASS|FAIL|SKIP): ' "$log" >&2 || true
	if [ $rc -ne 0 ] && ! grep -q '^FAIL: ' "$log"; then
		echo "FAIL: step/$name: exited $rc (see $log)" | tee -a "$log" >&2
		tail -n 20 "$log" >&2
	fi
	local p f
	p=$(grep -c '^PASS: ' "$log" || true); f=$(grep -c '^FAIL: ' "$log" || true)
	say "test: $name: $p ok, $f failing"
	return $rc
}

# have_target T: the Makefile knows how to make T.
have_target() { make -n BUILD="$BUILD" "$1" >/dev/null 2>&1; }

cmd_test() {
	local repeat=1 port_set=core
	while [ $# -gt 0 ]; do
		case $1 in
		--repeat) repeat=${2:?--repeat needs a number}; shift 2 ;;
		--all-ports) port_set=all; shift ;;
		*) die "test: unknown option $1" ;;
		esac
	done
	test_logs=$BUILD/test-logs
	rm -rf "$test_logs"; mkdir -p "$test_logs"
	cmd_sysroot
	cmd_lwip

	run_step toolchain tests/toolchain/check.sh || true
	run_step host-unit make -j"$jobs" BUILD="$BUILD" host-tests || true
	run_step host-fuzz tests/harness/fuzz_suite.sh 20 "$BUILD" || true
	run_step syscall-docs python3 tools/gen-syscalls.py check kernel/kern/syscalls.master \
		newlib-port/sys/syscall.h docs/syscalls.md || true
	if have_target host-userland && [ -n "$(make -s BUILD="$BUILD" print-user-progs)" ]; then
		run_step host-userland tests/harness/host_suite.sh "$BUILD" || true
	fi
	# A build failure is one failed step, and the boots that need it are not run.
	local i fails=0
	if run_step build make -j"$jobs" BUILD="$BUILD" kernel userland iso iso-test; then
		for i in $(seq 1 "$repeat"); do
			run_step "qemu-$i" python3 tests/harness/qemu_run.py \
				--iso "$BUILD/iso/breenix-test.iso" --timeout 600 \
				--disk "$test_logs/disk-$i.img" --disk-check \
				--ext2 "$test_logs/ext2-$i.img" --ext2-block-size 1024 \
				--log "$test_logs/serial-$i.txt" || fails=$((fails + 1))
		done
		[ "$repeat" -gt 1 ] && say "flake rate: $fails of $repeat boots failed"
		# The same test programs, built with the host's gcc, in Linux 6.1 in
		# the same QEMU with the same disks: every case must pass there too.
		run_step linux-userland tests/harness/linux_userland.sh "$BUILD" \
			"$test_logs/serial-1.txt" || true
		cp "$BUILD/linux-userland/serial.txt" "$test_logs/serial-linux.txt" 2>/dev/null || true
		# open(2) case by case: Breenix's t_open grid against Linux 6.1's.
		run_step open-diff python3 tests/harness/open_diff.py \
			"$test_logs/serial-linux.txt" "$test_logs/serial-1.txt" || true
		# Once more under UEFI (framebuffer console; the disk as a modern-only
		# virtio device, where the BIOS boot has a transitional one), and the
		# normal boot as a user sees it: banner, serial and keyboard echo.
		run_step qemu-uefi python3 tests/harness/qemu_run.py --uefi --name qemu-uefi --prefix uefi/ \
			--iso "$BUILD/iso/breenix-test.iso" --timeout 600 \
			--disk "$test_logs/disk-uefi.img" --disk-opts disable-legacy=on --disk-check \
			--ext2 "$test_logs/ext2-uefi.img" --ext2-block-size 4096 \
			--log "$test_logs/serial-uefi.txt" || true
		# On the 8259 PIC (`noapic`): the fallback path of docs/interrupts.md.
		run_step qemu-noapic python3 tests/harness/qemu_run.py --name qemu-noapic --prefix noapic/ \
			--iso "$BUILD/iso/breenix-noapic.iso" --timeout 600 \
			--disk "$test_logs/disk-noapic.img" --disk-check \
			--ext2 "$test_logs/ext2-noapic.img" --ext2-block-size 1024 \
			--log "$test_logs/serial-noapic.txt" || true
		run_step fault-report python3 tests/harness/qemu_run.py --expect-fault \
			--name fault --iso "$BUILD/iso/breenix-fault.iso" --timeout 300 \
			--log "$test_logs/serial-fault.txt" || true
		run_step smash-report python3 tests/harness/qemu_run.py --expect-fault smash \
			--name smash --iso "$BUILD/iso/breenix-smash.iso" --timeout 300 \
			--log "$test_logs/serial-smash.txt" || true
		run_step boot-echo python3 tests/harness/boot_echo.py --iso iso/breenix.iso || true
		run_step boot-echo-uefi python3 tests/harness/boot_echo.py --uefi \
			--iso iso/breenix.iso || true
		# A shell session on the serial console, as a user would type it.
		run_step session python3 tests/harness/session.py --iso iso/breenix.iso \
			--log "$test_logs/serial-session.txt" || true
		run_step session-uefi python3 tests/harness/session.py --uefi --log "$test_logs/serial-session-uefi.txt" \
			--iso iso/breenix.iso || true
		# Files on a disk survive a reboot (run --disk): two boots of the normal ISO.
		run_step persist python3 tests/harness/persist.py --iso iso/breenix.iso || true
		# What fsync reported survives QEMU killed mid-write; e2fsck repairs the rest.
		run_step powercut python3 tests/harness/powercut.py --iso iso/breenix.iso || true
		# A tar of Debian's coreutils source tree unpacked onto ext2 (busybox tar), checked by debugfs.
		run_step ext2-tar python3 tests/harness/ext2_tar.py --iso iso/breenix.iso || true
		# GPT disks (one with a damaged primary header) give /dev/vdaN as on Linux; one on AHCI is /dev/sda.
		run_step gpt python3 tests/harness/gpt_disk.py --iso iso/breenix.iso --ahci || true
		# Networking through QEMU's user-mode network: a host HTTP server and
		# a server inside Breenix (docs/net.md).
		run_step net python3 tests/harness/net_test.py --iso iso/breenix.iso || true
		# The same with an e1000 on both chipsets, and its link taken away and back.
		run_step net-e1000-q35 python3 tests/harness/net_test.py --iso iso/breenix.iso \
			--nic e1000 --machine q35 --name net-e1000-q35 --card-only || true
		run_step net-e1000-pc python3 tests/harness/net_test.py --iso iso/breenix.iso \
			--nic e1000 --machine pc --name net-e1000-pc --card-only || true
		run_step net-e1000e-q35 python3 tests/harness/net_test.py --iso iso/breenix.iso \
			--nic e1000e --machine q35 --name net-e1000e-q35 --card-only || true
		# Malformed, truncated and random frames through QEMU's socket backend.
		run_step net-fuzz python3 tests/harness/net_fuzz.py --iso iso/breenix.iso || true
		run_step net-fuzz-e1000 python3 tests/harness/net_fuzz.py --iso iso/breenix.iso \
			--nic e1000 --name netfuzz-e1000 || true
		# Linux binaries unchanged: Debian's busybox-static runs busybox's own
		# testsuite in Breenix and in Linux 6.1, compared case by case
		# (rebuilds iso/breenix.iso with the suite in it, then without).
		run_step busybox tests/harness/busybox_suite.sh "$BUILD" || true
		# The Open POSIX Test Suite (signals, clocks, timers, fork, pthreads,
		# semaphores), built for Breenix and for Linux, both guests booted at
		# once, compared case by case (tests/posix/known.txt; the same
		# restore of iso/breenix.iso).
		run_step posix tests/harness/posix_suite.sh "$BUILD" || true
		# Third-party programs built from Debian's sources and tested on
		# Breenix (last: its image has an initrd of its own).
		ports_deps
		run_step ports tests/ports/run.sh "$port_set" "$BUILD" 3>&2 || true
	fi

	local p f s
	p=$(cat "$test_logs"/*.log | grep -c '^PASS: ' || true)
	f=$(cat "$test_logs"/*.log | grep -c '^FAIL: ' || true)
	s=$(cat "$test_logs"/*.log | grep -c '^SKIP: ' || true)
	if [ "$s" -gt 0 ]; then
		echo "$p passed, $f failed, $s skipped"
	else
		echo "$p passed, $f failed"
	fi
	[ "$f" -eq 0 ]
}

# The long fuzzing run, on demand (the test step runs 20 s per target).
cmd_fuzz() {
	local secs=${1:-600}
	[ $# -le 1 ] && [[ $secs =~ ^[1-9][0-9]*$ ]] || die "usage: ./build.sh fuzz [SECONDS]"
	cmd_deps
	tests/harness/fuzz_suite.sh "$secs" "$BUILD"
}

# bench: the micro-benchmarks; bench --pc: the same on -machine pc -cpu qemu64;
# bench --disk: the disk rows; bench --net: the TCP rows (docs/benchmarks.md).
cmd_bench() {
	local disk= machine=q35
	case ${1:-} in
	--disk|--net) disk=$1 ;;
	--pc) machine=pc ;;
	esac
	cmd_iso
	make -j"$jobs" BUILD="$BUILD" iso-bench
	say "bench: preparing the Linux guest"
	local linux_dir
	linux_dir=$(tests/harness/linux_guest.sh "$BREENIX_CACHE/bench-linux" "$BUILD/bench/bench-linux" $disk)
	python3 tests/harness/bench.py --breenix-iso "$BUILD/iso/breenix-bench.iso" \
		--linux-dir "$linux_dir" --out docs/benchmarks.md --machine $machine $disk
}

# Linux's own test suites on Breenix and on Linux 6.1, side by side (on demand;
# `test` runs the busybox one too).
cmd_busybox() {
	cmd_iso
	tests/harness/busybox_suite.sh "$BUILD" "$@"
}

cmd_posix() {
	cmd_iso
	tests/harness/posix_suite.sh "$BUILD" "$@"
}

cmd_clean() {
	make BUILD="$BUILD" clean
	rm -rf sysroot
}

main() {
	local cmd=${1:-help}
	[ $# -gt 0 ] && shift
	case $cmd in
	help|-h|--help) cmd_help ;;
	deps|toolchain|sysroot|kernel|userland|iso|port|run|test|fuzz|bench|busybox|posix|debug|clean|env)
		"cmd_$cmd" "$@" ;;
	*) cmd_help >&2; exit 2 ;;
	esac
}

main "$@"
