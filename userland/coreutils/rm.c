/* rm: remove files; -r removes directories and their contents; -f ignores
 * missing files and never fails for them. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "tree.h"

/* Is the last component of path "." or ".."? Removing those is refused. */
static int is_dot(const char *path)
{
	size_t len = strlen(path);
	const char *last;

	while (len > 1 && path[len - 1] == '/')
		len--;
	last = path + len;
	while (last > path && last[-1] != '/')
		last--;
	return (path + len - last == 1 && last[0] == '.') ||
	       (path + len - last == 2 && last[0] == '.' && last[1] == '.');
}

static int remove_one(const char *path, int recursive, int force)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		if (force && errno == ENOENT)
			return 0;
		warn_path(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0) {
			warn_path(path);
			return -1;
		}
		return 0;
	}
	if (!recursive) {
		errno = EISDIR;
		warn_path(path);
		return -1;
	}
	if (is_dot(path)) {
		warn_msg("refusing to remove '.' or '..' directory: skipping '%s'", path);
		return -1;
	}
	return remove_tree(path);
}

int main(int argc, char **argv)
{
	int recursive = 0, force = 0, status = 0, c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "rRf")) != -1) {
		if (c == '?')
			usage("[-rf] file...");
		if (c == 'f')
			force = 1;
		else
			recursive = 1;
	}
	if (opt_ind == argc && !force)
		usage("[-rf] file...");
	for (; opt_ind < argc; opt_ind++)
		if (remove_one(argv[opt_ind], recursive, force) < 0)
			status = 1;
	return status;
}
