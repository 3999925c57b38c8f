/* statvfs and fstatvfs from the statfs system calls, as glibc does: the
 * counts are in f_frsize units (f_bsize when the kernel gives no fragment
 * size), f_favail is f_ffree, f_flag the mount flags when the kernel marks
 * them valid (ST_VALID) and 0 otherwise. */
#include <string.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>

#define ST_VALID	0x0020

static void
convert(const struct statfs *sf, struct statvfs *sv)
{
	memset(sv, 0, sizeof(*sv));
	sv->f_bsize = (unsigned long)sf->f_bsize;
	sv->f_frsize = (unsigned long)(sf->f_frsize != 0 ? sf->f_frsize : sf->f_bsize);
	sv->f_blocks = sf->f_blocks;
	sv->f_bfree = sf->f_bfree;
	sv->f_bavail = sf->f_bavail;
	sv->f_files = sf->f_files;
	sv->f_ffree = sf->f_ffree;
	sv->f_favail = sf->f_ffree;
	sv->f_fsid = (unsigned int)sf->f_fsid.__val[0] |
		     (unsigned long)(unsigned int)sf->f_fsid.__val[1] << 32;
	sv->f_flag = (sf->f_flags & ST_VALID) ? (unsigned long)sf->f_flags & ~ST_VALID : 0;
	sv->f_namemax = (unsigned long)sf->f_namelen;
}

int
statvfs(const char *path, struct statvfs *sv)
{
	struct statfs sf;

	if (statfs(path, &sf) != 0)
		return -1;
	convert(&sf, sv);
	return 0;
}

int
fstatvfs(int fd, struct statvfs *sv)
{
	struct statfs sf;

	if (fstatfs(fd, &sf) != 0)
		return -1;
	convert(&sf, sv);
	return 0;
}
