#!/usr/bin/env bash
# Runs the userland suites built for the host Linux (same sources as the
# Breenix programs): a case that passes here and fails on Breenix is a
# Breenix bug.  Prints the suites' PASS:/FAIL:/SKIP: lines.
set -u
build=${1:-build}
cd "$(dirname "$0")/../.."
make -j"$(nproc)" BUILD="$build" host-userland >&2 || { echo "FAIL: host/build: make host-userland"; exit 1; }
bin=$(pwd)/$build/host/bin
rc=0
[ -x userland/tests/run_host.sh ] && { userland/tests/run_host.sh "$bin" || rc=1; }
# The script suites also run on Breenix (init's test scripts): name the host's results apart.
host_names() { sed 's/^\(PASS\|FAIL\|SKIP\): /\1: host\//'; }
# The static glibc/musl thread programs (userland/glibc) run on the host as they are.
if make -s BUILD="$build" libc-tests >&2; then
	for t in $(make -s BUILD="$build" print-libc-tests); do
		out=$("$build/libc-tests/$t" 2>&1); status=$?
		printf '%s\n' "$out" | sed 's/^\(PASS\|FAIL\|SKIP\): /\1: host\//'
		if [ $status -ne 0 ]; then
			rc=1
			printf '%s\n' "$out" | grep -q '^FAIL: ' || echo "FAIL: host/$t: exited with status $status"
		fi
	done
else
	echo "FAIL: host/build: make libc-tests"; rc=1
fi
if [ -x userland/sh/tests/run.sh ]; then
	out=$(userland/sh/tests/run.sh "$bin/sh" 2>&1) || rc=1
	printf '%s\n' "$out" | host_names
fi
if [ -x userland/coreutils/tests/run.sh ]; then
	out=$(userland/coreutils/tests/run.sh "$bin" 2>&1) || rc=1
	printf '%s\n' "$out" | host_names
fi
exit $rc
