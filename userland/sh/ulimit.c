/*
 * ulimit: the shell's view of getrlimit/setrlimit, with the options of
 * bash and dash for the limits Breenix enforces and reports:
 *   ulimit [-H|-S] [-a | -c|-n|-s|-u|-v [limit]]
 * -f (the default, as POSIX says) is the file size.  Sizes are shown and
 * taken in KiB for -c, -f, -s and -v, as in other shells; "unlimited" is
 * RLIM_INFINITY.  Setting without -H or -S sets both limits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "sh.h"

struct limit {
	char opt;
	int resource;
	unsigned long unit;
	const char *name;
};

static const struct limit limits[] = {
	{ 'c', RLIMIT_CORE, 1024, "core file size (KiB)" },
	{ 'f', RLIMIT_FSIZE, 1024, "file size (KiB)" },
	{ 'n', RLIMIT_NOFILE, 1, "open files" },
	{ 's', RLIMIT_STACK, 1024, "stack size (KiB)" },
	{ 'u', RLIMIT_NPROC, 1, "processes" },
	{ 'v', RLIMIT_AS, 1024, "virtual memory (KiB)" },
};

static const struct limit *find_limit(char opt)
{
	size_t i;

	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
		if (limits[i].opt == opt)
			return &limits[i];
	return NULL;
}

static void show(const struct limit *l, int hard, int label)
{
	struct rlimit r;
	rlim_t v;

	if (getrlimit(l->resource, &r) != 0) {
		fprintf(stderr, "sh: ulimit: %s\n", strerror(errno));
		return;
	}
	v = hard ? r.rlim_max : r.rlim_cur;
	if (label)
		printf("%-24s(-%c) ", l->name, l->opt);
	if (v == RLIM_INFINITY)
		printf("unlimited\n");
	else
		printf("%lu\n", (unsigned long)(v / l->unit));
}

static int set(const struct limit *l, const char *arg, int which)
{
	struct rlimit r;
	rlim_t v;
	char *end;

	if (strcmp(arg, "unlimited") == 0) {
		v = RLIM_INFINITY;
	} else {
		unsigned long n = strtoul(arg, &end, 10);

		if (*arg < '0' || *arg > '9' || *end != '\0') {
			fprintf(stderr, "sh: ulimit: %s: bad number\n", arg);
			return 2;
		}
		v = (rlim_t)n * l->unit;
	}
	if (getrlimit(l->resource, &r) != 0)
		goto fail;
	if (which != 'S')
		r.rlim_max = v;
	if (which != 'H')
		r.rlim_cur = v;
	if (setrlimit(l->resource, &r) == 0)
		return 0;
fail:
	fprintf(stderr, "sh: ulimit: %s: %s\n", l->name, strerror(errno));
	return 1;
}

int builtin_ulimit(struct shell *sh, char **argv)
{
	const struct limit *l = find_limit('f');
	int which = 0, all = 0, i;
	size_t k;

	(void)sh;
	for (i = 1; argv[i] != NULL && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		const char *o;

		for (o = argv[i] + 1; *o != '\0'; o++) {
			if (*o == 'H' || *o == 'S')
				which = *o;
			else if (*o == 'a')
				all = 1;
			else if ((l = find_limit(*o)) == NULL) {
				fprintf(stderr, "sh: ulimit: -%c: unknown option\n", *o);
				return 2;
			}
		}
	}
	if (all) {
		for (k = 0; k < sizeof(limits) / sizeof(limits[0]); k++)
			show(&limits[k], which == 'H', 1);
		return 0;
	}
	if (argv[i] == NULL) {
		show(l, which == 'H', 0);
		return 0;
	}
	return set(l, argv[i], which);
}
