/*
 * rlimit.c: resource limits (kern/rlimit.h) and their system calls,
 * prlimit64, getrlimit and setrlimit, with Linux's rules: a soft limit
 * above its hard limit is EINVAL; raising a hard limit takes root; another
 * process's limits are open to root and to a caller whose real user and
 * group ids are all of the target's ids.
 */
#include <fs/file.h>
#include <kern/proc.h>
#include <kern/rlimit.h>
#include <kern/signal.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/vm_map.h>

#define NPROC_DEFAULT 512    /* per user; the system holds PROC_MAX (kern/proc.c) */
#define MEMLOCK_DEFAULT (8ULL << 20)
/*
 * Pending real-time signal instances, per process (kern/signal.c); Linux's
 * default is per user and half its thread limit.  A 256-byte heap block
 * each: a process can hold at most 256 KiB of kernel heap in queued signals.
 */
#define SIGPENDING_DEFAULT 1024

void rlimit_defaults(struct rlimit64 lim[RLIM_NLIMITS])
{
	int r;

	for (r = 0; r < RLIM_NLIMITS; r++)
		lim[r].cur = lim[r].max = RLIM_INFINITY;
	lim[RLIMIT_STACK].cur = USER_STACK_SIZE;
	lim[RLIMIT_CORE].cur = 0;
	lim[RLIMIT_NPROC].cur = lim[RLIMIT_NPROC].max = NPROC_DEFAULT;
	lim[RLIMIT_NOFILE].cur = lim[RLIMIT_NOFILE].max = NOFILE;
	lim[RLIMIT_MEMLOCK].cur = lim[RLIMIT_MEMLOCK].max = MEMLOCK_DEFAULT;
	lim[RLIMIT_SIGPENDING].cur = lim[RLIMIT_SIGPENDING].max = SIGPENDING_DEFAULT;
	lim[RLIMIT_NICE].cur = lim[RLIMIT_NICE].max = 0; /* as Linux: only root lowers nice */
}

uint64_t rlimit_cur(const struct proc *p, int r)
{
	return p->p_rlim[r].cur;
}

/* Whether the caller may see and change t's limits (scheduler lock held). */
static bool may_touch(const struct cred *c, const struct cred *t)
{
	uint32_t u = c->uid[ID_REAL], g = c->gid[ID_REAL];

	return cred_root(c) || (t->uid[ID_REAL] == u && t->uid[ID_EFF] == u &&
				t->uid[ID_SAVED] == u && t->gid[ID_REAL] == g &&
				t->gid[ID_EFF] == g && t->gid[ID_SAVED] == g);
}

static int check_new(const struct rlimit64 *old, const struct rlimit64 *want, int r, bool root)
{
	if (want->cur > want->max)
		return -EINVAL;
	if (want->max > old->max && !root)
		return -EPERM;
	if (r == RLIMIT_NOFILE && want->max > NOFILE)
		return -EPERM; /* the table's size, as Linux's nr_open */
	return 0;
}

/* The core of all three calls: old and/or new limit r of process pid (0: the caller). */
static long do_prlimit(int pid, int r, const struct rlimit64 *want, struct rlimit64 *old)
{
	const struct cred *c = cred_cur();
	unsigned long fl;
	struct proc *p;
	long err = 0;

	if (r < 0 || r >= RLIM_NLIMITS)
		return -EINVAL;
	fl = sched_lock();
	p = pid == 0 ? curproc() : proc_find(pid);
	if (p == NULL || p->p_state == P_ZOMBIE)
		err = -ESRCH;
	else if (p != curproc() && !may_touch(c, &p->p_cred))
		err = -EPERM;
	if (err == 0 && old != NULL)
		*old = p->p_rlim[r];
	if (err == 0 && want != NULL)
		err = check_new(&p->p_rlim[r], want, r, cred_root(c));
	if (err == 0 && want != NULL)
		p->p_rlim[r] = *want;
	sched_unlock(fl);
	return err;
}

long sys_prlimit64(const struct sys_prlimit64_args *uap)
{
	struct rlimit64 want, old;
	long err;

	if (!uptr_null(uap->new_rlim) && copy_from_user(&want, uap->new_rlim, sizeof(want)) != 0)
		return -EFAULT;
	err = do_prlimit(uap->pid, (int)uap->resource, uptr_null(uap->new_rlim) ? NULL : &want,
			 uptr_null(uap->old_rlim) ? NULL : &old);
	if (err == 0 && !uptr_null(uap->old_rlim) &&
	    copy_to_user(uap->old_rlim, &old, sizeof(old)) != 0)
		err = -EFAULT;
	return err;
}

long sys_getrlimit(const struct sys_getrlimit_args *uap)
{
	struct rlimit64 old;
	long err = do_prlimit(0, (int)uap->resource, NULL, &old);

	if (err == 0 && copy_to_user(uap->rlim, &old, sizeof(old)) != 0)
		err = -EFAULT;
	return err;
}

long sys_setrlimit(const struct sys_setrlimit_args *uap)
{
	struct rlimit64 want;

	if (copy_from_user(&want, uap->rlim, sizeof(want)) != 0)
		return -EFAULT;
	return do_prlimit(0, (int)uap->resource, &want, NULL);
}

/* RLIMIT_FSIZE exceeded: SIGXFSZ to the caller and EFBIG, as Linux. */
static int fsize_exceeded(struct proc *p)
{
	signal_send(p, SIGXFSZ, NULL);
	return -EFBIG;
}

int rlimit_fsize_write(uint64_t pos, size_t *len)
{
	struct proc *p = curproc();
	uint64_t lim;

	if (p == NULL || *len == 0)
		return 0; /* an empty write is never refused (Linux checks the count first) */
	lim = rlimit_cur(p, RLIMIT_FSIZE);
	if (lim == RLIM_INFINITY)
		return 0;
	if (pos >= lim)
		return fsize_exceeded(p);
	if (*len > lim - pos)
		*len = lim - pos;
	return 0;
}

int rlimit_fsize_grow(uint64_t old_size, uint64_t new_size)
{
	struct proc *p = curproc();
	uint64_t lim;

	if (p == NULL || new_size <= old_size)
		return 0;
	lim = rlimit_cur(p, RLIMIT_FSIZE);
	return lim != RLIM_INFINITY && new_size > lim ? fsize_exceeded(p) : 0;
}
