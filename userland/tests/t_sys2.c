/*
 * t_sys2: eventfd, epoll, ppoll/pselect, waitid, sendfile/copy_file_range,
 * chroot and the nice values, as Linux does them (this program also runs
 * on the host, where each case must pass as well).  Each case checks
 * values, errno orders and edge cases from the Linux man pages: eventfd's
 * overflow and semaphore rules; epoll's interest-list errors, level and
 * edge triggering, one-shot, removal when the last descriptor closes,
 * nesting and loops, pipes, sockets, terminals and eventfds; the signal
 * mask swapped by epoll_pwait, ppoll and pselect; waitid's siginfo for
 * each kind of child event; sendfile's offset rules; chroot's confinement
 * of "/" and ".."; and who may change a nice value.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define USER_ID 1000
#define TIOCGPTN_ 0x80045430
#define TIOCSPTLCK_ 0x40045431

static char scratch[64];

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int ep_wait1(int ep, struct epoll_event *ev, int timeout)
{
	return epoll_wait(ep, ev, 1, timeout);
}

static int ep_add(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* ---- eventfd ---- */

TEST(eventfd_counter_and_sizes)
{
	int fd = eventfd(3, 0);
	uint64_t v = 5, big = UINT64_MAX;
	uint32_t small = 1;
	struct stat st;

	CHECK(fd >= 0);
	CHECK(write(fd, &v, 8) == 8);
	CHECK(read(fd, &v, 8) == 8 && v == 8);
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0);
	CHECK(read(fd, &v, 8) == -1 && errno == EAGAIN);
	CHECK(read(fd, &small, 4) == -1 && errno == EINVAL);
	CHECK(write(fd, &small, 4) == -1 && errno == EINVAL);
	CHECK(write(fd, &big, 8) == -1 && errno == EINVAL);
	v = 9;
	CHECK(write(fd, &v, 8) == 8);
	{
		uint64_t two[2] = { 0, 0 };

		CHECK(read(fd, two, 16) == 8 && two[0] == 9); /* more room: still 8 bytes */
	}
	CHECK(fstat(fd, &st) == 0);
	CHECK(eventfd_write(fd, 2) == 0 && eventfd_read(fd, &v) == 0 && v == 2);
	close(fd);
}

TEST(eventfd_semaphore)
{
	int fd = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	uint64_t v = 0;

	CHECK(fd >= 0);
	CHECK(read(fd, &v, 8) == 8 && v == 1);
	CHECK(read(fd, &v, 8) == 8 && v == 1);
	CHECK(read(fd, &v, 8) == -1 && errno == EAGAIN);
	close(fd);
}

TEST(eventfd_overflow_and_poll)
{
	int fd = eventfd(0, EFD_NONBLOCK);
	uint64_t v = UINT64_MAX - 1, one = 1;
	struct pollfd p = { .events = POLLIN | POLLOUT };

	CHECK(fd >= 0);
	p.fd = fd;
	CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLOUT);
	CHECK(write(fd, &v, 8) == 8);
	CHECK(write(fd, &one, 8) == -1 && errno == EAGAIN); /* the sum would reach UINT64_MAX */
	CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLIN);
	CHECK(read(fd, &v, 8) == 8 && v == UINT64_MAX - 1);
	close(fd);
}

TEST(eventfd_flags)
{
	int fd;

	CHECK(eventfd(0, 0x100) == -1 && errno == EINVAL);
	fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
	close(fd);
	fd = (int)syscall(SYS_eventfd, 7);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFL) == O_RDWR);
	close(fd);
}

TEST(eventfd_blocking_read_woken)
{
	int fd = eventfd(0, 0);
	uint64_t v = 0;
	pid_t pid;

	CHECK(fd >= 0);
	pid = fork();
	if (pid == 0) {
		usleep(50000);
		eventfd_write(fd, 11);
		_exit(0);
	}
	CHECK(read(fd, &v, 8) == 8 && v == 11);
	CHECK(utest_ending(pid) == 0);
	close(fd);
}

/* ---- epoll ---- */

TEST(epoll_errors)
{
	int ep = epoll_create1(0), p[2], fd, ep2;
	struct epoll_event ev = { .events = EPOLLIN };
	char path[96];

	CHECK(ep >= 0 && pipe(p) == 0);
	CHECK(epoll_create(0) == -1 && errno == EINVAL);
	CHECK(epoll_create(-1) == -1 && errno == EINVAL);
	CHECK(epoll_create1(1) == -1 && errno == EINVAL);
	CHECK(epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &ev) == -1 && errno == EINVAL);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev) == -1 && errno == EINVAL);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], NULL) == -1 && errno == EFAULT);
	CHECK(epoll_ctl(99, EPOLL_CTL_ADD, p[0], &ev) == -1 && errno == EBADF);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, 99, &ev) == -1 && errno == EBADF);
	snprintf(path, sizeof(path), "%s/regular", scratch);
	fd = open(path, O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == -1 && errno == EPERM);
	close(fd);
	fd = open(scratch, O_RDONLY);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == -1 && errno == EPERM);
	close(fd);
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == -1 && errno == ENOENT);
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == -1 && errno == ENOENT);
	CHECK(epoll_ctl(ep, 7, p[0], &ev) == -1 && errno == EINVAL);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == -1 && errno == EEXIST);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == -1 && errno == EINVAL);
	ep2 = epoll_create1(EPOLL_CLOEXEC);
	CHECK(ep2 >= 0 && fcntl(ep2, F_GETFD) == FD_CLOEXEC);
	CHECK(epoll_ctl(ep2, EPOLL_CTL_ADD, ep, &ev) == -1 && errno == EINVAL);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
	CHECK(epoll_ctl(ep2, EPOLL_CTL_ADD, p[1], &ev) == -1 && errno == EINVAL);
	ev.events = EPOLLOUT | EPOLLEXCLUSIVE;
	CHECK(epoll_ctl(ep2, EPOLL_CTL_ADD, p[1], &ev) == 0);
	CHECK(epoll_ctl(ep2, EPOLL_CTL_MOD, p[1], &ev) == -1 && errno == EINVAL);
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == 0);
	CHECK(epoll_wait(ep, &ev, 0, 0) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_epoll_wait, ep, &ev, -1, 0) == -1 && errno == EINVAL);
	CHECK(epoll_wait(p[0], &ev, 1, 0) == -1 && errno == EINVAL);
	CHECK(epoll_wait(99, &ev, 1, 0) == -1 && errno == EBADF);
	CHECK(syscall(SYS_epoll_wait, ep, NULL, 1, 0) == 0); /* nothing to copy: no fault */
	CHECK(epoll_wait(ep, (void *)-4096L, 1, 0) == -1 && errno == EFAULT);
	close(ep2);
	close(ep);
	close(p[0]);
	close(p[1]);
}

