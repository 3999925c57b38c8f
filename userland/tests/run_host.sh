#!/bin/sh
# Run the user test programs built for the host: run_host.sh BINDIR.
# Each prints its own PASS:/FAIL: lines; a program that exits non-zero
# without a FAIL line is reported here.
bin=$1
rc=0
for t in $(make -s -C "$(dirname "$0")/../.." print-user-tests); do
	out=$("$bin/$t" 2>&1); status=$?
	printf '%s\n' "$out" | sed 's/^\(PASS\|FAIL\|SKIP\): user\//\1: host\//'
	if [ $status -ne 0 ]; then
		rc=1
		printf '%s\n' "$out" | grep -q '^FAIL: ' || echo "FAIL: host/$t: exited with status $status"
	fi
done
exit $rc
