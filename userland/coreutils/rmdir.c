/* rmdir: remove empty directories; -p removes the emptied parents too. */
#include <string.h>
#include <unistd.h>

#include "common.h"

/* Remove path, then each parent named in it ("a/b/c", "a/b", "a"). */
static int remove_parents(char *path)
{
	char *slash;

	for (;;) {
		if (rmdir(path) < 0) {
			warn_path(path);
			return -1;
		}
		/* Trailing slashes do not start a new component. */
		while ((slash = strrchr(path, '/')) != NULL && slash[1] == '\0' && slash > path)
			*slash = '\0';
		if (slash == NULL || slash == path)
			return 0;
		*slash = '\0';
	}
}

int main(int argc, char **argv)
{
	int parents = 0, status = 0, c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "p")) != -1) {
		if (c == '?')
			usage("[-p] dir...");
		parents = 1;
	}
	if (opt_ind == argc)
		usage("[-p] dir...");
	for (; opt_ind < argc; opt_ind++) {
		if (parents) {
			if (remove_parents(argv[opt_ind]) < 0)
				status = 1;
		} else if (rmdir(argv[opt_ind]) < 0) {
			warn_path(argv[opt_ind]);
			status = 1;
		}
	}
	return status;
}