TEST(epoll_pipe_level_triggered)
{
	int ep = epoll_create1(0), p[2];
	struct epoll_event ev[4];
	char c;

	CHECK(ep >= 0 && pipe(p) == 0);
	CHECK(ep_add(ep, p[0], EPOLLIN, 42) == 0);
	CHECK(ep_wait1(ep, ev, 0) == 0);
	CHECK(write(p[1], "ab", 2) == 2);
	CHECK(ep_wait1(ep, ev, 0) == 1 && ev[0].events == EPOLLIN && ev[0].data.u64 == 42);
	CHECK(ep_wait1(ep, ev, 0) == 1); /* level: still readable */
	CHECK(ep_add(ep, p[1], EPOLLOUT, 7) == 0);
	CHECK(epoll_wait(ep, ev, 4, 0) == 2);
	CHECK(read(p[0], &c, 1) == 1 && read(p[0], &c, 1) == 1);
	CHECK(epoll_wait(ep, ev, 4, 0) == 1 && ev[0].data.u64 == 7 && ev[0].events == EPOLLOUT);
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL) == 0);
	close(p[1]); /* the read end hangs up: reported though not asked for */
	CHECK(epoll_wait(ep, ev, 4, 0) == 1 && ev[0].events == EPOLLHUP && ev[0].data.u64 == 42);
	close(p[0]);
	close(ep);
}

TEST(epoll_pipe_error_on_write_end)
{
	int ep = epoll_create1(0), p[2];
	struct epoll_event ev;

	CHECK(ep >= 0 && pipe(p) == 0);
	CHECK(ep_add(ep, p[1], EPOLLOUT, 1) == 0);
	close(p[0]);
	CHECK(ep_wait1(ep, &ev, 0) == 1 && ev.events == (EPOLLOUT | EPOLLERR));
	close(p[1]);
	close(ep);
}

TEST(epoll_edge_triggered)
{
	int ep = epoll_create1(0), p[2];
	struct epoll_event ev;
	char buf[8];

	CHECK(ep >= 0 && pipe(p) == 0);
	CHECK(ep_add(ep, p[0], EPOLLIN | EPOLLET, 1) == 0);
	CHECK(ep_wait1(ep, &ev, 0) == 0);
	CHECK(write(p[1], "a", 1) == 1);
	CHECK(ep_wait1(ep, &ev, 0) == 1 && ev.events == EPOLLIN);
	CHECK(ep_wait1(ep, &ev, 0) == 0); /* no new edge */
	CHECK(write(p[1], "b", 1) == 1);
	CHECK(ep_wait1(ep, &ev, 0) == 1); /* new data: a new edge, though it was readable */
	CHECK(ep_wait1(ep, &ev, 0) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 2);
	CHECK(ep_wait1(ep, &ev, 0) == 0);
	/* MOD re-arms: a ready file is reported again. */
	CHECK(write(p[1], "c", 1) == 1);
	CHECK(ep_wait1(ep, &ev, 0) == 1);
	ev.events = EPOLLIN | EPOLLET;
	ev.data.u64 = 2;
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0);
	CHECK(ep_wait1(ep, &ev, 0) == 1 && ev.data.u64 == 2);
	close(p[0]);
	close(p[1]);
	close(ep);
}

TEST(epoll_oneshot)
{
	int ep = epoll_create1(0), p[2];
	struct epoll_event ev;

	CHECK(ep >= 0 && pipe(p) == 0);
	CHECK(ep_add(ep, p[0], EPOLLIN | EPOLLONESHOT, 3) == 0);
	CHECK(write(p[1], "a", 1) == 1);
	CHECK(ep_wait1(ep, &ev, 0) == 1 && ev.data.u64 == 3);
	CHECK(ep_wait1(ep, &ev, 0) == 0);
	CHECK(write(p[1], "b", 1) == 1);
	CHECK(ep_wait1(ep, &ev, 0) == 0); /* disabled until MOD */
	close(p[1]);
	CHECK(ep_wait1(ep, &ev, 0) == 0); /* even a hang-up */
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u64 = 4;
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0);
	CHECK(ep_wait1(ep, &ev, 0) == 1 && ev.data.u64 == 4 && ev.events == (EPOLLIN | EPOLLHUP));
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == -1 && errno == EEXIST); /* still there */
	close(p[0]);
	close(ep);
}

