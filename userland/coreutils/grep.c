/*
 * grep: print lines matching a pattern (POSIX regcomp/regexec).
 *   -E extended regex   -F fixed string   -e PATTERN (repeatable)
 *   -i ignore case      -v non-matching lines
 *   -n line numbers     -c counts only    -l names of matching files only
 *   -q quiet            -s no messages about unreadable files
 *   -r search directories recursively ("." with no file operands)
 *   -H / -h  always / never prefix lines with the file name
 * Exit status: 0 if a line was selected, 1 if none, 2 on error.
 */
#include <ctype.h>
#include <errno.h>
#include <sys/types.h> /* before regex.h, which needs off_t with newlib */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"

#define SYNOPSIS "[-EFcHhilnqrsv] [-e pattern]... [pattern] [file...]"

static int opt_fixed, opt_icase, opt_invert, opt_number, opt_count, opt_list, opt_quiet;
static int opt_silent, opt_recursive, show_names;

static char **patterns;
static regex_t *regexes;
static size_t npatterns;

static int matched_any, error;

static void add_pattern(const char *p)
{
	/* A pattern with newlines is one pattern per line, as in GNU grep. */
	const char *nl;

	do {
		nl = strchr(p, '\n');
		patterns = xrealloc(patterns, (npatterns + 1) * sizeof(*patterns));
		patterns[npatterns] = nl != NULL ? strndup(p, (size_t)(nl - p)) : xstrdup(p);
		if (patterns[npatterns] == NULL) {
			warn_msg("out of memory");
			exit(2);
		}
		npatterns++;
		p = nl + 1;
	} while (nl != NULL);
}

static void compile(int extended)
{
	int flags = REG_NOSUB | (extended ? REG_EXTENDED : 0) | (opt_icase ? REG_ICASE : 0);
	size_t i;

	regexes = xmalloc(npatterns * sizeof(*regexes));
	for (i = 0; i < npatterns; i++) {
		int rc;

		/* An empty pattern matches every line; some regcomps reject it. */
		if (opt_fixed || patterns[i][0] == '\0')
			continue;
		rc = regcomp(&regexes[i], patterns[i], flags);
		if (rc != 0) {
			char msg[128];

			regerror(rc, &regexes[i], msg, sizeof(msg));
			warn_msg("%s: %s", patterns[i], msg);
			exit(2);
		}
	}
}

/* strstr, ignoring case with -i. */
static int contains(const char *line, const char *s)
{
	size_t n = strlen(s);

	if (!opt_icase)
		return strstr(line, s) != NULL;
	for (; *line != '\0'; line++) {
		size_t i;

		for (i = 0; i < n && tolower((unsigned char)line[i]) == tolower((unsigned char)s[i]); i++)
			;
		if (i == n)
			return 1;
	}
	return n == 0;
}

static int matches(const char *line)
{
	size_t i;

	for (i = 0; i < npatterns; i++) {
		if (patterns[i][0] == '\0')
			return 1;
		if (opt_fixed ? contains(line, patterns[i]) :
				regexec(&regexes[i], line, 0, NULL, 0) == 0)
			return 1;
	}
	return 0;
}

/* Search one open file; name is what to print for it. */
static void grep_file(FILE *f, const char *name)
{
	static char *line;
	static size_t cap;
	unsigned long lineno = 0, count = 0;
	ssize_t len;

	while ((len = read_line(&line, &cap, f)) > 0) {
		lineno++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (matches(line) == opt_invert)
			continue;
		count++;
		matched_any = 1;
		if (opt_quiet)
			exit(0);
		if (opt_list)
			break;
		if (opt_count)
			continue;
		if (show_names)
			printf("%s:", name);
		if (opt_number)
			printf("%lu:", lineno);
		fwrite(line, 1, (size_t)len, stdout);
		putchar('\n');
	}
	if (opt_list && count > 0)
		puts(name);
	else if (opt_count && !opt_list) {
		if (show_names)
			printf("%s:", name);
		printf("%lu\n", count);
	}
}

static void complain(const char *path)
{
	if (!opt_silent)
		warn_path(path);
	error = 1;
}

static void grep_path(const char *path, int top);

/* Every entry of a directory; with dir "" (grep -r and no operands) the
 * entries of "." are named without a "./" in front. */
static void grep_dir(const char *dir)
{
	size_t n, i;
	char **names = read_dir(dir[0] != '\0' ? dir : ".", &n);

	if (names == NULL) {
		complain(dir);
		return;
	}
	for (i = 0; i < n; i++) {
		char *child = path_join(dir, names[i]);

		grep_path(child, 0);
		free(child);
	}
	free_names(names);
}

static void grep_path(const char *path, int top)
{
	struct stat st;
	FILE *f;

	if (strcmp(path, "-") == 0 && top) {
		grep_file(stdin, "(standard input)");
		return;
	}
	/* Inside a tree, symbolic links are not followed (as grep -r). */
	if ((top ? stat(path, &st) : lstat(path, &st)) < 0) {
		complain(path);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (opt_recursive) {
			grep_dir(path);
		} else {
			errno = EISDIR;
			complain(path);
		}
		return;
	}
	if (!top && !S_ISREG(st.st_mode))
		return;
	f = fopen(path, "r");
	if (f == NULL) {
		complain(path);
		return;
	}
	grep_file(f, path);
	fclose(f);
}

/* Will grep -r look into a directory? Then lines need their file names. */
static int searches_tree(char **files, int nfiles)
{
	struct stat st;

	if (!opt_recursive)
		return 0;
	return nfiles == 0 || (stat(files[0], &st) == 0 && S_ISDIR(st.st_mode));
}

int main(int argc, char **argv)
{
	int extended = 0, names_flag = -1, nfiles, c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "EFe:cHhilnqrRsv")) != -1) {
		switch (c) {
		case 'E': extended = 1; break;
		case 'F': opt_fixed = 1; break;
		case 'e': add_pattern(opt_arg); break;
		case 'c': opt_count = 1; break;
		case 'H': names_flag = 1; break;
		case 'h': names_flag = 0; break;
		case 'i': opt_icase = 1; break;
		case 'l': opt_list = 1; break;
		case 'n': opt_number = 1; break;
		case 'q': opt_quiet = 1; break;
		case 'r':
		case 'R': opt_recursive = 1; break;
		case 's': opt_silent = 1; break;
		case 'v': opt_invert = 1; break;
		default: usage(SYNOPSIS);
		}
	}
	if (npatterns == 0) {
		if (opt_ind == argc)
			usage(SYNOPSIS);
		add_pattern(argv[opt_ind++]);
	}
	compile(extended);
	nfiles = argc - opt_ind;
	show_names = names_flag >= 0 ? names_flag : nfiles > 1 || searches_tree(argv + opt_ind, nfiles);
	if (nfiles == 0 && opt_recursive)
		grep_dir("");
	else if (nfiles == 0)
		grep_file(stdin, "(standard input)");
	for (; opt_ind < argc; opt_ind++)
		grep_path(argv[opt_ind], 1);
	if (fflush(stdout) != 0)
		error = 1;
	return error ? 2 : !matched_any;
}
