/* which: print where the commands would be found in $PATH (-a: every match).
 * Exit status 1 if any of them was not found. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static int is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Print name's location(s); 0 if found, -1 if not. */
static int which(const char *name, const char *path, int all)
{
	const char *dir = path, *end;
	int found = 0;

	/* A name with a slash is not looked up. */
	if (strchr(name, '/') != NULL) {
		if (!is_executable(name))
			return -1;
		puts(name);
		return 0;
	}
	for (;;) {
		size_t len;
		char *full;

		end = strchr(dir, ':');
		len = end != NULL ? (size_t)(end - dir) : strlen(dir);
		full = xmalloc(len + strlen(name) + 2);
		/* An empty entry means the current directory. */
		if (len == 0)
			strcpy(full, name);
		else
			sprintf(full, "%.*s/%s", (int)len, dir, name);
		if (is_executable(full)) {
			puts(full);
			found = 1;
		}
		free(full);
		if ((found && !all) || end == NULL)
			break;
		dir = end + 1;
	}
	return found ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *path = getenv("PATH");
	int all = 0, status = 0, c;

	set_progname(argv[0]);
	while ((c = next_opt(argc, argv, "a")) != -1) {
		if (c == '?')
			usage("[-a] command...");
		all = 1;
	}
	if (opt_ind == argc)
		usage("[-a] command...");
	if (path == NULL)
		path = "/bin:/usr/bin";
	for (; opt_ind < argc; opt_ind++)
		if (which(argv[opt_ind], path, all) < 0)
			status = 1;
	return status;
}