TEST(epoll_close_removes_with_last_descriptor)
{
	int ep = epoll_create1(0), p[2], d, q[2];
	struct epoll_event ev;

	CHECK(ep >= 0 && pipe(p) == 0);
	CHECK(ep_add(ep, p[0], EPOLLIN, 5) == 0);
	d = dup(p[0]);
	CHECK(d >= 0);
	close(p[0]); /* the file lives on in d: its item stays, as Linux */
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(ep_wait1(ep, &ev, 0) == 1 && ev.data.u64 == 5);
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, d, NULL) == -1 && errno == ENOENT); /* keyed by (file, fd) */
	close(d); /* the last descriptor: the item goes */
	CHECK(ep_wait1(ep, &ev, 0) == 0);
	CHECK(pipe(q) == 0);
	CHECK(write(q[1], "y", 1) == 1);
	/* A new file at the same number is not the old item's. */
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, q[0], NULL) == -1 && errno == ENOENT);
	CHECK(ep_wait1(ep, &ev, 0) == 0);
	close(q[0]);
	close(q[1]);
	close(p[1]);
	close(ep);
}

TEST(epoll_timeout_and_wakeup)
{
	int ep = epoll_create1(0), p[2];
	struct epoll_event ev;
	long t0;
	pid_t pid;

	CHECK(ep >= 0 && pipe(p) == 0);
	CHECK(ep_add(ep, p[0], EPOLLIN, 9) == 0);
	t0 = now_ms();
	CHECK(ep_wait1(ep, &ev, 60) == 0);
	CHECK(now_ms() - t0 >= 50);
	pid = fork();
	if (pid == 0) {
		usleep(50000);
		_exit(write(p[1], "z", 1) == 1 ? 0 : 1);
	}
	CHECK(ep_wait1(ep, &ev, -1) == 1 && ev.data.u64 == 9);
	CHECK(utest_ending(pid) == 0);
	close(p[0]);
	close(p[1]);
	close(ep);
}

TEST(epoll_small_maxevents_serves_all)
{
	int ep = epoll_create1(0), p[3][2], i, seen = 0;
	struct epoll_event ev;

	CHECK(ep >= 0);
	for (i = 0; i < 3; i++) {
		CHECK(pipe(p[i]) == 0 && write(p[i][1], "a", 1) == 1);
		CHECK(ep_add(ep, p[i][0], EPOLLIN, (uint64_t)i) == 0);
	}
	for (i = 0; i < 3; i++) {
		CHECK(ep_wait1(ep, &ev, 0) == 1 && ev.data.u64 < 3);
		seen |= 1 << ev.data.u64;
	}
	CHECK(seen == 7);
	for (i = 0; i < 3; i++) {
		close(p[i][0]);
		close(p[i][1]);
	}
	close(ep);
}

