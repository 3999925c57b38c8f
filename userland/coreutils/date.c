/*
 * date: print the date and time, by default as "Wed Nov 25 17:39:54 UTC 2026";
 * +FORMAT uses strftime's conversions; -u uses UTC.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char **argv)
{
	const char *format = "%a %b %e %H:%M:%S %Z %Y";
	size_t cap = 256, len;
	char *buf;
	time_t now;
	int c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "u")) != -1) {
		if (c == '?')
			usage("[-u] [+format]");
		setenv("TZ", "UTC0", 1);
	}
	if (opt_ind < argc) {
		if (argv[opt_ind][0] != '+' || opt_ind + 1 < argc)
			usage("[-u] [+format]");
		format = argv[opt_ind] + 1;
	}
	/* Without TZ or a zone file both C libraries use UTC, but newlib would
	 * call it "GMT": name it as glibc does. */
	if (getenv("TZ") == NULL && access("/etc/localtime", F_OK) < 0)
		setenv("TZ", "UTC0", 1);
	tzset();
	now = time(NULL);
	/* strftime gives 0 both for "too small" and for an empty result: grow
	 * the buffer a few times, then accept that the result is empty. */
	for (;;) {
		buf = xmalloc(cap);
		len = strftime(buf, cap, format, localtime(&now));
		if (len > 0 || cap > 64 * 1024 || *format == '\0')
			break;
		free(buf);
		cap *= 4;
	}
	buf[len] = '\0';
	puts(buf);
	return 0;
}
