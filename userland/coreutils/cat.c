/* cat: copy files (or standard input, "-") to standard output. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

/* Copy one descriptor to standard output; the name is for messages. */
static int cat_fd(int fd, const char *name)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			warn_path(name);
			return -1;
		}
		if (write_all(STDOUT_FILENO, buf, (size_t)n) < 0) {
			warn_path("write error");
			return -1;
		}
	}
	return 0;
}

static int cat_path(const char *path)
{
	int fd, rc;

	if (strcmp(path, "-") == 0)
		return cat_fd(STDIN_FILENO, "-");
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		warn_path(path);
		return -1;
	}
	rc = cat_fd(fd, path);
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	int status = 0, c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "u")) != -1)
		if (c == '?')
			usage("[-u] [file...]");
	/* -u (unbuffered) is what cat always is. */
	if (opt_ind == argc)
		return cat_fd(STDIN_FILENO, "-") < 0;
	for (; opt_ind < argc; opt_ind++)
		if (cat_path(argv[opt_ind]) < 0)
			status = 1;
	return status;
}
