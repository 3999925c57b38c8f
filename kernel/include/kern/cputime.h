/*
 * cputime.h: CPU time accounting (kernel/kern/cputime.c).
 *
 * The timer interrupt charges each tick (1 / CLOCK_HZ s) to the thread it
 * interrupted, as user or system time by the mode the thread was in, and
 * to that thread's process: Linux's tick-based accounting.  Process times
 * therefore include threads that have ended.  wait adds a reaped child's
 * times (its own and its reaped children's) to the parent's children's
 * times; a child nobody waits for (SIGCHLD ignored) adds nothing, as on
 * Linux.  The same tick runs what CPU time drives: ITIMER_VIRTUAL (user
 * time), ITIMER_PROF (user and system time) and RLIMIT_CPU.  Page faults
 * the current process's map resolved are counted beside the times (every
 * one a "minor" fault: nothing is ever read from a disk to resolve one).
 *
 * Locking: the tick runs with interrupts off; everything else reads and
 * writes these fields under sched_lock.
 */
#ifndef KERN_CPUTIME_H
#define KERN_CPUTIME_H

#include <stdbool.h>
#include <stdint.h>

#include <kern/clock.h>
#include <kern/uaccess.h>

#define CPUTIME_TICK_NS (NSEC_PER_SEC / CLOCK_HZ)

struct proc;
struct thread;

/* User and system time, in clock ticks; page faults resolved (ru_minflt). */
struct cputime {
	uint64_t utime, stime;
	uint64_t minflt;
};

/* An interval timer that counts CPU time down (ns; value 0: off). */
struct cpu_itimer {
	uint64_t value, interval;
};

/* A process's share (struct proc p_cpu). */
struct proc_cpu {
	struct cputime self;       /* every thread's, the ended ones' too */
	struct cputime children;   /* reaped children's (and theirs) */
	uint64_t maxrss;           /* largest resident size seen, pages */
	uint64_t cmaxrss;          /* the largest of the reaped children's */
	struct cpu_itimer virt;    /* ITIMER_VIRTUAL */
	struct cpu_itimer prof;    /* ITIMER_PROF */
};

/* What getrusage and wait4 report: times in ticks, maxrss in pages. */
struct cpu_usage {
	struct cputime time;
	uint64_t maxrss;
};

/* The timer interrupt: charge curthread one tick (user: it was in user mode). */
void cputime_tick(bool user);
/* A page fault of curthread's process was resolved (the arch fault handler). */
void cputime_fault(void);
/* Sample p's resident size into its peak (exit, getrusage). */
void cputime_sample_rss(struct proc *p);
/* With sched_lock: what wait4 reports for child c (its own and its children's). */
void cputime_usage_both(const struct proc *c, struct cpu_usage *u);
/* With sched_lock: wait reaps c; add its times to parent's children's. */
void cputime_reap(struct proc *parent, const struct proc *c);
/*
 * ITIMER_VIRTUAL (1) or ITIMER_PROF (2) of the current process: the old
 * value and interval in *old (ns), then the new ones if set is not NULL.
 */
void cputime_itimer(int which, const struct cpu_itimer *set, struct cpu_itimer *old);
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
/*
 * A CPU-time clock's reading in ns: the two ids above, or a negative id
 * from clock_getcpuclockid / pthread_getcpuclockid; -EINVAL for another id
 * or a process that does not exist.
 */
int cputime_clock(int64_t id, uint64_t *ns);
/* Write u as Linux's struct rusage at user address uru: 0 or -EFAULT (sys_rusage.c). */
int cputime_copyout_rusage(struct uptr uru, const struct cpu_usage *u);

#endif
