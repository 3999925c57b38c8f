#!/usr/bin/env bash
# Host-side checks of the cross toolchain (issue: toolchain).  Prints one
# PASS:/FAIL: line per check; exits non-zero if any failed.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix=$("$here/../../toolchain/build-toolchain.sh" --print)
export PATH="$prefix/bin:$PATH"
cc=x86_64-breenix-gcc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

check() { # check NAME CMD... : PASS if CMD succeeds
	local name=$1; shift
	if "$@" >"$work/out" 2>&1; then
		echo "PASS: toolchain/$name"
	else
		echo "FAIL: toolchain/$name: $(tail -n 3 "$work/out" | tr '\n' ' ')"
		failed=1
	fi
}

check hello-links $cc -O2 "$here/hello.c" -o "$work/hello"
# The smallest program links too: no two members of libc.a define one symbol
# (the port's objects replace newlib's, they must not duplicate them).
check empty-main-links sh -c "echo 'int main(void) { return 0; }' | $cc -x c - -o '$work/empty'"
libc_unique_symbols() {
	x86_64-breenix-nm -A --defined-only -g "$prefix/x86_64-breenix/lib/libc.a" |
		awk '$2 ~ /^[TDRB]$/ && $3 !~ /^_dummy_/ {print $3}' | sort | uniq -d >"$work/dups"
	[ ! -s "$work/dups" ] || { echo "defined twice: $(tr '\n' ' ' <"$work/dups")"; return 1; }
}
check libc-unique-symbols libc_unique_symbols
check elf-static-exec sh -c "readelf -h '$work/hello' | grep -q 'EXEC (Executable file)' &&
	readelf -h '$work/hello' | grep -q 'X86-64' &&
	! readelf -l '$work/hello' | grep -qE 'INTERP|DYNAMIC'"
check elf-loads-at-400000 sh -c "readelf -lW '$work/hello' | awk '\$1==\"LOAD\"{print \$3; exit}' |
	grep -qx '0x0*400000'"
check uses-int80 sh -c "x86_64-breenix-objdump -d '$work/hello' | grep -qE 'int +\\\$0x80'"
# Linux would run a Breenix binary too, reading its int 0x80 calls with the
# i386 table; start-up sees the Linux kernel and leaves at once with 126
# ("cannot execute").  The timeout catches a program that would spin.
refused_on_host() {
	local rc=0
	timeout 10 "$work/hello" >"$work/host-run" 2>&1 || rc=$?
	[ "$rc" -eq 126 ] || { echo "exit status $rc on the host, want 126"; return 1; }
	grep -q 'a Breenix program cannot run on Linux' "$work/host-run" ||
		{ echo "no message: $(cat "$work/host-run")"; return 1; }
}
check refused-on-host refused_on_host
check defines-breenix sh -c "echo '#if !defined(__breenix__) || !defined(__unix__)
#error not breenix
#endif' | $cc -E - -o /dev/null"
# POSIX threads are in libc: -pthread defines _REENTRANT (as on glibc
# systems) and -lpthread, -lrt link (empty archives); a program with
# __thread variables gets a PT_TLS segment for start-up to copy.
check pthread-flag sh -c "echo '#ifndef _REENTRANT
#error -pthread does not define _REENTRANT
#endif' | $cc -pthread -E - -o /dev/null"
check pthread-links sh -c "printf '%s\\n' '#include <pthread.h>' '__thread int t = 1;' \
	'static void *f(void *a) { return a; }' \
	'int main(void) { pthread_t p; return pthread_create(&p, 0, f, 0) + t; }' |
	$cc -pthread -x c - -o '$work/pt' -lpthread -lrt &&
	x86_64-breenix-readelf -lW '$work/pt' | grep -q '^ *TLS '"
check kernel-freestanding sh -c "echo 'int f(int *p) { return *p + 1; }' |
	$cc -x c -ffreestanding -nostdlib -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	    -fno-pie -c - -o '$work/k.o' && x86_64-breenix-readelf -h '$work/k.o' | grep -q REL"
# An autoconf package recognises the target, given our config.sub (as for any
# OS that upstream config.sub does not know yet), finds fork and sigaction,
# and concludes it is cross-compiling (its test program does not run here).
autoconf_host() {
	cp -R "$here/autoconf-hello" "$work/ac" && cd "$work/ac" &&
	cp "$prefix/share/breenix/config.sub" /usr/share/misc/config.guess \
	   /usr/share/automake-1.16/install-sh . &&
	autoconf && timeout 300 ./configure --host=x86_64-breenix >configure.out &&
	grep -q "^host_os='breenix'" config.log &&
	grep -q '^checking whether we are cross compiling\.\.\. yes$' configure.out &&
	grep -q '^#define HAVE_FORK 1' config.log &&
	grep -q '^#define HAVE_SIGACTION 1' config.log
}
check autoconf-host autoconf_host

