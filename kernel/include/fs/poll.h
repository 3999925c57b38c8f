/*
 * poll.h: waiting for several files at once (kernel/kern/sys_poll.c).
 * Every file whose readiness can change (pipes, terminals) calls
 * poll_notify() when it does; poll and select sleep on one channel and
 * recheck all their files when woken.  Simple, and cheap at Breenix's scale.
 */
#ifndef FS_POLL_H
#define FS_POLL_H

void poll_notify(void);

#endif
