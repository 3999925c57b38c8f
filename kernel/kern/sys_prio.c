/*
 * sys_prio.c: getpriority and setpriority, Linux's nice values.
 *
 * Each process has a nice value, -20..19, inherited across fork and
 * exec.  The scheduler is round-robin and does not use it (docs/process.md):
 * the value is kept and reported so that nice(1), renice and programs that
 * lower their own priority behave as on Linux.  The permission rules are
 * Linux's: a process may change another whose real or effective uid is
 * the caller's effective uid (else EPERM), and may lower a nice value
 * (raise the priority) only as root or within RLIMIT_NICE (else EACCES).
 *
 * Locking: p_nice changes with the scheduler lock held, as the process
 * list is walked.
 */
#include <kern/cred.h>
#include <kern/proc.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <sys/errno.h>

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2
#define NICE_MIN (-20)
#define NICE_MAX 19

/* Whether p is one of the processes which/who names (who already defaulted). */
static bool prio_matches(const struct proc *p, int which, int who)
{
	switch (which) {
	case PRIO_PROCESS:
		return p->p_pid == who;
	case PRIO_PGRP:
		return proc_pgid(p) == who;
	default:
		return p->p_cred.uid[ID_REAL] == (uint32_t)who;
	}
}

/* Where the candidates are: a group's members (kern/pgrp.c), or every process. */
static struct proc *prio_first(int which, int who)
{
	struct pgrp *pg;

	if (which != PRIO_PGRP)
		return proc_first();
	pg = pgrp_find(who);
	return pg != NULL ? pg->pg_members : NULL;
}

static struct proc *prio_next(const struct proc *p, int which)
{
	return which == PRIO_PGRP ? p->p_pgnext : p->p_allnext;
}

/* who 0 means the caller (its process, group or real uid): 0, or -EINVAL for which. */
static int prio_who(int which, int *who)
{
	const struct proc *me = curproc();

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (*who != 0)
		return 0;
	*who = which == PRIO_PROCESS ? me->p_pid :
	       which == PRIO_PGRP ? proc_pgid(me) : (int)me->p_cred.uid[ID_REAL];
	return 0;
}

/* As Linux: 20 - nice of the highest-priority match (1..40), so no answer is negative. */
long sys_getpriority(const struct sys_getpriority_args *uap)
{
	int which = uap->which, who = uap->who, err;
	long best = -ESRCH;
	unsigned long fl;
	struct proc *p;

	if ((err = prio_who(which, &who)) != 0)
		return err;
	fl = sched_lock();
	for (p = prio_first(which, who); p != NULL; p = prio_next(p, which))
		if (prio_matches(p, which, who) && 20 - p->p_nice > best)
			best = 20 - p->p_nice;
	sched_unlock(fl);
	return best;
}

/* Linux's set_one_prio: the running error (-ESRCH until a process matched) after p. */
static long prio_set_one(struct proc *p, int nice, long err)
{
	const struct cred *c = cred_cur();
	uint32_t euid = c->uid[ID_EFF];

	if (p->p_cred.uid[ID_REAL] != euid && p->p_cred.uid[ID_EFF] != euid && !cred_root(c))
		return -EPERM;
	if (nice < p->p_nice && !cred_root(c) &&
	    (uint64_t)(20 - nice) > rlimit_cur(p, RLIMIT_NICE))
		return -EACCES;
	p->p_nice = nice;
	return err == -ESRCH ? 0 : err;
}

long sys_setpriority(const struct sys_setpriority_args *uap)
{
	int which = uap->which, who = uap->who, nice = uap->niceval, err;
	long ret = -ESRCH;
	unsigned long fl;
	struct proc *p;

	if (nice < NICE_MIN)
		nice = NICE_MIN;
	if (nice > NICE_MAX)
		nice = NICE_MAX;
	if ((err = prio_who(which, &who)) != 0)
		return err;
	fl = sched_lock();
	for (p = prio_first(which, who); p != NULL; p = prio_next(p, which))
		if (prio_matches(p, which, who))
			ret = prio_set_one(p, nice, ret);
	sched_unlock(fl);
	return ret;
}
