/* POSIX shared memory: shm_open and shm_unlink as glibc makes them, files
 * in /dev/shm (a file system of its own, mounted at boot; docs/ipc.md).
 * __shm_path also names sem_open's files (semaphore.c). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "shm_impl.h"

/* "/dev/shm/" + prefix + name into buf (SHM_PATH_MAX): 0 or an errno.
 * Leading slashes are skipped; an empty name, "." or "..", or one with a
 * slash inside is EINVAL; a file name longer than NAME_MAX ENAMETOOLONG. */
int
__shm_path(char *buf, const char *name, const char *prefix)
{
	size_t n, p = strlen(prefix);

	while (*name == '/')
		name++;
	n = strlen(name);
	if (n == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    memchr(name, '/', n) != NULL)
		return EINVAL;
	if (p + n > NAME_MAX)
		return ENAMETOOLONG;
	memcpy(buf, SHM_DIR, sizeof(SHM_DIR) - 1);
	memcpy(buf + sizeof(SHM_DIR) - 1, prefix, p);
	memcpy(buf + sizeof(SHM_DIR) - 1 + p, name, n + 1);
	return 0;
}

int
shm_open(const char *name, int flags, mode_t mode)
{
	char path[SHM_PATH_MAX];
	int err = __shm_path(path, name, ""), fd;

	if (err != 0) {
		errno = err;
		return -1;
	}
	fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0 && errno == EISDIR)
		errno = EINVAL; /* a directory is just another bad name (glibc) */
	return fd;
}

/* Remove /dev/shm/<prefix><name>: shm_unlink's and sem_unlink's work. */
int
__shm_unlink(const char *name, const char *prefix)
{
	char path[SHM_PATH_MAX];
	int err = __shm_path(path, name, prefix);

	if (err != 0) {
		errno = err;
		return -1;
	}
	if (unlink(path) == 0)
		return 0;
	if (errno == EPERM)
		errno = EACCES; /* POSIX's error for a name one may not remove */
	return -1;
}

int
shm_unlink(const char *name)
{
	return __shm_unlink(name, "");
}
