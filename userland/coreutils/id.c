/*
 * id: print the user and group ids with their names, from getuid/getgid and
 * /etc/passwd, /etc/group: "uid=0(root) gid=0(root) groups=0(root)".
 *   -u, -g, -G  only the user id, the group id, or all group ids
 *   -n          names instead of numbers (with -u, -g or -G)
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

#include "common.h"

#define SYNOPSIS "[-u|-g|-G [-n]]"
#define MAX_GROUPS 64

static const char *user_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	return pw != NULL ? pw->pw_name : NULL;
}

static const char *group_name(gid_t gid)
{
	struct group *gr = getgrgid(gid);

	return gr != NULL ? gr->gr_name : NULL;
}

/* "uid=0(root)", or just "uid=0" when the id has no name. */
static void print_id(const char *prefix, unsigned id, const char *name)
{
	printf("%s%u", prefix, id);
	if (name != NULL)
		printf("(%s)", name);
}

/* The primary group, then the supplementary ones (without repeating it). */
static int all_groups(gid_t *groups)
{
	gid_t extra[MAX_GROUPS];
	int n = 1, i, m = getgroups(MAX_GROUPS, extra);

	groups[0] = getegid();
	for (i = 0; i < m; i++)
		if (extra[i] != groups[0])
			groups[n++] = extra[i];
	return n;
}

/* -u, -g or -G: the bare numbers (or names with -n). */
static void print_only(int what, int names)
{
	gid_t groups[MAX_GROUPS + 1];
	int n, i;

	if (what == 'u') {
		const char *name = names ? user_name(geteuid()) : NULL;

		if (name != NULL)
			puts(name);
		else
			printf("%u\n", (unsigned)geteuid());
		return;
	}
	if (what == 'g') {
		groups[0] = getegid();
		n = 1;
	} else {
		n = all_groups(groups);
	}
	for (i = 0; i < n; i++) {
		const char *name = names ? group_name(groups[i]) : NULL;

		if (name != NULL)
			printf("%s%s", i ? " " : "", name);
		else
			printf("%s%u", i ? " " : "", (unsigned)groups[i]);
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	gid_t groups[MAX_GROUPS + 1];
	int what = 0, names = 0, n, i, c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "ugGn")) != -1) {
		if (c == '?')
			usage(SYNOPSIS);
		if (c == 'n')
			names = 1;
		else
			what = c;
	}
	if (opt_ind < argc || (names && !what))
		usage(SYNOPSIS);
	if (what) {
		print_only(what, names);
		return 0;
	}
	print_id("uid=", (unsigned)getuid(), user_name(getuid()));
	print_id(" gid=", (unsigned)getgid(), group_name(getgid()));
	if (geteuid() != getuid())
		print_id(" euid=", (unsigned)geteuid(), user_name(geteuid()));
	if (getegid() != getgid())
		print_id(" egid=", (unsigned)getegid(), group_name(getegid()));
	n = all_groups(groups);
	for (i = 0; i < n; i++)
		print_id(i == 0 ? " groups=" : ",", (unsigned)groups[i], group_name(groups[i]));
	putchar('\n');
	return 0;
}
