/* The locks of newlib's own code (<sys/lock.h>): stdio streams, the stream
 * list, atexit, the environment, time zones; malloc.c takes one too.
 *
 * A plain lock is Drepper's three-state futex mutex ("Futexes are tricky"):
 * 0 free, 1 held, 2 held and maybe waited for; taking it costs one atomic
 * exchange when free, releasing it a futex wake only when someone waits.
 * A recursive lock adds the owner's thread id and a depth, both written
 * only by the owner.  All locks are private to the process. */
#include <sys/lock.h>
#include "pthread_impl.h"

void
__breenix_lock_init(_LOCK_T *l)
{
	l->word = 0;
	l->owner = 0;
	l->depth = 0;
}

void
__breenix_lock_acquire(_LOCK_T *l)
{
	int c = __sync_val_compare_and_swap(&l->word, 0, 1);

	if (c == 0)
		return;
	if (c != 2)
		c = __atomic_exchange_n(&l->word, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		__futex_wait(&l->word, 2, 1);
		c = __atomic_exchange_n(&l->word, 2, __ATOMIC_ACQUIRE);
	}
}

int
__breenix_lock_try_acquire(_LOCK_T *l)
{
	return __sync_val_compare_and_swap(&l->word, 0, 1) == 0 ? 0 : 1;
}

void
__breenix_lock_release(_LOCK_T *l)
{
	if (__atomic_exchange_n(&l->word, 0, __ATOMIC_RELEASE) == 2)
		__futex_wake(&l->word, 1, 1);
}

void
__breenix_lock_acquire_recursive(_LOCK_T *l)
{
	int me = __pthread_tid();

	if (l->owner == me) {
		l->depth++;
		return;
	}
	__breenix_lock_acquire(l);
	l->owner = me;
	l->depth = 1;
}

int
__breenix_lock_try_acquire_recursive(_LOCK_T *l)
{
	int me = __pthread_tid();

	if (l->owner == me) {
		l->depth++;
		return 0;
	}
	if (__breenix_lock_try_acquire(l) != 0)
		return 1;
	l->owner = me;
	l->depth = 1;
	return 0;
}

void
__breenix_lock_release_recursive(_LOCK_T *l)
{
	if (--l->depth != 0)
		return;
	l->owner = 0;
	__breenix_lock_release(l);
}
