/*
 * env: print the environment, or run a command in a changed one.
 *   -i        start from an empty environment
 *   -u NAME   remove NAME
 *   NAME=VALUE... set variables, then the command and its arguments
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

#define SYNOPSIS "[-i] [-u name] [name=value]... [command [arg...]]"

extern char **environ;

int main(int argc, char **argv)
{
	static char *empty[] = { NULL };
	char **e;
	int c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "iu:")) != -1) {
		if (c == '?')
			usage(SYNOPSIS);
		if (c == 'i')
			environ = empty; /* newlib has no clearenv() */
		else
			unsetenv(opt_arg);
	}
	/* A lone "-" is the old spelling of -i. */
	if (opt_ind < argc && strcmp(argv[opt_ind], "-") == 0) {
		environ = empty;
		opt_ind++;
	}
	for (; opt_ind < argc && strchr(argv[opt_ind], '=') != NULL; opt_ind++) {
		char *eq = strchr(argv[opt_ind], '=');

		*eq = '\0';
		if (setenv(argv[opt_ind], eq + 1, 1) < 0) {
			*eq = '=';
			warn_path(argv[opt_ind]);
			return 125;
		}
	}
	if (opt_ind == argc) {
		for (e = environ; *e != NULL; e++)
			puts(*e);
		return 0;
	}
	execvp(argv[opt_ind], argv + opt_ind);
	/* As GNU env: 127 if there is no such command, 126 if it won't run. */
	c = errno == ENOENT ? 127 : 126;
	warn_path(argv[opt_ind]);
	return c;
}
