/* pwd: print the current directory. */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char **argv)
{
	char buf[PATH_MAX];
	int c;

	set_progname(argv[0]);
	/* -L and -P are accepted; without symbolic-link tracking both are -P. */
	while ((c = next_opt(argc, argv, "LP")) != -1)
		if (c == '?')
			usage("[-L|-P]");
	if (getcwd(buf, sizeof(buf)) == NULL) {
		warn_path(".");
		return 1;
	}
	puts(buf);
	return 0;
}
