/* dirname: print a path less its last component ("." if it has none). */
#include <stdio.h>
#include <string.h>

#include "common.h"

/* Drop the trailing slashes of p[0..len), keeping a lone "/". */
static size_t strip_slashes(const char *p, size_t len)
{
	while (len > 1 && p[len - 1] == '/')
		len--;
	return len;
}

int main(int argc, char **argv)
{
	char *p;
	size_t len;

	set_progname(argv[0]);
	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc != 2)
		usage("path");
	p = argv[1];
	len = strip_slashes(p, strlen(p));
	while (len > 0 && p[len - 1] != '/') /* the last component */
		len--;
	if (len == 0) {
		puts(".");
		return 0;
	}
	len = strip_slashes(p, len);
	printf("%.*s\n", (int)len, p);
	return 0;
}
