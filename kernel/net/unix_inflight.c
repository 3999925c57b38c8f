/*
 * unix_inflight.c: files in flight in Unix-domain sockets' queues
 * (net/unix_priv.h): the per-user counts that bound them, the collector of
 * sockets kept alive only by their own queues, and unix_bury, which frees
 * messages and closes their files once unix_lock is dropped.
 *
 * Counts: a user other than root may have at most RLIMIT_NOFILE files in
 * flight, as Linux's too_many_unix_fds; the counts sit in a table of
 * UID_SLOTS users (one more user with files to pass gets ETOOMANYREFS).
 *
 * The collector (unix_gc), as Linux's: the sockets in flight are on
 * gc_list with their in-flight count.  A candidate is one whose every file
 * reference is a queued message (f_refs == u_inflight; a reference that is
 * not, from a descriptor table or a call in progress, only makes it look
 * alive).  The references the candidates' queues hold on one another are
 * subtracted; a candidate still referenced is reachable from outside, and
 * so is all it holds, repeated until nothing changes; the rest is garbage,
 * a cycle no descriptor reaches: its queues are purged, and the closes of
 * their files (after unix_lock is dropped) release the sockets.  It runs
 * with unix_lock held, whenever a socket is released and before a send
 * that passes files; its cost is a walk over the messages of the sockets
 * in flight, repeated at most once per socket in flight.
 *
 * Burying: file_put of a socket's file releases that socket, which may bury
 * its own queue; the first caller drains the list in a loop, later callers
 * (nested or in other processes) only append, so the kernel stack does not
 * grow with the length of a chain of sockets inside sockets.
 */
#include "unix_priv.h"
#include <kern/proc.h>
#include <kern/rlimit.h>
#include <kern/thread.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

#define UID_SLOTS 64 /* users with files in flight at once */

static struct unix_sock *gc_list;
static struct {
	uint32_t uid;
	unsigned count;
} inflight_users[UID_SLOTS];

/* Messages whose files are to be closed without unix_lock (unix_bury). */
static struct umsg *grave;
static bool grave_draining;

bool unix_gc_pending(void)
{
	return gc_list != NULL;
}

/* Iteratively: a message's files may be sockets whose queues hold more. */
void unix_bury(struct umsg *list)
{
	unsigned long fl;
	struct umsg *m;
	int i;

	if (list == NULL)
		return;
	fl = sched_lock();
	for (m = list; m->m_next != NULL; m = m->m_next)
		;
	m->m_next = grave;
	grave = list;
	if (grave_draining) {
		sched_unlock(fl); /* whoever drains takes ours too */
		return;
	}
	grave_draining = true;
	for (;;) {
		m = grave;
		if (m == NULL)
			break;
		grave = m->m_next;
		sched_unlock(fl);
		for (i = 0; i < m->m_nfds; i++)
			file_put(m->m_fds[i]);
		kfree(m->m_fds);
		kfree(m);
		fl = sched_lock();
	}
	grave_draining = false;
	sched_unlock(fl);
}

/* In-flight counts per user, as Linux's user->unix_inflight. */
static unsigned *inflight_slot(uint32_t uid, bool make)
{
	int i, free = -1;

	for (i = 0; i < UID_SLOTS; i++) {
		if (inflight_users[i].count > 0 && inflight_users[i].uid == uid)
			return &inflight_users[i].count;
		if (inflight_users[i].count == 0 && free < 0)
			free = i;
	}
	if (!make || free < 0)
		return NULL;
	inflight_users[free].uid = uid;
	return &inflight_users[free].count;
}

int unix_inflight_check(void)
{
	unsigned *n;

	if (cred_root(cred_cur()))
		return 0;
	n = inflight_slot(cred_cur()->uid[ID_REAL], true);
	if (n == NULL || *n > rlimit_cur(curproc(), RLIMIT_NOFILE))
		return -ETOOMANYREFS;
	return 0;
}

static void gc_list_add(struct unix_sock *u)
{
	u->u_gcnext = gc_list;
	gc_list = u;
}

