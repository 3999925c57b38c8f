/* getcwd(3) from the getcwd system call; replaces newlib's directory walk.
 * With buf == NULL it allocates, as glibc does. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "breenix_syscall.h"

char *
getcwd(char *buf, size_t size)
{
	char tmp[PATH_MAX];
	long r;

	if (buf != NULL && size == 0) {
		errno = EINVAL;
		return NULL;
	}
	r = SYSCALL2(SYS_getcwd, buf != NULL ? buf : tmp, buf != NULL ? size : sizeof(tmp));
	if (r < 0)
		return NULL;
	if (buf == NULL) {
		buf = strdup(tmp);
		if (buf == NULL)
			errno = ENOMEM;
	}
	return buf;
}
