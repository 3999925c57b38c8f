/* POSIX threads: creation, exit, join and detach, identity, signals,
 * attributes, names, fork.
 *
 * pthread_create maps the new thread's stack, TLS block and control block
 * (tls.c) and clones with glibc's flags: CLONE_VM|FS|FILES|SIGHAND|THREAD|
 * SYSVSEM share everything, CLONE_SETTLS points the child's %fs at its
 * control block, CLONE_PARENT_SETTID stores its id in the control block
 * before clone returns, and CLONE_CHILD_CLEARTID has the kernel zero that
 * word and futex-wake it when the thread is gone: pthread_join waits on it,
 * sets it to -1 (so later calls on the joined thread give ESRCH, as glibc's
 * do) and gives the mapping to tls.c's cache.  A detached thread frees its own mapping as its
 * last act (__breenix_unmap_and_exit).  The new thread starts with every
 * signal blocked and sets its creator's mask once its control block is
 * ready, so no handler runs on a half-made thread.
 *
 * detach_state moves JOINABLE -> DETACHED (pthread_detach) or JOINABLE ->
 * EXITED (the thread ends) by compare-and-swap, so exactly one of the two
 * frees the thread. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/lock.h>
#include "pthread_impl.h"

#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_THREAD		0x00010000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		      CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

#define DEFAULT_STACK	(2UL << 20)	/* demand-zero: only touched pages cost memory */
#define DEFAULT_GUARD	4096UL

long __breenix_thread_clone(unsigned long, void *, volatile int *, volatile int *, void *,
			    int (*)(void *), void *);
void __breenix_unmap_and_exit(void *, size_t) __attribute__((noreturn));

volatile int __pthread_count = 1;

static void
sigmask_raw(const sigset_t *set, sigset_t *old)
{
	__syscall4(SYS_rt_sigprocmask, SIG_SETMASK, set, old, sizeof(sigset_t));
}

static int
start_thread(void *arg)
{
	struct pthread *t = arg;

	__syscall2(SYS_set_robust_list, &t->robust, sizeof(t->robust));
	sigmask_raw(&t->start_mask, NULL);
	__pthread_do_exit(t->start(t->arg));
}

int
pthread_create(pthread_t *res, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	struct pthread *self = __pthread_self(), *t;
	size_t stack = DEFAULT_STACK, guard = DEFAULT_GUARD;
	void *stackaddr = NULL;
	sigset_t all;
	long r;

	if (attr != NULL) {
		if (attr->__stacksize != 0)
			stack = attr->__stacksize;
		guard = attr->__guardsize;
		stackaddr = attr->__stackaddr;
		if (stackaddr != NULL && (attr->__set & ATTR_STACK_TOP))
			stackaddr = (char *)stackaddr - stack;	/* pthread_attr_setstackaddr */
	}
	t = __pthread_alloc(stack, guard, stackaddr);
	if (t == NULL)
		return EAGAIN;
	t->start = fn;
	t->arg = arg;
	t->detach_state = attr != NULL && attr->__detachstate == PTHREAD_CREATE_DETACHED ?
			  DT_DETACHED : DT_JOINABLE;
	t->stack_guard = self->stack_guard;
	t->pointer_guard = self->pointer_guard;
	t->multiple_threads = self->multiple_threads = 1;
	sigfillset(&all);
	sigmask_raw(&all, &t->start_mask);
	__atomic_add_fetch(&__pthread_count, 1, __ATOMIC_SEQ_CST);
	r = __breenix_thread_clone(THREAD_FLAGS,
				   (void *)(((uintptr_t)t->stack_low + t->stack_size) & ~(uintptr_t)15),
				   &t->tid, &t->tid, t, start_thread, t);
	if (r < 0) {
		__atomic_sub_fetch(&__pthread_count, 1, __ATOMIC_SEQ_CST);
		sigmask_raw(&t->start_mask, NULL);
		__pthread_free(t);
		return EAGAIN;
	}
	sigmask_raw(&t->start_mask, NULL);	/* t may be gone already if detached */
	*res = (pthread_t)t;
	return 0;
}

