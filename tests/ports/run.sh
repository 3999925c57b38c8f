#!/usr/bin/env bash
# The ports step of ./build.sh test: run.sh SET BUILD
#
# SET is "core" (the ports in ports/core.txt: what fits CI's time with a cold
# cache), "all" (every ports/*/recipe) or a comma-separated list of ports.
# Builds each port (ports/build-port.sh; one that fails is a FAIL line and is
# left out of the image), makes the test data with the build machine's own
# tools, boots an image holding the ports and their tests
# ($BUILD/iso/breenix-ports.iso, whose /etc/rc runs /ports-tests/guest.sh and
# powers off) and prints its PASS:/FAIL: lines.  Then updates the table in
# docs/ports.md with what this run saw.
#
# Expects the cross toolchain on PATH and the sysroot made (build.sh does
# both).  Progress goes to descriptor 3 too when it is open, so build.sh can
# show it while the step's output goes to its log.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
set_name=${1:?usage: run.sh core|all|NAME,... BUILD}
BUILD=${2:?usage: run.sh core|all|NAME,... BUILD}
cd "$top"
out=$BUILD/ports-test
logs=$out/logs
rm -rf "$out"; mkdir -p "$logs"

progress() {
	echo "ports: $*"
	{ true >&3; } 2>/dev/null && echo "ports: $*" >&3
	return 0
}

