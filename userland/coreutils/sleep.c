/* sleep: wait for the sum of the given times (seconds, or with s/m/h/d). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"

/* Seconds in one argument such as "1.5", "2m"; -1 if it is not a time. */
static double parse_time(const char *s)
{
	static const char units[] = "smhd";
	static const double scale[] = { 1, 60, 3600, 86400 };
	const char *u;
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || v < 0)
		return -1;
	if (*end == '\0')
		return v;
	if (end[1] != '\0' || (u = strchr(units, *end)) == NULL)
		return -1;
	return v * scale[u - units];
}

int main(int argc, char **argv)
{
	struct timespec ts;
	double total = 0;
	int i;

	set_progname(argv[0]);
	if (argc < 2)
		usage("time[smhd]...");
	for (i = 1; i < argc; i++) {
		double t = parse_time(argv[i]);

		if (t < 0) {
			warn_msg("invalid time interval '%s'", argv[i]);
			return 2;
		}
		total += t;
	}
	ts.tv_sec = (time_t)total;
	ts.tv_nsec = (long)((total - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}
