/* <sys/shm.h> for Breenix: System V shared memory, Linux x86_64's
 * constants and struct shmid_ds (the kernel's shmid64_ds; docs/ipc.md). */
#ifndef _SYS_SHM_H
#define _SYS_SHM_H

#include <sys/ipc.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SHM_R		0400
#define SHM_W		0200
#define SHM_RDONLY	010000		/* attach read-only */
#define SHM_RND		020000		/* round the address down to SHMLBA */
#define SHM_REMAP	040000		/* replace what is mapped there */
#define SHM_EXEC	0100000		/* attach executable */
#define SHM_LOCK	11
#define SHM_UNLOCK	12
#define SHM_STAT	13
#define SHM_INFO	14
#define SHM_STAT_ANY	15
#define SHM_DEST	01000		/* in shm_perm.mode: freed at the last detach */
#define SHM_LOCKED	02000
#define SHM_HUGETLB	04000
#define SHM_NORESERVE	010000

#define SHMLBA		4096		/* x86_64's page size */

typedef unsigned long shmatt_t;

struct shmid_ds {
	struct ipc_perm	shm_perm;
	size_t		shm_segsz;	/* size in bytes */
	time_t		shm_atime;	/* last attach */
	time_t		shm_dtime;	/* last detach */
	time_t		shm_ctime;	/* last change */
	pid_t		shm_cpid;	/* creator */
	pid_t		shm_lpid;	/* last attach or detach */
	shmatt_t	shm_nattch;	/* attaches */
	unsigned long	__glibc_reserved5;
	unsigned long	__glibc_reserved6;
};

struct shminfo {
	unsigned long	shmmax, shmmin, shmmni, shmseg, shmall;
	unsigned long	__glibc_reserved1, __glibc_reserved2, __glibc_reserved3,
			__glibc_reserved4;
};

int	shmget(key_t, size_t, int);
void	*shmat(int, const void *, int);
int	shmdt(const void *);
int	shmctl(int, int, struct shmid_ds *);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_SHM_H */
