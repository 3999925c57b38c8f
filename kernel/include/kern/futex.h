/*
 * futex.h: fast user-space mutexes (kernel/kern/futex.c, docs/process.md).
 * Waiters are keyed by (address space, user address); each sleeps on its
 * own kernel stack, so their number is bounded by the number of threads.
 */
#ifndef KERN_FUTEX_H
#define KERN_FUTEX_H

#include <stdint.h>

struct vm_map;

/* Wake up to n waiters on (m, uaddr) with any bitset; the number woken. */
int futex_wake_addr(struct vm_map *m, uint64_t uaddr, int n);

/*
 * At the end of the current thread's use of m (exit, exec): mark the
 * futexes of its robust list that it holds FUTEX_OWNER_DIED and wake one
 * waiter of each; at most ROBUST_LIST_LIMIT entries, as Linux.
 */
void futex_exit_robust(struct vm_map *m);

#endif