TEST(epoll_socket_rdhup)
{
	int ep = epoll_create1(0), sv[2];
	struct epoll_event ev;

	CHECK(ep >= 0 && socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(ep_add(ep, sv[0], EPOLLIN | EPOLLOUT | EPOLLRDHUP, 1) == 0);
	CHECK(ep_wait1(ep, &ev, 0) == 1 && ev.events == EPOLLOUT);
	CHECK(write(sv[1], "q", 1) == 1);
	CHECK(ep_wait1(ep, &ev, 0) == 1 && ev.events == (EPOLLIN | EPOLLOUT));
	CHECK(shutdown(sv[1], SHUT_WR) == 0);
	CHECK(ep_wait1(ep, &ev, 0) == 1 && ev.events == (EPOLLIN | EPOLLOUT | EPOLLRDHUP));
	close(sv[0]);
	close(sv[1]);
	close(ep);
}

TEST(epoll_listening_socket)
{
	int ep = epoll_create1(0), l = socket(AF_UNIX, SOCK_STREAM, 0), c, a;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct epoll_event ev;

	CHECK(ep >= 0 && l >= 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/listener", scratch);
	CHECK(bind(l, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(l, 4) == 0);
	CHECK(ep_add(ep, l, EPOLLIN, 8) == 0);
	CHECK(ep_wait1(ep, &ev, 0) == 0);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(c >= 0 && connect(c, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	CHECK(ep_wait1(ep, &ev, 1000) == 1 && ev.events == EPOLLIN && ev.data.u64 == 8);
	a = accept(l, NULL, NULL);
	CHECK(a >= 0);
	CHECK(ep_wait1(ep, &ev, 0) == 0);
	close(a);
	close(c);
	close(l);
	close(ep);
}

TEST(epoll_eventfd_and_pty)
{
	int ep = epoll_create1(0), efd = eventfd(0, 0), m, s, n = -1, zero = 0;
	struct epoll_event ev;
	char path[32], buf[8];
	uint64_t v;

	CHECK(ep >= 0 && efd >= 0);
	CHECK(ep_add(ep, efd, EPOLLIN, 1) == 0);
	CHECK(ep_wait1(ep, &ev, 0) == 0);
	CHECK(eventfd_write(efd, 1) == 0);
	CHECK(ep_wait1(ep, &ev, 0) == 1 && ev.events == EPOLLIN);
	CHECK(eventfd_read(efd, &v) == 0 && v == 1);
	CHECK(ep_wait1(ep, &ev, 0) == 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL) == 0);
	m = open("/dev/ptmx", O_RDWR | O_NOCTTY);
	SKIP_IF(m < 0, "no /dev/ptmx");
	CHECK(ioctl(m, TIOCGPTN_, &n) == 0 && ioctl(m, TIOCSPTLCK_, &zero) == 0);
	snprintf(path, sizeof(path), "/dev/pts/%d", n);
	s = open(path, O_RDWR | O_NOCTTY);
	CHECK(s >= 0);
	CHECK(ep_add(ep, s, EPOLLIN, 2) == 0);
	CHECK(ep_wait1(ep, &ev, 0) == 0);
	CHECK(write(m, "hi\n", 3) == 3);
	CHECK(ep_wait1(ep, &ev, 2000) == 1 && ev.data.u64 == 2 && ev.events == EPOLLIN);
	CHECK(read(s, buf, sizeof(buf)) == 3);
	CHECK(ep_wait1(ep, &ev, 0) == 0);
	close(s);
	close(m);
	close(efd);
	close(ep);
}

TEST(epoll_nested_and_loops)
{
	int a = epoll_create1(0), b = epoll_create1(0), c = epoll_create1(0), p[2];
	struct epoll_event ev;
	struct pollfd pf;

	CHECK(a >= 0 && b >= 0 && c >= 0 && pipe(p) == 0);
	CHECK(ep_add(a, b, EPOLLIN, 100) == 0);
	CHECK(ep_add(b, p[0], EPOLLIN, 200) == 0);
	CHECK(ep_wait1(a, &ev, 0) == 0);
	CHECK(write(p[1], "n", 1) == 1);
	CHECK(ep_wait1(a, &ev, 0) == 1 && ev.data.u64 == 100 && ev.events == EPOLLIN);
	pf = (struct pollfd){ .fd = a, .events = POLLIN };
	CHECK(poll(&pf, 1, 0) == 1 && pf.revents == POLLIN);
	CHECK(ep_wait1(b, &ev, 0) == 1 && ev.data.u64 == 200);
	CHECK(ep_add(b, a, EPOLLIN, 0) == -1 && errno == ELOOP);
	CHECK(ep_add(c, a, EPOLLIN, 0) == 0);
	CHECK(ep_add(b, c, EPOLLIN, 0) == -1 && errno == ELOOP);
	CHECK(ep_wait1(c, &ev, 0) == 1);
	close(a); /* items hold no reference: a's last descriptor takes c's item along */
	CHECK(ep_wait1(c, &ev, 0) == 0);
	close(c);
	close(b);
	close(p[0]);
	close(p[1]);
}

/* At most 5 instances in a chain (Linux's EP_MAX_NESTS), counted up and down from the add. */
TEST(epoll_nesting_depth)
{
	int e[8], f[8], i, ok = 1;

	for (i = 0; i < 8; i++) {
		e[i] = epoll_create1(0);
		f[i] = epoll_create1(0);
		CHECK(e[i] >= 0 && f[i] >= 0);
	}
	for (i = 1; i < 8 && ok; i++) /* top down: the fifth link is one too many */
		ok = (ep_add(e[i - 1], e[i], EPOLLIN, 0) == 0) == (i != 5) && (i != 5 || errno == ELOOP);
	CHECK(ok);
	for (i = 7; i >= 1 && ok; i--) /* bottom up: the same chain from its other end */
		ok = (ep_add(f[i - 1], f[i], EPOLLIN, 0) == 0) == (i != 3) && (i != 3 || errno == ELOOP);
	CHECK(ok);
	for (i = 0; i < 8; i++) {
		close(e[i]);
		close(f[i]);
	}
}

/*
 * Instances, items and eventfds made and dropped every way: the watched
 * files closed first or last, an instance nested and closed under
 * another, a fork sharing the instance.  Nothing may be left behind.
 */
static int epoll_cycles(int n)
{
	int i, j, ep, inner, p[4][2], efd;
	struct epoll_event ev;
	pid_t pid;

	for (i = 0; i < n; i++) {
		ep = epoll_create1(0);
		inner = epoll_create1(0);
		efd = eventfd(1, 0);
		if (ep < 0 || inner < 0 || efd < 0)
			return -1;
		for (j = 0; j < 4; j++) {
			if (pipe(p[j]) != 0 || ep_add(j % 2 ? ep : inner, p[j][0], EPOLLIN, 0) != 0 ||
			    ep_add(ep, p[j][1], EPOLLOUT | EPOLLET, 0) != 0)
				return -1;
		}
		if (ep_add(ep, inner, EPOLLIN, 0) != 0 || ep_add(inner, efd, EPOLLIN, 0) != 0)
			return -1;
		if (i % 4 == 0) {
			pid = fork();
			if (pid == 0)
				_exit(epoll_wait(ep, &ev, 1, 0) == 1 ? 0 : 1);
			if (utest_ending(pid) != 0)
				return -1;
		}
		for (j = 0; j < 4; j++)
			close(p[j][i % 2]); /* half the files go before their instances, */
		if (epoll_wait(ep, &ev, 1, 0) != 1)
			return -1;
		close(inner);
		close(efd);
		close(ep);
		for (j = 0; j < 4; j++)
			close(p[j][1 - i % 2]); /* half after */
	}
	return 0;
}

TEST(epoll_no_memory_lost_over_cycles)
{
	long before, after;
	int low = dup(0);

	close(low);
	CHECK(epoll_cycles(10) == 0); /* warm the kernel's caches first */
	before = free_kib();
	CHECK(epoll_cycles(300) == 0);
	after = free_kib();
	CHECK(before > 0);
	CHECK(dup(0) == low); /* every descriptor is gone */
	close(low);
	/* Only where nothing else runs does free memory mean anything (see t_proc). */
	if (on_breenix())
		CHECK(after == before);
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

/* SIGUSR1 blocked, with a handler, and pending. */
static int usr1_pending(sigset_t *old)
{
	sigset_t set;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	got_usr1 = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (sigaction(SIGUSR1, &sa, NULL) != 0 || sigprocmask(SIG_BLOCK, &set, old) != 0)
		return -1;
	return kill(getpid(), SIGUSR1);
}

/* After the call: the handler ran once, SIGUSR1 is blocked again; then the old mask. */
static int usr1_done(const sigset_t *old)
{
	sigset_t cur;
	int ok;

	sigprocmask(SIG_SETMASK, NULL, &cur);
	ok = got_usr1 == 1 && sigismember(&cur, SIGUSR1);
	sigprocmask(SIG_SETMASK, old, NULL);
	signal(SIGUSR1, SIG_DFL);
	return ok;
}

TEST(epoll_pwait_signal_mask)
{
	int ep = epoll_create1(0);
	struct epoll_event ev;
	sigset_t old, none;
	long r;

	CHECK(ep >= 0 && usr1_pending(&old) == 0);
	CHECK(epoll_wait(ep, &ev, 1, 20) == 0); /* blocked: not taken */
	CHECK(got_usr1 == 0);
	sigemptyset(&none);
	r = syscall(SYS_epoll_pwait, ep, &ev, 1, 20, &none, 4);
	CHECK(r == -1 && errno == EINVAL);
	CHECK(epoll_pwait(ep, &ev, 1, -1, &none) == -1 && errno == EINTR);
	CHECK(usr1_done(&old));
	close(ep);
}

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif

TEST(epoll_pwait2_timespec)
{
	int ep = epoll_create1(0), p[2];
	struct epoll_event ev;
	struct timespec ts = { 0, 30000000 };
	long t0;

	CHECK(ep >= 0 && pipe(p) == 0);
	CHECK(ep_add(ep, p[0], EPOLLIN, 6) == 0);
	t0 = now_ms();
	CHECK(syscall(SYS_epoll_pwait2, ep, &ev, 1, &ts, NULL, 8) == 0);
	CHECK(now_ms() - t0 >= 25);
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 30000000); /* not written back */
	ts = (struct timespec){ 0, 1000000000 };
	CHECK(syscall(SYS_epoll_pwait2, ep, &ev, 1, &ts, NULL, 8) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_epoll_pwait2, ep, &ev, 1, (void *)8, NULL, 8) == -1 && errno == EFAULT);
	ts = (struct timespec){ 0, 0 };
	CHECK(syscall(SYS_epoll_pwait2, ep, &ev, 1, &ts, NULL, 8) == 0);
	CHECK(write(p[1], "w", 1) == 1);
	CHECK(syscall(SYS_epoll_pwait2, ep, &ev, 1, NULL, NULL, 8) == 1 && ev.data.u64 == 6);
	close(p[0]);
	close(p[1]);
	close(ep);
}

/* A child blocked in call() is stopped and continued: its exit status is what call() reported. */
static int stop_and_continue(int (*call)(void), long *elapsed_ms)
{
	pid_t pid;
	long t0 = now_ms();
	int st;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(call());
	if (!utest_wait_sleeping(pid)) /* in call()'s wait, however slow the start */
		return -1;
	kill(pid, SIGSTOP);
	usleep(50000);
	kill(pid, SIGCONT);
	st = utest_ending(pid);
	*elapsed_ms = now_ms() - t0;
	return st;
}

/* Linux (signal(7)): epoll_wait fails with EINTR after a stop, even without a handler. */
static int epoll_wait_stopped(void)
{
	int ep = epoll_create1(0);
	struct epoll_event ev;

	return epoll_wait(ep, &ev, 1, 5000) == -1 && errno == EINTR ? 0 : 1;
}

/* ppoll is restarted instead, with the time that was left. */
static int ppoll_stopped(void)
{
	struct timespec ts = { 0, 400000000 };

	return ppoll(NULL, 0, &ts, NULL) == 0 ? 0 : 1;
}

TEST(stop_ends_epoll_wait_but_not_ppoll)
{
	long ms;

	/* EINTR, not the 5 s timeout, is what says epoll_wait was ended. */
	CHECK(stop_and_continue(epoll_wait_stopped, &ms) == 0);
	CHECK(stop_and_continue(ppoll_stopped, &ms) == 0 && ms >= 380);
}

/* ---- ppoll and pselect ---- */

TEST(ppoll_timeouts_and_errors)
{
	int p[2];
	struct pollfd pf;
	struct timespec ts = { 0, 0 };
	long r;

	CHECK(pipe(p) == 0);
	pf = (struct pollfd){ .fd = p[0], .events = POLLIN };
	CHECK(ppoll(&pf, 1, &ts, NULL) == 0);
	ts = (struct timespec){ 0, 1000000000 };
	CHECK(ppoll(&pf, 1, &ts, NULL) == -1 && errno == EINVAL);
	ts = (struct timespec){ -1, 0 };
	CHECK(ppoll(&pf, 1, &ts, NULL) == -1 && errno == EINVAL);
	ts = (struct timespec){ 0, 1000 };
	r = syscall(SYS_ppoll, &pf, 1, &ts, &ts, 4); /* the size is checked: 8 bytes */
	CHECK(r == -1 && errno == EINVAL);
	CHECK(syscall(SYS_ppoll, &pf, 1, (void *)8, NULL, 8) == -1 && errno == EFAULT);
	/* The raw call writes the time left back: all of it at a timeout... */
	ts = (struct timespec){ 0, 30000000 };
	CHECK(syscall(SYS_ppoll, &pf, 1, &ts, NULL, 8) == 0);
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0);
	/* ...and most of it when a file was ready at once. */
	CHECK(write(p[1], "r", 1) == 1);
	ts = (struct timespec){ 5, 0 };
	CHECK(syscall(SYS_ppoll, &pf, 1, &ts, NULL, 8) == 1 && pf.revents == POLLIN);
	CHECK((ts.tv_sec == 4 && ts.tv_nsec > 0) || (ts.tv_sec == 5 && ts.tv_nsec == 0));
	/* The library's ppoll leaves the caller's timespec alone. */
	ts = (struct timespec){ 5, 0 };
	CHECK(ppoll(&pf, 1, &ts, NULL) == 1 && ts.tv_sec == 5 && ts.tv_nsec == 0);
	close(p[0]);
	close(p[1]);
}

TEST(ppoll_signal_mask)
{
	struct pollfd pf = { .fd = -1 };
	sigset_t old, none;

	CHECK(usr1_pending(&old) == 0);
	sigemptyset(&none);
	CHECK(ppoll(&pf, 1, NULL, &none) == -1 && errno == EINTR);
	CHECK(usr1_done(&old));
}

TEST(pselect_timeouts_and_mask)
{
	int p[2];
	fd_set r;
	struct timespec ts = { 0, 2000000000 };
	sigset_t old, none;
	struct { const sigset_t *ss; size_t len; } arg;

	CHECK(pipe(p) == 0);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	CHECK(pselect(p[0] + 1, &r, NULL, NULL, &ts, NULL) == -1 && errno == EINVAL);
	ts = (struct timespec){ 0, 10000000 };
	CHECK(pselect(p[0] + 1, &r, NULL, NULL, &ts, NULL) == 0 && !FD_ISSET(p[0], &r));
	CHECK(write(p[1], "s", 1) == 1);
	FD_SET(p[0], &r);
	CHECK(pselect(p[0] + 1, &r, NULL, NULL, NULL, NULL) == 1 && FD_ISSET(p[0], &r));
	sigemptyset(&none);
	arg.ss = &none;
	arg.len = 4;
	CHECK(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, NULL, &arg) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, NULL, (void *)8) == -1 &&
	      errno == EFAULT);
	CHECK(read(p[0], &ts, 1) == 1);
	CHECK(usr1_pending(&old) == 0);
	FD_SET(p[0], &r);
	CHECK(pselect(p[0] + 1, &r, NULL, NULL, NULL, &none) == -1 && errno == EINTR);
	CHECK(usr1_done(&old));
	close(p[0]);
	close(p[1]);
}