case $set_name in
core) ports=($(grep -v '^#' ports/core.txt)) ;;
all) ports=($(ls ports/*/recipe | cut -d/ -f2)) ;;
*) ports=(${set_name//,/ }) ;;
esac

# --- build ------------------------------------------------------------------
built=()
: >"$out/results"
# A build that failed is remembered beside the port's cache directory (same
# key: same recipe, toolchain and dependencies, so the same failure): the
# next run reports it again at once instead of building it again.  Remove
# the .failed file to try anyway.
for p in "${ports[@]}"; do
	progress "building $p"
	t0=$(date +%s)
	failed_mark=$(ports/build-port.sh --key "$p").failed
	if [ -f "$failed_mark" ]; then
		echo "FAIL: ports/build/$p: failed before with this recipe and toolchain ($failed_mark)"
		sed 's/^/    /' "$failed_mark"
		ok=no
	elif ports/build-port.sh "$p" >"$logs/$p.log" 2>&1; then
		echo "PASS: ports/build/$p"
		built+=("$p")
		ok=yes
	else
		echo "FAIL: ports/build/$p: see $logs/$p.log"
		{ grep -E 'error:|undefined reference|No rule to make|FAILED' "$logs/$p.log" | head -n 6 ||
		  tail -n 6 "$logs/$p.log"; } >"$failed_mark"
		sed 's/^/    /' "$failed_mark"
		ok=no
	fi
	secs=$(( $(date +%s) - t0 ))
	progress "$p: build $ok (${secs}s)"
	# What docs/ports.md says of it: the recipe's package and version, its
	# patches, and the cold build time that the cache recorded.
	info=$(ports/build-port.sh --key "$p")/info
	cold=$( [ -f "$info" ] && sed -n 's/^cold_seconds=//p' "$info")
	npatch=0 nlines=0
	for f in ports/$p/*.patch; do
		[ -f "$f" ] && npatch=$((npatch + 1)) nlines=$((nlines + $(wc -l <"$f")))
	done
	echo "$p build=$ok seconds=$secs cold=${cold:--} " \
		"package=$(sed -n 's/^package=//p' "ports/$p/recipe")" \
		"version=$(sed -n 's/^version=//p' "ports/$p/recipe")" \
		"patches=$npatch patch_lines=$nlines" >>"$out/results"
done

# --- the test data, made by the build machine's tools -------------------------
data=$out/data
mkdir -p "$data"
# The build machine's answers in the POSIX locale, which is Breenix's (cmp
# says "char" there, "byte" elsewhere; sort orders bytes).
export LC_ALL=C
make_data() {
	cat README.md docs/*.md >"$data/text"
	python3 - "$data/binary" <<'EOF'
import random, sys
r = random.Random(17)
# Half noise, half runs: something for the compressors to find.
chunks = [bytes(r.getrandbits(8) for _ in range(r.randrange(1, 64))) if i % 2 else
          bytes([r.getrandbits(8)]) * r.randrange(1, 300) for i in range(4000)]
open(sys.argv[1], "wb").write(b"".join(chunks))
EOF
	gzip -9 -n -c "$data/text" >"$data/text.gz"
	bzip2 -9 -c "$data/text" >"$data/text.bz2"
	# One byte in the middle of the compressed stream changed.
	python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[len(b) // 2] ^= 0x55; open(sys.argv[2], "wb").write(b)' \
		"$data/text.gz" "$data/damaged.gz"
	head -n 300 "$data/text" >"$data/old"
	sed -e '20,24d' -e '50s/$/ (changed)/' -e '120a\an inserted line' -e '250,251d' "$data/old" >"$data/new"
	( cd "$data" && diff -u --label old --label new old new >old-new.diff;
	  diff old new >old-new.normal; cmp old new | sed 's|^old new|/ports-tests/data/old /ports-tests/data/new|' >old-new.cmp ) || true
	printf '<?xml version="1.0"?>\n<doc a="1"><p>text &amp; more</p><empty/></doc>\n' >"$data/good.xml"
	printf '<?xml version="1.0"?>\n<doc><p>unclosed</doc>\n' >"$data/bad.xml"
	cp -R ports/tests/make-proj "$data/make-proj"
	( cp -R ports/tests/make-proj "$out/mp" && cd "$out/mp" && make -s >/dev/null && cat all.txt ) >"$data/make-all.txt"
	local f
	for f in text binary old new text.bz2 old-new.diff old-new.normal; do
		cksum <"$data/$f" >"$data/$f.sum"
	done
	# A port's own extra data: ports/NAME/data.sh DATA-DIR, run here.
	for p in "${built[@]}"; do
		[ -f "ports/$p/data.sh" ] && bash "ports/$p/data.sh" "$data"
	done
	return 0
}
make_data || echo "FAIL: ports/test-data: making the test data failed"

# --- the image ---------------------------------------------------------------
root=$out/root
rm -rf "$root"; mkdir -p "$root/ports-tests/bin" "$root/etc"
if [ ${#built[@]} -gt 0 ]; then
	ports/build-port.sh -q --closure "${built[@]}" 2>>"$logs/merge.log" |
	while read -r name pdir; do cp -a "$pdir/root/." "$root/"; done
fi
cp ports/tests/lib.sh ports/tests/guest.sh "$root/ports-tests/"
cp -R "$data" "$root/ports-tests/data"
: >"$root/ports-tests/list"
for p in "${built[@]}"; do
	[ -f "ports/$p/test.sh" ] || continue
	cp "ports/$p/test.sh" "$root/ports-tests/$p.sh"
	echo "$p" >>"$root/ports-tests/list"
done
for helper in cksum ptyrun; do
	x86_64-breenix-gcc -O2 -Wall -Wextra -Werror -o "$root/ports-tests/bin/$helper" "ports/tests/$helper.c" ||
		echo "FAIL: ports/$helper: the test helper does not build"
done
cat >"$root/etc/rc" <<'EOF'
# The ports' test image: run the tests, then power off (tests/ports/run.sh).
PATH=/bin:/sbin:/usr/bin
export PATH
sh /ports-tests/guest.sh
/sbin/poweroff
EOF

progress "image ($(du -sh "$root" | cut -f1) of ports and tests)"
if ! make -j"$(nproc)" BUILD="$BUILD" ISO_ADD="$(cd "$root" && pwd)" "$BUILD/iso/breenix-ports.iso" \
	>"$logs/image.log" 2>&1; then
	echo "FAIL: ports/image: see $logs/image.log"
	tail -n 20 "$logs/image.log"
	exit 1
fi

# --- the boot -----------------------------------------------------------------
progress "booting the ports' test image"
python3 tests/harness/qemu_run.py --name ports-qemu --iso "$BUILD/iso/breenix-ports.iso" \
	--timeout 900 --log "$out/serial.txt" | tee "$out/guest-results"
rc=${PIPESTATUS[0]}

# --- the session ----------------------------------------------------------------
# The same ports without /etc/rc: init starts the login shell on the serial
# line, and tests/ports/session.py types at it (tcc, make CC=tcc, bash, vim,
# less and nano on a terminal).
if [ ${#built[@]} -gt 0 ]; then
	progress "booting the ports' image for the session"
	rm -f "$root/etc/rc"
	if make -j"$(nproc)" BUILD="$BUILD" ISO_ADD="$(cd "$root" && pwd)" "$BUILD/iso/breenix-ports.iso" \
		>"$logs/image-session.log" 2>&1; then
		python3 "$here/session.py" --iso "$BUILD/iso/breenix-ports.iso" \
			--ports "$(IFS=,; echo "${built[*]}")" --log "$out/session-serial.txt" |
			tee "$out/session-results"
		[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
	else
		echo "FAIL: ports/session-image: see $logs/image-session.log"
		rc=1
	fi
fi
# A port that did not build fails the step too.
grep -q ' build=no ' "$out/results" && rc=1
# A port whose test printed nothing at all has failed it.
for p in "${built[@]}"; do
	[ -f "ports/$p/test.sh" ] || continue
	grep -q "^\(PASS\|FAIL\): port/$p/" "$out/guest-results" ||
		{ echo "FAIL: port/$p: its test printed no result"; rc=1; }
done

python3 "$here/report.py" --results "$out/results" --guest "$out/guest-results" \
	--set "$set_name" --doc docs/ports.md || rc=1
progress "done; docs/ports.md updated"
exit $rc
