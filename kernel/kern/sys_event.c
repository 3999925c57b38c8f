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

long sys_eventfd2(const struct sysargs *a)
{
	int flags = (int)a->arg[1];
	struct file *f;
	int err;

	if (flags & ~(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
		return -EINVAL;
	/* The initial value is an unsigned int, as Linux's. */
	if ((err = eventfd_create((uint32_t)a->arg[0], flags, &f)) != 0)
		return err;
	return install(f, flags & EFD_CLOEXEC);
}

long sys_eventfd(const struct sysargs *a)
{
	struct sysargs b = { { a->arg[0], 0 }, a->tf };

	return sys_eventfd2(&b);
}

static long epoll_new(bool cloexec)
{
	struct file *f;
	int err;

	if ((err = epoll_create(&f)) != 0)
		return err;
	return install(f, cloexec);
}

long sys_epoll_create1(const struct sysargs *a)
{
	if ((int)a->arg[0] & ~EPOLL_CLOEXEC)
		return -EINVAL;
	return epoll_new(a->arg[0] & EPOLL_CLOEXEC);
}

/* The size is only a hint, but must be positive. */
long sys_epoll_create(const struct sysargs *a)
{
	if ((int)a->arg[0] <= 0)
		return -EINVAL;
	return epoll_new(false);
}

/* epoll_ctl(epfd, op, fd, event) */
long sys_epoll_ctl(const struct sysargs *a)
{
	int op = (int)a->arg[1], fd = (int)a->arg[2];
	struct epoll_event ev = { 0, 0 };
	struct file *ep, *tf;
	long ret;

	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, a->arg[3], sizeof(ev)) != 0)
		return -EFAULT;
	ep = fd_get((int)a->arg[0]);
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
static long do_epoll_wait(int epfd, uaddr_t uevents, int max, uint64_t deadline, bool once)
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
	ret = epoll_wait(f, uevents, max, deadline, once);
	file_put(f);
	return ret;
}

/* A timeout in ms (< 0: none) as do_epoll_wait's deadline. */
static long epoll_wait_ms(const struct sysargs *a)
{
	int timeout = (int)a->arg[3];
	uint64_t deadline = 0;

	if (timeout > 0)
		deadline = time_deadline(clock_monotonic_ns(), time_ms_to_ns((uint64_t)timeout));
	return do_epoll_wait((int)a->arg[0], a->arg[1], (int)a->arg[2], deadline, timeout == 0);
}

long sys_epoll_wait(const struct sysargs *a)
{
	return epoll_wait_ms(a);
}

/* epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize) */
long sys_epoll_pwait(const struct sysargs *a)
{
	bool swapped;
	long ret;

	if ((ret = poll_sigmask_set(a->arg[4], a->arg[5], &swapped)) != 0)
		return ret;
	ret = epoll_wait_ms(a);
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
long sys_epoll_pwait2(const struct sysargs *a)
{
	uint64_t dur = 0, deadline = 0;
	struct k_timespec ts;
	bool swapped;
	long ret;

	if (a->arg[3] != 0) {
		if (copy_from_user(&ts, a->arg[3], sizeof(ts)) != 0)
			return -EFAULT;
		if ((ret = time_ts_to_ns(ts.sec, ts.nsec, &dur)) != 0)
			return ret;
		deadline = time_deadline(clock_monotonic_ns(), dur);
	}
	if ((ret = poll_sigmask_set(a->arg[4], a->arg[5], &swapped)) != 0)
		return ret;
	ret = do_epoll_wait((int)a->arg[0], a->arg[1], (int)a->arg[2], deadline,
			    a->arg[3] != 0 && dur == 0);
	poll_sigmask_restore(swapped, ret);
	return ret;
}
