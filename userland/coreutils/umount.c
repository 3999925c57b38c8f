/*
 * umount: unmount the file systems mounted on the given directories (or
 * devices, looked up in /proc/mounts).  -f asks to force (Linux's
 * MNT_FORCE; Breenix ignores it), -r remounts read-only when the file
 * system is busy.  Linux's umount2(2) does the work.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"

#define SYNOPSIS "[-f] [-r] dir|device..."

/* The mount point of device dev, from /proc/mounts, or dev itself. */
static const char *mount_point(const char *dev, char *buf, size_t len)
{
	FILE *f = fopen("/proc/mounts", "r");
	char src[256], dir[256];
	char *line = NULL;
	size_t cap = 0;
	const char *ret = dev;

	while (f != NULL && read_line(&line, &cap, f) >= 0)
		if (sscanf(line, "%255s %255s", src, dir) == 2 && strcmp(src, dev) == 0) {
			snprintf(buf, len, "%s", dir);
			ret = buf;
		}
	free(line);
	if (f != NULL)
		fclose(f);
	return ret;
}

int main(int argc, char **argv)
{
	int force = 0, ro = 0, status = 0, c;
	char buf[256];

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "fr")) != -1) {
		if (c == 'f')
			force = 1;
		else if (c == 'r')
			ro = 1;
		else
			usage(SYNOPSIS);
	}
	if (opt_ind == argc)
		usage(SYNOPSIS);
	for (; opt_ind < argc; opt_ind++) {
		const char *dir = mount_point(argv[opt_ind], buf, sizeof(buf));

		if (syscall(SYS_umount2, dir, force ? 1 : 0) == 0)
			continue;
		if (ro && errno == EBUSY &&
		    syscall(SYS_mount, "none", dir, "ext2", 32ul | 1ul, NULL) == 0) {
			warn_msg("%s: busy: remounted read-only", dir);
			continue;
		}
		warn_msg("%s: %s", dir, strerror(errno));
		status = 1;
	}
	return status;
}
