/* <sys/_pthreadtypes.h> for Breenix: the POSIX thread types, included by
 * <sys/types.h>.  Sizes follow glibc's on x86_64 (a mutex is 40 bytes, a
 * condition variable 48, an attribute object 56, a semaphore 32) so that
 * structures embedding them have the same layout as on Linux; the contents
 * are our own (see newlib-port/pthread_impl.h for how the fields are used).
 * Every lock is a 32-bit futex word the kernel's futex call waits on. */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_

#include <sys/_types.h>
#include <sys/sched.h>

typedef unsigned long pthread_t;	/* the thread's control block address */
typedef unsigned int pthread_key_t;
typedef int pthread_once_t;
typedef volatile int pthread_spinlock_t;

typedef struct {
	__SIZE_TYPE__	__stacksize;	/* 0: the default */
	void		*__stackaddr;	/* pthread_attr_setstack: lowest address */
	__SIZE_TYPE__	__guardsize;
	int		__detachstate;
	int		__inheritsched;
	int		__schedpolicy;
	int		__schedprio;
	int		__scope;
	int		__set;		/* which fields were set (stack given) */
	long		__reserved;
} pthread_attr_t;			/* 56 bytes */

typedef struct {
	volatile unsigned int __lock;	/* 0, or owner tid | FUTEX_WAITERS | FUTEX_OWNER_DIED */
	unsigned int	__count;	/* recursion depth of a recursive mutex */
	int		__kind;		/* type | robust | pshared bits */
	int		__state;	/* robust: consistent, inconsistent, unusable */
	int		__reserved[2];
	void		*__rl_next;	/* robust list links (the kernel follows next) */
	void		*__rl_prev;
} pthread_mutex_t;			/* 40 bytes */

typedef struct {
	int		__kind;
} pthread_mutexattr_t;

typedef struct {
	volatile unsigned int __seq;	/* futex word: bumped by signal and broadcast */
	volatile unsigned int __waiters;
	int		__clock;	/* CLOCK_REALTIME or CLOCK_MONOTONIC */
	int		__pshared;
	long		__reserved[4];
} pthread_cond_t;			/* 48 bytes */

typedef struct {
	int		__clock;
	int		__pshared;
} pthread_condattr_t;

typedef struct {
	volatile int	__state;	/* -1 written, n > 0 read-held n times, 0 free */
	volatile unsigned int __seq;	/* futex word: bumped when the lock frees */
	volatile unsigned int __waiters;
	int		__writer;	/* tid of the writer */
	int		__pshared;
	int		__reserved0;
	long		__reserved[4];
} pthread_rwlock_t;			/* 56 bytes */

typedef struct {
	int		__pshared;
	int		__reserved;
} pthread_rwlockattr_t;

typedef struct {
	volatile unsigned int __arrived;
	volatile unsigned int __seq;	/* futex word: the round, bumped by the last arrival */
	unsigned int	__count;
	int		__pshared;
	long		__reserved[2];
} pthread_barrier_t;			/* 32 bytes */

typedef struct {
	int		__pshared;
} pthread_barrierattr_t;

#endif /* _SYS__PTHREADTYPES_H_ */