/* ---- waitid ---- */

TEST(waitid_exited_and_killed)
{
	siginfo_t si;
	pid_t pid = fork();

	if (pid == 0)
		_exit(7);
	memset(&si, 0xff, sizeof(si));
	CHECK(waitid(P_PID, (id_t)pid, &si, WEXITED) == 0);
	CHECK(si.si_signo == SIGCHLD && si.si_code == CLD_EXITED && si.si_status == 7);
	CHECK(si.si_pid == pid && si.si_uid == getuid() && si.si_errno == 0);
	CHECK(waitpid(pid, NULL, WNOHANG) == -1 && errno == ECHILD); /* reaped */
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0);
	CHECK(si.si_code == CLD_KILLED && si.si_status == SIGKILL && si.si_pid == pid);
}

TEST(waitid_nowait_leaves_the_child)
{
	siginfo_t si;
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(3);
	CHECK(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == 0 && si.si_pid == pid);
	CHECK(waitid(P_ALL, 0, &si, WEXITED | WNOWAIT) == 0 && si.si_status == 3);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3);
}

TEST(waitid_stopped_and_continued)
{
	siginfo_t si;
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitid(P_PID, (id_t)pid, &si, WSTOPPED) == 0);
	CHECK(si.si_code == CLD_STOPPED && si.si_status == SIGSTOP && si.si_pid == pid);
	/* WEXITED alone does not see a stop; WNOHANG then gives 0 and a zeroed pid. */
	si.si_pid = 12345;
	CHECK(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG) == 0 && si.si_pid == 0);
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitid(P_PID, (id_t)pid, &si, WCONTINUED) == 0);
	CHECK(si.si_code == CLD_CONTINUED && si.si_status == SIGCONT);
	CHECK(kill(pid, SIGTERM) == 0);
	CHECK(waitid(P_PID, (id_t)pid, &si, WEXITED) == 0);
	CHECK(si.si_code == CLD_KILLED && si.si_status == SIGTERM);
}

