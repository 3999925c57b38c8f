# tcc's in-guest test data: a subset of tcc's own test suite (tests/tests2,
# from the cached Debian source package: each NN_name.c with the output it
# must print, NN_name.expect), and the answer of the small C project
# (ports/tests/c-proj) counted by the build machine's wc.
dsc=$(ls "${BREENIX_CACHE:-$HOME/.cache/breenix}"/ports/src/tcc_*/*.dsc | head -n 1)
tmp=$(mktemp -d)
dpkg-source --no-check -x "$dsc" "$tmp/src" >/dev/null 2>&1
t2=$tmp/src/tests/tests2
mkdir -p "$1/tcc-tests2"
# Left out: 34 (not standard C: tcc's own Makefile leaves it out), 31 and
# 46 (their expected output names the file that tcc -run ran).
skip=" 31 34 46 "
: >"$1/tcc-tests2/list"
for c in "$t2"/[0-9][0-9]_*.c; do
	n=$(basename "$c" .c)
	num=${n%%_*}
	case $skip in *" $num "*) continue ;; esac
	# The first fifty: under QEMU's emulation each compile and run takes
	# seconds, and these cover the language (the later ones are mostly
	# regressions of particular features).
	[ "$num" -ge 50 ] 2>/dev/null && continue
	[ -f "$t2/$n.expect" ] || continue
	cp "$c" "$t2/$n.expect" "$1/tcc-tests2/"
	flags=
	[ "$n" = 76_dollars_in_identifiers ] && flags=-fdollars-in-identifiers
	echo "$n $flags" >>"$1/tcc-tests2/list"
done
cp "$t2"/*.h "$1/tcc-tests2/" 2>/dev/null || true
rm -rf "$tmp"
cp -R ports/tests/c-proj "$1/c-proj"
# The project built with the build machine's compiler, run on the same text.
tmp=$(mktemp -d)
cc -O2 -o "$tmp/count" ports/tests/c-proj/main.c ports/tests/c-proj/words.c && "$tmp/count" "$1/text" >"$1/c-proj-count"
rm -rf "$tmp"
