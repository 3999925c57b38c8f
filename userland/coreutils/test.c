/*
 * test, [: evaluate a condition; exit 0 if true, 1 if false, 2 on error.
 *   files:    -e -f -d -h/-L -p -S -b -c -s -r -w -x -u -g -k, -t FD,
 *             A -nt B, A -ot B, A -ef B
 *   strings:  -n S, -z S, S, S1 = S2 (or ==), S1 != S2, S1 < S2, S1 > S2
 *   numbers:  -eq -ne -lt -le -gt -ge
 *   logic:    ! E, E -a E, E -o E, ( E )
 * Up to four arguments follow POSIX's rules by argument count (so that
 * "test -n" or "test ! = x" mean what POSIX says); longer expressions are
 * parsed with -a binding tighter than -o.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static char **args;
static int nargs, pos;

static void fail(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", progname);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static long long integer(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == s || *end != '\0' || errno != 0)
		fail("%s: integer expression expected", s);
	return v;
}

static int is_unary(const char *op)
{
	return op[0] == '-' && op[1] != '\0' && op[2] == '\0' &&
	       strchr("bcdefghkLnprsStuwxz", op[1]) != NULL;
}

static int is_binary(const char *op)
{
	static const char *const ops[] = { "=", "==", "!=", "<", ">", "-eq", "-ne", "-lt",
					   "-le", "-gt", "-ge", "-nt", "-ot", "-ef", NULL };
	int i;

	for (i = 0; ops[i] != NULL; i++)
		if (strcmp(op, ops[i]) == 0)
			return 1;
	return 0;
}

static int unary(char op, const char *arg)
{
	struct stat st;
	long long fd;

	switch (op) {
	case 'n': return arg[0] != '\0';
	case 'z': return arg[0] == '\0';
	case 't':
		fd = integer(arg);
		return fd >= 0 && fd <= 1024 && isatty((int)fd);
	case 'r': return access(arg, R_OK) == 0;
	case 'w': return access(arg, W_OK) == 0;
	case 'x': return access(arg, X_OK) == 0;
	case 'h':
	case 'L': return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
	}
	if (stat(arg, &st) < 0)
		return 0;
	switch (op) {
	case 'b': return S_ISBLK(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 'f': return S_ISREG(st.st_mode);
	case 'p': return S_ISFIFO(st.st_mode);
	case 'S': return S_ISSOCK(st.st_mode);
	case 's': return st.st_size > 0;
	case 'u': return (st.st_mode & S_ISUID) != 0;
	case 'g': return (st.st_mode & S_ISGID) != 0;
	case 'k': return (st.st_mode & S_ISVTX) != 0;
	default: return 1; /* -e */
	}
}

/* Compare the modification times (-nt, -ot) or identities (-ef) of files;
 * a missing file is older than any other. */
static int files(const char *a, const char *op, const char *b)
{
	struct stat sa, sb;
	int ha = stat(a, &sa) == 0, hb = stat(b, &sb) == 0;

	if (strcmp(op, "-ef") == 0)
		return ha && hb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (strcmp(op, "-ot") == 0) {
		const char *t = a;

		a = b;
		b = t;
		ha = stat(a, &sa) == 0;
		hb = stat(b, &sb) == 0;
	}
	if (!ha)
		return 0;
	if (!hb)
		return 1;
	return sa.st_mtim.tv_sec > sb.st_mtim.tv_sec ||
	       (sa.st_mtim.tv_sec == sb.st_mtim.tv_sec && sa.st_mtim.tv_nsec > sb.st_mtim.tv_nsec);
}

static int binary(const char *a, const char *op, const char *b)
{
	long long x, y;

	if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
		return strcmp(a, b) == 0;
	if (strcmp(op, "!=") == 0)
		return strcmp(a, b) != 0;
	if (strcmp(op, "<") == 0)
		return strcmp(a, b) < 0;
	if (strcmp(op, ">") == 0)
		return strcmp(a, b) > 0;
	if (op[1] == 'n' || op[1] == 'o' || strcmp(op, "-ef") == 0)
		return files(a, op, b);
	x = integer(a);
	y = integer(b);
	if (strcmp(op, "-eq") == 0)
		return x == y;
	if (strcmp(op, "-ne") == 0)
		return x != y;
	if (strcmp(op, "-lt") == 0)
		return x < y;
	if (strcmp(op, "-le") == 0)
		return x <= y;
	if (strcmp(op, "-gt") == 0)
		return x > y;
	return x >= y;
}

/* The general parser, for expressions longer than four arguments. */
static int parse_or(void);

static const char *next_arg(void)
{
	if (pos >= nargs)
		fail("%s", "argument expected");
	return args[pos++];
}

static int parse_primary(void)
{
	const char *a = next_arg();
	int v;

	if (strcmp(a, "!") == 0)
		return !parse_primary();
	if (strcmp(a, "(") == 0) {
		v = parse_or();
		if (pos >= nargs || strcmp(args[pos], ")") != 0)
			fail("%s", "')' expected");
		pos++;
		return v;
	}
	if (is_unary(a) && pos < nargs)
		return unary(a[1], next_arg());
	if (pos + 1 < nargs && is_binary(args[pos])) {
		const char *op = next_arg();

		return binary(a, op, next_arg());
	}
	return a[0] != '\0';
}

static int parse_and(void)
{
	int v = parse_primary();

	while (pos < nargs && strcmp(args[pos], "-a") == 0) {
		pos++;
		v = parse_primary() && v;
	}
	return v;
}

static int parse_or(void)
{
	int v = parse_and();

	while (pos < nargs && strcmp(args[pos], "-o") == 0) {
		pos++;
		v = parse_and() || v;
	}
	return v;
}

/* POSIX's rules for a, the n (at most four) arguments. */
static int eval(char **a, int n)
{
	switch (n) {
	case 0:
		return 0;
	case 1:
		return a[0][0] != '\0';
	case 2:
		if (strcmp(a[0], "!") == 0)
			return !eval(a + 1, 1);
		if (is_unary(a[0]))
			return unary(a[0][1], a[1]);
		break;
	case 3:
		if (is_binary(a[1]))
			return binary(a[0], a[1], a[2]);
		if (strcmp(a[1], "-a") == 0)
			return eval(a, 1) && eval(a + 2, 1);
		if (strcmp(a[1], "-o") == 0)
			return eval(a, 1) || eval(a + 2, 1);
		if (strcmp(a[0], "!") == 0)
			return !eval(a + 1, 2);
		if (strcmp(a[0], "(") == 0 && strcmp(a[2], ")") == 0)
			return eval(a + 1, 1);
		break;
	case 4:
		if (strcmp(a[0], "!") == 0)
			return !eval(a + 1, 3);
		if (strcmp(a[0], "(") == 0 && strcmp(a[3], ")") == 0)
			return eval(a + 1, 2);
		break;
	}
	args = a;
	nargs = n;
	pos = 0;
	n = parse_or();
	if (pos < nargs)
		fail("%s: unexpected argument", args[pos]);
	return n;
}

int main(int argc, char **argv)
{
	set_progname(argv[0]);
	if (strcmp(progname, "[") == 0) {
		if (argc < 2 || strcmp(argv[argc - 1], "]") != 0)
			fail("%s", "missing ']'");
		argc--;
	}
	return !eval(argv + 1, argc - 1);
}