TEST(waitid_groups_and_errors)
{
	siginfo_t si;
	pid_t pid;
	int fds[2];
	char c;

	CHECK(waitid(P_ALL, 0, &si, 0) == -1 && errno == EINVAL);
	CHECK(waitid(P_ALL, 0, &si, WEXITED | 0x100) == -1 && errno == EINVAL);
	CHECK(waitid((idtype_t)7, 0, &si, WEXITED) == -1 && errno == EINVAL);
	CHECK(waitid(P_PID, 0, &si, WEXITED) == -1 && errno == EINVAL);
	CHECK(waitid(P_PGID, (id_t)-1, &si, WEXITED) == -1 && errno == EINVAL);
	CHECK(waitid(P_ALL, 0, &si, WEXITED | WNOHANG) == -1 && errno == ECHILD);
	CHECK(pipe(fds) == 0);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		close(fds[0]);
		write(fds[1], "g", 1);
		pause();
		_exit(0);
	}
	close(fds[1]);
	CHECK(read(fds[0], &c, 1) == 1);
	close(fds[0]);
	CHECK(waitid(P_PGID, (id_t)pid, &si, WEXITED | WNOHANG) == 0 && si.si_pid == 0);
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitid(P_PGID, (id_t)pid, &si, WEXITED) == 0 && si.si_pid == pid);
	CHECK(waitid(P_PID, (id_t)pid, &si, WEXITED) == -1 && errno == ECHILD);
}

/* ---- sendfile and copy_file_range ---- */

static int make_file(const char *name, const char *text, char *path, size_t size)
{
	int fd;

	snprintf(path, size, "%s/%s", scratch, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0 && write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		close(fd);
		return -1;
	}
	if (fd >= 0)
		lseek(fd, 0, SEEK_SET);
	return fd;
}

