/* cp: copy files; -r copies directories with their contents. */
#include <stdlib.h>
#include <sys/stat.h>

#include "common.h"
#include "tree.h"

#define SYNOPSIS "[-r] source dest | [-r] source... dir"

int main(int argc, char **argv)
{
	int recursive = 0, status = 0, c;
	const char *target;
	struct stat st;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "rRp")) != -1) {
		if (c == '?')
			usage(SYNOPSIS);
		if (c != 'p') /* -p: modes are kept anyway */
			recursive = 1;
	}
	if (argc - opt_ind < 2)
		usage(SYNOPSIS);
	target = argv[argc - 1];
	if (stat(target, &st) < 0 || !S_ISDIR(st.st_mode)) {
		if (argc - opt_ind > 2) {
			warn_msg("%s: not a directory", target);
			return 1;
		}
		return copy_tree(argv[opt_ind], target, recursive) < 0;
	}
	for (; opt_ind < argc - 1; opt_ind++) {
		char *name = last_name(argv[opt_ind]);
		char *dst = path_join(target, name);

		if (copy_tree(argv[opt_ind], dst, recursive) < 0)
			status = 1;
		free(dst);
		free(name);
	}
	return status;
}
