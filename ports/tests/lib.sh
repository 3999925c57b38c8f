# The ports' in-guest test library, read with "." by each port's test
# (ports/NAME/test.sh, installed as /ports-tests/NAME.sh and run by
# /ports-tests/guest.sh as "sh /ports-tests/NAME.sh NAME").  It runs on
# Breenix's own shell.  Results are PASS:/FAIL: lines named port/NAME/CASE.
#
# The data in /ports-tests/data was made on the build machine by
# tests/ports/run.sh, with the expected results its own tools gave
# (cksum, gzip, diff ...): the tests are differential against Linux.
port=$1
data=/ports-tests/data
P=/usr/bin
status=0
work=/tmp/port-test-$port
rm -rf "$work"
mkdir -p "$work" && cd "$work" || { echo "FAIL: port/$port/setup: no $work"; exit 1; }

# (No "$@": Breenix's sh makes one empty word of it when there are no arguments.)
ck() { /ports-tests/bin/cksum; }
pass() { echo "PASS: port/$port/$1"; }
fail() { echo "FAIL: port/$port/$1: $2"; status=1; }

# check CASE CODE: CODE (shell text, run here) succeeds.
check() {
	if eval "$2" >"$work/check.out" 2>&1; then
		pass "$1"
	else
		fail "$1" "$(head -c 400 "$work/check.out" | tr '\n' '|')"
	fi
}

# sum_is FILE NAME: FILE's cksum is the one the build machine wrote in
# $data/NAME.sum.
sum_is() {
	got=$(ck <"$1")
	want=$(cat "$data/$2.sum")
	[ "$got" = "$want" ] || { echo "cksum of $1 is $got, wanted $want"; return 1; }
}

# same FILE EXPECTED-TEXT: FILE holds EXPECTED-TEXT (and a final newline).
same() {
	got=$(cat "$1")
	[ "$got" = "$2" ] || { echo "got [$got] wanted [$2]"; return 1; }
}

finish() {
	cd /
	rm -rf "$work"
	exit $status
}
