/*
 * mutex.c: sleeping locks (kern/mutex.h).  Ownership changes with
 * interrupts off, so a preemption between the test and the set cannot let
 * two threads in.
 */
#include <stddef.h>

#include <arch/arch.h>
#include <kern/mutex.h>
#include <kern/panic.h>
#include <kern/thread.h>

/*
 * A held mutex puts the caller to sleep, which must not happen inside a
 * section that turned interrupts off (an interrupt handler, sched_lock):
 * the switch would let others into it.  Checked when it would sleep, since
 * the boot thread takes mutexes before interrupts are first enabled.
 */
void mutex_lock(struct mutex *m)
{
	bool irq_on = arch_irq_enabled();
	unsigned long fl = sched_lock();

	if (m->m_owner == curthread)
		panic("mutex_lock: %p already held by this thread", (void *)m);
	if (m->m_owner != NULL)
		KASSERT(irq_on);
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
