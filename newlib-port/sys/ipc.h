/* <sys/ipc.h> for Breenix: System V IPC, Linux x86_64's flags and struct
 * ipc_perm (the kernel's struct ipc64_perm; docs/ipc.md). */
#ifndef _SYS_IPC_H
#define _SYS_IPC_H

#include <sys/cdefs.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IPC_CREAT	01000		/* create the key if it does not exist */
#define IPC_EXCL	02000		/* fail if the key exists */
#define IPC_NOWAIT	04000		/* fail rather than wait */

#define IPC_RMID	0		/* remove the identifier */
#define IPC_SET		1		/* set ipc_perm's owner and mode */
#define IPC_STAT	2		/* get the object's description */
#define IPC_INFO	3		/* the system's limits (ipcs) */

#define IPC_PRIVATE	((key_t)0)	/* always a new object */

struct ipc_perm {
	key_t		__key;		/* the key */
	uid_t		uid;		/* owner */
	gid_t		gid;
	uid_t		cuid;		/* creator */
	gid_t		cgid;
	mode_t		mode;		/* the low 9 bits: permissions */
	unsigned short	__seq;
	unsigned short	__pad2;
	unsigned long	__glibc_reserved1;
	unsigned long	__glibc_reserved2;
};

key_t	ftok(const char *, int);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_IPC_H */
