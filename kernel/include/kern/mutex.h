/*
 * mutex.h: a sleeping lock for code that may block while holding it (the
 * kernel is preemptible, so long critical sections cannot just turn
 * interrupts off).  Not recursive; the owner must unlock it.  Waiters sleep
 * on the mutex and all are woken on unlock; one of them wins.
 */
#ifndef KERN_MUTEX_H
#define KERN_MUTEX_H

#include <stdbool.h>

struct thread;

struct mutex {
	struct thread *m_owner;
};

void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_held(const struct mutex *m);

#endif
