/* pthread_once, barriers and spin locks: each a futex word (or a plain
 * word for spin locks) with no owner to track. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "pthread_impl.h"

/* pthread_once: 0 not run, 1 running, 2 done; waiters sleep on the word. */
enum { ONCE_NEW, ONCE_RUNNING, ONCE_DONE, ONCE_WAITED };

static void
once_cancelled(void *arg)
{
	volatile int *o = arg;

	if (__atomic_exchange_n(o, ONCE_NEW, __ATOMIC_SEQ_CST) == ONCE_WAITED)
		__futex_wake(o, INT_MAX, 1);
}

int
pthread_once(pthread_once_t *once, void (*fn)(void))
{
	volatile int *o = (volatile int *)once;
	int v;

	for (;;) {
		v = __atomic_load_n(o, __ATOMIC_ACQUIRE);
		if (v == ONCE_DONE)
			return 0;
		if (v == ONCE_NEW) {
			if (!__sync_bool_compare_and_swap(o, ONCE_NEW, ONCE_RUNNING))
				continue;
			pthread_cleanup_push(once_cancelled, (void *)o);
			fn();
			pthread_cleanup_pop(0);
			if (__atomic_exchange_n(o, ONCE_DONE, __ATOMIC_SEQ_CST) == ONCE_WAITED)
				__futex_wake(o, INT_MAX, 1);
			return 0;
		}
		if (v == ONCE_RUNNING && !__sync_bool_compare_and_swap(o, ONCE_RUNNING, ONCE_WAITED))
			continue;
		__futex_wait(o, ONCE_WAITED, 1);
	}
}

/* Barriers: the last of count arrivals starts a new round (__seq) and wakes
 * the others, which wait for the round they arrived in to end. */
int
pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a, unsigned count)
{
	if (count == 0)
		return EINVAL;
	memset(b, 0, sizeof(*b));
	b->__count = count;
	b->__pshared = a != NULL && a->__pshared;
	return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b) { (void)b; return 0; }

int
pthread_barrier_wait(pthread_barrier_t *b)
{
	unsigned int round = __atomic_load_n(&b->__seq, __ATOMIC_SEQ_CST);
	int priv = !b->__pshared;

	if (__atomic_add_fetch(&b->__arrived, 1, __ATOMIC_SEQ_CST) == b->__count) {
		__atomic_store_n(&b->__arrived, 0, __ATOMIC_SEQ_CST);
		__atomic_add_fetch(&b->__seq, 1, __ATOMIC_SEQ_CST);
		__futex_wake(&b->__seq, INT_MAX, priv);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	while (__atomic_load_n(&b->__seq, __ATOMIC_SEQ_CST) == round)
		__futex_wait(&b->__seq, round, priv);
	return 0;
}

int pthread_barrierattr_init(pthread_barrierattr_t *a) { a->__pshared = 0; return 0; }
int pthread_barrierattr_destroy(pthread_barrierattr_t *a) { (void)a; return 0; }

int
pthread_barrierattr_setpshared(pthread_barrierattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	a->__pshared = pshared;
	return 0;
}

int
pthread_barrierattr_getpshared(const pthread_barrierattr_t *a, int *pshared)
{
	*pshared = a->__pshared;
	return 0;
}

/* Spin locks: one CPU spins in vain, so a spinner yields the processor. */
int pthread_spin_init(pthread_spinlock_t *s, int pshared) { (void)pshared; *s = 0; return 0; }
int pthread_spin_destroy(pthread_spinlock_t *s) { (void)s; return 0; }

int
pthread_spin_lock(pthread_spinlock_t *s)
{
	while (__atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE) != 0)
		while (__atomic_load_n(s, __ATOMIC_RELAXED) != 0)
			sched_yield();
	return 0;
}

int
pthread_spin_trylock(pthread_spinlock_t *s)
{
	return __atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE) == 0 ? 0 : EBUSY;
}

int
pthread_spin_unlock(pthread_spinlock_t *s)
{
	__atomic_store_n(s, 0, __ATOMIC_RELEASE);
	return 0;
}
