/*
 * sys_poll.c: poll, select, ppoll and pselect6 (fs/poll.h).
 *
 * Both check every file, and if none is ready, sleep on one channel that
 * pipes and terminals notify on any change.  A generation count bumped by
 * each notification closes the window between checking and sleeping: a
 * waiter sleeps only if nothing was notified since it began its check.
 * Timeouts become deadlines through lib/time.h, which saturates: a huge
 * one sleeps "forever" (until TIME_NS_MAX) instead of wrapping to the past.
 *
 * ppoll, pselect6 and epoll_pwait swap in a signal mask for the wait
 * (poll_sigmask_set/_restore): as Linux, a call a signal ended leaves the
 * caller's mask to be put back after the handler runs, so the signal the
 * temporary mask let in is the one handled; any other ending restores it
 * at once.
 */
#include <fs/file.h>
#include <fs/poll.h>
#include <kern/clock.h>
#include <kern/signal.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <lib/string.h>
#include <lib/time.h>
#include <sys/errno.h>
#include <vm/kmalloc.h>

static uint64_t poll_gen;

void poll_notify(void)
{
	unsigned long fl = sched_lock();

	poll_gen++;
	sched_unlock(fl);
	wakeup(&poll_gen);
}

static unsigned file_poll(int fd)
{
	struct file *f;
	unsigned ev;

	f = fd_get(fd);
	if (f == NULL)
		return POLLNVAL;
	ev = f->f_ops->fop_poll != NULL ? f->f_ops->fop_poll(f) : POLLIN | POLLOUT;
	file_put(f);
	return ev;
}

uint64_t poll_generation(void)
{
	return poll_gen;
}

int poll_sleep(uint64_t gen, uint64_t deadline)
{
	unsigned long fl;
	int r = 0;

	if (signal_pending()) /* checked after the scan: ready files win */
		return -ERESTARTNOHAND;
	fl = sched_lock();
	if (poll_gen == gen)
		r = sleep_on_intr(&poll_gen, deadline);
	sched_unlock(fl);
	return r != -ETIMEDOUT && (deadline == 0 || clock_monotonic_ns() < deadline);
}

static unsigned poll_scan(struct pollfd *pfd, uint64_t n)
{
	unsigned ready = 0;
	uint64_t i;

	for (i = 0; i < n; i++) {
		pfd[i].revents = 0;
		if (pfd[i].fd < 0)
			continue;
		pfd[i].revents = (int16_t)(file_poll(pfd[i].fd) &
					   ((uint16_t)pfd[i].events | POLLERR | POLLHUP | POLLNVAL));
		if (pfd[i].revents != 0)
			ready++;
	}
	return ready;
}

int poll_sigmask_set(uaddr_t umask, uint64_t size, bool *swapped)
{
	uint64_t set;

	*swapped = false;
	if (umask == 0)
		return 0;
	if (size != sizeof(set))
		return -EINVAL;
	if (copy_from_user(&set, umask, sizeof(set)) != 0)
		return -EFAULT;
	curthread->t_saved_mask = curthread->t_sigmask;
	curthread->t_sigmask = set & ~SIG_UNBLOCKABLE;
	*swapped = true;
	return 0;
}

void poll_sigmask_restore(bool swapped, long ret)
{
	if (!swapped)
		return;
	if (ret == -EINTR || ret == -ERESTARTNOHAND)
		curthread->t_restore_mask = true; /* signal_deliver puts it back after the handler */
	else
		curthread->t_sigmask = curthread->t_saved_mask;
}

static long poll_restart(const struct restart_block *rb);

/*
 * poll of the n entries at ufds until the deadline (0: none; once: no
 * wait at all).  Interrupted by a signal, it leaves the deadline for
 * restart_syscall, as Linux's do_restart_poll: a poll stopped and
 * continued goes on with the time that was left.
 */
static long do_poll(uaddr_t ufds, uint64_t n, uint64_t deadline, bool once, bool restartable)
{
	struct pollfd *pfd;
	long ret;

	if (n > (uint64_t)fd_limit()) /* Linux: above RLIMIT_NOFILE's soft limit (at most NOFILE) */
		return -EINVAL;
	pfd = kmalloc(n * sizeof(*pfd) + 1);
	if (pfd == NULL)
		return -ENOMEM;
	if (copy_from_user(pfd, ufds, n * sizeof(*pfd)) != 0) {
		kfree(pfd);
		return -EFAULT;
	}
	for (;;) {
		uint64_t gen = poll_gen;
		int w;

		ret = poll_scan(pfd, n);
		if (ret > 0 || once || (w = poll_sleep(gen, deadline)) == 0)
			break;
		if (w < 0 && !restartable) {
			kfree(pfd);
			return w; /* ppoll: restarted with the time written back */
		}
		if (w < 0) {
			kfree(pfd);
			curthread->t_restart = (struct restart_block){ poll_restart, deadline, ufds, n, 0 };
			return -ERESTART_RESTARTBLOCK;
		}
	}
	if (ret == 0)
		poll_scan(pfd, n); /* report the state at the timeout */
	if (copy_to_user(ufds, pfd, n * sizeof(*pfd)) != 0)
		ret = -EFAULT;
	kfree(pfd);
	return ret;
}