void __attribute__((noreturn))
__pthread_do_exit(void *result)
{
	struct pthread *self = __pthread_self();
	struct __pthread_cleanup *c;
	sigset_t all;

	self->cancel_disabled = 1;
	while ((c = self->cleanup) != NULL) {
		self->cleanup = c->__next;
		c->__routine(c->__arg);
	}
	__pthread_keys_run_destructors(self);
	if (__atomic_sub_fetch(&__pthread_count, 1, __ATOMIC_SEQ_CST) == 0)
		exit(0);	/* the last thread: the process ends as if main returned 0 */
	if (self->reentp != _impure_ptr)
		_reclaim_reent(self->reentp);	/* what newlib allocated for this thread */
	self->result = result;
	if (__sync_val_compare_and_swap(&self->detach_state, DT_JOINABLE, DT_EXITED) ==
	    DT_JOINABLE || self->map == NULL || self->robust.next != &self->robust)
		for (;;)	/* the joiner frees us (or nobody: the main thread) */
			__syscall1(SYS_exit, 0);
	/* Detached: nothing may run on this stack once it is unmapped, and
	 * the kernel must not write the thread id into freed memory. */
	sigfillset(&all);
	sigmask_raw(&all, NULL);
	__syscall1(SYS_set_tid_address, 0);
	__syscall2(SYS_set_robust_list, 0, sizeof(self->robust));
	__breenix_unmap_and_exit(self->map, self->map_size);
}

void
pthread_exit(void *result)
{
	__pthread_do_exit(result);
}

pthread_t pthread_self(void) { return (pthread_t)__pthread_self(); }
int pthread_equal(pthread_t a, pthread_t b) { return a == b; }

/* Waits for t to end, until abs on CLOCK_REALTIME if abs is given. */
static int
join_wait(struct pthread *t, const struct timespec *abs, int cancellable)
{
	int tid, cp = 0;
	long r = 0;

	if (cancellable)
		cp = __pthread_cp_enter();
	while ((tid = t->tid) != 0) {
		r = __futex_wait_abs(&t->tid, tid, CLOCK_REALTIME, abs, 0);
		if (r == -ETIMEDOUT || r == -EINVAL)
			break;
	}
	if (cancellable)
		__pthread_cp_leave(cp);
	return t->tid == 0 ? 0 : (int)-r;
}

static int
join(pthread_t th, void **res, const struct timespec *abs, int nowait)
{
	struct pthread *t = (struct pthread *)th;
	int e;

	if (t->tid < 0)
		return ESRCH;	/* joined already */
	if (t == __pthread_self())
		return EDEADLK;
	if (t->detach_state == DT_DETACHED)
		return EINVAL;
	if (nowait && t->tid != 0)
		return EBUSY;
	if ((e = join_wait(t, abs, 1)) != 0)
		return e;
	if (res != NULL)
		*res = t->result;
	t->tid = -1;
	__pthread_free(t);
	return 0;
}

int pthread_join(pthread_t th, void **res) { return join(th, res, NULL, 0); }
int pthread_tryjoin_np(pthread_t th, void **res) { return join(th, res, NULL, 1); }

int
pthread_timedjoin_np(pthread_t th, void **res, const struct timespec *abs)
{
	if (abs == NULL || !__valid_abstime(abs))
		return EINVAL;
	return join(th, res, abs, 0);
}

int
pthread_detach(pthread_t th)
{
	struct pthread *t = (struct pthread *)th;
	int old;

	if (t->tid < 0)
		return ESRCH;	/* joined already */
	old = __sync_val_compare_and_swap(&t->detach_state, DT_JOINABLE, DT_DETACHED);
	if (old == DT_DETACHED)
		return EINVAL;
	if (old == DT_EXITED) {		/* it ended first: reap it now */
		join_wait(t, NULL, 0);
		t->tid = -1;
		__pthread_free(t);
	}
	return 0;
}

int
pthread_kill(pthread_t th, int sig)
{
	struct pthread *t = (struct pthread *)th;
	int tid = t->tid;
	long r;

	if (tid <= 0)
		return ESRCH;	/* ended (0) or joined (-1) */
	r = __syscall3(SYS_tgkill, __syscall0(SYS_getpid), tid, sig);
	return r < 0 ? (int)-r : 0;
}

int
pthread_setname_np(pthread_t th, const char *name)
{
	struct pthread *t = (struct pthread *)th;

	if (strlen(name) >= sizeof(t->name))
		return ERANGE;
	strcpy(t->name, name);
	return 0;
}