# The build-system files `build.sh sysroot` installs (docs/porting.md): the
# pkg-config wrapper, the CMake toolchain file and the Meson cross file.  A
# stand-in sysroot holds libgreeting and its greeting.pc, as a port's
# dependencies are staged; each project must find it through the wrapper
# and link a Breenix program.
sysroot=$(cd "$here/../.." && pwd)/sysroot
share=$sysroot/usr/share/breenix
fake=$work/fake-sysroot
make_fake_sysroot() {
	mkdir -p "$fake/usr/include/greeting" "$fake/usr/lib/pkgconfig" &&
	cp "$here/greeting/greeting.h" "$fake/usr/include/greeting/" &&
	cp "$here/greeting/greeting.pc" "$fake/usr/lib/pkgconfig/" &&
	$cc -O2 -c "$here/greeting/greeting.c" -o "$work/greeting.o" &&
	x86_64-breenix-ar rcs "$fake/usr/lib/libgreeting.a" "$work/greeting.o"
}
check fake-sysroot make_fake_sysroot
# A Breenix program: static, x86-64, and refused by the host's kernel.
is_breenix_program() {
	readelf -h "$1" | grep -q 'X86-64' && ! readelf -l "$1" | grep -qE 'INTERP|DYNAMIC' &&
		{ timeout 10 "$1" >/dev/null 2>&1; [ $? -eq 126 ]; }
}
pkg_config_wrapper() {
	local pc=$share/bin/x86_64-breenix-pkg-config out
	# The sysroot's own, by default: no greeting there, nor the host's zlib.
	! env -u PKG_CONFIG_SYSROOT_DIR -u PKG_CONFIG_LIBDIR -u BREENIX_SYSROOT \
		"$pc" --exists greeting || { echo "found greeting outside its sysroot"; return 1; }
	! env -u PKG_CONFIG_SYSROOT_DIR -u PKG_CONFIG_LIBDIR -u BREENIX_SYSROOT \
		"$pc" --exists zlib || { echo "found the build machine's zlib"; return 1; }
	# BREENIX_SYSROOT names another; the paths get its prefix.
	out=$(env -u PKG_CONFIG_SYSROOT_DIR -u PKG_CONFIG_LIBDIR BREENIX_SYSROOT="$fake" \
		"$pc" --cflags --libs greeting) || return 1
	out=$(echo $out)
	[ "$out" = "-I$fake/usr/include/greeting -DGREETING_VERSION=123 -L$fake/usr/lib -lgreeting" ] ||
		{ echo "got: $out"; return 1; }
}
check pkg-config-wrapper pkg_config_wrapper
cmake_project() {
	PKG_CONFIG_SYSROOT_DIR=$fake PKG_CONFIG_LIBDIR=$fake/usr/lib/pkgconfig \
	cmake -S "$here/cmake-hello" -B "$work/cmake" -DCMAKE_FIND_ROOT_PATH="$fake" \
		-DCMAKE_TOOLCHAIN_FILE="$share/toolchain.cmake" &&
	cmake --build "$work/cmake" && is_breenix_program "$work/cmake/hello" &&
	grep -q 'CMAKE_SYSTEM_NAME:.*Breenix\|^CMAKE_C_COMPILER.*x86_64-breenix-gcc' \
		"$work/cmake/CMakeCache.txt"
}
check cmake-project cmake_project
meson_project() {
	PKG_CONFIG_SYSROOT_DIR=$fake PKG_CONFIG_LIBDIR=$fake/usr/lib/pkgconfig \
	meson setup --cross-file "$share/meson-cross.ini" "$work/meson" "$here/meson-hello" &&
	ninja -C "$work/meson" && is_breenix_program "$work/meson/hello"
}
check meson-project meson_project
python3 "$here/abi_check.py" --cc $cc || failed=1
# The C library surface ports expect: PASS per function, SKIP for the gaps
# that wait for the kernel (listed in libc_probe.txt and docs/porting.md).
python3 "$here/libc_probe.py" --cc $cc || failed=1
exit $failed
