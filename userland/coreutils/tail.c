/*
 * tail: print the last lines (-n N, default 10) or bytes (-c N) of files;
 * -n +N starts at line N instead.  -f keeps the files open and, once a
 * second, prints whatever has been added to them.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

#define SYNOPSIS "[-f] [-n [+]lines | -c [+]bytes] [file...]"

static long count = 10;
static int from_start, bytes;

static int out(const char *buf, size_t len)
{
	if (write_all(STDOUT_FILENO, buf, len) < 0) {
		warn_path("standard output");
		return -1;
	}
	return 0;
}

/* Everything left in fd, in a fresh buffer. */
static char *slurp(int fd, const char *name, size_t *len)
{
	size_t cap = 8192;
	char *buf = xmalloc(cap);
	ssize_t n;

	*len = 0;
	while ((n = read(fd, buf + *len, cap - *len)) > 0) {
		*len += (size_t)n;
		if (*len == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	if (n < 0) {
		warn_path(name);
		free(buf);
		return NULL;
	}
	return buf;
}

/* Where the last `count` lines (or bytes) of buf begin. */
static size_t tail_start(const char *buf, size_t len)
{
	size_t i = len;
	long lines = count;

	if (bytes)
		return (size_t)count < len ? len - (size_t)count : 0;
	if (count == 0)
		return len;
	if (i > 0 && buf[i - 1] == '\n') /* the last line's own newline */
		i--;
	for (; i > 0; i--)
		if (buf[i - 1] == '\n' && --lines < 1)
			break;
	return lines < 1 ? i : 0;
}

/* Where output begins for "+N": after N-1 lines (or bytes). */
static size_t skip_start(const char *buf, size_t len)
{
	long skip = count > 0 ? count - 1 : 0;
	size_t i;

	if (bytes)
		return (size_t)skip < len ? (size_t)skip : len;
	for (i = 0; i < len && skip > 0; i++)
		if (buf[i] == '\n')
			skip--;
	return i;
}

static int tail_fd(int fd, const char *name)
{
	size_t len, start;
	char *buf = slurp(fd, name, &len);
	int rc;

	if (buf == NULL)
		return -1;
	start = from_start ? skip_start(buf, len) : tail_start(buf, len);
	rc = out(buf + start, len - start);
	free(buf);
	return rc;
}

/* Print what is added to the files, for ever. names[i] is fds[i]'s name. */
static void follow(int *fds, char **names, int n)
{
	char buf[8192];
	int last = n - 1, i;

	for (;;) {
		sleep(1);
		for (i = 0; i < n; i++) {
			struct stat st;
			ssize_t got;

			if (fds[i] < 0)
				continue;
			if (fstat(fds[i], &st) == 0 && S_ISREG(st.st_mode) &&
			    st.st_size < lseek(fds[i], 0, SEEK_CUR)) {
				warn_msg("%s: file truncated", names[i]);
				lseek(fds[i], 0, SEEK_SET);
			}
			while ((got = read(fds[i], buf, sizeof(buf))) > 0) {
				if (n > 1 && i != last) {
					printf("\n==> %s <==\n", names[i]);
					fflush(stdout);
					last = i;
				}
				if (out(buf, (size_t)got) < 0)
					exit(1);
			}
		}
	}
}

/* Parse the count of -n/-c: N, or +N to start there. */
static void parse_count(const char *s)
{
	from_start = *s == '+';
	if (parse_long(s + from_start, &count) < 0 || count < 0) {
		warn_msg("invalid number: '%s'", s);
		usage(SYNOPSIS);
	}
}

int main(int argc, char **argv)
{
	int forever = 0, status = 0, nfiles, i, c;
	static char *stdin_name[] = { "-" };
	char **names;
	int *fds;

	set_progname(argv[0]);
	/* The old form "tail -5" still appears in scripts. */
	if (argc > 1 && argv[1][0] == '-' && isdigit((unsigned char)argv[1][1])) {
		parse_count(argv[1] + 1);
		opt_ind = 2;
	}
	while ((c = next_opt(argc, argv, "fn:c:")) != -1) {
		if (c == '?')
			usage(SYNOPSIS);
		if (c == 'f') {
			forever = 1;
			continue;
		}
		parse_count(opt_arg);
		bytes = c == 'c';
	}
	nfiles = argc - opt_ind;
	names = nfiles > 0 ? argv + opt_ind : stdin_name;
	if (nfiles == 0)
		nfiles = 1;
	fds = xmalloc((size_t)nfiles * sizeof(*fds));
	for (i = 0; i < nfiles; i++) {
		fds[i] = strcmp(names[i], "-") == 0 ? STDIN_FILENO : open(names[i], O_RDONLY);
		if (fds[i] < 0) {
			warn_path(names[i]);
			status = 1;
			continue;
		}
		if (nfiles > 1) {
			printf("%s==> %s <==\n", i > 0 ? "\n" : "", names[i]);
			fflush(stdout);
		}
		if (tail_fd(fds[i], names[i]) < 0)
			status = 1;
	}
	if (forever)
		follow(fds, names, nfiles);
	return status;
}
