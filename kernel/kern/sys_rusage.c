/*
 * sys_rusage.c: getrusage and times, and the struct rusage wait4 fills,
 * from the accounting in cputime.c.  Layouts are Linux x86_64's: struct
 * rusage is two timevals and fourteen longs (144 bytes); struct tms four
 * clock_t in USER_HZ (100 a second, what sysconf(_SC_CLK_TCK) says).
 * Only the times, ru_maxrss and ru_minflt are kept; the other fields read
 * 0 (ru_majflt truly: no fault ever waits for a disk).
 */
#include <kern/cputime.h>
#include <kern/proc.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <lib/string.h>
#include <sys/errno.h>
#include <vm/vm.h>

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1
#define USER_HZ 100

struct k_rusage {
	int64_t ru_utime[2], ru_stime[2]; /* tv_sec, tv_usec */
	int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
	int64_t ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

_Static_assert(sizeof(struct k_rusage) == 144, "Linux struct rusage is 144 bytes");

static void ticks_to_tv(uint64_t ticks, int64_t tv[2])
{
	uint64_t us = ticks * (CPUTIME_TICK_NS / 1000);

	tv[0] = (int64_t)(us / 1000000);
	tv[1] = (int64_t)(us % 1000000);
}

int cputime_copyout_rusage(struct uptr uru, const struct cpu_usage *u)
{
	struct k_rusage ru;

	memset(&ru, 0, sizeof(ru));
	ticks_to_tv(u->time.utime, ru.ru_utime);
	ticks_to_tv(u->time.stime, ru.ru_stime);
	ru.ru_maxrss = (int64_t)(u->maxrss * (PAGE_SIZE / 1024)); /* KiB, as Linux */
	ru.ru_minflt = (int64_t)u->time.minflt;
	return copy_to_user(uru, &ru, sizeof(ru));
}

long sys_getrusage(const struct sys_getrusage_args *uap)
{
	struct proc *p = curproc();
	int who = uap->who;
	struct cpu_usage u;
	unsigned long fl;

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	fl = sched_lock();
	cputime_sample_rss(p);
	if (who == RUSAGE_CHILDREN) {
		u.time = p->p_cpu.children;
		u.maxrss = p->p_cpu.cmaxrss;
	} else {
		u.time = who == RUSAGE_SELF ? p->p_cpu.self : curthread->t_cpu;
		u.maxrss = p->p_cpu.maxrss;
	}
	sched_unlock(fl);
	return cputime_copyout_rusage(uap->ru, &u);
}

static int64_t to_user_hz(uint64_t ticks)
{
	return (int64_t)(ticks * USER_HZ / CLOCK_HZ);
}

/*
 * times: the process's and its reaped children's times, and clock ticks
 * since boot in USER_HZ (Linux counts from an arbitrary point too; its
 * value is meant for differences).
 */
long sys_times(const struct sys_times_args *uap)
{
	struct proc *p = curproc();
	int64_t tms[4];
	unsigned long fl = sched_lock();

	tms[0] = to_user_hz(p->p_cpu.self.utime);
	tms[1] = to_user_hz(p->p_cpu.self.stime);
	tms[2] = to_user_hz(p->p_cpu.children.utime);
	tms[3] = to_user_hz(p->p_cpu.children.stime);
	sched_unlock(fl);
	if (!uptr_null(uap->tbuf) && copy_to_user(uap->tbuf, tms, sizeof(tms)) != 0)
		return -EFAULT;
	return to_user_hz(clock_ticks());
}
