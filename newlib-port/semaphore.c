/* Unnamed POSIX semaphores on a futex word.
 *
 * __value is the count and the futex word: sem_wait takes one by
 * compare-and-swap, or sleeps while the count is 0; sem_post adds one and
 * wakes a sleeper if __waiters says there may be one.  A waiter raises
 * __waiters before sleeping and the sleep checks the count, so a post that
 * saw no waiter has already made the count non-zero for it.
 *
 * Named semaphores (sem_open) would live in shared memory files, which the
 * kernel does not have: they are left out, so configure checks see them
 * missing rather than a call that always fails. */
#include <errno.h>
#include <semaphore.h>
#include <string.h>
#include "pthread_impl.h"

int
sem_init(sem_t *s, int pshared, unsigned int value)
{
	if (value > SEM_VALUE_MAX) {
		errno = EINVAL;
		return -1;
	}
	memset(s, 0, sizeof(*s));
	s->__value = value;
	s->__pshared = pshared != 0;
	return 0;
}

int sem_destroy(sem_t *s) { (void)s; return 0; }

static int
take(sem_t *s)
{
	unsigned int v;

	while ((v = __atomic_load_n(&s->__value, __ATOMIC_SEQ_CST)) != 0)
		if (__sync_bool_compare_and_swap(&s->__value, v, v - 1))
			return 1;
	return 0;
}

static int
wait(sem_t *s, clockid_t clock, const struct timespec *abs)
{
	int cp, e = 0;
	long r;

	if (take(s))
		return 0;
	if (!__valid_abstime(abs)) {
		errno = EINVAL;
		return -1;
	}
	cp = __pthread_cp_enter();
	__atomic_add_fetch(&s->__waiters, 1, __ATOMIC_SEQ_CST);
	while (!take(s)) {
		r = __futex_wait_abs(&s->__value, 0, clock, abs, !s->__pshared);
		if (r == -ETIMEDOUT || r == -EINTR || r == -EINVAL) {
			e = (int)-r;
			break;
		}
	}
	__atomic_sub_fetch(&s->__waiters, 1, __ATOMIC_SEQ_CST);
	__pthread_cp_leave(cp);
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 0;
}

int sem_wait(sem_t *s) { return wait(s, CLOCK_REALTIME, NULL); }

int
sem_timedwait(sem_t *s, const struct timespec *abs)
{
	return wait(s, CLOCK_REALTIME, abs);
}

int
sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *abs)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC) {
		errno = EINVAL;
		return -1;
	}
	return wait(s, clock, abs);
}

int
sem_trywait(sem_t *s)
{
	if (take(s))
		return 0;
	errno = EAGAIN;
	return -1;
}

int
sem_post(sem_t *s)
{
	unsigned int v;

	do {
		v = __atomic_load_n(&s->__value, __ATOMIC_SEQ_CST);
		if (v >= SEM_VALUE_MAX) {
			errno = EOVERFLOW;
			return -1;
		}
	} while (!__sync_bool_compare_and_swap(&s->__value, v, v + 1));
	if (__atomic_load_n(&s->__waiters, __ATOMIC_SEQ_CST) != 0)
		__futex_wake(&s->__value, 1, !s->__pshared);
	return 0;
}

int
sem_getvalue(sem_t *s, int *value)
{
	*value = (int)__atomic_load_n(&s->__value, __ATOMIC_SEQ_CST);
	return 0;
}
