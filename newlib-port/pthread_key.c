/* Thread-specific data (pthread_key_*), pthread_once, barriers, spin locks
 * and thread attributes.
 *
 * Keys: a table of PTHREAD_KEYS_MAX slots, each with a sequence number that
 * is odd while the key exists.  A thread's value for a key counts only if
 * it was stored under the slot's current sequence, so a deleted and reused
 * key starts out NULL in every thread without visiting the threads. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/lock.h>
#include "pthread_impl.h"

static struct {
	unsigned int	seq;
	void		(*dtor)(void *);
} keys[PTHREAD_KEYS_MAX];		/* keys_lock */
__LOCK_INIT(static, keys_lock);

int
pthread_key_create(pthread_key_t *key, void (*dtor)(void *))
{
	unsigned int i;

	__lock_acquire(keys_lock);
	for (i = 0; i < PTHREAD_KEYS_MAX; i++) {
		if (keys[i].seq & 1)
			continue;
		keys[i].seq++;
		keys[i].dtor = dtor;
		__lock_release(keys_lock);
		*key = i;
		return 0;
	}
	__lock_release(keys_lock);
	return EAGAIN;
}

int
pthread_key_delete(pthread_key_t key)
{
	int e = EINVAL;

	__lock_acquire(keys_lock);
	if (key < PTHREAD_KEYS_MAX && (keys[key].seq & 1)) {
		keys[key].seq++;
		keys[key].dtor = NULL;
		e = 0;
	}
	__lock_release(keys_lock);
	return e;
}

void *
pthread_getspecific(pthread_key_t key)
{
	struct pthread_key_value *v;

	if (key >= PTHREAD_KEYS_MAX)
		return NULL;
	v = &__pthread_self()->specific[key];
	return v->seq == keys[key].seq ? v->value : NULL;
}

int
pthread_setspecific(pthread_key_t key, const void *value)
{
	struct pthread_key_value *v;
	unsigned int seq;

	if (key >= PTHREAD_KEYS_MAX || !((seq = keys[key].seq) & 1))
		return EINVAL;
	v = &__pthread_self()->specific[key];
	v->seq = seq;
	v->value = (void *)value;
	return 0;
}

/* At thread exit: each non-NULL value's destructor, with the value set to
 * NULL first; values set again by destructors get up to
 * PTHREAD_DESTRUCTOR_ITERATIONS rounds, as POSIX allows. */
void
__pthread_keys_run_destructors(struct pthread *self)
{
	int round, i, again = 1;
	void (*dtor)(void *);
	void *val;

	for (round = 0; again && round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
		again = 0;
		for (i = 0; i < PTHREAD_KEYS_MAX; i++) {
			struct pthread_key_value *v = &self->specific[i];

			__lock_acquire(keys_lock);
			dtor = v->seq == keys[i].seq ? keys[i].dtor : NULL;
			__lock_release(keys_lock);
			if (dtor == NULL || v->value == NULL)
				continue;
			val = v->value;
			v->value = NULL;
			dtor(val);
			again = 1;
		}
	}
}

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

/* Thread attributes. */
int
pthread_attr_init(pthread_attr_t *a)
{
	memset(a, 0, sizeof(*a));
	a->__guardsize = 4096;
	a->__inheritsched = PTHREAD_INHERIT_SCHED;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *a) { (void)a; return 0; }

int
pthread_attr_setdetachstate(pthread_attr_t *a, int s)
{
	if (s != PTHREAD_CREATE_JOINABLE && s != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	a->__detachstate = s;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *s) { *s = a->__detachstate; return 0; }

int
pthread_attr_setstacksize(pthread_attr_t *a, size_t n)
{
	if (n < PTHREAD_STACK_MIN)
		return EINVAL;
	a->__stacksize = n;
	return 0;
}

int
pthread_attr_getstacksize(const pthread_attr_t *a, size_t *n)
{
	*n = a->__stacksize != 0 ? a->__stacksize : 2UL << 20;
	return 0;
}

int
pthread_attr_setstack(pthread_attr_t *a, void *addr, size_t n)
{
	if (n < PTHREAD_STACK_MIN)
		return EINVAL;
	a->__stackaddr = addr;
	a->__stacksize = n;
	a->__set &= ~ATTR_STACK_TOP;
	return 0;
}

int
pthread_attr_getstack(const pthread_attr_t *a, void **addr, size_t *n)
{
	*addr = a->__stackaddr;
	if ((a->__set & ATTR_STACK_TOP) && a->__stackaddr != NULL)
		*addr = (char *)a->__stackaddr - a->__stacksize;
	*n = a->__stacksize;
	return 0;
}

/* The obsolete form: addr is the top of the stack, as with glibc. */
int
pthread_attr_setstackaddr(pthread_attr_t *a, void *addr)
{
	a->__stackaddr = addr;
	a->__set |= ATTR_STACK_TOP;
	return 0;
}

int
pthread_attr_getstackaddr(const pthread_attr_t *a, void **addr)
{
	*addr = a->__stackaddr;
	return 0;
}
int pthread_attr_setguardsize(pthread_attr_t *a, size_t n) { a->__guardsize = n; return 0; }
int pthread_attr_getguardsize(const pthread_attr_t *a, size_t *n) { *n = a->__guardsize; return 0; }

int
pthread_attr_setscope(pthread_attr_t *a, int s)
{
	if (s == PTHREAD_SCOPE_PROCESS)
		return ENOTSUP;
	if (s != PTHREAD_SCOPE_SYSTEM)
		return EINVAL;
	a->__scope = s;
	return 0;
}

int pthread_attr_getscope(const pthread_attr_t *a, int *s) { *s = a->__scope; return 0; }

int
pthread_attr_setinheritsched(pthread_attr_t *a, int s)
{
	if (s != PTHREAD_INHERIT_SCHED && s != PTHREAD_EXPLICIT_SCHED)
		return EINVAL;
	a->__inheritsched = s;
	return 0;
}

int pthread_attr_getinheritsched(const pthread_attr_t *a, int *s) { *s = a->__inheritsched; return 0; }

int
pthread_attr_setschedpolicy(pthread_attr_t *a, int p)
{
	if (p != SCHED_OTHER && p != SCHED_FIFO && p != SCHED_RR)
		return EINVAL;
	a->__schedpolicy = p;
	return 0;
}

int pthread_attr_getschedpolicy(const pthread_attr_t *a, int *p) { *p = a->__schedpolicy; return 0; }

int
pthread_attr_setschedparam(pthread_attr_t *a, const struct sched_param *p)
{
	a->__schedprio = p->sched_priority;
	return 0;
}

int
pthread_attr_getschedparam(const pthread_attr_t *a, struct sched_param *p)
{
	p->sched_priority = a->__schedprio;
	return 0;
}
