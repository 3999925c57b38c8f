/* ln: make hard links, or symbolic ones with -s; -f replaces existing files. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

#define SYNOPSIS "[-sf] target [link] | [-sf] target... dir"

static int make_link(const char *target, const char *link_path, int symbolic, int force)
{
	int rc = symbolic ? symlink(target, link_path) : link(target, link_path);

	if (rc < 0 && errno == EEXIST && force) {
		if (unlink(link_path) < 0) {
			warn_path(link_path);
			return -1;
		}
		rc = symbolic ? symlink(target, link_path) : link(target, link_path);
	}
	if (rc < 0) {
		warn_path(link_path);
		return -1;
	}
	return 0;
}

/* Make a link to target inside dir, named after target's last component. */
static int link_into(const char *target, const char *dir, int symbolic, int force)
{
	char *name = last_name(target), *path = path_join(dir, name);
	int rc = make_link(target, path, symbolic, force);

	free(path);
	free(name);
	return rc;
}

int main(int argc, char **argv)
{
	int symbolic = 0, force = 0, status = 0, c;
	const char *last;
	struct stat st;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "sf")) != -1) {
		if (c == '?')
			usage(SYNOPSIS);
		if (c == 's')
			symbolic = 1;
		else
			force = 1;
	}
	if (argc - opt_ind < 1)
		usage(SYNOPSIS);
	if (argc - opt_ind == 1)
		return link_into(argv[opt_ind], ".", symbolic, force) < 0;
	last = argv[argc - 1];
	if (stat(last, &st) < 0 || !S_ISDIR(st.st_mode)) {
		if (argc - opt_ind > 2) {
			warn_msg("%s: not a directory", last);
			return 1;
		}
		return make_link(argv[opt_ind], last, symbolic, force) < 0;
	}
	for (; opt_ind < argc - 1; opt_ind++)
		if (link_into(argv[opt_ind], last, symbolic, force) < 0)
			status = 1;
	return status;
}
