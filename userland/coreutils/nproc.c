/* nproc: print how many CPUs this process may run on (sched_getaffinity),
 * or with --all how many the system has; --ignore=N takes N away, leaving
 * at least 1 (GNU coreutils' nproc, without OMP_NUM_THREADS). */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static long parse_count(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0) {
		warn_msg("invalid number: '%s'", s);
		exit(1);
	}
	return v;
}

int main(int argc, char **argv)
{
	long n, ignore = 0;
	int all = 0, i;
	cpu_set_t set;

	set_progname(argv[0]);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--all") == 0)
			all = 1;
		else if (strncmp(argv[i], "--ignore=", 9) == 0)
			ignore = parse_count(argv[i] + 9);
		else if (strcmp(argv[i], "--ignore") == 0 && i + 1 < argc)
			ignore = parse_count(argv[++i]);
		else
			usage("[--all] [--ignore=N]");
	}
	if (all)
		n = sysconf(_SC_NPROCESSORS_CONF);
	else if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
	else
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	n = n > ignore ? n - ignore : 1;
	printf("%ld\n", n);
	return 0;
}
