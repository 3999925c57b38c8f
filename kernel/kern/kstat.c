/*
 * kstat.c: CPU time by kind and the text of /proc/stat (kern/kstat.h).
 *
 * A tick from user mode is user time, or nice time when the process's
 * nice value is above 0; a tick of the idle thread is idle time; any other
 * is system time (Breenix does no interrupt work outside its handlers, and
 * a tick cannot see whether it interrupted one, so irq and softirq stay
 * 0; nothing waits on a disk without running, so iowait stays 0, and
 * steal and guest are a hypervisor's).  The figures are in USER_HZ ticks
 * (100 a second), as Linux reports them whatever its own tick.
 *
 * Locking: cpu_time is written by the tick with interrupts off and read
 * under sched_lock, which on one CPU keeps the tick out.
 */
#include <kern/clock.h>
#include <kern/irq.h>
#include <kern/kstat.h>
#include <kern/proc.h>
#include <kern/thread.h>
#include <lib/printf.h>

#define USER_HZ 100
#define NCPU 1 /* one CPU until SMP (issue 20) */

enum { CPU_USER, CPU_NICE, CPU_SYSTEM, CPU_IDLE, CPU_IOWAIT, CPU_IRQ, CPU_SOFTIRQ, CPU_STEAL,
       CPU_GUEST, CPU_GUEST_NICE, CPU_NSTATES };

static uint64_t cpu_time[NCPU][CPU_NSTATES]; /* CLOCK_HZ ticks */

void kstat_tick(bool from_user)
{
	struct proc *p = curthread->t_proc;
	uint64_t *t = cpu_time[0];

	if (sched_idling())
		t[CPU_IDLE]++;
	else if (from_user)
		t[p != NULL && p->p_nice > 0 ? CPU_NICE : CPU_USER]++;
	else
		t[CPU_SYSTEM]++;
}

/* One `cpu` line: label and the ten times in USER_HZ ticks. */
static long cpu_line(char *buf, size_t size, const char *label, const uint64_t *t)
{
	long n = snprintf(buf, size, "%s", label);
	unsigned i;

	for (i = 0; i < CPU_NSTATES && (size_t)n < size; i++)
		n += snprintf(buf + n, size - (size_t)n, " %lu",
			      (unsigned long)(t[i] * USER_HZ / CLOCK_HZ));
	if ((size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, "\n");
	return n;
}

long kstat_proc_text(char *buf, size_t size)
{
	uint64_t snap[NCPU][CPU_NSTATES], sum[CPU_NSTATES] = { 0 };
	struct sched_counts c;
	unsigned long fl;
	char label[16];
	unsigned i, k;
	long n;

	fl = sched_lock();
	for (i = 0; i < NCPU; i++)
		for (k = 0; k < CPU_NSTATES; k++)
			snap[i][k] = cpu_time[i][k];
	sched_counts(&c);
	sched_unlock(fl);
	for (i = 0; i < NCPU; i++)
		for (k = 0; k < CPU_NSTATES; k++)
			sum[k] += snap[i][k];
	n = cpu_line(buf, size, "cpu ", sum); /* Linux's two blanks after "cpu" */
	for (i = 0; i < NCPU && (size_t)n < size; i++) {
		snprintf(label, sizeof(label), "cpu%u", i);
		n += cpu_line(buf + n, size - (size_t)n, label, snap[i]);
	}
	if ((size_t)n < size)
		n += irq_stat_line(buf + n, size - (size_t)n);
	if ((size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n,
			      "ctxt %lu\nbtime %lu\nprocesses %lu\nprocs_running %u\nprocs_blocked 0\n"
			      "softirq 0 0 0 0 0 0 0 0 0 0 0\n",
			      (unsigned long)c.sc_switches,
			      (unsigned long)(clock_realtime_offset() / NSEC_PER_SEC),
			      (unsigned long)c.sc_forks, c.sc_running);
	return (size_t)n < size ? n : (long)size - 1;
}
