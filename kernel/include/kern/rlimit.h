/*
 * rlimit.h: resource limits (kernel/kern/rlimit.c), Linux's numbers and
 * struct rlimit64.  Each process has its own set (struct proc p_rlim),
 * inherited at fork and kept across execve.  Enforced: RLIMIT_NOFILE
 * (descriptor numbers), RLIMIT_NPROC (fork, per real user, root exempt),
 * RLIMIT_AS (address space: mmap, brk, execve) and RLIMIT_STACK (the
 * stack execve maps).  The others are kept and reported (RLIMIT_CORE: no
 * core files are written whatever it says).
 */
#ifndef KERN_RLIMIT_H
#define KERN_RLIMIT_H

#include <stdint.h>

#include <abi/linux.h> /* RLIMIT_*, RLIM_NLIMITS, RLIM_INFINITY */

struct rlimit64 {
	uint64_t cur, max;
};

struct proc;

/* The limits pid 1 starts with (and so everyone, unless changed). */
void rlimit_defaults(struct rlimit64 lim[RLIM_NLIMITS]);
/* p's soft limit for resource r. */
uint64_t rlimit_cur(const struct proc *p, int r);

#endif
