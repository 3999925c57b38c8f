/*
 * mount: list the mounts (/proc/mounts), mount a file system, or mount what
 * /etc/fstab lists (-a; entries with "noauto" are left out, and a missing
 * device is skipped quietly when the entry says "nofail").
 *
 *   mount                          the table
 *   mount [-r] [-t type] [-o opts] DEVICE DIR
 *   mount [-o opts] DIR|DEVICE     the rest from /etc/fstab
 *   mount -a                       every fstab entry
 *
 * Options: ro, rw, nosuid, suid, nodev, dev, noexec, exec, remount,
 * defaults, and fstab's noauto and nofail.  Linux's mount(2) does the work.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"

#define SYNOPSIS "[-a] [-r] [-t type] [-o options] [device] [dir]"

#define F_RDONLY 1ul
#define F_NOSUID 2ul
#define F_NODEV 4ul
#define F_NOEXEC 8ul
#define F_REMOUNT 32ul

struct opts {
	unsigned long flags;
	int noauto, nofail;
};

/* Apply a comma-separated option list: 0, or -1 for one we do not know. */
static int parse_opts(const char *list, struct opts *o)
{
	static const struct { const char *name; unsigned long set, clear; } tab[] = {
		{ "ro", F_RDONLY, 0 }, { "rw", 0, F_RDONLY }, { "nosuid", F_NOSUID, 0 },
		{ "suid", 0, F_NOSUID }, { "nodev", F_NODEV, 0 }, { "dev", 0, F_NODEV },
		{ "noexec", F_NOEXEC, 0 }, { "exec", 0, F_NOEXEC }, { "remount", F_REMOUNT, 0 },
		{ "defaults", 0, 0 }, { "auto", 0, 0 },
	};
	char *copy = xstrdup(list), *tok, *save = NULL;
	size_t i;
	int ret = 0;

	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "noauto") == 0) {
			o->noauto = 1;
			continue;
		}
		if (strcmp(tok, "nofail") == 0) {
			o->nofail = 1;
			continue;
		}
		for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
			if (strcmp(tok, tab[i].name) == 0)
				break;
		if (i == sizeof(tab) / sizeof(tab[0])) {
			warn_msg("unknown option %s", tok);
			ret = -1;
			continue;
		}
		o->flags = (o->flags | tab[i].set) & ~tab[i].clear;
	}
	free(copy);
	return ret;
}

static int do_mount(const char *dev, const char *dir, const char *type, const struct opts *o)
{
	if (syscall(SYS_mount, dev, dir, type, o->flags, NULL) < 0) {
		if (o->nofail && errno == ENOENT)
			return 0;
		warn_msg("%s on %s: %s", dev, dir, strerror(errno));
		return -1;
	}
	return 0;
}

static int show_table(void)
{
	FILE *f = fopen("/proc/mounts", "r");
	char *line = NULL;
	size_t cap = 0;
	char src[256], dir[256], type[64], opts[256];

	if (f == NULL) {
		warn_path("/proc/mounts");
		return 1;
	}
	while (read_line(&line, &cap, f) >= 0)
		if (sscanf(line, "%255s %255s %63s %255s", src, dir, type, opts) == 4)
			printf("%s on %s type %s (%s)\n", src, dir, type, opts);
	free(line);
	fclose(f);
	return 0;
}

/*
 * Walk /etc/fstab: with all, mount every entry; otherwise the one whose
 * device or directory is want, with extra options laid over its own.
 */
static int fstab(int all, const char *want, const char *extra, unsigned long forced)
{
	FILE *f = fopen("/etc/fstab", "r");
	char *line = NULL;
	size_t cap = 0;
	char dev[256], dir[256], type[64], opts[256];
	int status = 0, found = 0;

	if (f == NULL) {
		warn_path("/etc/fstab");
		return 1;
	}
	while (read_line(&line, &cap, f) >= 0) {
		struct opts o = { forced, 0, 0 };

		if (line[0] == '#' || sscanf(line, "%255s %255s %63s %255s", dev, dir, type, opts) != 4)
			continue;
		if (!all && strcmp(dev, want) != 0 && strcmp(dir, want) != 0)
			continue;
		found = 1;
		if (parse_opts(opts, &o) < 0 || (extra != NULL && parse_opts(extra, &o) < 0)) {
			status = 1;
			continue;
		}
		if (all && o.noauto)
			continue;
		if (do_mount(dev, dir, type, &o) < 0)
			status = 1;
		if (!all)
			break;
	}
	free(line);
	fclose(f);
	if (!all && !found) {
		warn_msg("%s: not in /etc/fstab", want);
		status = 1;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct opts o = { 0, 0, 0 };
	const char *type = "ext2", *extra = NULL;
	int all = 0, c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "art:o:")) != -1) {
		switch (c) {
		case 'a': all = 1; break;
		case 'r': o.flags |= F_RDONLY; break;
		case 't': type = opt_arg; break;
		case 'o': extra = opt_arg; break;
		default: usage(SYNOPSIS);
		}
	}
	if (extra != NULL && parse_opts(extra, &o) < 0)
		return 2;
	if (all)
		return opt_ind == argc ? fstab(1, NULL, NULL, o.flags) : (usage(SYNOPSIS), 2);
	if (opt_ind == argc)
		return show_table();
	if (opt_ind + 1 == argc) {
		if (o.flags & F_REMOUNT)
			return do_mount("none", argv[opt_ind], type, &o) < 0;
		return fstab(0, argv[opt_ind], extra, o.flags & F_RDONLY);
	}
	if (opt_ind + 2 != argc)
		usage(SYNOPSIS);
	return do_mount(argv[opt_ind], argv[opt_ind + 1], type, &o) < 0;
}
