/* Condition variables.
 *
 * __seq is the futex word: a waiter reads it, releases the mutex and sleeps
 * while it is unchanged; signal and broadcast bump it and wake one or all
 * sleepers.  A wake-up between the read and the sleep changes __seq, so the
 * sleep returns at once and no signal is lost.  __waiters only lets a
 * signal with nobody waiting skip the system call.  A thread that starts
 * waiting between a signal's bump and its wake may take that wake (the
 * kernel wakes the newest sleeper first) and leave an older waiter asleep;
 * a signaller that holds the mutex, as the usual pattern does, excludes
 * that.  Timed waits use the condition's clock (pthread_condattr_setclock):
 * CLOCK_REALTIME by default, or CLOCK_MONOTONIC. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "pthread_impl.h"

int
pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	memset(c, 0, sizeof(*c));
	c->__clock = a != NULL ? a->__clock : (int)CLOCK_REALTIME;
	c->__pshared = a != NULL && a->__pshared;
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c) { (void)c; return 0; }

static int
wait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock, const struct timespec *abs)
{
	struct pthread *self = __pthread_self();
	unsigned int seq;
	int e, cp;
	long r;

	if (!__valid_abstime(abs))
		return EINVAL;
	seq = __atomic_load_n(&c->__seq, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&c->__waiters, 1, __ATOMIC_SEQ_CST);
	if ((e = pthread_mutex_unlock(m)) != 0) {
		__atomic_sub_fetch(&c->__waiters, 1, __ATOMIC_SEQ_CST);
		return e;
	}
	self->cancel_relock = m;
	self->cancel_cond = c;
	cp = __pthread_cp_enter();
	r = __futex_wait_abs(&c->__seq, seq, clock, abs, !c->__pshared);
	__pthread_cp_leave(cp);
	self->cancel_relock = NULL;
	self->cancel_cond = NULL;
	__atomic_sub_fetch(&c->__waiters, 1, __ATOMIC_SEQ_CST);
	e = pthread_mutex_lock(m);
	if (e == 0 && r == -ETIMEDOUT)
		e = ETIMEDOUT;
	return e;
}

int
pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return wait(c, m, CLOCK_REALTIME, NULL);
}

int
pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abs)
{
	if (abs == NULL)
		return EINVAL;
	return wait(c, m, c->__clock, abs);
}

int
pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock,
		       const struct timespec *abs)
{
	if (abs == NULL || (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC))
		return EINVAL;
	return wait(c, m, clock, abs);
}

int
pthread_cond_signal(pthread_cond_t *c)
{
	__atomic_add_fetch(&c->__seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->__waiters, __ATOMIC_SEQ_CST) != 0)
		__futex_wake(&c->__seq, 1, !c->__pshared);
	return 0;
}

int
pthread_cond_broadcast(pthread_cond_t *c)
{
	__atomic_add_fetch(&c->__seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->__waiters, __ATOMIC_SEQ_CST) != 0)
		__futex_wake(&c->__seq, INT_MAX, !c->__pshared);
	return 0;
}

int
pthread_condattr_init(pthread_condattr_t *a)
{
	a->__clock = CLOCK_REALTIME;
	a->__pshared = 0;
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *a) { (void)a; return 0; }

int
pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	a->__clock = clock;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *c) { *c = a->__clock; return 0; }

int
pthread_condattr_setpshared(pthread_condattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	a->__pshared = pshared;
	return 0;
}

int pthread_condattr_getpshared(const pthread_condattr_t *a, int *p) { *p = a->__pshared; return 0; }
