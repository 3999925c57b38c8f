/*
 * pgrp.h: process groups and sessions (kernel/kern/pgrp.c), objects with
 * member lists as OpenBSD's (enterpgrp, leavepgrp, orphanpg), so that
 * signalling a group, checking a group's session or finding out whether
 * it is orphaned looks at its members only, never at every process.
 *
 * Ownership (docs/process.md, "Process groups and sessions"): a group is
 * held by its members (from fork, setpgid or setsid until the member is
 * reaped or moves) and by each terminal whose foreground group it is
 * (pg_refs); a session by its groups and by the terminal it controls
 * (s_refs).  The last one to let go frees the object.  A group without members that
 * a terminal still holds stays findable by id for reuse, but does not
 * exist for pgrp_find.
 *
 * Locking: every field below, every list and every reference count is
 * guarded by the scheduler lock (sched_lock, [S]; [I]: set at creation,
 * never changed); functions that say "lock held" must be called with it,
 * and check it, the others take it themselves.
 */
#ifndef KERN_PGRP_H
#define KERN_PGRP_H

#include <stdbool.h>

struct ksiginfo;
struct proc;

struct session {
	int s_sid;                 /* [I] the id: its first leader's pid */
	struct proc *s_leader;     /* [S] the leader until it is reaped, else NULL */
	struct pgrp *s_groups;     /* [S] its groups, linked by pg_snext */
	unsigned s_refs;           /* [S] 1 while a terminal has it as its session, else 0 */
	struct session *s_next;    /* [S] every session (sessions) */
};

struct pgrp {
	int pg_id;                 /* [I] the id: its first leader's pid */
	struct session *pg_session; /* [S] holds a reference */
	struct proc *pg_members;   /* [S] unreaped members, zombies too, linked by p_pgnext */
	unsigned pg_refs;          /* [S] terminals that have it in the foreground */
	struct pgrp *pg_hnext;     /* [S] the id hash chain */
	struct pgrp *pg_snext;     /* [S] the next group of pg_session */
};

/* Lock held: the group pgid if it has a member (zombies count, as Linux), else NULL. */
struct pgrp *pgrp_find(int pgid);
/* Lock held: a new process p starts in its parent's group pg (fork). */
void pgrp_join(struct proc *p, struct pgrp *pg);
/* Lock held: p, being reaped, leaves its group; an unheld group or session is freed. */
void pgrp_leave(struct proc *p);
/* The first process: a session and a group of its own.  0 or -ENOMEM. */
int pgrp_init_session(struct proc *p);

/* setpgid(pid, pgid) and setsid() with Linux's checks and errno order. */
int pgrp_setpgid(int pid, int pgid);
int pgrp_setsid(void);

/*
 * Whether pg is orphaned: no live member has a parent in another group of
 * the same session (POSIX), so nobody in the session could continue it.
 */
bool pgrp_orphaned(const struct pgrp *pg);
/* Lock held: if pg is orphaned and has stopped members, SIGHUP then SIGCONT to it. */
void pgrp_orphan_check(struct pgrp *pg);

/* Lock held: whether p leads its session. */
bool pgrp_session_leader(const struct proc *p);
/*
 * Lock held: may a terminal of session s put group pgid in the foreground
 * (tcsetpgrp)?  The group, or NULL with *err: -ESRCH if no process,
 * group or session has that id, -EPERM if it is not a group of s.
 */
struct pgrp *pgrp_in_session(const struct session *s, int pgid, int *err);

/* Lock held: references from a terminal (pgrp_hold/session_hold) and their release. */
void pgrp_hold(struct pgrp *pg);
void pgrp_rele(struct pgrp *pg);
void session_hold(struct session *s);
void session_rele(struct session *s);

#endif