TEST(sendfile_to_pipe_file_and_socket)
{
	char path[96], buf[32];
	int in = make_file("sf_in", "hello world", path, sizeof(path)), p[2], out, sv[2];
	off_t off = 6;

	CHECK(in >= 0 && pipe(p) == 0);
	CHECK(sendfile(p[1], in, NULL, 5) == 5);
	CHECK(lseek(in, 0, SEEK_CUR) == 5);
	CHECK(read(p[0], buf, sizeof(buf)) == 5 && memcmp(buf, "hello", 5) == 0);
	CHECK(sendfile(p[1], in, &off, 100) == 5 && off == 11);
	CHECK(lseek(in, 0, SEEK_CUR) == 5); /* an offset pointer leaves the file's alone */
	CHECK(read(p[0], buf, sizeof(buf)) == 5 && memcmp(buf, "world", 5) == 0);
	CHECK(sendfile(p[1], in, &off, 100) == 0 && off == 11); /* at the end */
	out = make_file("sf_out", "", path, sizeof(path));
	CHECK(out >= 0);
	off = 0;
	CHECK(sendfile(out, in, &off, 11) == 11);
	CHECK(pread(out, buf, sizeof(buf), 0) == 11 && memcmp(buf, "hello world", 11) == 0);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(sendfile(sv[0], in, NULL, 3) == 3);
	CHECK(read(sv[1], buf, sizeof(buf)) == 3 && memcmp(buf, " wo", 3) == 0);
	close(sv[0]);
	close(sv[1]);
	close(out);
	close(in);
	close(p[0]);
	close(p[1]);
}

TEST(sendfile_errors)
{
	char path[96];
	int in = make_file("sf_err", "data", path, sizeof(path)), p[2], wo, app;
	off_t off = -1;

	CHECK(in >= 0 && pipe(p) == 0);
	CHECK(sendfile(p[1], 99, NULL, 1) == -1 && errno == EBADF);
	CHECK(sendfile(99, in, NULL, 1) == -1 && errno == EBADF);
	CHECK(sendfile(p[1], p[1], NULL, 1) == -1 && errno == EBADF); /* write end: not readable */
	wo = open(path, O_WRONLY);
	CHECK(sendfile(p[1], wo, NULL, 1) == -1 && errno == EBADF);
	CHECK(sendfile(p[1], in, &off, 1) == -1 && errno == EINVAL);
	off = 0;
	CHECK(sendfile(p[1], p[0], &off, 1) == -1 && errno == ESPIPE);
	CHECK(sendfile(p[1], in, (off_t *)8, 1) == -1 && errno == EFAULT);
	app = open(path, O_WRONLY | O_APPEND);
	CHECK(sendfile(app, in, NULL, 1) == -1 && errno == EINVAL);
	CHECK(sendfile(wo, in, NULL, 0) == 0);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(sendfile(wo, p[0], NULL, 1) == -1 && errno == EINVAL); /* no pipe as the input */
	{
		int sv[2], d = open(scratch, O_RDONLY);

		CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 && write(sv[1], "y", 1) == 1);
		CHECK(sendfile(wo, sv[0], NULL, 1) == -1 && errno == EINVAL); /* nor a socket */
		CHECK(sendfile(wo, d, NULL, 1) == -1 && errno == EINVAL); /* nor a directory */
		close(sv[0]);
		close(sv[1]);
		close(d);
	}
	close(app);
	close(wo);
	close(in);
	close(p[0]);
	close(p[1]);
}

TEST(copy_file_range_files)
{
	char path[96], buf[32];
	int in = make_file("cf_in", "0123456789", path, sizeof(path)), out, p[2], d;
	off_t oi = 2, oo = 0;

	CHECK(in >= 0 && pipe(p) == 0);
	out = make_file("cf_out", "", path, sizeof(path));
	CHECK(out >= 0);
	CHECK(copy_file_range(in, &oi, out, &oo, 3, 0) == 3 && oi == 5 && oo == 3);
	CHECK(lseek(in, 0, SEEK_CUR) == 0 && lseek(out, 0, SEEK_CUR) == 0);
	CHECK(copy_file_range(in, NULL, out, NULL, 100, 0) == 10); /* shortened to the end */
	CHECK(lseek(in, 0, SEEK_CUR) == 10 && lseek(out, 0, SEEK_CUR) == 10);
	CHECK(pread(out, buf, sizeof(buf), 0) == 10 && memcmp(buf, "0123456789", 10) == 0);
	CHECK(copy_file_range(in, NULL, out, NULL, 5, 0) == 0); /* at the end */
	CHECK(copy_file_range(in, &oi, out, &oo, 1, 1) == -1 && errno == EINVAL);
	oi = 0;
	oo = 2;
	CHECK(copy_file_range(in, &oi, in, &oo, 4, 0) == -1 && errno == EINVAL); /* overlap */
	CHECK(copy_file_range(p[0], NULL, out, NULL, 1, 0) == -1 && errno == EINVAL);
	d = open(scratch, O_RDONLY);
	CHECK(copy_file_range(d, NULL, out, NULL, 1, 0) == -1 && errno == EISDIR);
	CHECK(copy_file_range(99, NULL, out, NULL, 1, 0) == -1 && errno == EBADF);
	close(d);
	close(in);
	close(out);
	close(p[0]);
	close(p[1]);
}

/* ---- chroot ---- */

static int chroot_child(void)
{
	char path[96], cwd[64];
	struct stat a, b;

	snprintf(path, sizeof(path), "%s/jail", scratch);
	if (chroot(path) != 0)
		return 1;
	if (chdir("/") != 0 || getcwd(cwd, sizeof(cwd)) == NULL || strcmp(cwd, "/") != 0)
		return 2;
	if (access("/marker", F_OK) != 0 || access("/../../marker", F_OK) != 0)
		return 3;
	if (stat("/", &a) != 0 || stat("/..", &b) != 0 || a.st_ino != b.st_ino)
		return 4;
	if (chdir("/sub") != 0 || access("../../../marker", F_OK) != 0)
		return 5;
	if (getcwd(cwd, sizeof(cwd)) == NULL || strcmp(cwd, "/sub") != 0)
		return 6;
	if (access("/link", F_OK) != 0) /* an absolute link resolves inside */
		return 7;
	snprintf(path, sizeof(path), "%s/jail/marker", scratch);
	if (access(path, F_OK) == 0) /* the outer path names nothing here */
		return 8;
	return 0;
}

