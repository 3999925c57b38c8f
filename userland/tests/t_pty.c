/*
 * t_pty: pseudo-terminals, as Linux: /dev/ptmx makes a master and
 * /dev/pts/N (TIOCGPTN), owned by the opener and locked until TIOCSPTLCK
 * unlocks it (EIO before); the slave has the consoles' line discipline,
 * driven through the master: canonical editing with echo, raw mode,
 * output processing (ONLCR); poll on both sides; TIOCSWINSZ sends
 * SIGWINCH to the slave's foreground group; closing the master hangs the
 * slave up (SIGHUP to its session leader, reads 0, writes EIO); the master
 * reads EIO once the slave is closed; numbers are reused once both sides
 * are gone; and on Breenix, 1000 pairs opened and closed give back their
 * memory.  Uses only ioctls, so the same program runs on both systems.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "utest.h"

#ifndef TIOCGPTN
#define TIOCGPTN 0x80045430
#define TIOCSPTLCK 0x40045431
#endif
#ifndef TIOCGPTPEER
#define TIOCGPTPEER 0x5441
#endif

/* A new master (unlocked when unlock), its number in *n; -1 on failure. */
static int master_open(int *n, int unlock)
{
	int m = open("/dev/ptmx", O_RDWR | O_NOCTTY), zero = 0;

	if (m < 0)
		return -1;
	if (ioctl(m, TIOCGPTN, n) != 0 || (unlock && ioctl(m, TIOCSPTLCK, &zero) != 0)) {
		close(m);
		return -1;
	}
	return m;
}

static int slave_open(int n, int flags)
{
	char path[32];

	snprintf(path, sizeof(path), "/dev/pts/%d", n);
	return open(path, O_RDWR | flags);
}

/* Read what fd has within ms milliseconds, up to size - 1 bytes, NUL-terminated: the count. */
static int drain(int fd, char *buf, size_t size, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t got = 0;
	ssize_t r;

	while (got + 1 < size && poll(&p, 1, ms) == 1 && (p.revents & POLLIN)) {
		if ((r = read(fd, buf + got, size - 1 - got)) <= 0)
			break;
		got += (size_t)r;
		ms = 100; /* the rest follows at once */
	}
	buf[got] = '\0';
	return (int)got;
}

