/*
 * kstat.h: the system-wide counters behind /proc/stat (kernel/kern/kstat.c).
 *
 * Each CPU's time is split as Linux's is (user, nice, system, idle, iowait,
 * irq, softirq, steal, guest, guest_nice), by the timer interrupt charging
 * the tick whole to what it interrupted: Linux's tick-based accounting.
 * Breenix runs on one CPU, so there is one set; the text already has
 * Linux's aggregate `cpu` line and a `cpuN` line per CPU.
 *
 * Locking: the tick runs with interrupts off; readers take sched_lock.
 */
#ifndef KERN_KSTAT_H
#define KERN_KSTAT_H

#include <stdbool.h>
#include <stddef.h>

/* The timer interrupt: charge this tick to the current CPU's user, nice, system or idle time. */
void kstat_tick(bool from_user);
/* /proc/stat in Linux's format; the length (at most size - 1). */
long kstat_proc_text(char *buf, size_t size);

#endif
