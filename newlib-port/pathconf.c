/* pathconf() and fpathconf() for Breenix: Linux's (glibc's) answers.  The
 * name length comes from statfs's f_namelen, so it is the file system's
 * own limit; the others are the fixed limits Linux reports.  Only the
 * per-file-system answers look at the file, as glibc's. */
#include <errno.h>
#include <limits.h>
#include <sys/statfs.h>
#include <unistd.h>

#define LINUX_LINK_MAX	127	/* glibc's answer when f_type is unknown */
#define EXT2_LINK_MAX	32000
#define EXT2_SUPER_MAGIC 0xEF53
#define LINUX_MAX_CANON	255
#define LINUX_MAX_INPUT	255
#define LINUX_NAME_MAX	255
#define LINUX_PATH_MAX	4096
#define LINUX_PIPE_BUF	4096

/* The answer for a name, given the file's statfs (NULL: none wanted). */
static long
limit(int name, const struct statfs *sf)
{
	switch (name) {
	case _PC_LINK_MAX:
		return sf->f_type == EXT2_SUPER_MAGIC ? EXT2_LINK_MAX : LINUX_LINK_MAX;
	case _PC_MAX_CANON:
		return LINUX_MAX_CANON;
	case _PC_MAX_INPUT:
		return LINUX_MAX_INPUT;
	case _PC_NAME_MAX:
		return sf->f_namelen > 0 ? sf->f_namelen : LINUX_NAME_MAX;
	case _PC_PATH_MAX:
		return LINUX_PATH_MAX;
	case _PC_PIPE_BUF:
		return LINUX_PIPE_BUF;
	case _PC_CHOWN_RESTRICTED:
	case _PC_NO_TRUNC:
		return 1;
	case _PC_VDISABLE:
		return 0;	/* _POSIX_VDISABLE: '\0' */
	case _PC_FILESIZEBITS:
		return 64;
	case _PC_2_SYMLINKS:
		return 1;
	case _PC_REC_XFER_ALIGN:
	case _PC_ALLOC_SIZE_MIN:
	case _PC_REC_MIN_XFER_SIZE:
		return sf->f_bsize > 0 ? sf->f_bsize : 4096;
	case _PC_TIMESTAMP_RESOLUTION:
		return 1;	/* nanoseconds */
	case _PC_ASYNC_IO:
	case _PC_PRIO_IO:
	case _PC_SYNC_IO:
	case _PC_SYMLINK_MAX:
	case _PC_REC_INCR_XFER_SIZE:
	case _PC_REC_MAX_XFER_SIZE:
		return -1;	/* no limit / unsupported; errno unchanged */
	default:
		errno = EINVAL;
		return -1;
	}
}

static int
known(int name)
{
	return name >= _PC_LINK_MAX && name <= _PC_TIMESTAMP_RESOLUTION;
}

/* Whether the answer depends on the file system (glibc then asks statfs,
 * and a bad path or descriptor is an error; for the others it is not). */
static int
per_fs(int name)
{
	switch (name) {
	case _PC_LINK_MAX:
	case _PC_NAME_MAX:
	case _PC_REC_XFER_ALIGN:
	case _PC_ALLOC_SIZE_MIN:
	case _PC_REC_MIN_XFER_SIZE:
		return 1;
	default:
		return 0;
	}
}

long
fpathconf(int fd, int name)
{
	struct statfs sf = { 0 };

	if (!known(name)) {
		errno = EINVAL;
		return -1;
	}
	if (per_fs(name) && fstatfs(fd, &sf) < 0)
		return -1;
	return limit(name, &sf);
}

long
pathconf(const char *path, int name)
{
	struct statfs sf = { 0 };

	if (!known(name)) {
		errno = EINVAL;
		return -1;
	}
	if (per_fs(name) && statfs(path, &sf) < 0)
		return -1;
	return limit(name, &sf);
}
