/* Helpers for the colon-separated databases /etc/passwd and /etc/group
 * (dbfile.h): reading their lines and taking fields apart. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dbfile.h"

/* Opens a database for reading, close-on-exec. */
FILE *
db_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	FILE *f;

	if (fd < 0)
		return NULL;
	if ((f = fdopen(fd, "r")) == NULL)
		close(fd);
	return f;
}

/* The next entry's line, without its newline; blank lines and comments
 * are skipped.  Returns its length, or -1 at the end. */
ssize_t
db_next(FILE *f, char **line, size_t *cap)
{
	ssize_t n;

	while ((n = getline(line, cap, f)) >= 0) {
		if (n > 0 && (*line)[n - 1] == '\n')
			(*line)[--n] = '\0';
		if (n > 0 && (*line)[0] != '#')
			return n;
	}
	return -1;
}

/* Cuts s at each ':' into at most max fields; returns how many it found
 * (max + 1 if there were more). */
int
db_split(char *s, char **fields, int max)
{
	int n = 0;

	for (;;) {
		if (n == max)
			return max + 1;
		fields[n++] = s;
		if ((s = strchr(s, ':')) == NULL)
			return n;
		*s++ = '\0';
	}
}

/* A user or group id: decimal digits only, at most 32 bits. */
int
db_id(const char *s, unsigned long *id)
{
	unsigned long v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > 0xffffffffUL)
			return -1;
	}
	if (*s != '\0' && *s != ':')
		return -1;
	*id = v;
	return 0;
}

/* Field n (from 0) of an unsplit line, or NULL. */
static const char *
field(const char *line, int n)
{
	while (n-- > 0)
		if ((line = strchr(line, ':')) == NULL)
			return NULL;
		else
			line++;
	return line;
}

int
db_field_is(const char *line, int n, const char *value)
{
	const char *f = field(line, n);
	size_t len = strlen(value);

	return f != NULL && strncmp(f, value, len) == 0 && (f[len] == ':' || f[len] == '\0');
}

int
db_field_id(const char *line, int n, unsigned long *id)
{
	const char *f = field(line, n);

	return f != NULL ? db_id(f, id) : -1;
}

/* Finds the first entry of the database that match() accepts: *found is
 * that line (malloc'd) or NULL.  Returns 0, or an errno value if the file
 * exists but cannot be read. */
int
db_find(const char *path, int (*match)(const char *, const void *), const void *key,
	char **found)
{
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	*found = NULL;
	if ((f = db_open(path)) == NULL)
		return errno == ENOENT ? 0 : errno;
	while (db_next(f, &line, &cap) >= 0) {
		if (match(line, key) == 0) {
			*found = line;
			line = NULL;
			break;
		}
	}
	free(line);
	fclose(f);
	return 0;
}

/* Doubles a buffer that a getXXnam_r call found too small. */
int
db_grow(char **buf, size_t *size)
{
	size_t n = *size != 0 ? *size * 2 : 256;
	char *p = realloc(*buf, n);

	if (p == NULL)
		return -1;
	*buf = p;
	*size = n;
	return 0;
}
