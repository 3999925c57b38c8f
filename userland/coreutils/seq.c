/*
 * seq: print numbers from FIRST (1) by INCREMENT (1) up to LAST, one per
 * line or separated by -s SEP; -w pads them with zeros to equal width.
 * Integers are counted exactly; with fractions the output has as many
 * decimals as FIRST and INCREMENT have.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define SYNOPSIS "[-w] [-s sep] [first [increment]] last"

static const char *separator = "\n";
static int equal_width;

static double parse_number(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0) {
		warn_msg("invalid number: '%s'", s);
		usage(SYNOPSIS);
	}
	return v;
}

/* Digits after the decimal point in a number as written. */
static int decimals(const char *s)
{
	const char *dot = strchr(s, '.');

	return dot != NULL ? (int)strspn(dot + 1, "0123456789") : 0;
}

/* Format v, then with -w put zeros after the sign up to width. */
static void put_number(double v, int prec, int width, int first)
{
	char buf[128];
	int len = snprintf(buf, sizeof(buf), "%.*f", prec, v);
	int neg = buf[0] == '-';

	if (!first)
		fputs(separator, stdout);
	if (neg)
		putchar('-');
	for (; equal_width && len < width; len++)
		putchar('0');
	fputs(buf + neg, stdout);
}

static int is_number_arg(const char *s)
{
	return s[0] == '-' && (s[1] == '.' || (s[1] >= '0' && s[1] <= '9'));
}

int main(int argc, char **argv)
{
	double first = 1, incr = 1, last, v;
	int prec = 0, width, nargs, c;
	long i;

	set_progname(argv[0]);
	/* Options stop at a negative number, which is an operand. */
	while (opt_ind < argc && !is_number_arg(argv[opt_ind]) &&
	       (c = next_opt(argc, argv, "s:w")) != -1) {
		if (c == '?')
			usage(SYNOPSIS);
		if (c == 's')
			separator = opt_arg;
		else
			equal_width = 1;
	}
	nargs = argc - opt_ind;
	if (nargs < 1 || nargs > 3)
		usage(SYNOPSIS);
	last = parse_number(argv[argc - 1]);
	if (nargs > 1) {
		first = parse_number(argv[opt_ind]);
		prec = decimals(argv[opt_ind]);
	}
	if (nargs > 2) {
		incr = parse_number(argv[opt_ind + 1]);
		if (decimals(argv[opt_ind + 1]) > prec)
			prec = decimals(argv[opt_ind + 1]);
	}
	if (incr == 0) {
		warn_msg("invalid zero increment");
		return 2;
	}
	width = snprintf(NULL, 0, "%.*f", prec, first);
	if (snprintf(NULL, 0, "%.*f", prec, last) > width)
		width = snprintf(NULL, 0, "%.*f", prec, last);
	/* first + i * incr, not repeated addition, so errors don't pile up; the
	 * tolerance keeps "seq 0 0.1 0.3" from stopping short at 0.30000000000000004. */
	for (i = 0;; i++) {
		v = first + (double)i * incr;
		if (incr > 0 ? v > last + incr * 1e-9 : v < last + incr * 1e-9)
			break;
		put_number(v, prec, width, i == 0);
	}
	if (i > 0)
		putchar('\n');
	return 0;
}