TEST(ptmx_makes_a_locked_slave)
{
	int n = -1, m = master_open(&n, 0), s, zero = 0;
	struct stat st;
	char path[32];

	CHECK(m >= 0 && n >= 0);
	CHECK(stat("/dev/ptmx", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == ((5 << 8) | 2));
	snprintf(path, sizeof(path), "/dev/pts/%d", n);
	CHECK(stat(path, &st) == 0 && S_ISCHR(st.st_mode));
	CHECK((st.st_rdev >> 8) == 136 && (st.st_rdev & 0xFF) == (unsigned)(n & 0xFF));
	CHECK(st.st_uid == geteuid());
	CHECK((st.st_mode & 0600) == 0600 && (st.st_mode & 0007) == 0);
	if (on_breenix())
		CHECK((st.st_mode & 0777) == 0620);
	errno = 0;
	CHECK(slave_open(n, O_NOCTTY) == -1 && errno == EIO); /* locked */
	CHECK(ioctl(m, TIOCSPTLCK, &zero) == 0);
	s = slave_open(n, O_NOCTTY);
	CHECK(s >= 0);
	CHECK(isatty(s) && isatty(m));
	close(s);
	close(m);
}

TEST(pts_directory_lists_live_pairs)
{
	int n = -1, m = master_open(&n, 1), found = 0;
	char name[16];
	struct dirent *d;
	DIR *dir;

	CHECK(m >= 0);
	snprintf(name, sizeof(name), "%d", n);
	dir = opendir("/dev/pts");
	CHECK(dir != NULL);
	while ((d = readdir(dir)) != NULL)
		found |= strcmp(d->d_name, name) == 0;
	closedir(dir);
	CHECK(found);
	close(m);
	snprintf(name, sizeof(name), "/dev/pts/%d", n);
	errno = 0;
	CHECK(access(name, F_OK) == -1 && errno == ENOENT); /* the master took it along */
}

TEST(canonical_echo_and_editing)
{
	int n, m = master_open(&n, 1), s = slave_open(n, O_NOCTTY);
	char buf[64];

	CHECK(m >= 0 && s >= 0);
	CHECK(write(m, "ab\x7f" "c\n", 5) == 5);
	CHECK(drain(s, buf, sizeof(buf), 2000) == 3 && strcmp(buf, "ac\n") == 0);
	/* The echo, as the slave's settings say: erase as "\b \b", the newline as CR NL. */
	CHECK(drain(m, buf, sizeof(buf), 2000) > 0);
	CHECK(strcmp(buf, "ab\b \bc\r\n") == 0);
	CHECK(write(m, "half", 4) == 4); /* no line yet: nothing to read */
	CHECK(drain(s, buf, sizeof(buf), 200) == 0);
	CHECK(write(m, "\n", 1) == 1);
	CHECK(drain(s, buf, sizeof(buf), 2000) == 5 && strcmp(buf, "half\n") == 0);
	close(s);
	close(m);
}

TEST(raw_mode_and_output_processing)
{
	int n, m = master_open(&n, 1), s = slave_open(n, O_NOCTTY);
	struct termios t;
	char buf[64];

	CHECK(m >= 0 && s >= 0);
	CHECK(write(s, "hi\n", 3) == 3);
	CHECK(drain(m, buf, sizeof(buf), 2000) == 4 && strcmp(buf, "hi\r\n") == 0);
	CHECK(tcgetattr(s, &t) == 0);
	cfmakeraw(&t);
	CHECK(tcsetattr(s, TCSANOW, &t) == 0);
	CHECK(write(m, "x\ry", 3) == 3);
	CHECK(drain(s, buf, sizeof(buf), 2000) == 3 && strcmp(buf, "x\ry") == 0);
	CHECK(drain(m, buf, sizeof(buf), 200) == 0); /* no echo */
	CHECK(write(s, "a\n", 2) == 2);
	CHECK(drain(m, buf, sizeof(buf), 2000) == 2 && strcmp(buf, "a\n") == 0); /* no OPOST */
	close(s);
	close(m);
}

TEST(poll_both_sides)
{
	int n, m = master_open(&n, 1), s = slave_open(n, O_NOCTTY);
	struct pollfd p[2] = { { .fd = m, .events = POLLIN | POLLOUT },
			       { .fd = s, .events = POLLIN | POLLOUT } };
	char buf[16];

	CHECK(m >= 0 && s >= 0);
	CHECK(poll(p, 2, 0) == 2);
	CHECK(!(p[0].revents & POLLIN) && (p[0].revents & POLLOUT));
	CHECK(!(p[1].revents & POLLIN) && (p[1].revents & POLLOUT));
	CHECK(write(m, "q\n", 2) == 2);
	CHECK(poll(&p[1], 1, 2000) == 1 && (p[1].revents & POLLIN));
	CHECK(poll(&p[0], 1, 2000) == 1 && (p[0].revents & POLLIN)); /* the echo */
	CHECK(read(s, buf, sizeof(buf)) == 2);
	close(s);
	close(m);
}

static volatile sig_atomic_t got_sig;

static void on_sig(int sig)
{
	got_sig = sig;
}

/* The child side: a new session whose controlling terminal is pts n. */
static int session_on(int n)
{
	int s;

	if (setsid() < 0)
		return -1;
	s = slave_open(n, 0);
	if (s < 0 || tcgetpgrp(s) != getpid())
		return -1;
	return s;
}

TEST(winsize_sends_sigwinch)
{
	int n, m = master_open(&n, 1), ready[2], st;
	struct winsize ws = { .ws_row = 40, .ws_col = 100 };
	char c;
	pid_t pid;

	CHECK(m >= 0 && pipe(ready) == 0);
	pid = fork();
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_sig };
		sigset_t block, old;
		struct winsize got;
		int s;

		sigemptyset(&block);
		sigaddset(&block, SIGWINCH);
		sigprocmask(SIG_BLOCK, &block, &old);
		sigaction(SIGWINCH, &sa, NULL);
		alarm(10);
		if ((s = session_on(n)) < 0)
			_exit(10);
		if (write(ready[1], "r", 1) != 1)
			_exit(11);
		while (got_sig != SIGWINCH)
			sigsuspend(&old);
		if (ioctl(s, TIOCGWINSZ, &got) != 0 || got.ws_row != 40 || got.ws_col != 100)
			_exit(12);
		_exit(0);
	}
	CHECK(pid > 0);
	CHECK(read(ready[0], &c, 1) == 1);
	CHECK(ioctl(m, TIOCSWINSZ, &ws) == 0); /* on the master: news for the slave's group */
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(ready[0]);
	close(ready[1]);
	close(m);
}

