/* epoll, eventfd, ppoll and pselect: thin wrappers over Linux's calls.
 * ppoll and pselect pass the kernel a copy of the timeout, as glibc does:
 * the kernel writes the time left back, and POSIX says pselect's timeout
 * is const. */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include "breenix_syscall.h"

#define KSIGSET_SIZE 8 /* the kernel's sigset_t: 64 signals */

int epoll_create(int size) { return SYSCALL1(SYS_epoll_create, size); }
int epoll_create1(int flags) { return SYSCALL1(SYS_epoll_create1, flags); }

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{ return SYSCALL4(SYS_epoll_ctl, epfd, op, fd, ev); }

int epoll_wait(int epfd, struct epoll_event *evs, int max, int timeout)
{ return SYSCALL4(SYS_epoll_wait, epfd, evs, max, timeout); }

int epoll_pwait(int epfd, struct epoll_event *evs, int max, int timeout, const sigset_t *set)
{
	return __syscall_ret(__syscall6(SYS_epoll_pwait, epfd, (long)evs, max, timeout,
					(long)set, KSIGSET_SIZE));
}

int epoll_pwait2(int epfd, struct epoll_event *evs, int max, const struct timespec *ts,
		 const sigset_t *set)
{
	return __syscall_ret(__syscall6(SYS_epoll_pwait2, epfd, (long)evs, max, (long)ts,
					(long)set, KSIGSET_SIZE));
}

int eventfd(unsigned int initval, int flags) { return SYSCALL2(SYS_eventfd2, initval, flags); }

int eventfd_read(int fd, eventfd_t *value)
{
	return read(fd, value, sizeof(*value)) == sizeof(*value) ? 0 : -1;
}

int eventfd_write(int fd, eventfd_t value)
{
	return write(fd, &value, sizeof(value)) == sizeof(value) ? 0 : -1;
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts, const sigset_t *set)
{
	struct timespec copy, *tp = NULL;

	if (ts != NULL) {
		copy = *ts;
		tp = &copy;
	}
	return __syscall_ret(__syscall6(SYS_ppoll, (long)fds, (long)n, (long)tp, (long)set,
					KSIGSET_SIZE, 0));
}

int pselect(int n, fd_set *r, fd_set *w, fd_set *e, const struct timespec *ts,
	    const sigset_t *set)
{
	struct timespec copy, *tp = NULL;
	struct { const sigset_t *ss; unsigned long len; } data = { set, KSIGSET_SIZE };

	if (ts != NULL) {
		copy = *ts;
		tp = &copy;
	}
	return __syscall_ret(__syscall6(SYS_pselect6, n, (long)r, (long)w, (long)e, (long)tp,
					(long)&data));
}
