/*
 * rlimit.h: resource limits (kernel/kern/rlimit.c), Linux's numbers and
 * struct rlimit64.  Each process has its own set (struct proc p_rlim),
 * inherited at fork and kept across execve.  Enforced: RLIMIT_NOFILE
 * (descriptor numbers), RLIMIT_NPROC (fork, per real user, root exempt),
 * RLIMIT_AS (address space: mmap, brk, execve) and RLIMIT_STACK (the
 * stack execve maps), RLIMIT_CPU (kern/cputime.c: SIGXCPU, SIGKILL) and
 * RLIMIT_FSIZE (writes and truncates of regular files: SIGXFSZ, EFBIG),
 * RLIMIT_SIGPENDING (queued real-time signals, per process: kern/signal.c).
 * The others are kept and reported (RLIMIT_CORE: no core files are
 * written whatever it says).
 */
#ifndef KERN_RLIMIT_H
#define KERN_RLIMIT_H

#include <stddef.h>
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
/*
 * RLIMIT_FSIZE, for regular files: a write of *len bytes at pos is cut to
 * end at the limit (0), or, when it starts at or past it, SIGXFSZ and
 * -EFBIG; a truncate from old_size to new_size past it likewise.
 */
int rlimit_fsize_write(uint64_t pos, size_t *len);
int rlimit_fsize_grow(uint64_t old_size, uint64_t new_size);

#endif
