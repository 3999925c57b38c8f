/*
 * test_pgrp.c: process-group and session objects (kern/pgrp.c).  A group
 * exists while it has members; a terminal's reference keeps an empty one
 * alive (and its id reusable by the same object) but not existing for
 * pgrp_find; the last reference frees it.  Fake processes, before init
 * exists, so no real group shares the ids.
 */
#include <kern/ktest.h>
#include <kern/pgrp.h>
#include <kern/proc.h>
#include <kern/thread.h>
#include <lib/string.h>

KTEST(pgrp_members_and_terminal_reference)
{
	static struct proc a, b;
	struct pgrp *pg;
	struct session *s;
	unsigned long fl;
	bool found, after_a, after_b, held, released;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.p_pid = 30001;
	b.p_pid = 30002;
	KTEST_ASSERT(pgrp_init_session(&a) == 0);
	fl = sched_lock();
	pg = a.p_pgrp;
	s = pg->pg_session;
	pgrp_join(&b, pg);
	sched_unlock(fl);
	KTEST_ASSERT(pg->pg_id == 30001 && s->s_sid == 30001 && s->s_leader == &a);
	KTEST_ASSERT(proc_pgid(&b) == 30001 && proc_sid(&b) == 30001);
	KTEST_ASSERT(pgrp_session_leader(&a) && !pgrp_session_leader(&b));
	/* Asserts after the lock: a failing one returns at once. */
	fl = sched_lock();
	found = pgrp_find(30001) == pg;
	pgrp_hold(pg); /* a terminal's foreground */
	session_hold(s);
	pgrp_leave(&a);
	after_a = s->s_leader == NULL && pgrp_find(30001) == pg && pg->pg_members == &b;
	pgrp_leave(&b);
	after_b = pgrp_find(30001) == NULL && b.p_pgrp == NULL;
	held = pg->pg_id == 30001 && s->s_groups == pg; /* held: still there */
	pgrp_rele(pg);   /* frees the group */
	released = s->s_groups == NULL;
	session_rele(s); /* frees the session */
	sched_unlock(fl);
	KTEST_ASSERT(found && after_a && after_b && held && released);
}
