# tcc: compiles and links programs on Breenix against the C library (stdio,
# several files, libm) and runs them.
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
check compile-run '$P/tcc -static -o h h.c t.c && ./h arg >o && same o "42 arg 7"'
check separate-objects '$P/tcc -c t.c -o t.o && $P/tcc -c h.c -o h.o && $P/tcc -static -o h2 h.o t.o && ./h2 >o && same o "42 none 7"'
check libm '$P/tcc -static -o m m.c -lm && ./m >o && same o "1.414"'
check error-reported 'echo "int main(void) { return x; }" >e.c; if $P/tcc -static -o e e.c 2>err; then false; else grep -q "undeclared" err; fi'
finish
