/* Thread-specific data (pthread_key_*).
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
