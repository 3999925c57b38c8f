/*
 * sort: sort lines of files (or standard input), bytewise by default.
 *   -n          compare leading numbers        -r  reverse the order
 *   -u          print only the first of lines with equal keys
 *   -k N[,M]    the key is fields N to M (to the end of line without M)
 *   -t C        fields are separated by C, not by runs of blanks
 * Lines with equal keys are ordered by the whole line, then by input order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define SYNOPSIS "[-nru] [-t char] [-k field[,field]] [file...]"

struct line {
	char *text;
	size_t len, index;
};

static int numeric, reverse, unique;
static long key_first, key_last; /* 0: whole line / to the end of the line */
static int separator = -1;       /* -1: blank-separated fields */

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Where field n (from 1) starts, at or after p; fields own their leading
 * blanks when there is no -t. */
static const char *field_start(const char *p, const char *end, long n)
{
	for (; n > 1 && p < end; n--) {
		if (separator >= 0) {
			while (p < end && *p != separator)
				p++;
			if (p < end)
				p++;
		} else {
			while (p < end && is_blank(*p))
				p++;
			while (p < end && !is_blank(*p))
				p++;
		}
	}
	return p;
}

static const char *field_end(const char *p, const char *end)
{
	if (separator >= 0) {
		while (p < end && *p != separator)
			p++;
		return p;
	}
	while (p < end && is_blank(*p))
		p++;
	while (p < end && !is_blank(*p))
		p++;
	return p;
}

static void key_of(const struct line *l, const char **start, const char **end)
{
	const char *line_end = l->text + l->len;

	*start = l->text;
	*end = line_end;
	if (key_first == 0)
		return;
	*start = field_start(l->text, line_end, key_first);
	if (key_last != 0)
		*end = field_end(field_start(*start, line_end, key_last - key_first + 1), line_end);
	if (*end < *start)
		*end = *start;
}

static int compare_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int d = memcmp(a, b, alen < blen ? alen : blen);

	if (d != 0)
		return d;
	return alen < blen ? -1 : alen > blen;
}

/* A key's leading number (after blanks); 0 if it has none. */
static double key_number(const char *start, const char *end)
{
	char buf[64];
	size_t n = (size_t)(end - start) < sizeof(buf) - 1 ? (size_t)(end - start) : sizeof(buf) - 1;

	memcpy(buf, start, n);
	buf[n] = '\0';
	return strtod(buf, NULL);
}

static int compare_keys(const struct line *a, const struct line *b)
{
	const char *as, *ae, *bs, *be;

	key_of(a, &as, &ae);
	key_of(b, &bs, &be);
	if (numeric) {
		double x = key_number(as, ae), y = key_number(bs, be);

		if (x != y)
			return x < y ? -1 : 1;
		return 0;
	}
	return compare_bytes(as, (size_t)(ae - as), bs, (size_t)(be - bs));
}

static int compare_lines(const void *pa, const void *pb)
{
	const struct line *a = pa, *b = pb;
	int d = compare_keys(a, b);

	/* The last resort, the whole line, is skipped for -u: which of the
	 * equal lines is kept must be the first one read. */
	if (d == 0 && !unique)
		d = compare_bytes(a->text, a->len, b->text, b->len);
	if (d != 0)
		return reverse ? -d : d;
	return a->index < b->index ? -1 : a->index > b->index;
}

static struct line *lines;
static size_t nlines, cap;

static void read_lines(FILE *f)
{
	char *buf = NULL;
	size_t bufcap = 0;
	ssize_t len;

	while ((len = read_line(&buf, &bufcap, f)) > 0) {
		if (buf[len - 1] == '\n')
			buf[--len] = '\0';
		if (nlines == cap) {
			cap = cap ? cap * 2 : 1024;
			lines = xrealloc(lines, cap * sizeof(*lines));
		}
		lines[nlines].text = xmalloc((size_t)len + 1);
		memcpy(lines[nlines].text, buf, (size_t)len + 1);
		lines[nlines].len = (size_t)len;
		lines[nlines].index = nlines;
		nlines++;
	}
	free(buf);
}

/* -k N[,M]: N and M may carry a ".C" character position, which is ignored. */
static void parse_key(const char *arg)
{
	char *end;

	key_first = strtol(arg, &end, 10);
	if (*end == '.')
		strtol(end + 1, &end, 10);
	if (*end == ',') {
		key_last = strtol(end + 1, &end, 10);
		if (*end == '.')
			strtol(end + 1, &end, 10);
	}
	/* Letters after a field (as in "2n") apply that option. */
	for (; *end != '\0'; end++) {
		if (*end == 'n')
			numeric = 1;
		else if (*end == 'r')
			reverse = 1;
		else
			break;
	}
	if (key_first < 1 || *end != '\0' || (key_last != 0 && key_last < key_first)) {
		warn_msg("invalid key: '%s'", arg);
		usage(SYNOPSIS);
	}
}

int main(int argc, char **argv)
{
	int status = 0, i, c;
	size_t k;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "nruk:t:")) != -1) {
		switch (c) {
		case 'n': numeric = 1; break;
		case 'r': reverse = 1; break;
		case 'u': unique = 1; break;
		case 'k': parse_key(opt_arg); break;
		case 't':
			if (strlen(opt_arg) != 1) {
				warn_msg("the separator must be a single character");
				usage(SYNOPSIS);
			}
			separator = (unsigned char)opt_arg[0];
			break;
		default: usage(SYNOPSIS);
		}
	}
	if (opt_ind == argc)
		read_lines(stdin);
	for (i = opt_ind; i < argc; i++) {
		FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");

		if (f == NULL) {
			warn_path(argv[i]);
			status = 1;
			continue;
		}
		read_lines(f);
		if (f != stdin)
			fclose(f);
	}
	qsort(lines, nlines, sizeof(*lines), compare_lines);
	for (k = 0; k < nlines; k++) {
		if (unique && k > 0 && compare_keys(&lines[k - 1], &lines[k]) == 0)
			continue;
		fwrite(lines[k].text, 1, lines[k].len, stdout);
		putchar('\n');
	}
	if (fflush(stdout) != 0) {
		warn_path("standard output");
		return 1;
	}
	return status;
}
