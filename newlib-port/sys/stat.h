/* <sys/stat.h> for Breenix: struct stat has the Linux x86_64 layout
 * (include/uapi/asm/stat.h), which is what the kernel's stat calls fill in. */
#ifndef	_SYS_STAT_H
#define	_SYS_STAT_H

#ifdef __cplusplus
extern "C" {
#endif

#include <_ansi.h>
#include <time.h>
#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/_timespec.h>

struct stat {
	dev_t		st_dev;
	ino_t		st_ino;
	nlink_t		st_nlink;
	mode_t		st_mode;
	uid_t		st_uid;
	gid_t		st_gid;
	int		__pad0;
	dev_t		st_rdev;
	off_t		st_size;
	blksize_t	st_blksize;
	blkcnt_t	st_blocks;
	struct timespec	st_atim;
	struct timespec	st_mtim;
	struct timespec	st_ctim;
	long		__st_reserved[3];
};

#define st_atime st_atim.tv_sec
#define st_mtime st_mtim.tv_sec
#define st_ctime st_ctim.tv_sec

#define	_IFMT		0170000
#define	_IFDIR		0040000
#define	_IFCHR		0020000
#define	_IFBLK		0060000
#define	_IFREG		0100000
#define	_IFLNK		0120000
#define	_IFSOCK		0140000
#define	_IFIFO		0010000

#define	S_BLKSIZE	512
#define	S_ISUID		0004000
#define	S_ISGID		0002000
#define	S_ISVTX		0001000
#define	S_IREAD		0000400
#define	S_IWRITE	0000200
#define	S_IEXEC		0000100

#define	S_IFMT		_IFMT
#define	S_IFDIR		_IFDIR
#define	S_IFCHR		_IFCHR
#define	S_IFBLK		_IFBLK
#define	S_IFREG		_IFREG
#define	S_IFLNK		_IFLNK
#define	S_IFSOCK	_IFSOCK
#define	S_IFIFO		_IFIFO

#define	S_IRWXU		(S_IRUSR | S_IWUSR | S_IXUSR)
#define	S_IRUSR		0000400
#define	S_IWUSR		0000200
#define	S_IXUSR		0000100
#define	S_IRWXG		(S_IRGRP | S_IWGRP | S_IXGRP)
#define	S_IRGRP		0000040
#define	S_IWGRP		0000020
#define	S_IXGRP		0000010
#define	S_IRWXO		(S_IROTH | S_IWOTH | S_IXOTH)
#define	S_IROTH		0000004
#define	S_IWOTH		0000002
#define	S_IXOTH		0000001

#define	ACCESSPERMS	(S_IRWXU | S_IRWXG | S_IRWXO)
#define	ALLPERMS	(S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO)
#define	DEFFILEMODE	(S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)

#define	S_ISBLK(m)	(((m) & _IFMT) == _IFBLK)
#define	S_ISCHR(m)	(((m) & _IFMT) == _IFCHR)
#define	S_ISDIR(m)	(((m) & _IFMT) == _IFDIR)
#define	S_ISFIFO(m)	(((m) & _IFMT) == _IFIFO)
#define	S_ISREG(m)	(((m) & _IFMT) == _IFREG)
#define	S_ISLNK(m)	(((m) & _IFMT) == _IFLNK)
#define	S_ISSOCK(m)	(((m) & _IFMT) == _IFSOCK)

#define	UTIME_NOW	((1l << 30) - 1l)
#define	UTIME_OMIT	((1l << 30) - 2l)

int	chmod (const char *__path, mode_t __mode);
int	fchmod (int __fd, mode_t __mode);
int	fstat (int __fd, struct stat *__sbuf);
int	mkdir (const char *_path, mode_t __mode);
int	mkfifo (const char *__path, mode_t __mode);
int	stat (const char *__restrict __path, struct stat *__restrict __sbuf);
mode_t	umask (mode_t __mask);
int	lstat (const char *__restrict __path, struct stat *__restrict __buf);
int	mknod (const char *__path, mode_t __mode, dev_t __dev);
int	fchmodat (int, const char *, mode_t, int);
int	fstatat (int, const char *__restrict, struct stat *__restrict, int);
int	mkdirat (int, const char *, mode_t);
int	mkfifoat (int, const char *, mode_t);
int	mknodat (int, const char *, mode_t, dev_t);
int	utimensat (int, const char *, const struct timespec *, int);
int	futimens (int, const struct timespec *);

#if __GNU_VISIBLE
/* statx, Linux's struct and flags (linux/stat.h). */
struct statx_timestamp {
	__int64_t tv_sec;
	__uint32_t tv_nsec;
	__int32_t __reserved;
};

struct statx {
	__uint32_t stx_mask;
	__uint32_t stx_blksize;
	__uint64_t stx_attributes;
	__uint32_t stx_nlink;
	__uint32_t stx_uid;
	__uint32_t stx_gid;
	__uint16_t stx_mode;
	__uint16_t __spare0[1];
	__uint64_t stx_ino;
	__uint64_t stx_size;
	__uint64_t stx_blocks;
	__uint64_t stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	__uint32_t stx_rdev_major, stx_rdev_minor;
	__uint32_t stx_dev_major, stx_dev_minor;
	__uint64_t stx_mnt_id;
	__uint32_t stx_dio_mem_align, stx_dio_offset_align;
	__uint64_t __spare3[12];
};

#define	STATX_TYPE		0x0001U
#define	STATX_MODE		0x0002U
#define	STATX_NLINK		0x0004U
#define	STATX_UID		0x0008U
#define	STATX_GID		0x0010U
#define	STATX_ATIME		0x0020U
#define	STATX_MTIME		0x0040U
#define	STATX_CTIME		0x0080U
#define	STATX_INO		0x0100U
#define	STATX_SIZE		0x0200U
#define	STATX_BLOCKS		0x0400U
#define	STATX_BASIC_STATS	0x07ffU
#define	STATX_BTIME		0x0800U
#define	STATX_ALL		0x0fffU
#define	AT_STATX_SYNC_AS_STAT	0x0000
#define	AT_STATX_FORCE_SYNC	0x2000
#define	AT_STATX_DONT_SYNC	0x4000

int	statx (int __dirfd, const char *__restrict __path, int __flags, unsigned int __mask,
	       struct statx *__restrict __buf);
#endif

#ifdef _COMPILING_NEWLIB
int	_fstat (int __fd, struct stat *__sbuf);
int	_stat (const char *__restrict __path, struct stat *__restrict __sbuf);
int	_mkdir (const char *_path, mode_t __mode);
#endif

#ifdef __cplusplus
}
#endif
#endif /* _SYS_STAT_H */