static long poll_restart(const struct restart_block *rb)
{
	return do_poll(rb->uaddr, rb->n, rb->deadline, false, true);
}

long sys_poll(const struct sys_poll_args *uap)
{
	int64_t timeout = uap->timeout;
	uint64_t deadline = 0;

	if (timeout > 0) /* negative: no timeout */
		deadline = time_deadline(clock_monotonic_ns(), time_ms_to_ns((uint64_t)timeout));
	return do_poll(uptr_addr(uap->fds), uap->nfds, deadline, timeout == 0, true);
}

struct k_timespec {
	int64_t sec, nsec;
};

/* A user timespec as a duration in ns: 0, -EFAULT or -EINVAL (Linux's timespec64_valid). */
static int timeout_from_user(struct uptr uts, uint64_t *ns)
{
	struct k_timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts)) != 0)
		return -EFAULT;
	return time_ts_to_ns(ts.sec, ts.nsec, ns);
}

/*
 * ppoll's and pselect6's ending, as Linux's poll_select_finish: the time
 * left goes back to the timespec (not for a zero timeout); one that cannot
 * be written costs a signal-ended call its restart.
 */
static long timeout_finish(struct uptr uts, uint64_t dur, uint64_t deadline, long ret)
{
	uint64_t left;
	struct k_timespec ts;

	if (uptr_null(uts) || dur == 0)
		return ret;
	left = time_left(deadline, clock_monotonic_ns());
	ts = (struct k_timespec){ (int64_t)(left / NSEC_PER_SEC), (int64_t)(left % NSEC_PER_SEC) };
	if (copy_to_user(uts, &ts, sizeof(ts)) != 0 && ret == -ERESTARTNOHAND)
		return -EINTR;
	return ret;
}

/* ppoll(fds, nfds, timeout, sigmask, sigsetsize) */
long sys_ppoll(const struct sys_ppoll_args *uap)
{
	uint64_t dur = 0, deadline = 0;
	bool swapped;
	long ret;

	if (!uptr_null(uap->tsp)) {
		if ((ret = timeout_from_user(uap->tsp, &dur)) != 0)
			return ret;
		deadline = time_deadline(clock_monotonic_ns(), dur);
	}
	if ((ret = poll_sigmask_set(uptr_addr(uap->sigmask), uap->sigsetsize, &swapped)) != 0)
		return ret;
	ret = do_poll(uptr_addr(uap->fds), uap->nfds, deadline, !uptr_null(uap->tsp) && dur == 0,
		      false);
	poll_sigmask_restore(swapped, ret);
	return timeout_finish(uap->tsp, dur, deadline, ret);
}

#define FD_WORDS (NOFILE / 64)

struct fdsets {
	uint64_t in[FD_WORDS], out[FD_WORDS], ex[FD_WORDS];
};

static bool fd_isset(const uint64_t *set, int fd)
{
	return set[fd / 64] >> (fd % 64) & 1;
}

/* One pass: the ready bits into res, the count, or -EBADF. */
static long select_scan(int nfds, const struct fdsets *want, struct fdsets *res)
{
	long ready = 0;
	int fd;

	memset(res, 0, sizeof(*res));
	for (fd = 0; fd < nfds; fd++) {
		bool r = fd_isset(want->in, fd), w = fd_isset(want->out, fd);
		unsigned ev;

		if (!r && !w && !fd_isset(want->ex, fd))
			continue;
		ev = file_poll(fd);
		if (ev & POLLNVAL)
			return -EBADF;
		if (r && (ev & (POLLIN | POLLHUP | POLLERR))) {
			res->in[fd / 64] |= 1ull << (fd % 64);
			ready++;
		}
		if (w && (ev & (POLLOUT | POLLERR))) {
			res->out[fd / 64] |= 1ull << (fd % 64);
			ready++;
		}
	}
	return ready;
}

struct k_timeval {
	int64_t sec, usec;
};

/*
 * select's timeout in ns.  Linux first folds whole seconds of tv_usec into
 * tv_sec ({0, 1500000} is 1.5 s, {1, -1000000} is 0), then applies the
 * timespec rules (EINVAL for a negative result).  A fold that overflows is
 * EINVAL here; Linux lets it wrap.
 */
static int select_timeout(const struct k_timeval *tv, uint64_t *ns)
{
	int64_t sec;

	if (__builtin_add_overflow(tv->sec, tv->usec / 1000000, &sec))
		return -EINVAL;
	return time_ts_to_ns(sec, tv->usec % 1000000 * 1000, ns);
}

