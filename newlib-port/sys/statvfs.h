/* <sys/statvfs.h>: glibc's x86_64 struct statvfs, filled from the statfs
 * system call (statvfs.c). */
#ifndef _SYS_STATVFS_H
#define _SYS_STATVFS_H

#include <sys/cdefs.h>
#include <sys/types.h>

struct statvfs {
	unsigned long	f_bsize;	/* block size */
	unsigned long	f_frsize;	/* fragment size: the unit of the counts */
	fsblkcnt_t	f_blocks;
	fsblkcnt_t	f_bfree;
	fsblkcnt_t	f_bavail;	/* free to unprivileged users */
	fsfilcnt_t	f_files;
	fsfilcnt_t	f_ffree;
	fsfilcnt_t	f_favail;
	unsigned long	f_fsid;
	unsigned long	f_flag;		/* ST_* */
	unsigned long	f_namemax;
	int		__f_spare[6];
};

#define	ST_RDONLY	0x0001
#define	ST_NOSUID	0x0002
#define	ST_NODEV	0x0004
#define	ST_NOEXEC	0x0008
#define	ST_SYNCHRONOUS	0x0010
#define	ST_MANDLOCK	0x0040
#define	ST_NOATIME	0x0400
#define	ST_NODIRATIME	0x0800
#define	ST_RELATIME	0x1000

#ifdef __cplusplus
extern "C" {
#endif

int	statvfs (const char *__restrict, struct statvfs *__restrict);
int	fstatvfs (int, struct statvfs *);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_STATVFS_H */