static void gc_list_del(struct unix_sock *u)
{
	struct unix_sock **pp;

	for (pp = &gc_list; *pp != NULL; pp = &(*pp)->u_gcnext)
		if (*pp == u) {
			*pp = u->u_gcnext;
			return;
		}
}

void unix_msg_inflight(struct umsg *m, bool in)
{
	unsigned *n;
	int i;

	if (m->m_nfds == 0)
		return;
	if (in || m->m_fdcounted) {
		n = inflight_slot(m->m_fduid, in);
		if (n != NULL)
			*n = in ? *n + (unsigned)m->m_nfds : *n - (unsigned)m->m_nfds;
		m->m_fdcounted = in && n != NULL;
	}
	for (i = 0; i < m->m_nfds; i++) {
		struct unix_sock *t = unix_of_file(m->m_fds[i]);

		if (t == NULL)
			continue;
		if (in && t->u_inflight++ == 0)
			gc_list_add(t);
		else if (!in && --t->u_inflight == 0)
			gc_list_del(t);
	}
}

/* Call fn on each unix socket in flight in u's queues (and its embryos'). */
/* Call fn on each unix socket in flight in u's queues (and its embryos'). */
static void gc_scan(struct unix_sock *u, void (*fn)(struct unix_sock *t))
{
	struct unix_sock *e;
	struct umsg *m;
	int i;

	for (m = u->u_head; m != NULL; m = m->m_next)
		for (i = 0; i < m->m_nfds; i++) {
			struct unix_sock *t = unix_of_file(m->m_fds[i]);

			if (t != NULL && t->u_gccand)
				fn(t);
		}
	for (e = u->u_bl_head; e != NULL; e = e->u_bl_next)
		gc_scan(e, fn);
}

static void gc_dec(struct unix_sock *t)
{
	t->u_gcrefs--;
}

static bool gc_changed;

static void gc_reach(struct unix_sock *t)
{
	if (!t->u_gcmark && t->u_gcrefs <= 0) {
		t->u_gcrefs = 1;
		gc_changed = true;
	}
}

void unix_gc(struct umsg **list)
{
	struct unix_sock *u, *e;

	/* Candidates: every reference to the file is a queued message. */
	for (u = gc_list; u != NULL; u = u->u_gcnext) {
		struct file *f = u->u_socket != NULL ? u->u_socket->so_file : NULL;

		u->u_gccand = f != NULL && f->f_refs == u->u_inflight;
		u->u_gcrefs = (int)u->u_inflight;
		u->u_gcmark = false;
	}
	/* What candidates hold of each other does not keep them alive... */
	for (u = gc_list; u != NULL; u = u->u_gcnext)
		if (u->u_gccand)
			gc_scan(u, gc_dec);
	/* ...but a reference from elsewhere does, and so does all they hold. */
	do {
		gc_changed = false;
		for (u = gc_list; u != NULL; u = u->u_gcnext)
			if (u->u_gccand && !u->u_gcmark && u->u_gcrefs > 0) {
				u->u_gcmark = true;
				gc_changed = true;
				gc_scan(u, gc_reach);
			}
	} while (gc_changed);
	/* The rest is a cycle nobody can receive from: empty its queues. */
	for (u = gc_list; u != NULL; u = u->u_gcnext)
		if (u->u_gccand && !u->u_gcmark)
			u->u_gcrefs = -1000000; /* marks the garbage: the lists change below */
	for (;;) {
		for (u = gc_list; u != NULL; u = u->u_gcnext)
			if (u->u_gcrefs == -1000000)
				break;
		if (u == NULL)
			break;
		u->u_gcrefs = 0;
		u->u_gccand = false;
		unix_queue_purge(u, list);
		for (e = u->u_bl_head; e != NULL; e = e->u_bl_next)
			unix_queue_purge(e, list);
	}
	for (u = gc_list; u != NULL; u = u->u_gcnext)
		u->u_gccand = false;
}
