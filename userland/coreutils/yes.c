/* yes: print a line ("y", or the arguments) until killed or the reader goes. */
#include <string.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char **argv)
{
	size_t len = 0, copies, i;
	char *line, *buf;
	int a;

	set_progname(argv[0]);
	for (a = 1; a < argc; a++)
		len += strlen(argv[a]) + 1;
	if (argc < 2)
		len = 2;
	line = xmalloc(len + 1);
	line[0] = '\0';
	for (a = 1; a < argc; a++) {
		strcat(line, argv[a]);
		strcat(line, a + 1 < argc ? " " : "\n");
	}
	if (argc < 2)
		strcpy(line, "y\n");
	/* Write many copies at a time: one write per line would be slow. */
	copies = len < 8192 ? 8192 / len : 1;
	buf = xmalloc(copies * len);
	for (i = 0; i < copies; i++)
		memcpy(buf + i * len, line, len);
	while (write_all(STDOUT_FILENO, buf, copies * len) == 0)
		;
	warn_path("standard output");
	return 1;
}
