/* touch: set files' times to now, creating missing files (-c: don't create). */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static int touch(const char *path, int create)
{
	int fd;

	if (utimensat(AT_FDCWD, path, NULL, 0) == 0)
		return 0;
	if (errno != ENOENT) {
		warn_path(path);
		return -1;
	}
	if (!create)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT, 0666);
	if (fd < 0) {
		warn_path(path);
		return -1;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int create = 1, status = 0, c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "c")) != -1) {
		if (c == '?')
			usage("[-c] file...");
		create = 0;
	}
	if (opt_ind == argc)
		usage("[-c] file...");
	for (; opt_ind < argc; opt_ind++)
		if (touch(argv[opt_ind], create) < 0)
			status = 1;
	return status;
}