static int chroot_as_user(void)
{
	if (chroot("/") != -1 || errno != EPERM)
		return 1;
	if (chroot("/nonexistent") != -1 || errno != ENOENT)
		return 2; /* the path first, then the privilege */
	return 0;
}

TEST(chroot_confines_the_process)
{
	char path[96], target[96];
	pid_t pid;
	int fd;

	snprintf(path, sizeof(path), "%s/jail", scratch);
	CHECK(mkdir(path, 0755) == 0);
	snprintf(path, sizeof(path), "%s/jail/sub", scratch);
	CHECK(mkdir(path, 0755) == 0);
	snprintf(path, sizeof(path), "%s/jail/marker", scratch);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/jail/link", scratch);
	CHECK(symlink("/marker", path) == 0);
	SKIP_IF(geteuid() != 0, "needs root");
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(chroot_child());
	CHECK(utest_ending(pid) == 0);
	snprintf(target, sizeof(target), "%s/jail/marker", scratch);
	CHECK(chroot(target) == -1 && errno == ENOTDIR);
	CHECK(utest_as_user(chroot_as_user, USER_ID) == 0);
}

/* ---- nice values ---- */

static int prio_as_user(void)
{
	errno = 0;
	if (getpriority(PRIO_PROCESS, 0) != 5 || errno != 0)
		return 1;
	if (setpriority(PRIO_PROCESS, 0, 10) != 0 || getpriority(PRIO_PROCESS, 0) != 10)
		return 2;
	if (setpriority(PRIO_PROCESS, 0, 9) != -1 || errno != EACCES)
		return 3; /* lowering needs privilege */
	if (nice(-1) != -1 || errno != EPERM)
		return 4;
	if (nice(3) != 13)
		return 5;
	if (setpriority(PRIO_PROCESS, 1, 19) != -1 || errno != EPERM)
		return 6; /* init is root's */
	errno = 0;
	if (getpriority(PRIO_USER, 0) > 13 || errno != 0)
		return 7; /* the user's highest priority: at least this process's */
	return 0;
}

TEST(priority_values_and_rules)
{
	pid_t pid, dead = dead_pid();
	int base;

	errno = 0;
	base = getpriority(PRIO_PROCESS, 0);
	CHECK(errno == 0 && base >= -20 && base <= 19);
	CHECK(getpriority(3, 0) == -1 && errno == EINVAL);
	CHECK(setpriority(-1, 0, 0) == -1 && errno == EINVAL);
	CHECK(getpriority(PRIO_PROCESS, (id_t)dead) == -1 && errno == ESRCH);
	CHECK(setpriority(PRIO_PROCESS, (id_t)dead, 0) == -1 && errno == ESRCH);
	SKIP_IF(geteuid() != 0, "needs root");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0); /* PRIO_PGRP below must not reach the test's group */
		if (setpriority(PRIO_PROCESS, 0, 100) != 0 || getpriority(PRIO_PROCESS, 0) != 19)
			_exit(1); /* clamped */
		if (setpriority(PRIO_PROCESS, 0, -100) != 0 || getpriority(PRIO_PROCESS, 0) != -20)
			_exit(2);
		if (setpriority(PRIO_PGRP, 0, 5) != 0 || getpriority(PRIO_PGRP, 0) > 5)
			_exit(3);
		if (setpriority(PRIO_PROCESS, 0, 5) != 0)
			_exit(4);
		_exit(utest_as_user(prio_as_user, USER_ID) == 0 ? 0 : 5);
	}
	CHECK(utest_ending(pid) == 0);
	CHECK(getpriority(PRIO_PROCESS, 0) == base); /* the child's changes stayed its own */
}

int main(void)
{
	utest_suite = "sys2";
	if (utest_scratch_dir(scratch, sizeof(scratch)) != 0)
		return 1;
	RUN(eventfd_counter_and_sizes);
	RUN(eventfd_semaphore);
	RUN(eventfd_overflow_and_poll);
	RUN(eventfd_flags);
	RUN(eventfd_blocking_read_woken);
	RUN(epoll_errors);
	RUN(epoll_pipe_level_triggered);
	RUN(epoll_pipe_error_on_write_end);
	RUN(epoll_edge_triggered);
	RUN(epoll_oneshot);
	RUN(epoll_close_removes_with_last_descriptor);
	RUN(epoll_timeout_and_wakeup);
	RUN(epoll_small_maxevents_serves_all);
	RUN(epoll_socket_rdhup);
	RUN(epoll_listening_socket);
	RUN(epoll_eventfd_and_pty);
	RUN(epoll_nested_and_loops);
	RUN(epoll_nesting_depth);
	RUN(epoll_no_memory_lost_over_cycles);
	RUN(epoll_pwait_signal_mask);
	RUN(epoll_pwait2_timespec);
	RUN(stop_ends_epoll_wait_but_not_ppoll);
	RUN(ppoll_timeouts_and_errors);
	RUN(ppoll_signal_mask);
	RUN(pselect_timeouts_and_mask);
	RUN(waitid_exited_and_killed);
	RUN(waitid_nowait_leaves_the_child);
	RUN(waitid_stopped_and_continued);
	RUN(waitid_groups_and_errors);
	RUN(sendfile_to_pipe_file_and_socket);
	RUN(sendfile_errors);
	RUN(copy_file_range_files);
	RUN(chroot_confines_the_process);
	RUN(priority_values_and_rules);
	return utest_failures != 0;
}
