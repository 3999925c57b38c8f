/* head: print the first lines (-n N, default 10) or bytes (-c N) of files. */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

#define SYNOPSIS "[-n lines | -c bytes] [file...]"

/* Copy the first `limit` lines (or bytes) of fd to standard output. */
static int head_fd(int fd, const char *name, long limit, int bytes)
{
	char buf[8192];
	ssize_t n, i;

	while (limit > 0 && (n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			warn_path(name);
			return -1;
		}
		if (bytes) {
			i = n < limit ? n : limit;
			limit -= i;
		} else {
			for (i = 0; i < n && limit > 0; i++)
				if (buf[i] == '\n')
					limit--;
		}
		if (write_all(STDOUT_FILENO, buf, (size_t)i) < 0) {
			warn_path("standard output");
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int bytes = 0, status = 0, nfiles, i, c;
	long limit = 10;

	set_progname(argv[0]);
	/* The old form "head -5" still appears in scripts. */
	if (argc > 1 && argv[1][0] == '-' && isdigit((unsigned char)argv[1][1])) {
		if (parse_long(argv[1] + 1, &limit) < 0)
			usage(SYNOPSIS);
		opt_ind = 2;
	}
	while ((c = next_opt(argc, argv, "n:c:")) != -1) {
		if (c == '?' || parse_long(opt_arg, &limit) < 0 || limit < 0) {
			if (c != '?')
				warn_msg("invalid number: '%s'", opt_arg);
			usage(SYNOPSIS);
		}
		bytes = c == 'c';
	}
	nfiles = argc - opt_ind;
	if (nfiles == 0)
		return head_fd(STDIN_FILENO, "-", limit, bytes) < 0;
	for (i = opt_ind; i < argc; i++) {
		int fd = strcmp(argv[i], "-") == 0 ? STDIN_FILENO : open(argv[i], O_RDONLY);

		if (fd < 0) {
			warn_path(argv[i]);
			status = 1;
			continue;
		}
		if (nfiles > 1) {
			printf("%s==> %s <==\n", i > opt_ind ? "\n" : "", argv[i]);
			fflush(stdout);
		}
		if (head_fd(fd, argv[i], limit, bytes) < 0)
			status = 1;
		if (fd != STDIN_FILENO)
			close(fd);
	}
	return status;
}
