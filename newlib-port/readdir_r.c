/* readdir_r (replaces newlib's, which needs its own DIR layout). */
#include <dirent.h>
#include <errno.h>
#include <string.h>

int
readdir_r(DIR *d, struct dirent *entry, struct dirent **result)
{
	struct dirent *e;
	int saved = errno;

	errno = 0;
	e = readdir(d);
	if (e == NULL) {
		*result = NULL;
		if (errno != 0)
			return errno;
		errno = saved;
		return 0;
	}
	memcpy(entry, e, e->d_reclen < sizeof(*entry) ? e->d_reclen : sizeof(*entry));
	*result = entry;
	errno = saved;
	return 0;
}
