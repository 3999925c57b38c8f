/*
 * ptimer.h: POSIX per-process timers (timer_create and friends,
 * kernel/kern/ptimer.c).  A process has at most PTIMER_MAX of them, in a
 * table allocated at its first timer_create and freed at exit and exec;
 * the clock interrupt expires them (ptimer_tick) as it does ITIMER_REAL.
 * Locking: the scheduler lock, since the interrupt sends the signals.
 */
#ifndef KERN_PTIMER_H
#define KERN_PTIMER_H

#include <stdint.h>

/* Linux's default RLIMIT_SIGPENDING is far more; a fixed cap keeps the table small. */
#define PTIMER_MAX 32

struct proc;

/* The clock interrupt: expire p's timers that are due at now (monotonic ns). */
void ptimer_tick(struct proc *p, uint64_t now);
/* Delete all of p's timers (exit, exec). */
void ptimer_release(struct proc *p);

#endif
