/*
 * epoll.h: epoll instances (kernel/fs/epoll.c), Linux's epoll with the
 * ABI of abi/linux.h.  The system calls (kern/sys_event.c) check and copy
 * arguments; the interest lists and the waiting live in fs/epoll.c.
 */
#ifndef FS_EPOLL_H
#define FS_EPOLL_H

#include <fs/file.h>

/* A new epoll file: 0 or -ENOMEM. */
int epoll_create(struct file **out);
bool file_is_epoll(const struct file *f);
/*
 * EPOLL_CTL_* on the epoll file ep for the file tf at descriptor fd (both
 * referenced by the caller), with Linux's checks from EPERM on: 0 or -errno.
 */
int epoll_ctl(struct file *ep, int op, int fd, struct file *tf, const struct epoll_event *ev);
/*
 * Wait until one of ep's files is ready or the deadline (0: none; once: do
 * not wait), then copy up to max events to uevents: their number, 0 at
 * the deadline, -EINTR for a signal, -EFAULT if none could be copied.
 */
long epoll_wait(struct file *ep, uaddr_t uevents, int max, uint64_t deadline, bool once);
/* file_put's hook: f's last reference is gone; the instances watching it forget it. */
void epoll_file_gone(struct file *f);

#endif
