/*
 * df: free space of the file systems holding the given files (default /),
 * from statfs(), in KiB or with -h in 1.5K, 12M... form.  The file system's
 * name and mount point come from /proc/mounts.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>

#include "common.h"

#define SYNOPSIS "[-h] [file...]"

static int human;

/* The mount holding path: the longest mount point that is a prefix of it. */
static void find_mount(const char *path, char *source, char *point, size_t len)
{
	char real[PATH_MAX], src[PATH_MAX], dir[PATH_MAX];
	size_t best = 0;
	FILE *f;

	snprintf(source, len, "-");
	snprintf(point, len, "%s", path);
	if (realpath(path, real) == NULL || (f = fopen("/proc/mounts", "r")) == NULL)
		return;
	while (fscanf(f, "%4095s %4095s %*[^\n]", src, dir) == 2) {
		size_t n = strlen(dir);

		if (strncmp(real, dir, n) == 0 && (real[n] == '/' || real[n] == '\0' || n == 1) &&
		    n >= best) {
			best = n;
			snprintf(source, len, "%s", src);
			snprintf(point, len, "%s", dir);
		}
	}
	fclose(f);
}

static void field(unsigned long long kib, int width)
{
	char buf[32];

	if (human)
		human_size(kib * 1024, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%llu", kib);
	printf(" %*s", width, buf);
}

static int df(const char *path)
{
	char source[PATH_MAX], point[PATH_MAX];
	unsigned long long unit, total, used, avail;
	struct statfs sf;

	if (statfs(path, &sf) < 0) {
		warn_path(path);
		return -1;
	}
	find_mount(path, source, point, sizeof(point));
	unit = (unsigned long long)(sf.f_frsize ? sf.f_frsize : sf.f_bsize);
	total = sf.f_blocks * unit / 1024;
	used = (sf.f_blocks - sf.f_bfree) * unit / 1024;
	avail = sf.f_bavail * unit / 1024;
	printf("%-14s", source);
	field(total, human ? 5 : 9);
	field(used, human ? 5 : 8);
	field(avail, human ? 5 : 9);
	/* Use% is of the space non-root users can have, rounded up. */
	if (used + avail > 0)
		printf(" %3llu%%", (used * 100 + used + avail - 1) / (used + avail));
	else
		printf("    -");
	printf(" %s\n", point);
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0, c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "hk")) != -1) {
		if (c == '?')
			usage(SYNOPSIS);
		human = c == 'h';
	}
	if (human)
		puts("Filesystem      Size  Used Avail Use% Mounted on");
	else
		puts("Filesystem     1K-blocks     Used Available Use% Mounted on");
	if (opt_ind == argc)
		return df("/") < 0;
	for (; opt_ind < argc; opt_ind++)
		if (df(argv[opt_ind]) < 0)
			status = 1;
	return status;
}
