#!/usr/bin/env bash
# Builds the host fuzzers (tests/fuzz/fuzz.mk) and runs each for SECONDS
# (default 20), one after the other.  Each works on a copy of its seeds in
# $BUILD/fuzz/work/<name>/corpus, which keeps what earlier runs found, so the
# checkout is never written to.  Prints "PASS: fuzz/<name>" with its speed,
# or "FAIL: fuzz/<name>: ..." with the crash file and the start of the
# report; "SKIP: fuzz/all" when clang cannot link a libFuzzer program.
#
#	tests/harness/fuzz_suite.sh [SECONDS [BUILD]]
#	FUZZ_ONLY="path cpio" tests/harness/fuzz_suite.sh 600	(some targets only)
set -u
secs=${1:-20}
build=${2:-${BUILD:-build}}
cd "$(dirname "$0")/../.."

# Longest input per target: enough for its seeds and mutations around them.
declare -A max_len=([elf]=4096 [cpio]=4096 [initrd]=4096 [multiboot2]=2048 [acpi]=2048 [path]=1024 [ext2]=65536)
default_max_len=4096

have_libfuzzer() {
	local probe=$build/fuzz/probe
	mkdir -p "$build/fuzz"
	command -v "${FUZZ_CC:-clang}" >/dev/null &&
		printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return !d + !n; }\n' |
		"${FUZZ_CC:-clang}" -fsanitize=fuzzer -x c -o "$probe" - 2>/dev/null
}

# run_one NAME: fuzz NAME for $secs seconds, print its result line.
run_one() {
	local name=$1 work=$build/fuzz/work/$1 log rc=0 dict=()
	log=$work/log.txt
	mkdir -p "$work/corpus" "$work/crashes"
	cp "$build/fuzz/corpus/$name"/* "$work/corpus/"
	[ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
	"$build/fuzz/$name" -max_total_time="$secs" -max_len="${max_len[$name]:-$default_max_len}" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" \
		-artifact_prefix="$work/crashes/" "$work/corpus" >"$log" 2>&1 || rc=$?
	if [ $rc -eq 0 ]; then
		local runs
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "PASS: fuzz/$name ($runs runs in ${secs}s, $((runs / secs)) execs/s)"
		return 0
	fi
	local crash
	crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | head -n 1)
	echo "FAIL: fuzz/$name: exit $rc, input ${crash:-not saved} (log $log)"
	[ -n "$crash" ] && echo "    reproduce: $build/fuzz/$name $crash"
	# The error, then the frames in our code (not libFuzzer's or libc's).
	{ grep -E -m 3 'ERROR|panic:|kstubs:|runtime error' "$log"
	  grep -E '^ *#[0-9]+ .*(kernel|tests/fuzz)/[^ ]*\.c:' "$log" | head -n 6
	  grep -m 1 '^SUMMARY' "$log"; } | sed -e 's/^ */    /' -e "s|$PWD/||"
	return 1
}

if ! have_libfuzzer; then
	echo "SKIP: fuzz/all: clang with libFuzzer not available"
	exit 0
fi
make -j"$(nproc)" BUILD="$build" host-fuzz >&2 || { echo "FAIL: fuzz/build: make host-fuzz"; exit 1; }
rc=0
for name in ${FUZZ_ONLY:-$(make -s BUILD="$build" print-fuzz-targets)}; do
	run_one "$name" || rc=1
done
exit $rc
