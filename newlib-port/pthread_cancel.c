/* Thread cancellation (deferred and asynchronous) and cleanup handlers.
 *
 * pthread_cancel marks the target and sends it signal 32 (glibc's SIGCANCEL;
 * sigprocmask never blocks it), the first time only: a real-time signal
 * queues, and the mark is read again at every point where it could act.
 * The handler acts only when the target has cancellation enabled and is
 * either asynchronous or inside a cancellation point: the library's
 * blocking calls (read, write, nanosleep and so sleep, pause, poll, wait4,
 * pthread_join, pthread_cond_wait, sem_wait, ...) bracket their system
 * call with __pthread_cp_enter/__pthread_cp_leave.
 * Acting means leaving the signal handler through pthread_exit(
 * PTHREAD_CANCELED): the blocked call never returns, cleanup handlers and
 * key destructors run.  A cancellation that arrives between a call's
 * completion and cp_leave still cancels, losing that call's result (glibc
 * checks the interrupted address instead; we accept the narrow window). */
#include <errno.h>
#include <signal.h>
#include "pthread_impl.h"

static void __attribute__((noreturn))
act(struct pthread *self)
{
	self->in_cancel_point = 0;
	self->cancel_disabled = 1;
	if (self->cancel_cond != NULL)
		__atomic_sub_fetch(&self->cancel_cond->__waiters, 1, __ATOMIC_SEQ_CST);
	if (self->cancel_relock != NULL)	/* cond wait: the mutex is held again */
		pthread_mutex_lock(self->cancel_relock);
	__pthread_do_exit(PTHREAD_CANCELED);
}

static void
cancel_handler(int sig, siginfo_t *si, void *ctx)
{
	struct pthread *self = __pthread_self();

	(void)sig, (void)si, (void)ctx;
	if (self->cancel_pending && !self->cancel_disabled &&
	    (self->cancel_async || self->in_cancel_point))
		act(self);
}

static int
install_handler(void)
{
	static volatile int done;
	struct sigaction sa;

	if (done)
		return 0;
	sa.sa_sigaction = cancel_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGCANCEL, &sa, NULL) != 0)
		return errno;
	done = 1;
	return 0;
}

int
pthread_cancel(pthread_t th)
{
	struct pthread *t = (struct pthread *)th, *self = __pthread_self();
	int e;

	if (t->tid <= 0)
		return 0;	/* ended (or joined): its outcome is settled; glibc's 0 */
	if ((e = install_handler()) != 0)
		return e;
	if (__atomic_exchange_n(&t->cancel_pending, 1, __ATOMIC_SEQ_CST))
		return 0;	/* asked already: one signal is enough (glibc's) */
	if (t == self) {
		if (!self->cancel_disabled && self->cancel_async)
			act(self);
		return 0;
	}
	e = pthread_kill(th, SIGCANCEL);
	return e == ESRCH ? 0 : e;	/* it ended meanwhile: nothing left to cancel */
}

int
__pthread_cp_enter(void)
{
	struct pthread *self = __pthread_self();

	if (self->cancel_disabled)
		return 0;
	self->in_cancel_point = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (self->cancel_pending)
		act(self);
	return 1;
}

void
__pthread_cp_leave(int entered)
{
	if (entered)
		__pthread_self()->in_cancel_point = 0;
}

void
pthread_testcancel(void)
{
	struct pthread *self = __pthread_self();

	if (self->cancel_pending && !self->cancel_disabled)
		act(self);
}

int
pthread_setcancelstate(int state, int *old)
{
	struct pthread *self = __pthread_self();

	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
		return EINVAL;
	if (old != NULL)
		*old = self->cancel_disabled ? PTHREAD_CANCEL_DISABLE : PTHREAD_CANCEL_ENABLE;
	self->cancel_disabled = state == PTHREAD_CANCEL_DISABLE;
	if (!self->cancel_disabled && self->cancel_async && self->cancel_pending)
		act(self);
	return 0;
}

int
pthread_setcanceltype(int type, int *old)
{
	struct pthread *self = __pthread_self();

	if (type != PTHREAD_CANCEL_DEFERRED && type != PTHREAD_CANCEL_ASYNCHRONOUS)
		return EINVAL;
	if (old != NULL)
		*old = self->cancel_async ? PTHREAD_CANCEL_ASYNCHRONOUS : PTHREAD_CANCEL_DEFERRED;
	self->cancel_async = type == PTHREAD_CANCEL_ASYNCHRONOUS;
	if (self->cancel_async && !self->cancel_disabled && self->cancel_pending)
		act(self);
	return 0;
}

void
__pthread_cleanup_push(struct __pthread_cleanup *c, void (*routine)(void *), void *arg)
{
	struct pthread *self = __pthread_self();

	c->__routine = routine;
	c->__arg = arg;
	c->__next = self->cleanup;
	self->cleanup = c;
}

void
__pthread_cleanup_pop(struct __pthread_cleanup *c, int execute)
{
	__pthread_self()->cleanup = c->__next;
	if (execute)
		c->__routine(c->__arg);
}