/*
 * As Linux, select writes back the time left (unless the timeout was zero),
 * whatever the result, so that a call interrupted and restarted goes on
 * with what remains.  A timeval it cannot write costs the call its restart
 * (EINTR instead), not its result.
 */
static long select_time_left(struct uptr utv, uint64_t deadline, long ret)
{
	uint64_t left = time_left(deadline, clock_monotonic_ns());
	struct k_timeval tv = { (int64_t)(left / NSEC_PER_SEC),
				(int64_t)(left % NSEC_PER_SEC / 1000) };

	if (copy_to_user(utv, &tv, sizeof(tv)) != 0 && ret == -ERESTARTNOHAND)
		return -EINTR;
	return ret;
}

/*
 * select's wait on the descriptor sets until the deadline (0: none;
 * poll_once: none at all).  As Linux's core_sys_select, an nfds above the
 * size of the descriptor table is clamped to it, so select(FD_SETSIZE, ...)
 * works: no descriptor can exist there, and those bits are neither read
 * nor written back.
 */
static long select_fds(int nfds, const struct uptr set[3], uint64_t deadline, bool poll_once)
{
	size_t bytes;
	struct fdsets *want, *res;
	long ret = 0;

	if (nfds < 0)
		return -EINVAL;
	if (nfds > NOFILE)
		nfds = NOFILE;
	bytes = ((size_t)nfds + 63) / 64 * 8;
	want = kzalloc(2 * sizeof(*want));
	if (want == NULL)
		return -ENOMEM;
	res = want + 1;
	if ((!uptr_null(set[0]) && copy_from_user(want->in, set[0], bytes) != 0) ||
	    (!uptr_null(set[1]) && copy_from_user(want->out, set[1], bytes) != 0) ||
	    (!uptr_null(set[2]) && copy_from_user(want->ex, set[2], bytes) != 0)) {
		ret = -EFAULT;
		goto out;
	}
	for (;;) {
		uint64_t gen = poll_gen;
		int w;

		ret = select_scan(nfds, want, res);
		if (ret != 0 || poll_once || (w = poll_sleep(gen, deadline)) == 0)
			break;
		if (w < 0) {
			ret = w;
			goto out;
		}
	}
	if (ret < 0)
		goto out;
	if ((!uptr_null(set[0]) && copy_to_user(set[0], res->in, bytes) != 0) ||
	    (!uptr_null(set[1]) && copy_to_user(set[1], res->out, bytes) != 0) ||
	    (!uptr_null(set[2]) && copy_to_user(set[2], res->ex, bytes) != 0))
		ret = -EFAULT;
out:
	kfree(want);
	return ret;
}

long sys_select(const struct sys_select_args *uap)
{
	const struct uptr set[3] = { uap->readfds, uap->writefds, uap->exceptfds };
	struct k_timeval tv;
	uint64_t dur = 0, deadline = 0;
	long ret;

	/* The timeout first, as Linux: a bad one fails before the sets are looked at. */
	if (!uptr_null(uap->timeout)) {
		if (copy_from_user(&tv, uap->timeout, sizeof(tv)) != 0)
			return -EFAULT;
		if ((ret = select_timeout(&tv, &dur)) != 0)
			return ret;
		deadline = time_deadline(clock_monotonic_ns(), dur);
	}
	ret = select_fds(uap->nfds, set, deadline, !uptr_null(uap->timeout) && dur == 0);
	if (!uptr_null(uap->timeout) && dur != 0)
		ret = select_time_left(uap->timeout, deadline, ret);
	return ret;
}

/*
 * pselect6(nfds, in, out, ex, timeout, sig): sig points at a pair (the
 * mask's address, its size), as Linux's, since a system call has only six
 * arguments.
 */
long sys_pselect6(const struct sys_pselect6_args *uap)
{
	const struct uptr set[3] = { uap->readfds, uap->writefds, uap->exceptfds };
	uint64_t dur = 0, deadline = 0, sig[2] = { 0, 0 };
	bool swapped;
	long ret;

	if (!uptr_null(uap->sig) && copy_from_user(sig, uap->sig, sizeof(sig)) != 0)
		return -EFAULT; /* the pair first, as Linux */
	if (!uptr_null(uap->timeout)) {
		if ((ret = timeout_from_user(uap->timeout, &dur)) != 0)
			return ret;
		deadline = time_deadline(clock_monotonic_ns(), dur);
	}
	if ((ret = poll_sigmask_set(sig[0], sig[1], &swapped)) != 0)
		return ret;
	ret = select_fds(uap->nfds, set, deadline, !uptr_null(uap->timeout) && dur == 0);
	poll_sigmask_restore(swapped, ret);
	return timeout_finish(uap->timeout, dur, deadline, ret);
}
