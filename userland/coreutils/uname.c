/* uname: print system information: -s name, -n node, -r release, -v version,
 * -m machine, -a all of them (in that order); -s alone by default. */
#include <stdio.h>
#include <sys/utsname.h>

#include "common.h"

int main(int argc, char **argv)
{
	int show[5] = { 0 }, any = 0, i, c;
	const char *fields[5];
	const char *sep = "";
	struct utsname u;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "asnrvm")) != -1) {
		switch (c) {
		case 'a': show[0] = show[1] = show[2] = show[3] = show[4] = 1; break;
		case 's': show[0] = 1; break;
		case 'n': show[1] = 1; break;
		case 'r': show[2] = 1; break;
		case 'v': show[3] = 1; break;
		case 'm': show[4] = 1; break;
		default: usage("[-asnrvm]");
		}
		any = 1;
	}
	if (opt_ind < argc)
		usage("[-asnrvm]");
	if (!any)
		show[0] = 1;
	if (uname(&u) < 0) {
		warn_path("uname");
		return 1;
	}
	fields[0] = u.sysname;
	fields[1] = u.nodename;
	fields[2] = u.release;
	fields[3] = u.version;
	fields[4] = u.machine;
	for (i = 0; i < 5; i++)
		if (show[i]) {
			printf("%s%s", sep, fields[i]);
			sep = " ";
		}
	putchar('\n');
	return 0;
}
