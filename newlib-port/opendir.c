/* Directory streams over getdents64.  A DIR holds a buffer of
 * linux_dirent64 records, which are struct dirent as they are; readdir()
 * returns pointers into it.  (Replaces newlib's posix/opendir.c & co.) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "breenix_syscall.h"

#define DIRBUF_SIZE 32768

ssize_t getdents64(int fd, void *buf, size_t n) { return SYSCALL3(SYS_getdents64, fd, buf, n); }

DIR *
fdopendir(int fd)
{
	DIR *d;

	d = malloc(sizeof(*d));
	if (d == NULL)
		return NULL;
	d->dd_buf = malloc(DIRBUF_SIZE);
	if (d->dd_buf == NULL) {
		free(d);
		return NULL;
	}
	d->dd_fd = fd;
	d->dd_loc = 0;
	d->dd_size = 0;
	d->dd_seek = 0;
	return d;
}

DIR *
opendir(const char *path)
{
	int fd;
	DIR *d;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		errno = ENOMEM;
	}
	return d;
}

int
closedir(DIR *d)
{
	int r = close(d->dd_fd);

	free(d->dd_buf);
	free(d);
	return r;
}

struct dirent *
readdir(DIR *d)
{
	struct dirent *e;
	ssize_t n;

	if (d->dd_loc >= d->dd_size) {
		n = getdents64(d->dd_fd, d->dd_buf, DIRBUF_SIZE);
		if (n <= 0)
			return NULL;	/* end of directory, or errno set */
		d->dd_size = n;
		d->dd_loc = 0;
	}
	e = (struct dirent *)(d->dd_buf + d->dd_loc);
	d->dd_loc += e->d_reclen;
	d->dd_seek = e->d_off;
	return e;
}

void
rewinddir(DIR *d)
{
	lseek(d->dd_fd, 0, SEEK_SET);
	d->dd_loc = d->dd_size = 0;
	d->dd_seek = 0;
}

long telldir(DIR *d) { return d->dd_seek; }

void
seekdir(DIR *d, long pos)
{
	lseek(d->dd_fd, pos, SEEK_SET);
	d->dd_loc = d->dd_size = 0;
	d->dd_seek = pos;
}
