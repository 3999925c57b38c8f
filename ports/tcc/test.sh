# tcc: compiles and links programs on Breenix against the C library (stdio,
# several files, libm, make with CC=tcc) and runs them; and a subset of
# tcc's own test suite (tests/tests2: each program's output must be the
# one it expects).
. /ports-tests/lib.sh
cat >h.c <<'C'
#include <stdio.h>
#include <string.h>
int twice(int);
int main(int argc, char **argv)
{
	printf("%d %s %zu\n", twice(21), argc > 1 ? argv[1] : "none", strlen("breenix"));
	return 0;
}
C
cat >t.c <<'C'
int twice(int x) { return 2 * x; }
C
cat >m.c <<'C'
#include <math.h>
#include <stdio.h>
int main(void) { printf("%.3f\n", sqrt(2.0) * cos(0.0)); return 0; }
C
check version '$P/tcc -v | grep -q "tcc version 0.9.27"'
check compile-run '$P/tcc -o h h.c t.c && ./h arg >o && same o "42 arg 7"'
check separate-objects '$P/tcc -c t.c -o t.o && $P/tcc -c h.c -o h.o && $P/tcc -o h2 h.o t.o && ./h2 >o && same o "42 none 7"'
check libm '$P/tcc -o m m.c -lm && ./m >o && same o "1.414"'
check error-reported 'echo "int main(void) { return x; }" >e.c; if $P/tcc -o e e.c 2>err; then false; else grep -q "undeclared" err; fi'
if [ -x $P/make ]; then
	check make-cc-tcc 'cp -R $data/c-proj cp && $P/make -C cp CC=tcc >mk && [ -x cp/count ] && cp/count $data/text >o && same o "$(cat $data/c-proj-count)"'
fi

# tests2: compile each, run it, compare what it printed (with the
# compiler's warnings first, as "tcc -run" in tcc's own Makefile gives them)
# with the .expect file.
# The comparison is diff -b's, as in tcc's Makefile: a filter (compiled by
# tcc too) makes each run of blanks one space, drops blanks at line ends,
# and ends the text with a newline; then the two must be the same.
cat >wsnorm.c <<'C'
#include <stdio.h>
int main(void)
{
	int c, blanks = 0, last = '\n';
	while ((c = getchar()) != EOF) {
		if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
			blanks = 1;
			continue;
		}
		if (blanks && c != '\n')
			putchar(' ');
		blanks = 0;
		putchar(last = c);
	}
	if (last != '\n')
		putchar('\n');
	return 0;
}
C
t2fail=
t2n=0
if $P/tcc -o wsnorm wsnorm.c; then
	mkdir t2 && cp $data/tcc-tests2/* t2/ && cd t2
	while read -r name flags; do
		t2n=$((t2n + 1))
		if ! $P/tcc $flags -o a.exe $name.c -lm >$name.output 2>&1; then
			t2fail="$t2fail $name(compile)"
			continue
		fi
		./a.exe >>$name.output 2>&1
		[ "$(../wsnorm <$name.output | ck)" = "$(../wsnorm <$name.expect | ck)" ] || t2fail="$t2fail $name"
		rm -f a.exe
	done <list
	cd ..
else
	t2fail=" wsnorm(compile)"
fi
cd ..
check "tests2-$t2n" '[ -z "$t2fail" ] || { echo "failed:$t2fail"; false; }'
finish
