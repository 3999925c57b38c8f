/* renice: set the nice value of processes (-p, the default), process
 * groups (-g) or users' processes (-u, a name or a number) to PRIORITY, as
 * util-linux's renice does (PRIORITY absolute; -n before it is allowed),
 * printing "ID (process ID) old priority A, new priority B" for each.
 * Exit status 1 if any change failed. */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "common.h"

static const char *const kinds[] = { "process ID", "process group ID", "user ID" };

static int parse_int(const char *s, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return *s == '\0' || *end != '\0' || errno != 0 ? -1 : 0;
}

/* The id who names for which (a user may be a name); -1 if none. */
static int parse_who(int which, const char *s, id_t *who)
{
	struct passwd *pw;
	long v;

	if (parse_int(s, &v) == 0 && v >= 0) {
		*who = (id_t)v;
		return 0;
	}
	if (which == PRIO_USER && (pw = getpwnam(s)) != NULL) {
		*who = pw->pw_uid;
		return 0;
	}
	warn_msg("unknown %s: %s", which == PRIO_USER ? "user" : "id", s);
	return -1;
}

static int renice_one(int which, id_t who, int prio)
{
	int old, new;

	errno = 0;
	old = getpriority(which, who);
	if (old == -1 && errno != 0) {
		warn_msg("failed to get priority for %d (%s): %s", (int)who, kinds[which],
			 strerror(errno));
		return 1;
	}
	if (setpriority(which, who, prio) < 0) {
		warn_msg("failed to set priority for %d (%s): %s", (int)who, kinds[which],
			 strerror(errno));
		return 1;
	}
	errno = 0;
	new = getpriority(which, who);
	if (new == -1 && errno != 0)
		new = prio;
	printf("%d (%s) old priority %d, new priority %d\n", (int)who, kinds[which], old, new);
	return 0;
}

int main(int argc, char **argv)
{
	const char *synopsis = "[-n] PRIORITY [-p|-g|-u] ID...";
	int which = PRIO_PROCESS, status = 0, i = 1, any = 0;
	long prio;
	id_t who;

	set_progname(argv[0]);
	if (i < argc && (strcmp(argv[i], "-n") == 0 || strcmp(argv[i], "--priority") == 0))
		i++;
	if (i >= argc || parse_int(argv[i], &prio) < 0)
		usage(synopsis);
	for (i++; i < argc; i++) {
		if (strcmp(argv[i], "-p") == 0 || strcmp(argv[i], "--pid") == 0)
			which = PRIO_PROCESS;
		else if (strcmp(argv[i], "-g") == 0 || strcmp(argv[i], "--pgrp") == 0)
			which = PRIO_PGRP;
		else if (strcmp(argv[i], "-u") == 0 || strcmp(argv[i], "--user") == 0)
			which = PRIO_USER;
		else if (parse_who(which, argv[i], &who) < 0)
			status = 1, any = 1;
		else
			status |= renice_one(which, who, (int)prio), any = 1;
	}
	if (!any)
		usage(synopsis);
	return status;
}
