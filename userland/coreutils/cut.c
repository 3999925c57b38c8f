/*
 * cut: print selected parts of lines.
 *   -f LIST  fields, separated by TAB or -d's character (-s: skip lines
 *            without one; other such lines are printed whole)
 *   -c LIST, -b LIST  characters (bytes)
 * LIST is comma-separated N, N-M, N- and -M, counting from 1.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define SYNOPSIS "-f list [-d delim] [-s] | -c list | -b list [file...]"

struct range {
	long lo, hi;
};

static struct range *ranges;
static size_t nranges;
static int mode, only_delimited; /* mode: 'f', 'c' or 'b' */
static char delim = '\t';

static void bad_list(const char *list)
{
	warn_msg("invalid list: '%s'", list);
	usage(SYNOPSIS);
}

/* A number in a list, at *p (advanced); 0 if there is none. */
static long list_number(const char **p, const char *list)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)**p))
		return 0;
	v = strtol(*p, &end, 10);
	if (v < 1)
		bad_list(list);
	*p = end;
	return v;
}

static void parse_list(const char *list)
{
	const char *p = list;

	do {
		struct range r;
		const char *start = p;

		r.lo = list_number(&p, list);
		r.hi = r.lo;
		if (*p == '-') {
			p++;
			r.hi = list_number(&p, list);
			if (r.lo == 0)
				r.lo = 1;
			if (r.hi == 0)
				r.hi = -1; /* to the end */
		}
		if (p == start || r.lo == 0 || (*p != ',' && *p != '\0') ||
		    (r.hi != -1 && r.hi < r.lo))
			bad_list(list);
		ranges = xrealloc(ranges, (nranges + 1) * sizeof(*ranges));
		ranges[nranges++] = r;
	} while (*p++ == ',');
}

static int selected(long n)
{
	size_t i;

	for (i = 0; i < nranges; i++)
		if (n >= ranges[i].lo && (ranges[i].hi == -1 || n <= ranges[i].hi))
			return 1;
	return 0;
}

static void cut_chars(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (selected((long)i + 1))
			putchar(line[i]);
	putchar('\n');
}

static void cut_fields(const char *line, size_t len)
{
	size_t start = 0, i;
	long field = 1;
	int printed = 0;

	if (memchr(line, delim, len) == NULL) {
		if (!only_delimited)
			printf("%.*s\n", (int)len, line);
		return;
	}
	for (i = 0; i <= len; i++) {
		if (i < len && line[i] != delim)
			continue;
		if (selected(field)) {
			if (printed++)
				putchar(delim);
			fwrite(line + start, 1, i - start, stdout);
		}
		field++;
		start = i + 1;
	}
	putchar('\n');
}

static void cut_file(FILE *f)
{
	static char *line;
	static size_t cap;
	ssize_t len;

	while ((len = read_line(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			len--;
		if (mode == 'f')
			cut_fields(line, (size_t)len);
		else
			cut_chars(line, (size_t)len);
	}
}

int main(int argc, char **argv)
{
	int status = 0, i, c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "f:c:b:d:s")) != -1) {
		switch (c) {
		case 'f':
		case 'c':
		case 'b':
			mode = c;
			parse_list(opt_arg);
			break;
		case 'd':
			if (strlen(opt_arg) != 1) {
				warn_msg("the delimiter must be a single character");
				usage(SYNOPSIS);
			}
			delim = opt_arg[0];
			break;
		case 's':
			only_delimited = 1;
			break;
		default:
			usage(SYNOPSIS);
		}
	}
	if (mode == 0)
		usage(SYNOPSIS);
	if (opt_ind == argc)
		cut_file(stdin);
	for (i = opt_ind; i < argc; i++) {
		FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");

		if (f == NULL) {
			warn_path(argv[i]);
			status = 1;
			continue;
		}
		cut_file(f);
		if (f != stdin)
			fclose(f);
	}
	return status;
}
