/*
 * uniq: print input lines, leaving out repeats of the line before.
 *   -c  prefix each line with its number of repeats
 *   -d  only lines that were repeated   -u  only lines that were not
 *   uniq [input [output]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define SYNOPSIS "[-c] [-d|-u] [input [output]]"

static int show_count, only_repeated, only_single;

static void put_group(FILE *out, const char *line, size_t len, unsigned long count)
{
	if ((only_repeated && count < 2) || (only_single && count > 1))
		return;
	if (show_count)
		fprintf(out, "%7lu ", count);
	fwrite(line, 1, len, out);
	putc('\n', out);
}

int main(int argc, char **argv)
{
	char *line = NULL, *prev = NULL;
	size_t cap = 0, prev_len = 0;
	unsigned long count = 0;
	FILE *in = stdin, *out = stdout;
	ssize_t len;
	int c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "cdu")) != -1) {
		switch (c) {
		case 'c': show_count = 1; break;
		case 'd': only_repeated = 1; break;
		case 'u': only_single = 1; break;
		default: usage(SYNOPSIS);
		}
	}
	if (argc - opt_ind > 2)
		usage(SYNOPSIS);
	if (opt_ind < argc && strcmp(argv[opt_ind], "-") != 0 &&
	    (in = fopen(argv[opt_ind], "r")) == NULL) {
		warn_path(argv[opt_ind]);
		return 1;
	}
	if (opt_ind + 1 < argc && (out = fopen(argv[opt_ind + 1], "w")) == NULL) {
		warn_path(argv[opt_ind + 1]);
		return 1;
	}
	while ((len = read_line(&line, &cap, in)) > 0) {
		if (line[len - 1] == '\n')
			len--;
		if (count > 0 && (size_t)len == prev_len && memcmp(line, prev, prev_len) == 0) {
			count++;
			continue;
		}
		if (count > 0)
			put_group(out, prev, prev_len, count);
		prev = xrealloc(prev, (size_t)len + 1);
		memcpy(prev, line, (size_t)len);
		prev_len = (size_t)len;
		count = 1;
	}
	if (count > 0)
		put_group(out, prev, prev_len, count);
	if (fflush(out) != 0) {
		warn_path(opt_ind + 1 < argc ? argv[opt_ind + 1] : "standard output");
		return 1;
	}
	free(line);
	free(prev);
	return 0;
}