/* ^C typed through the master is SIGINT for the slave's foreground group, echoed as ^C. */
TEST(interrupt_key_signals_foreground)
{
	int n, m = master_open(&n, 1), ready[2], done[2], st;
	char c, buf[32];
	pid_t pid;

	CHECK(m >= 0 && pipe(ready) == 0 && pipe(done) == 0);
	pid = fork();
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_sig };
		sigset_t block, old;

		close(m);
		sigemptyset(&block);
		sigaddset(&block, SIGINT);
		sigprocmask(SIG_BLOCK, &block, &old);
		sigaction(SIGINT, &sa, NULL);
		alarm(10);
		if (session_on(n) < 0)
			_exit(10);
		if (write(ready[1], "r", 1) != 1)
			_exit(11);
		while (got_sig != SIGINT)
			sigsuspend(&old);
		if (write(ready[1], "s", 1) != 1)
			_exit(12);
		/*
		 * Stay until the parent has read the echo: the session leader's
		 * exit hangs the terminal up, and on Linux the echo may still be
		 * on its way to the master then (its pty buffers are pushed by a
		 * worker thread).
		 */
		(void)read(done[0], &c, 1);
		_exit(0);
	}
	CHECK(pid > 0);
	CHECK(read(ready[0], &c, 1) == 1);
	CHECK(write(m, "\x03", 1) == 1);
	CHECK(read(ready[0], &c, 1) == 1 && c == 's');
	CHECK(drain(m, buf, sizeof(buf), 2000) >= 2 && strncmp(buf, "^C", 2) == 0);
	CHECK(write(done[1], "d", 1) == 1);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(ready[0]);
	close(ready[1]);
	close(done[0]);
	close(done[1]);
	close(m);
}

TEST(master_close_hangs_up_slave)
{
	int n, m = master_open(&n, 1), ready[2], st;
	char c;
	pid_t pid;

	CHECK(m >= 0 && pipe(ready) == 0);
	pid = fork();
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_sig };
		sigset_t block, old;
		ssize_t r;
		int s;

		close(m); /* the parent's close must be the last */
		/*
		 * SIGHUP blocked until the reads are done: Linux wakes the reader
		 * before it signals the session, so the signal may come after the
		 * read returns; it is waited for below.
		 */
		sigemptyset(&block);
		sigaddset(&block, SIGHUP);
		sigprocmask(SIG_BLOCK, &block, &old);
		sigaction(SIGHUP, &sa, NULL);
		alarm(10);
		if ((s = session_on(n)) < 0)
			_exit(10);
		if (write(ready[1], "r", 1) != 1)
			_exit(11);
		while ((r = read(s, &c, 1)) < 0 && errno == EINTR)
			;
		/* As Linux: a read asleep at the hangup fails with EIO (or finds EOF). */
		if (r != 0 && !(r == -1 && errno == EIO))
			_exit(12);
		while (got_sig != SIGHUP)
			sigsuspend(&old); /* alarm(10) ends a wait for a SIGHUP that never comes */
		/*
		 * Once the SIGHUP has come, reads find EOF.  Not before: Linux's
		 * pty_close wakes the reader (EIO) before it hangs the slave up,
		 * and a read in between fails with EIO again (it did, once).
		 */
		if (read(s, &c, 1) != 0)
			_exit(15);
		if (write(s, "x", 1) != -1 || errno != EIO)
			_exit(14);
		_exit(0);
	}
	CHECK(pid > 0);
	CHECK(read(ready[0], &c, 1) == 1);
	usleep(100000); /* let it block in read */
	close(m);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(ready[0]);
	close(ready[1]);
}

