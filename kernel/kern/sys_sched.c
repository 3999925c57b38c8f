/*
 * sys_sched.c: what a program may ask of the scheduler: prctl's process
 * attributes, CPU affinity, the scheduling policy and getcpu.  Breenix
 * has one CPU and one policy (round robin, reported as SCHED_OTHER), so
 * most answers are fixed; the checks are Linux's, so a program sees the
 * errors it would see there.
 */
#include <kern/proc.h>
#include <kern/signal.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <lib/string.h>
#include <sys/errno.h>

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39
#define TASK_COMM_LEN 16

#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define CPUMASK_BYTES 8 /* one unsigned long: Linux's size for a machine with few CPUs */

static long prctl_set_name(struct proc *p, uaddr_t uname)
{
	char name[TASK_COMM_LEN];
	long n = strncpy_from_user(name, uname, sizeof(name));

	if (n < 0 && n != -ENAMETOOLONG) /* a longer name is cut to 15 bytes, as Linux */
		return -EFAULT;
	strlcpy(p->p_name, name, sizeof(p->p_name));
	return 0;
}

static long prctl_get_name(struct proc *p, uaddr_t uname)
{
	char name[TASK_COMM_LEN];

	memset(name, 0, sizeof(name));
	strlcpy(name, p->p_name, sizeof(name));
	return copy_to_user(uname, name, sizeof(name));
}

/*
 * prctl(option, arg2, ...): the options programs use to name themselves,
 * ask for a signal when their parent dies, and give up privilege for
 * good; others are EINVAL, as Linux's unknown ones.
 */
long sys_prctl(const struct sys_prctl_args *uap)
{
	struct proc *p = curproc();
	uint64_t arg2 = uap->arg2; /* a value or a user address, by option */
	int sig;

	switch (uap->option) {
	case PR_SET_PDEATHSIG:
		if (arg2 > NSIG)
			return -EINVAL;
		p->p_pdeathsig = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		sig = p->p_pdeathsig;
		return copy_to_user(arg2, &sig, sizeof(sig));
	case PR_GET_DUMPABLE:
		return !p->p_nodump;
	case PR_SET_DUMPABLE:
		if (arg2 > 1)
			return -EINVAL;
		p->p_nodump = arg2 == 0;
		return 0;
	case PR_SET_NAME:
		return prctl_set_name(p, arg2);
	case PR_GET_NAME:
		return prctl_get_name(p, arg2);
	case PR_SET_NO_NEW_PRIVS:
		if (arg2 != 1 || uap->arg3 != 0 || uap->arg4 != 0 || uap->arg5 != 0)
			return -EINVAL;
		p->p_no_new_privs = true; /* for good: there is no way back */
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 != 0 || uap->arg3 != 0 || uap->arg4 != 0 || uap->arg5 != 0)
			return -EINVAL;
		return p->p_no_new_privs;
	default:
		return -EINVAL;
	}
}

/*
 * The process pid names (0: the caller), with the scheduler lock held:
 * 0 and *out, -EINVAL for a negative pid, -ESRCH if there is none.
 */
static int sched_target(int pid, struct proc **out)
{
	if (pid < 0)
		return -EINVAL;
	*out = pid == 0 ? curproc() : proc_find(pid);
	return *out != NULL && (*out)->p_state != P_ZOMBIE ? 0 : -ESRCH;
}

static int sched_check(int pid)
{
	unsigned long fl = sched_lock();
	struct proc *p;
	int err = sched_target(pid, &p);

	sched_unlock(fl);
	return err;
}

/* Linux's check_same_owner: root, or the caller's effective uid is the target's real or effective one. */
static int sched_may_change(int pid)
{
	const struct cred *c = cred_cur();
	unsigned long fl = sched_lock();
	struct proc *p;
	int err = sched_target(pid, &p);

	if (err == 0 && !cred_root(c) && c->uid[ID_EFF] != p->p_cred.uid[ID_REAL] &&
	    c->uid[ID_EFF] != p->p_cred.uid[ID_EFF])
		err = -EPERM;
	sched_unlock(fl);
	return err;
}

/* sched_getaffinity(pid, len, mask): CPU 0; the bytes written (Linux's cpumask size). */
long sys_sched_getaffinity(const struct sys_sched_getaffinity_args *uap)
{
	uint8_t mask[CPUMASK_BYTES] = { 1 };
	size_t len = uap->len;
	int err;

	if (len * 8 < 1 || (len & (sizeof(long) - 1)))
		return -EINVAL;
	if ((err = sched_check(uap->pid)) != 0)
		return err;
	if (len > CPUMASK_BYTES)
		len = CPUMASK_BYTES;
	if (copy_to_user(uap->mask, mask, len) != 0)
		return -EFAULT;
	return (long)len;
}

/* sched_setaffinity(pid, len, mask): any mask with CPU 0 in it; without it, EINVAL. */
long sys_sched_setaffinity(const struct sys_sched_setaffinity_args *uap)
{
	uint8_t cpu0 = 0;
	int err;

	if (uap->len > 0 && copy_from_user(&cpu0, uap->mask, 1) != 0)
		return -EFAULT;
	if ((err = sched_may_change(uap->pid)) != 0)
		return err;
	return cpu0 & 1 ? 0 : -EINVAL;
}

long sys_sched_getscheduler(const struct sys_sched_getscheduler_args *uap)
{
	int err = sched_check(uap->pid);

	return err != 0 ? err : SCHED_OTHER;
}

long sys_sched_getparam(const struct sys_sched_getparam_args *uap)
{
	int prio = 0, err;

	if (uptr_null(uap->param))
		return -EINVAL;
	if ((err = sched_check(uap->pid)) != 0)
		return err;
	return copy_to_user(uap->param, &prio, sizeof(prio));
}

static int prio_range(int policy, bool max)
{
	switch (policy) {
	case SCHED_FIFO:
	case SCHED_RR:
		return max ? 99 : 1;
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_sched_get_priority_max(const struct sys_sched_get_priority_max_args *uap)
{
	return prio_range(uap->policy, true);
}

long sys_sched_get_priority_min(const struct sys_sched_get_priority_min_args *uap)
{
	return prio_range(uap->policy, false);
}

/* getcpu(cpu, node, cache): always CPU 0 of node 0. */
long sys_getcpu(const struct sys_getcpu_args *uap)
{
	uint32_t zero = 0;

	if (!uptr_null(uap->cpu) && copy_to_user(uap->cpu, &zero, sizeof(zero)) != 0)
		return -EFAULT;
	if (!uptr_null(uap->node) && copy_to_user(uap->node, &zero, sizeof(zero)) != 0)
		return -EFAULT;
	return 0;
}
