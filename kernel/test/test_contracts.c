/*
 * test_contracts.c: the checks behind the lock contracts (docs/design.md,
 * "Contracts").  mutex_held and sched_lock_held must say false as well as
 * true, or a KASSERT on them proves nothing; and a KASSERT at a function
 * that needs a lock must fire when the caller does not hold it.  Those
 * violations are made on purpose between kassert_catch_begin/end, which
 * count a failed check instead of panicking.
 */
#include <arch/arch.h>
#include <fs/vfs.h>
#include <kern/clock.h>
#include <kern/ktest.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <kern/thread.h>

#ifdef KDEBUG
#define CHECKED 1u /* a violation is counted once */
#else
#define CHECKED 0u /* built without the checks: nothing to count */
#endif

struct other {
	struct mutex *m;
	volatile bool held, done;
};

static void other_main(void *arg)
{
	struct other *o = arg;

	o->held = mutex_held(o->m);
	o->done = true;
	wakeup(o);
}

KTEST(contracts_mutex_held_is_per_owner)
{
	static struct mutex m;
	static struct other o = { .m = &m };
	uint64_t give_up = clock_monotonic_ns() + 2000000000ULL;

	KTEST_ASSERT(!mutex_held(&m));
	mutex_lock(&m);
	KTEST_ASSERT(mutex_held(&m));
	o.held = true;
	KTEST_ASSERT(thread_create_kernel(other_main, &o) != NULL);
	while (!o.done && clock_monotonic_ns() < give_up)
		sleep_on(&o, clock_monotonic_ns() + 10000000ULL);
	mutex_unlock(&m);
	KTEST_ASSERT(o.done);
	KTEST_ASSERT(!o.held); /* held, but by another thread */
	KTEST_ASSERT(!mutex_held(&m));
}

KTEST(contracts_sched_lock_held_follows_the_lock)
{
	unsigned long fl;
	bool inside;

	KTEST_ASSERT(!sched_lock_held()); /* kernel tests run with interrupts on */
	fl = sched_lock();
	inside = sched_lock_held();
	sched_unlock(fl);
	KTEST_ASSERT(inside);
	KTEST_ASSERT(!sched_lock_held());
}

KTEST(contracts_sched_unlock_needs_interrupts_off)
{
	unsigned long fl = sched_lock();
	unsigned n;

	arch_irq_enable(); /* the broken section: interrupts on inside the lock */
	kassert_catch_begin();
	sched_unlock(fl);
	n = kassert_catch_end();
	KTEST_ASSERT(n == CHECKED);
	KTEST_ASSERT(!sched_lock_held());
}

KTEST(contracts_proc_find_needs_sched_lock)
{
	unsigned long fl;
	unsigned n;

	kassert_catch_begin();
	(void)proc_find(1);
	n = kassert_catch_end();
	KTEST_ASSERT(n == CHECKED);

	kassert_catch_begin();
	fl = sched_lock();
	(void)proc_find(1);
	sched_unlock(fl);
	n = kassert_catch_end();
	KTEST_ASSERT(n == 0);
}

KTEST(contracts_vnode_put_needs_vfs_lock)
{
	struct vnode *root;
	uint32_t refs;
	unsigned n;

	mutex_lock(&vfs_lock);
	root = vfs_root();
	vnode_ref(root);
	refs = root->v_refs;
	mutex_unlock(&vfs_lock);

	kassert_catch_begin();
	vnode_put(root); /* the root keeps its mount's reference: no inactive */
	n = kassert_catch_end();
	KTEST_ASSERT(n == CHECKED);
	KTEST_ASSERT(root->v_refs == refs - 1);

	mutex_lock(&vfs_lock);
	vnode_ref(root);
	kassert_catch_begin();
	vnode_put(root);
	n = kassert_catch_end();
	mutex_unlock(&vfs_lock);
	KTEST_ASSERT(n == 0);
}