TEST(master_reads_eio_after_slave_closes)
{
	int n, m = master_open(&n, 1), s = slave_open(n, O_NOCTTY);
	struct pollfd p = { .fd = 0, .events = POLLIN };
	char buf[16];

	CHECK(m >= 0 && s >= 0);
	CHECK(write(s, "z", 1) == 1);
	close(s);
	CHECK(drain(m, buf, sizeof(buf), 2000) == 1 && buf[0] == 'z');
	p.fd = m;
	CHECK(poll(&p, 1, 1000) == 1 && (p.revents & POLLHUP));
	errno = 0;
	CHECK(read(m, buf, sizeof(buf)) == -1 && errno == EIO);
	close(m);
}

TEST(numbers_reused_once_both_sides_close)
{
	int n, n2, n3, m = master_open(&n, 1), s = slave_open(n, O_NOCTTY), m2, m3;

	CHECK(m >= 0 && s >= 0);
	close(m);
	m2 = master_open(&n2, 1);
	CHECK(m2 >= 0 && n2 != n); /* the slave still holds n */
	close(s);
	m3 = master_open(&n3, 1);
	CHECK(m3 >= 0 && n3 == n);
	close(m2);
	close(m3);
}

TEST(peer_opens_the_slave)
{
	int n, m = master_open(&n, 1), s;
	char buf[8];

	CHECK(m >= 0);
	s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	CHECK(s >= 0);
	CHECK(write(s, "p", 1) == 1);
	CHECK(drain(m, buf, sizeof(buf), 2000) == 1 && buf[0] == 'p');
	close(s);
	close(m);
}

TEST(unprivileged_opener_owns_slave)
{
	int st;
	pid_t pid;

	SKIP_IF(geteuid() != 0, "needs root to become uid 1000");
	pid = fork();
	if (pid == 0) {
		struct stat sb;
		char path[32];
		int n, m;

		if (setgid(1000) != 0 || setuid(1000) != 0)
			_exit(10);
		if ((m = master_open(&n, 1)) < 0)
			_exit(11);
		snprintf(path, sizeof(path), "/dev/pts/%d", n);
		if (stat(path, &sb) != 0 || sb.st_uid != 1000)
			_exit(12);
		if (slave_open(n, O_NOCTTY) < 0)
			_exit(13);
		_exit(0);
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

TEST(thousand_pairs_give_memory_back)
{
	long before, after;
	int i, n, m, s;
	char buf[8];

	SKIP_IF(!on_breenix(), "the host's free memory moves on its own");
	before = free_kib();
	for (i = 0; i < 1000; i++) {
		m = master_open(&n, 1);
		CHECK(m >= 0);
		s = slave_open(n, O_NOCTTY);
		CHECK(s >= 0);
		CHECK(write(s, "m", 1) == 1 && read(m, buf, 1) == 1);
		close(s);
		close(m);
	}
	after = free_kib();
	CHECK(before > 0 && after >= before - 256);
}

int main(void)
{
	utest_suite = "pty";
	RUN(ptmx_makes_a_locked_slave);
	RUN(pts_directory_lists_live_pairs);
	RUN(canonical_echo_and_editing);
	RUN(raw_mode_and_output_processing);
	RUN(poll_both_sides);
	RUN(winsize_sends_sigwinch);
	RUN(interrupt_key_signals_foreground);
	RUN(master_close_hangs_up_slave);
	RUN(master_reads_eio_after_slave_closes);
	RUN(numbers_reused_once_both_sides_close);
	RUN(peer_opens_the_slave);
	RUN(unprivileged_opener_owns_slave);
	RUN(thousand_pairs_give_memory_back);
	return utest_failures != 0;
}
