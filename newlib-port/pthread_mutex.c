/* Mutexes: normal, recursive and error-checking, each optionally robust and
 * process-shared.
 *
 * The lock word (__lock) is 0 when free, else the owner's thread id, with
 * FUTEX_WAITERS set once a thread has slept on it (so unlock knows to wake
 * one) and FUTEX_OWNER_DIED set by the kernel when a robust mutex's owner
 * ends holding it.  Keeping the thread id in the word is Linux's robust
 * futex protocol: a thread's robust list (struct robust_head in its control
 * block, registered with set_robust_list) links the robust mutexes it holds
 * through __rl_next, and the kernel walks it when the thread dies, marking
 * each word it finds with the dead thread's id.  list_op_pending covers a
 * mutex between being taken and being linked.
 *
 * The next locker of a mutex whose owner died gets it with EOWNERDEAD; it
 * is then inconsistent until pthread_mutex_consistent, and unlocking it
 * without that makes it unusable (ENOTRECOVERABLE), as POSIX says. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "pthread_impl.h"

#define TYPE_MASK	3
#define ROBUST		__PTHREAD_MUTEX_ROBUST_BIT
#define PSHARED		__PTHREAD_MUTEX_PSHARED_BIT

enum { ST_OK, ST_INCONSISTENT, ST_UNUSABLE };

struct rnode {
	struct rnode	*next;
	struct rnode	*prev;
};

static struct rnode *node_of(pthread_mutex_t *m) { return (struct rnode *)&m->__rl_next; }

static void
robust_link(struct pthread *self, pthread_mutex_t *m)
{
	struct rnode *n = node_of(m), *head = (struct rnode *)&self->robust;

	n->next = head->next;
	n->prev = head;
	if (n->next != head)
		n->next->prev = n;
	head->next = n;		/* robust.next is the head's "next" field */
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	self->robust.pending = NULL;
}

static void
robust_unlink(struct pthread *self, pthread_mutex_t *m)
{
	struct rnode *n = node_of(m), *head = (struct rnode *)&self->robust;

	self->robust.pending = n;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	n->prev->next = n->next;
	if (n->next != head)
		n->next->prev = n->prev;
}

/* After fork: the child holds no robust mutex and must register again. */
void
__pthread_robust_reset(struct pthread *self)
{
	self->robust.next = &self->robust;
	self->robust.pending = NULL;
	__syscall2(SYS_set_robust_list, &self->robust, sizeof(self->robust));
}

int
pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	memset(m, 0, sizeof(*m));
	m->__kind = a != NULL ? a->__kind : PTHREAD_MUTEX_NORMAL;
	return 0;
}

int
pthread_mutex_destroy(pthread_mutex_t *m)
{
	return (m->__lock & FUTEX_TID_MASK) != 0 ? EBUSY : 0;
}

/* The word is ours now (v was its value before): robust bookkeeping. */
static int
taken(struct pthread *self, pthread_mutex_t *m, unsigned int v)
{
	m->__count = 1;
	if (!(m->__kind & ROBUST))
		return 0;
	robust_link(self, m);
	if (v & FUTEX_OWNER_DIED) {
		m->__state = ST_INCONSISTENT;
		return EOWNERDEAD;
	}
	return 0;
}

/* Already held by the caller: what its type says to do. */
static int
relock(pthread_mutex_t *m)
{
	switch (m->__kind & TYPE_MASK) {
	case PTHREAD_MUTEX_RECURSIVE:
		if (m->__count == UINT_MAX)
			return EAGAIN;
		m->__count++;
		return 0;
	case PTHREAD_MUTEX_ERRORCHECK:
		return EDEADLK;
	default:
		return -1;	/* normal: deadlock, as POSIX says (robust: EDEADLK) */
	}
}

static int
lock(pthread_mutex_t *m, clockid_t clock, const struct timespec *abs, int try)
{
	struct pthread *self = __pthread_self();
	unsigned int me = (unsigned int)self->tid, v, nv;
	int robust = m->__kind & ROBUST, priv = !(m->__kind & PSHARED), e;
	long r;

	if ((m->__lock & FUTEX_TID_MASK) == me) {
		e = relock(m);
		if (try && e != 0)
			return EBUSY;	/* trylock never says EDEADLK, as glibc */
		if (e >= 0)
			return e;
		if (robust)
			return EDEADLK;
	}
	if (robust && m->__state == ST_UNUSABLE)
		return ENOTRECOVERABLE;
	if (robust)
		self->robust.pending = node_of(m);
	if (__sync_bool_compare_and_swap(&m->__lock, 0, me))
		return taken(self, m, 0);
	for (;;) {
		v = m->__lock;
		if ((v & FUTEX_TID_MASK) == 0) {
			if (robust && m->__state == ST_UNUSABLE) {
				e = ENOTRECOVERABLE;
				break;
			}
			/* Taken after others slept: keep the waiters bit. */
			nv = me | (v & FUTEX_WAITERS) | (try ? 0 : FUTEX_WAITERS);
			if (__sync_bool_compare_and_swap(&m->__lock, v, nv))
				return taken(self, m, v);
			continue;
		}
		if (try) {
			e = EBUSY;
			break;
		}
		if (!(v & FUTEX_WAITERS) &&
		    !__sync_bool_compare_and_swap(&m->__lock, v, v | FUTEX_WAITERS))
			continue;
		r = __futex_wait_abs(&m->__lock, v | FUTEX_WAITERS, clock, abs, priv);
		if (r == -ETIMEDOUT || r == -EINVAL) {
			e = (int)-r;
			break;
		}
	}
	if (robust)
		self->robust.pending = NULL;
	return e;
}

