/* mkdir: make directories; -p makes missing parents and accepts existing ones. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"

/* Does path name a directory already? (mkdir -p is then satisfied.) */
static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Make every component of path in turn, like mkdir -p. */
static int make_parents(char *path)
{
	char *p = path;

	for (;;) {
		while (*p == '/')
			p++;
		p += strcspn(p, "/");
		if (*p == '\0')
			break;
		*p = '\0';
		if (mkdir(path, 0777) < 0 && !(errno == EEXIST && is_dir(path))) {
			warn_path(path);
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, 0777) < 0 && !(errno == EEXIST && is_dir(path))) {
		warn_path(path);
		return -1;
	}
	return 0;
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
			if (make_parents(argv[opt_ind]) < 0)
				status = 1;
		} else if (mkdir(argv[opt_ind], 0777) < 0) {
			warn_path(argv[opt_ind]);
			status = 1;
		}
	}
	return status;
}
