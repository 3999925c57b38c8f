/* statfs() for Breenix: Linux's x86_64 struct statfs. */
#ifndef _SYS_STATFS_H
#define _SYS_STATFS_H
#include <sys/types.h>
typedef struct { int __val[2]; } fsid_t;
struct statfs {
	long	f_type;
	long	f_bsize;
	unsigned long f_blocks;
	unsigned long f_bfree;
	unsigned long f_bavail;
	unsigned long f_files;
	unsigned long f_ffree;
	fsid_t	f_fsid;
	long	f_namelen;
	long	f_frsize;
	long	f_flags;
	long	f_spare[4];
};
int statfs(const char *, struct statfs *);
int fstatfs(int, struct statfs *);
#endif
