/* <semaphore.h> for Breenix: POSIX semaphores on a futex word
 * (newlib-port/semaphore.c); named ones are files in /dev/shm, as glibc's. */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H

#include <sys/cdefs.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	volatile unsigned int __value;	/* futex word */
	volatile unsigned int __waiters;
	int	__pshared;
	int	__reserved0;
	long	__reserved[2];
} sem_t;				/* 32 bytes, as glibc's */

#define SEM_FAILED	((sem_t *)0)
#define SEM_VALUE_MAX	0x7fffffff

int	sem_init(sem_t *, int, unsigned int);
int	sem_destroy(sem_t *);
int	sem_wait(sem_t *);
int	sem_trywait(sem_t *);
int	sem_timedwait(sem_t *__restrict, const struct timespec *__restrict);
int	sem_clockwait(sem_t *__restrict, clockid_t, const struct timespec *__restrict);
int	sem_post(sem_t *);
int	sem_getvalue(sem_t *__restrict, int *__restrict);
sem_t	*sem_open(const char *, int, ...);
int	sem_close(sem_t *);
int	sem_unlink(const char *);

#ifdef __cplusplus
}
#endif

#endif /* _SEMAPHORE_H */
