/*
 * pgrp.c: process groups and sessions (kern/pgrp.h).
 *
 * A group is found by id in a small hash table and lists its members; a
 * session lists its groups.  So setpgid's "is that group in my session",
 * tcsetpgrp's check, kill(-pgid), the orphaned-group rule and a
 * terminal's hangup look at the members concerned, never at every
 * process (as OpenBSD's kern_proc.c: enterpgrp, leavepgrp, orphanpg).
 *
 * Life cycle: a group is created by setpgid(p, p's pid) or setsid (or for
 * the first process) and freed when its last member is reaped or moves
 * and no terminal has it in the foreground; a session is freed when its
 * last group is and no terminal names it (docs/process.md).  A group that
 * lost its members while a terminal still holds it stays in the hash
 * table: a new group of the same id takes the object back, so the
 * terminal's foreground is that group again, as on Linux, where the
 * terminal holds the id (struct pid) itself.
 *
 * Locking: the scheduler lock guards all of it (kern/pgrp.h).
 */
#include <kern/pgrp.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <kern/signal.h>
#include <kern/thread.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define PGRP_HASH 64

static struct pgrp *pgrp_hash[PGRP_HASH]; /* every group, members or not */
static struct session *sessions;          /* every session */

static struct pgrp **hash_head(int pgid)
{
	return &pgrp_hash[(unsigned)pgid % PGRP_HASH];
}

/* The group object of id pgid, with or without members, or NULL. */
static struct pgrp *pgrp_lookup(int pgid)
{
	struct pgrp *pg;

	for (pg = *hash_head(pgid); pg != NULL; pg = pg->pg_hnext)
		if (pg->pg_id == pgid)
			return pg;
	return NULL;
}

struct pgrp *pgrp_find(int pgid)
{
	struct pgrp *pg;

	KASSERT(sched_lock_held());
	pg = pgrp_lookup(pgid);
	return pg != NULL && pg->pg_members != NULL ? pg : NULL;
}

/* Whether some process is in a group of s. */
static bool session_populated(const struct session *s)
{
	const struct pgrp *pg;

	for (pg = s->s_groups; pg != NULL; pg = pg->pg_snext)
		if (pg->pg_members != NULL)
			return true;
	return false;
}

/* A session with members whose id is sid, or NULL. */
static struct session *session_find(int sid)
{
	struct session *s;

	for (s = sessions; s != NULL; s = s->s_next)
		if (s->s_sid == sid && session_populated(s))
			return s;
	return NULL;
}

static void session_free_if_unused(struct session *s)
{
	struct session **sp;

	if (s->s_groups != NULL || s->s_refs != 0)
		return;
	for (sp = &sessions; *sp != s; sp = &(*sp)->s_next)
		;
	*sp = s->s_next;
	kfree(s);
}

/* Take pg off its session's group list (the session may go). */
static void session_unlink(struct pgrp *pg)
{
	struct session *s = pg->pg_session;
	struct pgrp **pp;

	for (pp = &s->s_groups; *pp != pg; pp = &(*pp)->pg_snext)
		;
	*pp = pg->pg_snext;
	pg->pg_session = NULL;
	session_free_if_unused(s);
}

static void session_link(struct pgrp *pg, struct session *s)
{
	pg->pg_session = s;
	pg->pg_snext = s->s_groups;
	s->s_groups = pg;
}

static void pgrp_free_if_unused(struct pgrp *pg)
{
	struct pgrp **pp;

	if (pg->pg_members != NULL || pg->pg_refs != 0)
		return;
	for (pp = hash_head(pg->pg_id); *pp != pg; pp = &(*pp)->pg_hnext)
		;
	*pp = pg->pg_hnext;
	session_unlink(pg);
	kfree(pg);
}

static void member_add(struct proc *p, struct pgrp *pg)
{
	p->p_pgrp = pg;
	p->p_pgnext = pg->pg_members;
	pg->pg_members = p;
}

/* p leaves its group, which is freed if nothing holds it any more. */
static void member_remove(struct proc *p)
{
	struct pgrp *pg = p->p_pgrp;
	struct proc **pp;

	for (pp = &pg->pg_members; *pp != p; pp = &(*pp)->p_pgnext)
		;
	*pp = p->p_pgnext;
	p->p_pgrp = NULL;
	p->p_pgnext = NULL;
	pgrp_free_if_unused(pg);
}

/*
 * The group pgid in session s for a process about to enter it: the
 * object a terminal may still hold (moved into s if it was another
 * session's), or spare, which the caller allocated.  *used: spare was.
 */
static struct pgrp *pgrp_get(int pgid, struct session *s, struct pgrp *spare, bool *used)
{
	struct pgrp *pg = pgrp_lookup(pgid);

	*used = pg == NULL;
	if (pg == NULL) {
		pg = spare;
		pg->pg_id = pgid;
		pg->pg_hnext = *hash_head(pgid);
		*hash_head(pgid) = pg;
		session_link(pg, s);
	} else if (pg->pg_session != s) {
		session_unlink(pg);
		session_link(pg, s);
	}
	return pg;
}

void pgrp_join(struct proc *p, struct pgrp *pg)
{
	KASSERT(sched_lock_held());
	member_add(p, pg);
}

void pgrp_leave(struct proc *p)
{
	struct session *s;

	KASSERT(sched_lock_held());
	if (p->p_pgrp == NULL)
		return; /* a fork that failed before the child joined */
	s = p->p_pgrp->pg_session;
	if (s->s_leader == p)
		s->s_leader = NULL;
	member_remove(p);
}

