/*
 * sys_event.c: eventfd and epoll system calls.  Argument checking and
 * copying in Linux's order; the mechanism is in fs/eventfd.c and
 * fs/epoll.c.
 */
#include <fs/epoll.h>
#include <fs/eventfd.h>
#include <fs/poll.h>
#include <kern/clock.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/uaccess.h>
#include <lib/time.h>
#include <sys/errno.h>

#define EP_MAX_EVENTS (INT32_MAX / (int)sizeof(struct epoll_event))

/* Install a new file at the lowest free descriptor, or drop it. */
static long install(struct file *f, bool cloexec)
{
	int fd = fd_install(f, 0, cloexec);

	if (fd < 0)
		file_put(f);
	return fd;
}

static long do_eventfd(unsigned int initval, int flags)
{
	struct file *f;
	int err;

	if (flags & ~(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
		return -EINVAL;
	if ((err = eventfd_create(initval, flags, &f)) != 0)
		return err;
	return install(f, flags & EFD_CLOEXEC);
}

long sys_eventfd2(const struct sys_eventfd2_args *uap)
{
	return do_eventfd(uap->initval, uap->flags);
}

long sys_eventfd(const struct sys_eventfd_args *uap)
{
	return do_eventfd(uap->initval, 0);
}

static long epoll_new(bool cloexec)
{
	struct file *f;
	int err;

	if ((err = epoll_create(&f)) != 0)
		return err;
	return install(f, cloexec);
}

long sys_epoll_create1(const struct sys_epoll_create1_args *uap)
{
	if (uap->flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	return epoll_new(uap->flags & EPOLL_CLOEXEC);
}

/* The size is only a hint, but must be positive. */
long sys_epoll_create(const struct sys_epoll_create_args *uap)
{
	if (uap->size <= 0)
		return -EINVAL;
	return epoll_new(false);
}

/* epoll_ctl(epfd, op, fd, event) */
long sys_epoll_ctl(const struct sys_epoll_ctl_args *uap)
{
	int op = uap->op, fd = uap->fd;
	struct epoll_event ev = { 0, 0 };
	struct file *ep, *tf;
	long ret;

	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uap->event, sizeof(ev)) != 0)
		return -EFAULT;
	ep = fd_get(uap->epfd);
	if (ep == NULL)
		return -EBADF;
	tf = fd_get(fd);
	if (tf == NULL) {
		file_put(ep);
		return -EBADF;
	}
	ret = epoll_ctl(ep, op, fd, tf, &ev);
	file_put(tf);
	file_put(ep);
	return ret;
}

/*
 * The checks and the wait of the epoll_wait family, until the deadline
 * (0: none; once: no wait at all).
 */
static long do_epoll_wait(int epfd, struct uptr uevents, int max, uint64_t deadline, bool once)
{
	struct file *f;
	long ret;

	if (max <= 0 || max > EP_MAX_EVENTS)
		return -EINVAL;
	if (!user_range_ok(uevents, (size_t)max * sizeof(struct epoll_event)))
		return -EFAULT;
	f = fd_get(epfd);
	if (f == NULL)
		return -EBADF;
	if (!file_is_epoll(f)) {
		file_put(f);
		return -EINVAL;
	}
	ret = epoll_wait(f, uptr_addr(uevents), max, deadline, once);
	file_put(f);
	return ret;
}

/* A timeout in ms (< 0: none) as do_epoll_wait's deadline. */
static long epoll_wait_ms(int epfd, struct uptr uevents, int max, int timeout)
{
	uint64_t deadline = 0;

	if (timeout > 0)
		deadline = time_deadline(clock_monotonic_ns(), time_ms_to_ns((uint64_t)timeout));
	return do_epoll_wait(epfd, uevents, max, deadline, timeout == 0);
}

long sys_epoll_wait(const struct sys_epoll_wait_args *uap)
{
	return epoll_wait_ms(uap->epfd, uap->events, uap->maxevents, uap->timeout);
}

/* epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize) */
long sys_epoll_pwait(const struct sys_epoll_pwait_args *uap)
{
	bool swapped;
	long ret;

	if ((ret = poll_sigmask_set(uptr_addr(uap->sigmask), uap->sigsetsize, &swapped)) != 0)
		return ret;
	ret = epoll_wait_ms(uap->epfd, uap->events, uap->maxevents, uap->timeout);
	poll_sigmask_restore(swapped, ret);
	return ret;
}

struct k_timespec {
	int64_t sec, nsec;
};

/*
 * epoll_pwait2(epfd, events, maxevents, timeout, sigmask, sigsetsize):
 * epoll_pwait with a timespec (NULL: none), checked first (EFAULT, then
 * EINVAL outside Linux's timespec64_valid), as Linux.
 */
long sys_epoll_pwait2(const struct sys_epoll_pwait2_args *uap)
{
	uint64_t dur = 0, deadline = 0;
	struct k_timespec ts;
	bool swapped;
	long ret;

	if (!uptr_null(uap->timeout)) {
		if (copy_from_user(&ts, uap->timeout, sizeof(ts)) != 0)
			return -EFAULT;
		if ((ret = time_ts_to_ns(ts.sec, ts.nsec, &dur)) != 0)
			return ret;
		deadline = time_deadline(clock_monotonic_ns(), dur);
	}
	if ((ret = poll_sigmask_set(uptr_addr(uap->sigmask), uap->sigsetsize, &swapped)) != 0)
		return ret;
	ret = do_epoll_wait(uap->epfd, uap->events, uap->maxevents, deadline,
			    !uptr_null(uap->timeout) && dur == 0);
	poll_sigmask_restore(swapped, ret);
	return ret;
}
