/* Open flags, fcntl commands and *at() flags for Breenix: Linux's x86_64
 * values (include/uapi/asm-generic/fcntl.h and linux/fcntl.h), because the
 * kernel interprets them as Linux does.  Replaces newlib's BSD defaults. */
#ifndef	_SYS__DEFAULT_FCNTL_H_
#define	_SYS__DEFAULT_FCNTL_H_
#include <_ansi.h>
#include <sys/cdefs.h>
#ifdef __cplusplus
extern "C" {
#endif

#define	O_RDONLY	00
#define	O_WRONLY	01
#define	O_RDWR		02
#define	O_ACCMODE	03
#define	O_CREAT		0100
#define	O_EXCL		0200
#define	O_NOCTTY	0400
#define	O_TRUNC		01000
#define	O_APPEND	02000
#define	O_NONBLOCK	04000
#define	O_NDELAY	O_NONBLOCK
#define	O_DSYNC		010000
#define	O_ASYNC		020000
#define	O_DIRECT	040000
#define	O_LARGEFILE	0100000
#define	O_DIRECTORY	0200000
#define	O_NOFOLLOW	0400000
#define	O_NOATIME	01000000
#define	O_CLOEXEC	02000000
#define	O_SYNC		04010000
#define	O_RSYNC		O_SYNC
#define	O_PATH		010000000
#define	O_EXEC		O_PATH
#define	O_SEARCH	O_PATH

/* newlib's own code spells some of these with the BSD F-names. */
#define	FAPPEND		O_APPEND
#define	FNONBLOCK	O_NONBLOCK
#define	FNDELAY		O_NONBLOCK
#define	FASYNC		O_ASYNC

#define	FD_CLOEXEC	1

#define	F_DUPFD		0
#define	F_GETFD		1
#define	F_SETFD		2
#define	F_GETFL		3
#define	F_SETFL		4
#define	F_GETLK		5
#define	F_SETLK		6
#define	F_SETLKW	7
#define	F_SETOWN	8
#define	F_GETOWN	9
#define	F_DUPFD_CLOEXEC	1030

#define	F_RDLCK		0
#define	F_WRLCK		1
#define	F_UNLCK		2

#define	AT_FDCWD		-100
#define	AT_SYMLINK_NOFOLLOW	0x100
#define	AT_EACCESS		0x200
#define	AT_REMOVEDIR		0x200
#define	AT_SYMLINK_FOLLOW	0x400
#define	AT_EMPTY_PATH		0x1000

#define	LOCK_SH		1
#define	LOCK_EX		2
#define	LOCK_NB		4
#define	LOCK_UN		8

/* Linux struct flock on x86_64. */
struct flock {
	short	l_type;
	short	l_whence;
	long	l_start;
	long	l_len;
	int	l_pid;
};

#include <sys/types.h>
#include <sys/stat.h>

extern int open (const char *, int, ...);
extern int openat (int, const char *, int, ...);
extern int creat (const char *, mode_t);
extern int fcntl (int, int, ...);
extern int flock (int, int);

#define	POSIX_FADV_NORMAL	0
#define	POSIX_FADV_RANDOM	1
#define	POSIX_FADV_SEQUENTIAL	2
#define	POSIX_FADV_WILLNEED	3
#define	POSIX_FADV_DONTNEED	4
#define	POSIX_FADV_NOREUSE	5
extern int posix_fadvise (int, off_t, off_t, int);

#ifdef __cplusplus
}
#endif
#endif	/* !_SYS__DEFAULT_FCNTL_H_ */
