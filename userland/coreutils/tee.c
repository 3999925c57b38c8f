/* tee: copy standard input to standard output and to files (-a: append). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char **argv)
{
	int flags = O_WRONLY | O_CREAT | O_TRUNC, status = 0, nout = 1, i, c;
	char buf[8192];
	const char **names;
	int *fds;
	ssize_t n;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "ai")) != -1) {
		if (c == '?')
			usage("[-ai] [file...]");
		if (c == 'a')
			flags = O_WRONLY | O_CREAT | O_APPEND;
		else
			signal(SIGINT, SIG_IGN);
	}
	fds = xmalloc((size_t)(argc - opt_ind + 1) * sizeof(*fds));
	names = xmalloc((size_t)(argc - opt_ind + 1) * sizeof(*names));
	fds[0] = STDOUT_FILENO;
	names[0] = "standard output";
	for (i = opt_ind; i < argc; i++) {
		fds[nout] = open(argv[i], flags, 0666);
		names[nout] = argv[i];
		if (fds[nout] < 0) {
			warn_path(argv[i]);
			status = 1;
		} else {
			nout++;
		}
	}
	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			warn_path("standard input");
			return 1;
		}
		/* A failed output is dropped; the others still get everything. */
		for (i = 0; i < nout; i++)
			if (fds[i] >= 0 && write_all(fds[i], buf, (size_t)n) < 0) {
				warn_path(names[i]);
				fds[i] = -1;
				status = 1;
			}
	}
	for (i = 1; i < nout; i++)
		if (fds[i] >= 0 && close(fds[i]) < 0) {
			warn_path(names[i]);
			status = 1;
		}
	return status;
}
