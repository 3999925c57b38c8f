/* realpath(3): resolves ".", ".." and symbolic links component by
 * component with lstat/readlink, as POSIX describes. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define MAX_LINKS 40

char *
realpath(const char *path, char *resolved)
{
	char out[PATH_MAX], rest[PATH_MAX], link[PATH_MAX];
	size_t olen = 0;
	int links = 0;
	char *p, *next;
	struct stat st;
	ssize_t n;

	if (path == NULL || *path == '\0') {
		errno = path == NULL ? EINVAL : ENOENT;
		return NULL;
	}
	if (strlen(path) >= sizeof(rest)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(rest, path);
	if (rest[0] != '/') {
		if (getcwd(out, sizeof(out)) == NULL)
			return NULL;
		olen = strlen(out);
		if (olen == 1)
			olen = 0;	/* "/" */
	}
	out[olen] = '\0';
	for (p = rest; *p != '\0'; p = next) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		next = strchr(p, '/');
		if (next != NULL)
			*next++ = '\0';
		else
			next = p + strlen(p);
		if (strcmp(p, ".") == 0)
			continue;
		if (strcmp(p, "..") == 0) {
			while (olen > 0 && out[--olen] != '/')
				;
			out[olen] = '\0';
			continue;
		}
		if (olen + 1 + strlen(p) >= sizeof(out)) {
			errno = ENAMETOOLONG;
			return NULL;
		}
		out[olen] = '/';
		strcpy(out + olen + 1, p);
		if (lstat(out, &st) != 0)
			return NULL;
		if (S_ISLNK(st.st_mode)) {
			if (++links > MAX_LINKS) {
				errno = ELOOP;
				return NULL;
			}
			n = readlink(out, link, sizeof(link) - 1);
			if (n < 0)
				return NULL;
			link[n] = '\0';
			if (n + 1 + strlen(next) >= sizeof(rest)) {
				errno = ENAMETOOLONG;
				return NULL;
			}
			/* Splice the link's text in front of what is left. */
			memmove(rest + n + 1, next, strlen(next) + 1);
			memcpy(rest, link, n);
			rest[n] = '/';
			next = rest;
			if (link[0] == '/')
				olen = 0;
			out[olen] = '\0';
			continue;
		}
		olen += 1 + strlen(p);
	}
	if (olen == 0) {
		out[0] = '/';
		out[1] = '\0';
	}
	if (resolved == NULL)
		return strdup(out);
	strcpy(resolved, out);
	return resolved;
}
