/* mv: move (rename) files; across file systems it copies, then removes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "common.h"
#include "tree.h"

#define SYNOPSIS "source dest | source... dir"

static int move(const char *src, const char *dst)
{
	if (rename(src, dst) == 0)
		return 0;
	if (errno != EXDEV) {
		warn_path(src);
		return -1;
	}
	if (copy_tree(src, dst, 1) < 0)
		return -1;
	return remove_tree(src);
}

int main(int argc, char **argv)
{
	const char *target;
	struct stat st;
	int status = 0, c;

	set_progname(argv[0]);
	/* -f: mv never asks anyway. */
	while ((c = next_opt(argc, argv, "f")) != -1)
		if (c == '?')
			usage(SYNOPSIS);
	if (argc - opt_ind < 2)
		usage(SYNOPSIS);
	target = argv[argc - 1];
	if (stat(target, &st) < 0 || !S_ISDIR(st.st_mode)) {
		if (argc - opt_ind > 2) {
			warn_msg("%s: not a directory", target);
			return 1;
		}
		return move(argv[opt_ind], target) < 0;
	}
	for (; opt_ind < argc - 1; opt_ind++) {
		char *name = last_name(argv[opt_ind]);
		char *dst = path_join(target, name);

		if (move(argv[opt_ind], dst) < 0)
			status = 1;
		free(dst);
		free(name);
	}
	return status;
}
