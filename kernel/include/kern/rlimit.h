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

#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_RSS 5
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS 9
#define RLIM_NLIMITS 16
#define RLIM_INFINITY (~0ULL)

struct rlimit64 {
	uint64_t cur, max;
};

struct proc;

/* The limits pid 1 starts with (and so everyone, unless changed). */
void rlimit_defaults(struct rlimit64 lim[RLIM_NLIMITS]);
/* p's soft limit for resource r. */
uint64_t rlimit_cur(const struct proc *p, int r);

#endif