int
pthread_getname_np(pthread_t th, char *buf, size_t len)
{
	struct pthread *t = (struct pthread *)th;
	const char *n = t->name;

	if (n[0] == '\0' && t->map == NULL)
		n = getprogname();	/* the main thread: the program's name, as Linux's comm */
	if (strnlen(n, 15) >= len)
		return ERANGE;
	strncpy(buf, n, len);
	buf[len - 1] = '\0';
	if (strlen(n) > 15)
		buf[15] = '\0';
	return 0;
}

int pthread_yield(void) { return sched_yield(); }
int pthread_getconcurrency(void) { return 0; }
int pthread_setconcurrency(int n) { return n < 0 ? EINVAL : 0; }

/* The scheduling calls' ESRCH for a thread that has ended, as glibc's. */
static int gone(pthread_t th) { return ((struct pthread *)th)->tid <= 0; }

int
pthread_getschedparam(pthread_t th, int *policy, struct sched_param *p)
{
	if (gone(th))
		return ESRCH;
	*policy = SCHED_OTHER;
	p->sched_priority = 0;
	return 0;
}

int
pthread_setschedparam(pthread_t th, int policy, const struct sched_param *p)
{
	if (gone(th))
		return ESRCH;
	if (policy != SCHED_OTHER || p->sched_priority != 0)
		return policy == SCHED_FIFO || policy == SCHED_RR ? EPERM : EINVAL;
	return 0;
}

int
pthread_setschedprio(pthread_t th, int prio)
{
	if (gone(th))
		return ESRCH;
	return prio == 0 ? 0 : EINVAL;
}

/* Linux's encoding of a thread's CPU clock: MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED). */
int
pthread_getcpuclockid(pthread_t th, clockid_t *c)
{
	int tid = ((struct pthread *)th)->tid;

	if (tid <= 0)
		return ESRCH;
	*c = (clockid_t)((~(unsigned int)tid) << 3) | 4 | 2;
	return 0;
}


int
pthread_getattr_np(pthread_t th, pthread_attr_t *a)
{
	struct pthread *t = (struct pthread *)th;

	pthread_attr_init(a);
	a->__detachstate = t->detach_state == DT_DETACHED ? PTHREAD_CREATE_DETACHED :
			   PTHREAD_CREATE_JOINABLE;
	a->__stackaddr = t->stack_low;
	a->__stacksize = t->stack_size;
	return 0;
}

/* fork handlers (pthread_atfork) and fork itself, which takes the library's
 * locks first so the child, which has only the calling thread, finds none
 * of them held by a thread it does not have. */
struct atfork {
	void (*prepare)(void), (*parent)(void), (*child)(void);
	struct atfork *next, *prev;
};
static struct atfork *atfork_head, *atfork_tail;	/* atfork_lock */
__LOCK_INIT(static, atfork_lock);

int
pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
	struct atfork *a = malloc(sizeof(*a));

	if (a == NULL)
		return ENOMEM;
	a->prepare = prepare;
	a->parent = parent;
	a->child = child;
	a->next = NULL;
	__lock_acquire(atfork_lock);
	a->prev = atfork_tail;
	if (atfork_tail != NULL)
		atfork_tail->next = a;
	else
		atfork_head = a;
	atfork_tail = a;
	__lock_release(atfork_lock);
	return 0;
}

void __malloc_lock(struct _reent *);
void __malloc_unlock(struct _reent *);
void __sfp_lock_acquire(void);
void __sfp_lock_release(void);
void __env_lock(struct _reent *);
void __env_unlock(struct _reent *);

pid_t
fork(void)
{
	struct pthread *self = __pthread_self();
	struct atfork *a;
	long r;

	__lock_acquire(atfork_lock);
	for (a = atfork_tail; a != NULL; a = a->prev)	/* prepare: in reverse order */
		if (a->prepare != NULL)
			a->prepare();
	__sfp_lock_acquire();
	__env_lock(NULL);
	__malloc_lock(NULL);
	r = __syscall0(SYS_fork);
	if (r == 0) {
		self->tid = __syscall0(SYS_gettid);
		__pthread_count = 1;
		__pthread_robust_reset(self);
	}
	__malloc_unlock(NULL);
	__env_unlock(NULL);
	__sfp_lock_release();
	for (a = atfork_head; a != NULL; a = a->next) {
		if (r == 0 && a->child != NULL)
			a->child();
		else if (r != 0 && a->parent != NULL)
			a->parent();
	}
	__lock_release(atfork_lock);
	return __syscall_ret(r);
}

pid_t vfork(void) { return fork(); }
pid_t _fork(void) { return fork(); }
