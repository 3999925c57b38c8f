/* Reader-writer locks, preferring readers as glibc's default does.
 *
 * __state is -1 while written, n > 0 while n readers hold it, 0 when free;
 * it changes only by compare-and-swap.  Blocked threads sleep on __seq,
 * which every release that frees the lock bumps before waking them all;
 * they then race for the lock again. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "pthread_impl.h"

int
pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *a)
{
	memset(l, 0, sizeof(*l));
	l->__pshared = a != NULL && a->__pshared;
	return 0;
}

int
pthread_rwlock_destroy(pthread_rwlock_t *l)
{
	return l->__state != 0 ? EBUSY : 0;
}

/* One attempt: 0, or EBUSY if the lock is not to be had now. */
static int
try_once(pthread_rwlock_t *l, int write)
{
	int s = l->__state;

	if (write) {
		if (s != 0 || !__sync_bool_compare_and_swap(&l->__state, 0, -1))
			return EBUSY;
		l->__writer = __pthread_tid();
		return 0;
	}
	if (s < 0)
		return EBUSY;
	if (s == INT_MAX)
		return EAGAIN;
	return __sync_bool_compare_and_swap(&l->__state, s, s + 1) ? 0 : -1;
}

static int
lock(pthread_rwlock_t *l, int write, const struct timespec *abs, int try)
{
	unsigned int seq;
	long r;
	int e;

	if (write && l->__state == -1 && l->__writer == __pthread_tid())
		return EDEADLK;
	for (;;) {
		seq = __atomic_load_n(&l->__seq, __ATOMIC_SEQ_CST);
		e = try_once(l, write);
		if (e == -1)
			continue;
		if (e != EBUSY || try)
			return e;
		__atomic_add_fetch(&l->__waiters, 1, __ATOMIC_SEQ_CST);
		r = __futex_wait_abs(&l->__seq, seq, CLOCK_REALTIME, abs, !l->__pshared);
		__atomic_sub_fetch(&l->__waiters, 1, __ATOMIC_SEQ_CST);
		if (r == -ETIMEDOUT || r == -EINVAL)
			return (int)-r;
	}
}

int pthread_rwlock_rdlock(pthread_rwlock_t *l) { return lock(l, 0, NULL, 0); }
int pthread_rwlock_tryrdlock(pthread_rwlock_t *l) { return lock(l, 0, NULL, 1); }
int pthread_rwlock_wrlock(pthread_rwlock_t *l) { return lock(l, 1, NULL, 0); }
int pthread_rwlock_trywrlock(pthread_rwlock_t *l) { return lock(l, 1, NULL, 1); }

int
pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *abs)
{
	if (!__valid_abstime(abs))
		return EINVAL;
	return lock(l, 0, abs, 0);
}

int
pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *abs)
{
	if (!__valid_abstime(abs))
		return EINVAL;
	return lock(l, 1, abs, 0);
}

int
pthread_rwlock_unlock(pthread_rwlock_t *l)
{
	int s;

	do {
		s = l->__state;
		if (s == 0)
			return 0;	/* nobody holds it: nothing to do (glibc's 0) */
	} while (!__sync_bool_compare_and_swap(&l->__state, s, s == -1 ? 0 : s - 1));
	if (s == -1)
		l->__writer = 0;
	if (s == -1 || s == 1) {
		__atomic_add_fetch(&l->__seq, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&l->__waiters, __ATOMIC_SEQ_CST) != 0)
			__futex_wake(&l->__seq, INT_MAX, !l->__pshared);
	}
	return 0;
}

int pthread_rwlockattr_init(pthread_rwlockattr_t *a) { a->__pshared = 0; return 0; }
int pthread_rwlockattr_destroy(pthread_rwlockattr_t *a) { (void)a; return 0; }

int
pthread_rwlockattr_setpshared(pthread_rwlockattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	a->__pshared = pshared;
	return 0;
}

int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *a, int *p) { *p = a->__pshared; return 0; }
