/*
 * poll.h: waiting for several files at once (kernel/kern/sys_poll.c).
 * Every file whose readiness can change (pipes, terminals, sockets,
 * eventfds) calls poll_notify() when it does; poll, select and epoll sleep
 * on one channel and recheck their files when woken.  Simple, and cheap at
 * Breenix's scale.
 */
#ifndef FS_POLL_H
#define FS_POLL_H

#include <stdbool.h>
#include <stdint.h>

#include <kern/uaccess.h>

void poll_notify(void);
/* The count of notifications so far: read it before a scan, sleep with it after. */
uint64_t poll_generation(void);
/*
 * Sleep until a notification newer than gen or the deadline (0: none):
 * 1 to look again, 0 when the deadline has passed, -ERESTARTNOHAND when a
 * signal is to be handled (checked first: call it after a scan, so that
 * ready files win).
 */
int poll_sleep(uint64_t gen, uint64_t deadline);

/*
 * ppoll, pselect6, epoll_pwait: install the user's mask at umask (none if
 * 0; size must be 8, else EINVAL) for the wait: 0 or -errno.  Restore
 * after the call with its result: a signal-ended one (-EINTR,
 * -ERESTARTNOHAND) keeps the mask until the handler has run.
 */
int poll_sigmask_set(uaddr_t umask, uint64_t size, bool *swapped);
void poll_sigmask_restore(bool swapped, long ret);

#endif