/* p leads a new session and group, both of id p's pid; spares allocated by the caller. */
static void new_session(struct proc *p, struct session *s, struct pgrp **spare)
{
	struct pgrp *pg;
	bool used;

	s->s_sid = p->p_pid;
	s->s_leader = p;
	s->s_next = sessions;
	sessions = s;
	pg = pgrp_get(p->p_pid, s, *spare, &used);
	if (used)
		*spare = NULL;
	if (p->p_pgrp != NULL)
		member_remove(p);
	member_add(p, pg);
}

int pgrp_init_session(struct proc *p)
{
	struct session *s = kzalloc(sizeof(*s));
	struct pgrp *spare = kzalloc(sizeof(*spare));
	unsigned long fl;

	if (s == NULL || spare == NULL) {
		kfree(s);
		kfree(spare);
		return -ENOMEM;
	}
	fl = sched_lock();
	new_session(p, s, &spare);
	sched_unlock(fl);
	kfree(spare);
	return 0;
}

bool pgrp_session_leader(const struct proc *p)
{
	return p->p_pgrp != NULL && p->p_pgrp->pg_session->s_sid == p->p_pid;
}

/*
 * Linux's order (kernel/sys.c: setpgid): ESRCH for no such process or
 * one that is neither the caller nor its child; for a child, EPERM in
 * another session before EACCES once it has exec'd; EPERM for a session
 * leader; EPERM if pgid is not a group of the caller's session.
 */
static int setpgid_check(struct proc *me, struct proc *p, int pgid)
{
	const struct session *s = me->p_pgrp->pg_session;
	const struct pgrp *pg;

	if (p == NULL)
		return -ESRCH;
	if (p != me && p->p_parent == me) {
		if (p->p_pgrp->pg_session != s)
			return -EPERM;
		if (p->p_did_exec)
			return -EACCES;
	} else if (p != me) {
		return -ESRCH;
	}
	if (pgrp_session_leader(p))
		return -EPERM;
	if (pgid != p->p_pid && ((pg = pgrp_find(pgid)) == NULL || pg->pg_session != s))
		return -EPERM;
	return 0;
}

int pgrp_setpgid(int pid, int pgid)
{
	struct proc *me = curproc(), *p;
	struct pgrp *spare, *pg;
	unsigned long fl;
	bool used = false;
	int err;

	if (pgid < 0)
		return -EINVAL;
	spare = kzalloc(sizeof(*spare)); /* before the lock; most calls do not need it */
	fl = sched_lock();
	p = pid == 0 ? me : proc_find(pid);
	if (p != NULL && pgid == 0)
		pgid = p->p_pid;
	err = setpgid_check(me, p, pgid);
	if (err == 0 && p->p_pgrp->pg_id != pgid) {
		if (pgrp_lookup(pgid) == NULL && spare == NULL) {
			err = -ENOMEM;
		} else {
			pg = pgrp_get(pgid, me->p_pgrp->pg_session, spare, &used);
			member_remove(p);
			member_add(p, pg);
		}
	}
	sched_unlock(fl);
	if (!used)
		kfree(spare);
	return err;
}

int pgrp_setsid(void)
{
	struct proc *me = curproc();
	struct session *s = kzalloc(sizeof(*s));
	struct pgrp *spare = kzalloc(sizeof(*spare));
	unsigned long fl;
	int ret = me->p_pid;

	fl = sched_lock();
	if (pgrp_find(me->p_pid) != NULL) {
		ret = -EPERM; /* already a group leader (or its id is a group's) */
	} else if (s == NULL || spare == NULL) {
		ret = -ENOMEM;
	} else {
		new_session(me, s, &spare);
		s = NULL;
		me->p_tty = NULL;
	}
	sched_unlock(fl);
	kfree(s);
	kfree(spare);
	return ret;
}

bool pgrp_orphaned(const struct pgrp *pg)
{
	unsigned long fl = sched_lock();
	const struct proc *q;
	bool orphaned = true;

	for (q = pg->pg_members; q != NULL && orphaned; q = q->p_pgnext) {
		if (q->p_state == P_ZOMBIE || q->p_parent == NULL)
			continue;
		if (q->p_parent->p_pgrp != pg && q->p_parent->p_pgrp != NULL &&
		    q->p_parent->p_pgrp->pg_session == pg->pg_session)
			orphaned = false;
	}
	sched_unlock(fl);
	return orphaned;
}

static bool pgrp_has_stopped(const struct pgrp *pg)
{
	const struct proc *q;

	for (q = pg->pg_members; q != NULL; q = q->p_pgnext)
		if (q->p_stopped)
			return true;
	return false;
}

void pgrp_orphan_check(struct pgrp *pg)
{
	if (pgrp_orphaned(pg) && pgrp_has_stopped(pg)) {
		signal_send_pgrp(pg, SIGHUP, NULL);
		signal_send_pgrp(pg, SIGCONT, NULL);
	}
}

struct pgrp *pgrp_in_session(const struct session *s, int pgid, int *err)
{
	struct pgrp *pg = pgrp_find(pgid);

	if (pg != NULL && pg->pg_session == s)
		return pg;
	*err = pg != NULL || proc_find(pgid) != NULL || session_find(pgid) != NULL ? -EPERM
										     : -ESRCH;
	return NULL;
}

void pgrp_hold(struct pgrp *pg)
{
	pg->pg_refs++;
}

void pgrp_rele(struct pgrp *pg)
{
	pg->pg_refs--;
	pgrp_free_if_unused(pg);
}

void session_hold(struct session *s)
{
	s->s_refs++;
}

void session_rele(struct session *s)
{
	s->s_refs--;
	session_free_if_unused(s);
}
