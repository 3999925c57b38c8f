/* Internals of the Breenix POSIX threads (pthread*.c, tls.c, semaphore.c,
 * lock.c).
 *
 * A thread is a kernel thread made by clone with glibc's flags.  Each has
 * one control block, struct pthread, at the top of the mapping that also
 * holds its stack and its static TLS block (x86_64 TLS variant II: the TLS
 * block ends where the control block begins; %fs points at the control
 * block, whose first word points at itself).  The control block holds the
 * thread's own struct _reent, so errno and the other per-thread state of
 * newlib are per thread: __getreent() reads it through %fs.
 *
 * Every lock and wait is a 32-bit futex word; the kernel's futex call does
 * the sleeping.  Lock words of mutexes hold the owner's thread id so the
 * kernel's robust-list walk can mark a dead owner's mutexes. */
#ifndef _BREENIX_PTHREAD_IMPL_H
#define _BREENIX_PTHREAD_IMPL_H

#include <pthread.h>
#include <reent.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include "breenix_syscall.h"

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_WAIT_BITSET	9
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_WAITERS		0x80000000u
#define FUTEX_OWNER_DIED	0x40000000u
#define FUTEX_TID_MASK		0x3fffffffu

#define SIGCANCEL		32	/* glibc's: the first real-time signal */

/* Linux's robust list head, registered with set_robust_list. */
struct robust_head {
	void		*next;
	long		futex_offset;
	void		*pending;
};

/* pthread_attr_t.__set: __stackaddr is the top of the stack, as glibc's
 * pthread_attr_setstackaddr takes it (pthread_attr_setstack: the bottom). */
#define ATTR_STACK_TOP	1

/* detach_state values */
enum { DT_JOINABLE, DT_DETACHED, DT_EXITED };

struct pthread_key_value {
	unsigned int	seq;
	void		*value;
};

struct pthread {
	/* glibc's tcbhead_t layout for the words programs and compilers read. */
	struct pthread	*tcb;		/* %fs:0x00, self */
	void		*dtv;		/* %fs:0x08 */
	struct pthread	*self;		/* %fs:0x10 */
	int		multiple_threads;
	int		gscope;
	uintptr_t	sysinfo;
	uintptr_t	stack_guard;	/* %fs:0x28 */
	uintptr_t	pointer_guard;	/* %fs:0x30 */

	volatile int	tid;		/* set by CLONE_PARENT_SETTID, cleared by the kernel at
					 * exit; -1 once joined (ESRCH for the calls on it) */
	volatile int	detach_state;
	void		*(*start)(void *);
	void		*arg;
	void		*result;
	void		*map;		/* mmap'd region holding stack, TLS, this; NULL: not ours */
	size_t		map_size;
	size_t		guard_size;	/* PROT_NONE bytes at map */
	struct pthread	*cache_next;	/* tls.c's cache of joined threads' mappings */
	size_t		stack_size;	/* usable stack size (pthread_getattr_np) */
	void		*stack_low;
	sigset_t	start_mask;	/* the creator's signal mask, set by the new thread */

	struct robust_head robust;

	/* cancellation */
	volatile int	cancel_pending;
	int		cancel_disabled;
	int		cancel_async;
	volatile int	in_cancel_point;
	pthread_mutex_t	*cancel_relock;	/* cond wait: the mutex to take back if cancelled */
	pthread_cond_t	*cancel_cond;
	struct __pthread_cleanup *cleanup;

	struct pthread_key_value specific[PTHREAD_KEYS_MAX];
	char		name[16];
	struct _reent	*reentp;	/* what __getreent() returns: &reent, or _impure_ptr */
	struct _reent	reent;
};

/* The calling thread's control block, through %fs. */
static inline struct pthread *
__pthread_self(void)
{
	struct pthread *p;

	__asm__ ("movq %%fs:16, %0" : "=r"(p));
	return p;
}

static inline int __pthread_tid(void) { return __pthread_self()->tid; }

/* Raw futex calls; return 0 or -errno. */
static inline long
__futex_wait(volatile void *addr, unsigned int val, int priv)
{
	return __syscall4(SYS_futex, addr, FUTEX_WAIT | (priv ? FUTEX_PRIVATE_FLAG : 0), val, 0);
}

static inline long
__futex_wake(volatile void *addr, int n, int priv)
{
	return __syscall3(SYS_futex, addr, FUTEX_WAKE | (priv ? FUTEX_PRIVATE_FLAG : 0), n);
}

/* Waits while *addr == val until the absolute time abs on clock (NULL: no
 * limit); 0, -EAGAIN, -EINTR, -ETIMEDOUT or -EINVAL. */
long __futex_wait_abs(volatile void *addr, unsigned int val, clockid_t clock,
		      const struct timespec *abs, int priv);

/* Cancellation points: __pthread_cp_enter() before a blocking call (acts on
 * a pending cancellation), __pthread_cp_leave() with its result after. */
int __pthread_cp_enter(void);
void __pthread_cp_leave(int);
void __pthread_do_exit(void *) __attribute__((noreturn));

/* tls.c */
void __breenix_tls_init(const unsigned long *auxv);
struct pthread *__pthread_alloc(size_t stacksize, size_t guardsize, void *stackaddr);
void __pthread_free(struct pthread *);

/* pthread_mutex.c: the robust list of the calling thread, after fork. */
void __pthread_robust_reset(struct pthread *);

/* pthread_key.c: runs the calling thread's key destructors. */
void __pthread_keys_run_destructors(struct pthread *);

/* The number of threads alive; pthread_create raises it. */
extern volatile int __pthread_count;

static inline int
__valid_abstime(const struct timespec *ts)
{
	return ts == NULL || (ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000L);
}

#endif
