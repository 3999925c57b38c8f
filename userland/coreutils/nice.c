/* nice: with no command, print the nice value; else run the command with
 * the nice value raised by -n N (default 10; a negative N lowers it, for
 * root).  As GNU nice: the old forms -N and --N work too; a change refused
 * (EPERM, EACCES) is a warning and the command still runs; 125 if nice
 * itself fails, 126 if the command cannot run, 127 if it is not found. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static int parse_adj(const char *s, int *adj)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0)
		return -1;
	*adj = v < -40 ? -40 : v > 40 ? 40 : (int)v; /* the kernel clamps to -20..19 */
	return 0;
}

int main(int argc, char **argv)
{
	const char *synopsis = "[-n N] [COMMAND [ARG]...]";
	int adj = 10, c, cur;

	set_progname(argv[0]);
	if (argc > 1 && argv[1][0] == '-' && (argv[1][1] >= '0' && argv[1][1] <= '9')) {
		if (parse_adj(argv[1] + 1, &adj) < 0)
			usage(synopsis);
		opt_ind = 2;
	} else if (argc > 1 && strncmp(argv[1], "--", 2) == 0 && argv[1][2] >= '0' &&
		   argv[1][2] <= '9') {
		if (parse_adj(argv[1] + 1, &adj) < 0) /* "--5": -5 */
			usage(synopsis);
		opt_ind = 2;
	} else {
		while ((c = next_opt(argc, argv, "n:")) != -1) {
			if (c != 'n' || parse_adj(opt_arg, &adj) < 0) {
				if (c == 'n')
					warn_msg("invalid adjustment '%s'", opt_arg);
				usage(synopsis);
			}
		}
	}
	if (opt_ind >= argc) {
		if (adj != 10 || opt_ind > 1) {
			warn_msg("a command must be given with an adjustment");
			return 125;
		}
		errno = 0;
		cur = nice(0);
		if (cur == -1 && errno != 0) {
			warn_path("cannot get niceness");
			return 125;
		}
		printf("%d\n", cur);
		return 0;
	}
	errno = 0;
	if (nice(adj) == -1 && errno != 0) {
		if (errno != EPERM && errno != EACCES) {
			warn_path("cannot set niceness");
			return 125;
		}
		warn_path("cannot set niceness"); /* GNU: a warning, and the command runs */
	}
	execvp(argv[opt_ind], argv + opt_ind);
	c = errno;
	warn_path(argv[opt_ind]);
	return c == ENOENT ? 127 : 126;
}
