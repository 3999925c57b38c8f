/*
 * cputime.c: CPU time accounting, and the interval timers and limit that
 * CPU time drives (kern/cputime.h).
 *
 * Ticks, not cycles: a tick is charged whole to whoever it interrupted,
 * as Linux does without VIRT_CPU_ACCOUNTING, so a process that runs less
 * than a tick at a time between other work may be charged more or less
 * than it used; over many ticks it evens out.  The CPU-time clocks
 * therefore move in steps of CPUTIME_TICK_NS (docs/process.md).
 */
#include <kern/cputime.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <kern/rlimit.h>
#include <kern/signal.h>
#include <kern/thread.h>
#include <sys/errno.h>
#include <vm/vm_map.h>

void cputime_sample_rss(struct proc *p)
{
	size_t vsize, resident;

	if (p->p_map == NULL)
		return;
	vm_map_usage(p->p_map, &vsize, &resident);
	if (resident > p->p_cpu.maxrss)
		p->p_cpu.maxrss = resident;
}

/*
 * Count a running CPU-time timer down by one tick; at zero send sig and
 * start the next interval (0: stop).  As Linux, the signal goes to the
 * process.
 */
static void itimer_tick(struct proc *p, struct cpu_itimer *it, int sig)
{
	if (it->value == 0)
		return;
	if (it->value > CPUTIME_TICK_NS) {
		it->value -= CPUTIME_TICK_NS;
		return;
	}
	it->value = it->interval;
	signal_send(p, sig, NULL);
}

/*
 * RLIMIT_CPU, in seconds of user and system time: SIGKILL at the hard
 * limit; SIGXCPU at the soft limit, which then moves up a second so the
 * next SIGXCPU comes a second later (Linux's check_process_timers does
 * the same, and getrlimit shows it).
 */
static void rlimit_cpu_tick(struct proc *p)
{
	struct rlimit64 *lim = &p->p_rlim[RLIMIT_CPU];
	uint64_t secs = (p->p_cpu.self.utime + p->p_cpu.self.stime) / CLOCK_HZ;

	if (lim->max != RLIM_INFINITY && secs >= lim->max) {
		signal_send(p, SIGKILL, NULL);
		return;
	}
	if (lim->cur != RLIM_INFINITY && secs >= lim->cur) {
		signal_send(p, SIGXCPU, NULL);
		if (lim->cur < lim->max)
			lim->cur++;
	}
}

void cputime_tick(bool user)
{
	struct thread *t = curthread;
	struct proc *p = t->t_proc;

	if (p == NULL || p->p_state == P_ZOMBIE)
		return; /* kernel threads, the idle thread, an exiting process */
	if (user) {
		t->t_cpu.utime++;
		p->p_cpu.self.utime++;
		itimer_tick(p, &p->p_cpu.virt, SIGVTALRM);
	} else {
		t->t_cpu.stime++;
		p->p_cpu.self.stime++;
	}
	itimer_tick(p, &p->p_cpu.prof, SIGPROF);
	rlimit_cpu_tick(p);
	cputime_sample_rss(p);
}

void cputime_fault(void)
{
	struct proc *p = curthread->t_proc;

	if (p == NULL)
		return;
	curthread->t_cpu.minflt++;
	p->p_cpu.self.minflt++;
}

void cputime_usage_both(const struct proc *c, struct cpu_usage *u)
{
	KASSERT(sched_lock_held());
	u->time.utime = c->p_cpu.self.utime + c->p_cpu.children.utime;
	u->time.stime = c->p_cpu.self.stime + c->p_cpu.children.stime;
	u->time.minflt = c->p_cpu.self.minflt + c->p_cpu.children.minflt;
	u->maxrss = c->p_cpu.maxrss > c->p_cpu.cmaxrss ? c->p_cpu.maxrss : c->p_cpu.cmaxrss;
}

void cputime_reap(struct proc *parent, const struct proc *c)
{
	struct cpu_usage u;

	KASSERT(sched_lock_held());
	cputime_usage_both(c, &u);
	parent->p_cpu.children.utime += u.time.utime;
	parent->p_cpu.children.stime += u.time.stime;
	parent->p_cpu.children.minflt += u.time.minflt;
	if (u.maxrss > parent->p_cpu.cmaxrss)
		parent->p_cpu.cmaxrss = u.maxrss;
}

void cputime_itimer(int which, const struct cpu_itimer *set, struct cpu_itimer *old)
{
	struct proc *p = curproc();
	struct cpu_itimer *it = which == 1 ? &p->p_cpu.virt : &p->p_cpu.prof;
	unsigned long fl = sched_lock();

	*old = *it;
	if (set != NULL)
		*it = *set;
	sched_unlock(fl);
}

/* Linux's encoding of clock_getcpuclockid's clocks: ~pid << 3 | thread << 2 | which. */
#define CPUCLOCK_PROF 0
#define CPUCLOCK_VIRT 1
#define CPUCLOCK_SCHED 2
#define CPUCLOCK_PERTHREAD 4

static uint64_t clock_pick(const struct cputime *t, int which)
{
	return (which == CPUCLOCK_VIRT ? t->utime : t->utime + t->stime) * CPUTIME_TICK_NS;
}

/*
 * A process clock names any process (pid 0: the caller), as Linux; a
 * thread clock (tid 0: the caller) any thread of the caller's process, as
 * Linux (pthread_getcpuclockid's), and no other.
 */
int cputime_clock(int64_t id, uint64_t *ns)
{
	int which = (int)(id & 3), pid = (int)~(id >> 3);
	unsigned long fl;
	struct proc *p;
	int err = 0;

	if (id == CLOCK_PROCESS_CPUTIME_ID || id == CLOCK_THREAD_CPUTIME_ID) {
		which = CPUCLOCK_SCHED;
		pid = 0;
		id = id == CLOCK_THREAD_CPUTIME_ID ? CPUCLOCK_PERTHREAD : 0;
	} else if (id >= 0 || which == 3) {
		return -EINVAL;
	}
	fl = sched_lock();
	if (id & CPUCLOCK_PERTHREAD) {
		struct thread *t = pid == 0 ? curthread : proc_find_thread(pid);

		if (t == NULL || t->t_proc != curproc())
			err = -EINVAL;
		else
			*ns = clock_pick(&t->t_cpu, which);
	} else {
		p = pid == 0 ? curproc() : proc_find(pid);
		if (p == NULL)
			err = -EINVAL; /* a zombie's clock still reads, as Linux's */
		else
			*ns = clock_pick(&p->p_cpu.self, which);
	}
	sched_unlock(fl);
	return err;
}