int pthread_mutex_lock(pthread_mutex_t *m) { return lock(m, CLOCK_REALTIME, NULL, 0); }
int pthread_mutex_trylock(pthread_mutex_t *m) { return lock(m, CLOCK_REALTIME, NULL, 1); }

int
pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abs)
{
	return pthread_mutex_clocklock(m, CLOCK_REALTIME, abs);
}

int
pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock, const struct timespec *abs)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	if (!__valid_abstime(abs))
		return EINVAL;
	return lock(m, clock, abs, 0);
}

int
pthread_mutex_unlock(pthread_mutex_t *m)
{
	struct pthread *self = __pthread_self();
	int type = m->__kind & TYPE_MASK, robust = m->__kind & ROBUST;
	unsigned int v;

	if ((type != PTHREAD_MUTEX_NORMAL || robust) &&
	    (m->__lock & FUTEX_TID_MASK) != (unsigned int)self->tid)
		return EPERM;
	if (type == PTHREAD_MUTEX_RECURSIVE && --m->__count != 0)
		return 0;
	m->__count = 0;
	if (robust) {
		if (m->__state == ST_INCONSISTENT)
			m->__state = ST_UNUSABLE;
		robust_unlink(self, m);
	}
	v = __atomic_exchange_n(&m->__lock, 0, __ATOMIC_RELEASE);
	if (robust)
		self->robust.pending = NULL;
	if (robust && m->__state == ST_UNUSABLE)
		__futex_wake(&m->__lock, INT_MAX, !(m->__kind & PSHARED));
	else if (v & FUTEX_WAITERS)
		__futex_wake(&m->__lock, 1, !(m->__kind & PSHARED));
	return 0;
}

int
pthread_mutex_consistent(pthread_mutex_t *m)
{
	if (!(m->__kind & ROBUST) || m->__state != ST_INCONSISTENT ||
	    (m->__lock & FUTEX_TID_MASK) != (unsigned int)__pthread_tid())
		return EINVAL;
	m->__state = ST_OK;
	return 0;
}

int pthread_mutex_consistent_np(pthread_mutex_t *m) { return pthread_mutex_consistent(m); }
int pthread_mutex_getprioceiling(const pthread_mutex_t *m, int *c) { (void)m; (void)c; return EINVAL; }
int pthread_mutex_setprioceiling(pthread_mutex_t *m, int c, int *o) { (void)m; (void)c; (void)o; return EINVAL; }

int pthread_mutexattr_init(pthread_mutexattr_t *a) { a->__kind = 0; return 0; }
int pthread_mutexattr_destroy(pthread_mutexattr_t *a) { (void)a; return 0; }

int
pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
	if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_ERRORCHECK)
		return EINVAL;
	a->__kind = (a->__kind & ~TYPE_MASK) | type;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *t) { *t = a->__kind & TYPE_MASK; return 0; }

int
pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	a->__kind = (a->__kind & ~PSHARED) | (pshared ? PSHARED : 0);
	return 0;
}

int
pthread_mutexattr_getpshared(const pthread_mutexattr_t *a, int *p)
{
	*p = (a->__kind & PSHARED) ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int
pthread_mutexattr_setrobust(pthread_mutexattr_t *a, int robust)
{
	if (robust != PTHREAD_MUTEX_STALLED && robust != PTHREAD_MUTEX_ROBUST)
		return EINVAL;
	a->__kind = (a->__kind & ~ROBUST) | (robust ? ROBUST : 0);
	return 0;
}

int
pthread_mutexattr_getrobust(const pthread_mutexattr_t *a, int *r)
{
	*r = (a->__kind & ROBUST) ? PTHREAD_MUTEX_ROBUST : PTHREAD_MUTEX_STALLED;
	return 0;
}

int pthread_mutexattr_setrobust_np(pthread_mutexattr_t *a, int r) { return pthread_mutexattr_setrobust(a, r); }
int pthread_mutexattr_getrobust_np(const pthread_mutexattr_t *a, int *r) { return pthread_mutexattr_getrobust(a, r); }

int
pthread_mutexattr_setprotocol(pthread_mutexattr_t *a, int p)
{
	(void)a;
	if (p == PTHREAD_PRIO_NONE)
		return 0;
	return p == PTHREAD_PRIO_INHERIT || p == PTHREAD_PRIO_PROTECT ? ENOTSUP : EINVAL;
}

int pthread_mutexattr_getprotocol(const pthread_mutexattr_t *a, int *p) { (void)a; *p = PTHREAD_PRIO_NONE; return 0; }
