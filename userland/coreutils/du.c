/*
 * du: disk usage of files and directories, in KiB (-h: 1.5K, 12M...), for
 * each directory under the operands (default "."); -s prints only the
 * operands' totals.  Files with several links are counted once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "common.h"

#define SYNOPSIS "[-sh] [file...]"

static int summarize, human;
static int status;

/* The (device, inode)s of multiply-linked files already counted. */
static struct seen {
	dev_t dev;
	ino_t ino;
} *seen;
static size_t nseen;

static int counted_before(const struct stat *st)
{
	size_t i;

	if (S_ISDIR(st->st_mode) || st->st_nlink < 2)
		return 0;
	for (i = 0; i < nseen; i++)
		if (seen[i].dev == st->st_dev && seen[i].ino == st->st_ino)
			return 1;
	seen = xrealloc(seen, (nseen + 1) * sizeof(*seen));
	seen[nseen].dev = st->st_dev;
	seen[nseen++].ino = st->st_ino;
	return 0;
}

static void report(unsigned long long bytes, const char *path)
{
	char buf[32];

	if (human)
		human_size(bytes, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%llu", (bytes + 1023) / 1024);
	printf("%s\t%s\n", buf, path);
}

/* Bytes used by path and all under it; directories are reported after
 * their contents, as GNU du does. */
static unsigned long long usage_of(const char *path, int top)
{
	unsigned long long total;
	struct stat st;
	size_t n, i;
	char **names;

	if (lstat(path, &st) < 0) {
		warn_path(path);
		status = 1;
		return 0;
	}
	if (counted_before(&st))
		return 0;
	total = (unsigned long long)st.st_blocks * 512;
	if (S_ISDIR(st.st_mode)) {
		names = read_dir(path, &n);
		if (names == NULL) {
			warn_path(path);
			status = 1;
		} else {
			for (i = 0; i < n; i++) {
				char *child = path_join(path, names[i]);

				total += usage_of(child, 0);
				free(child);
			}
			free_names(names);
		}
	}
	if (top || (!summarize && S_ISDIR(st.st_mode)))
		report(total, path);
	return total;
}

int main(int argc, char **argv)
{
	int c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "sh")) != -1) {
		if (c == '?')
			usage(SYNOPSIS);
		if (c == 's')
			summarize = 1;
		else
			human = 1;
	}
	if (opt_ind == argc)
		usage_of(".", 1);
	for (; opt_ind < argc; opt_ind++)
		usage_of(argv[opt_ind], 1);
	return status;
}
