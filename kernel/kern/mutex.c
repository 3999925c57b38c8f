/*
 * mutex.c: sleeping locks (kern/mutex.h).  Ownership changes with
 * interrupts off, so a preemption between the test and the set cannot let
 * two threads in.
 */
#include <stddef.h>

#include <kern/mutex.h>
#include <kern/panic.h>
#include <kern/thread.h>

void mutex_lock(struct mutex *m)
{
	unsigned long fl = sched_lock();

	if (m->m_owner == curthread)
		panic("mutex_lock: %p already held by this thread", (void *)m);
	while (m->m_owner != NULL)
		sleep_on(m, 0);
	m->m_owner = curthread;
	sched_unlock(fl);
}

void mutex_unlock(struct mutex *m)
{
	unsigned long fl = sched_lock();

	if (m->m_owner != curthread)
		panic("mutex_unlock: %p not held by this thread", (void *)m);
	m->m_owner = NULL;
	sched_unlock(fl);
	wakeup(m);
}

bool mutex_held(const struct mutex *m)
{
	return m->m_owner == curthread;
}
