/* basename: print a path's last component, less an optional suffix. */
#include <stdio.h>
#include <string.h>

#include "common.h"

int main(int argc, char **argv)
{
	char *p, *end, *slash;
	size_t len;

	set_progname(argv[0]);
	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc < 2 || argc > 3)
		usage("path [suffix]");
	p = argv[1];
	end = p + strlen(p);
	while (end > p + 1 && end[-1] == '/') /* trailing slashes don't count */
		end--;
	*end = '\0';
	slash = strrchr(p, '/');
	if (slash != NULL && slash[1] != '\0')
		p = slash + 1;
	len = strlen(p);
	/* A suffix that is the whole name is not removed. */
	if (argc == 3 && strlen(argv[2]) < len && strcmp(p + len - strlen(argv[2]), argv[2]) == 0)
		p[len - strlen(argv[2])] = '\0';
	puts(p);
	return 0;
}
