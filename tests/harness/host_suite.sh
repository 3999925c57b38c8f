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
[ -x userland/sh/tests/run.sh ] && { userland/sh/tests/run.sh "$bin/sh" || rc=1; }
[ -x userland/coreutils/tests/run.sh ] && { userland/coreutils/tests/run.sh "$bin" || rc=1; }
exit $rc
