/* uptime: the time, how long the system has been up (/proc/uptime) and the
 * load averages, as " 17:39:54 up 2 days,  3:04,  load average: 0.00, ..." */
#include <stdio.h>
#include <sys/sysinfo.h>
#include <time.h>

#include "common.h"

int main(int argc, char **argv)
{
	unsigned long up, days, hours, mins;
	struct sysinfo si;
	char buf[64];
	time_t now;
	FILE *f;

	set_progname(argv[0]);
	if (argc > 1)
		usage("");
	f = fopen("/proc/uptime", "r");
	if (f == NULL || fscanf(f, "%lu", &up) != 1) {
		warn_path("/proc/uptime");
		return 1;
	}
	fclose(f);
	now = time(NULL);
	strftime(buf, sizeof(buf), "%H:%M:%S", localtime(&now));
	printf(" %s up ", buf);
	days = up / 86400;
	hours = up / 3600 % 24;
	mins = up / 60 % 60;
	if (days > 0)
		printf("%lu day%s, ", days, days == 1 ? "" : "s");
	if (hours > 0)
		printf("%2lu:%02lu,  ", hours, mins);
	else
		printf("%lu min,  ", mins);
	/* sysinfo's loads are fixed point, 16 bits of fraction. */
	if (sysinfo(&si) < 0)
		si.loads[0] = si.loads[1] = si.loads[2] = 0;
	printf("load average: %lu.%02lu, %lu.%02lu, %lu.%02lu\n", si.loads[0] >> 16,
	       (si.loads[0] & 0xffff) * 100 >> 16, si.loads[1] >> 16,
	       (si.loads[1] & 0xffff) * 100 >> 16, si.loads[2] >> 16,
	       (si.loads[2] & 0xffff) * 100 >> 16);
	return 0;
}
