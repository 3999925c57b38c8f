/* <sys/sem.h> for Breenix: System V semaphores, Linux x86_64's constants
 * and struct semid_ds (the kernel's semid64_ds; docs/ipc.md).  As glibc,
 * union semun is the caller's to define. */
#ifndef _SYS_SEM_H
#define _SYS_SEM_H

#include <sys/ipc.h>
#include <sys/types.h>
#include <stddef.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SEM_UNDO	0x1000		/* undo the operation when the process ends */

#define GETPID		11
#define GETVAL		12
#define GETALL		13
#define GETNCNT		14
#define GETZCNT		15
#define SETVAL		16
#define SETALL		17
#define SEM_STAT	18
#define SEM_INFO	19
#define SEM_STAT_ANY	20

#define _SEM_SEMUN_UNDEFINED	1	/* as glibc: define union semun yourself */

struct semid_ds {
	struct ipc_perm	sem_perm;
	time_t		sem_otime;	/* last semop */
	unsigned long	__sem_otime_high;
	time_t		sem_ctime;	/* last change */
	unsigned long	__sem_ctime_high;
	unsigned long	sem_nsems;	/* semaphores in the set */
	unsigned long	__glibc_reserved3;
	unsigned long	__glibc_reserved4;
};

struct sembuf {
	unsigned short	sem_num;
	short		sem_op;
	short		sem_flg;
};

struct seminfo {
	int	semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz,
		semvmx, semaem;
};

int	semget(key_t, int, int);
int	semop(int, struct sembuf *, size_t);
int	semtimedop(int, struct sembuf *, size_t, const struct timespec *);
int	semctl(int, int, int, ...);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_SEM_H */
