/*
 * t_tty: the terminal line discipline on the serial port, driven by the
 * test harness.  A case sets the mode it tests, then asks the harness to
 * type bytes by printing "HARNESS-TYPE: <hex>" (tests/harness/qemu_run.py
 * writes them to the serial line), and checks what read() returns:
 * canonical editing (erase, kill, word erase, EOF, CR to NL), raw and
 * cbreak reads with VMIN/VTIME, FIONREAD, poll, and the window size; and
 * job control: ^C reaches the foreground group of a session that has the
 * terminal, background readers get SIGTTIN (or EIO), tcsetpgrp moves the
 * foreground.  Needs the harness, so it runs only on Breenix with stdin a
 * terminal.  And the rules of TIOCSCTTY (who may take a terminal as its
 * controlling one, and steal another session's), which need no typing and
 * run everywhere: on a pseudo-terminal on Linux, on the screen's tty1
 * (unused on a test boot) on Breenix.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static struct termios saved;

static void type(const char *bytes, size_t n)
{
	size_t i;

	printf("HARNESS-TYPE: ");
	for (i = 0; i < n; i++)
		printf("%02x", (unsigned char)bytes[i]);
	printf("\n");
	fflush(stdout);
}

#define TYPE(s) type(s, sizeof(s) - 1)

/* Read until n bytes came (raw modes deliver them as they arrive). */
static ssize_t read_n(int fd, char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n && (r = read(fd, buf + got, n - got)) > 0)
		got += (size_t)r;
	return (ssize_t)got;
}

static void canonical(void)
{
	struct termios t = saved;

	/* No echo: it would put typed text in front of our result lines. */
	t.c_lflag |= ICANON | ECHOE | ISIG | IEXTEN;
	t.c_lflag &= ~ECHO;
	t.c_iflag |= ICRNL;
	tcsetattr(0, TCSAFLUSH, &t);
}

static void raw(int vmin, int vtime)
{
	struct termios t = saved;

	cfmakeraw(&t);
	t.c_oflag |= OPOST | ONLCR; /* keep our own output readable */
	t.c_cc[VMIN] = vmin;
	t.c_cc[VTIME] = vtime;
	tcsetattr(0, TCSAFLUSH, &t);
}

TEST(canonical_editing)
{
	char buf[64];

	canonical();
	TYPE("abx\x7f" "c\n");
	CHECK(read(0, buf, sizeof(buf)) == 4 && memcmp(buf, "abc\n", 4) == 0);
	TYPE("garbage\x15ok\n");
	CHECK(read(0, buf, sizeof(buf)) == 3 && memcmp(buf, "ok\n", 3) == 0);
	TYPE("one two\x17three\n");
	CHECK(read(0, buf, sizeof(buf)) == 10 && memcmp(buf, "one three\n", 10) == 0);
	TYPE("cr\r");
	CHECK(read(0, buf, sizeof(buf)) == 3 && memcmp(buf, "cr\n", 3) == 0);
}

TEST(canonical_lines_and_eof)
{
	char buf[64];

	canonical();
	TYPE("first\nsecond\n");
	CHECK(read(0, buf, sizeof(buf)) == 6 && memcmp(buf, "first\n", 6) == 0);
	CHECK(read(0, buf, 3) == 3 && memcmp(buf, "sec", 3) == 0); /* the rest stays */
	CHECK(read(0, buf, sizeof(buf)) == 4 && memcmp(buf, "ond\n", 4) == 0);
	TYPE("partial\x04");
	CHECK(read(0, buf, sizeof(buf)) == 7 && memcmp(buf, "partial", 7) == 0);
	TYPE("\x04");
	CHECK(read(0, buf, sizeof(buf)) == 0);
	TYPE("\x16\x7f\n"); /* ^V makes the next byte literal */
	CHECK(read(0, buf, sizeof(buf)) == 2 && buf[0] == 0x7f);
}

TEST(raw_bytes_unchanged)
{
	char buf[8];

	raw(1, 0);
	TYPE("\x03\x7f\r\x04");
	CHECK(read_n(0, buf, 4) == 4 && memcmp(buf, "\x03\x7f\r\x04", 4) == 0);
}

TEST(vmin_vtime)
{
	struct timespec a, b;
	char buf[8];
	long ms;

	raw(0, 2); /* 0.2 s: nothing typed, so read returns 0 */
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK(read(0, buf, sizeof(buf)) == 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	CHECK(ms >= 150);
	raw(3, 0); /* three bytes, however they arrive */
	TYPE("xyz");
	CHECK(read(0, buf, sizeof(buf)) == 3 && memcmp(buf, "xyz", 3) == 0);
	raw(0, 0); /* polling read */
	CHECK(read(0, buf, sizeof(buf)) == 0);
}

/* Whether a read of fd would not block within ms (poll). */
static int readable(int ms)
{
	struct pollfd pf = { .fd = 0, .events = POLLIN };

	return poll(&pf, 1, ms) == 1 && (pf.revents & POLLIN);
}

static void set_icanon(int on)
{
	struct termios t;

	tcgetattr(0, &t);
	t.c_lflag = on ? t.c_lflag | ICANON : t.c_lflag & ~ICANON;
	tcsetattr(0, TCSANOW, &t); /* TCSANOW: what is queued stays */
}

/*
 * Switching ICANON keeps the line accounting true, as Linux: a line read
 * in raw mode is gone for canonical reads too (it once left a phantom line
 * behind, and every later read returned 0: the shell saw end of file);
 * raw input pending when canonical mode comes back is one line, readable
 * at once; an EOF typed in canonical mode reads as a NUL byte in raw mode.
 */
TEST(icanon_switch_keeps_lines)
{
	char buf[16];

	canonical();
	TYPE("line\n");
	CHECK(readable(5000));
	set_icanon(0);
	CHECK(read_n(0, buf, 5) == 5 && memcmp(buf, "line\n", 5) == 0);
	set_icanon(1);
	CHECK(!readable(100)); /* no phantom line */
	TYPE("next\n");
	CHECK(read(0, buf, sizeof(buf)) == 5 && memcmp(buf, "next\n", 5) == 0);
	CHECK(!readable(100));
	raw(1, 0);
	TYPE("ab");
	CHECK(read_n(0, buf, 1) == 1 && buf[0] == 'a');
	{
		int n = 0, i;

		for (i = 0; i < 50 && (ioctl(0, FIONREAD, &n) != 0 || n < 1); i++)
			usleep(10000); /* let the b arrive */
	}
	set_icanon(1);
	CHECK(readable(0));
	CHECK(read(0, buf, sizeof(buf)) == 1 && buf[0] == 'b');
	CHECK(!readable(100));
	canonical();
	TYPE("x\x04");
	CHECK(readable(5000)); /* the line is there once the ^D is */
	set_icanon(0);
	CHECK(read_n(0, buf, 2) == 2 && memcmp(buf, "x\0", 2) == 0);
}

TEST(fionread_and_poll)
{
	struct pollfd pf = { .fd = 0, .events = POLLIN };
	char buf[8];
	int n = 0;

	raw(1, 0);
	CHECK(poll(&pf, 1, 0) == 0);
	TYPE("pq");
	CHECK(poll(&pf, 1, 5000) == 1 && (pf.revents & POLLIN));
	{
		struct timespec ts = { 0, 100000000 };

		nanosleep(&ts, NULL); /* let the second byte arrive */
	}
	CHECK(ioctl(0, FIONREAD, &n) == 0 && n == 2);
	CHECK(read_n(0, buf, 2) == 2 && memcmp(buf, "pq", 2) == 0);
}

TEST(window_size)
{
	struct winsize ws, set = { 30, 100, 0, 0 }, back;

	CHECK(ioctl(0, TIOCGWINSZ, &ws) == 0 && ws.ws_col == 80 && ws.ws_row == 24);
	CHECK(ioctl(0, TIOCSWINSZ, &set) == 0 && ioctl(0, TIOCGWINSZ, &back) == 0);
	CHECK(back.ws_row == 30 && back.ws_col == 100);
	CHECK(ioctl(0, TIOCSWINSZ, &ws) == 0);
	CHECK(ioctl(0, 0x12345678, &ws) == -1 && errno == ENOTTY);
}

TEST(termios_round_trip)
{
	struct termios t, back;

	CHECK(tcgetattr(0, &t) == 0);
	CHECK((t.c_lflag & ICANON) && (t.c_oflag & ONLCR));
	t.c_lflag &= ~ECHO;
	t.c_cc[VMIN] = 5;
	CHECK(tcsetattr(0, TCSANOW, &t) == 0 && tcgetattr(0, &back) == 0);
	CHECK(!(back.c_lflag & ECHO) && back.c_cc[VMIN] == 5);
	CHECK(tcgetattr(-1, &t) == -1 && errno == EBADF);
	{
		int fd = open("/dev/null", O_RDONLY);

		CHECK(tcgetattr(fd, &t) == -1 && errno == ENOTTY);
		close(fd);
	}
}

static volatile sig_atomic_t got_sig;

static void on_sig(int sig)
{
	got_sig = sig;
}

/* In a child: a new session whose controlling terminal is the serial one; its fd. */
static int new_session_on_tty(void)
{
	struct sigaction sa;
	int fd;

	if (setsid() < 0)
		_exit(10);
	fd = open("/dev/ttyS0", O_RDWR);
	if (fd < 0)
		_exit(11);
	if (tcgetpgrp(fd) != getpid() || tcgetsid(fd) != getpid())
		_exit(12);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sigaction(SIGINT, &sa, NULL);
	return fd;
}

static int child_status(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid ? st : -1;
}

TEST(ctrl_c_reaches_foreground)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		new_session_on_tty();
		TYPE("\x03");
		while (got_sig == 0)
			pause();
		_exit(got_sig == SIGINT ? 0 : 13);
	}
	st = child_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static int background_reader(int fd, int ignore_ttin)
{
	pid_t bg = fork();

	if (bg == 0) {
		char c;

		setpgid(0, 0);
		if (ignore_ttin)
			signal(SIGTTIN, SIG_IGN);
		if (read(fd, &c, 1) == -1 && errno == EIO)
			_exit(20);
		_exit(21);
	}
	setpgid(bg, bg);
	return bg;
}

TEST(background_read_and_tcsetpgrp)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		int fd = new_session_on_tty(), s;
		pid_t bg = background_reader(fd, 0), fg;

		if (waitpid(bg, &s, WUNTRACED) != bg || !WIFSTOPPED(s) || WSTOPSIG(s) != SIGTTIN)
			_exit(30);
		kill(bg, SIGKILL);
		waitpid(bg, &s, 0);
		bg = background_reader(fd, 1);
		if (waitpid(bg, &s, 0) != bg || !WIFEXITED(s) || WEXITSTATUS(s) != 20)
			_exit(31);
		fg = fork();
		if (fg == 0) {
			char buf[8];

			setpgid(0, 0);
			while (tcgetpgrp(fd) != getpgrp())
				usleep(1000);
			TYPE("fg\n");
			_exit(read(fd, buf, sizeof(buf)) == 3 && memcmp(buf, "fg\n", 3) == 0 ? 0 : 22);
		}
		setpgid(fg, fg);
		if (tcsetpgrp(fd, fg) != 0)
			_exit(32);
		if (waitpid(fg, &s, 0) != fg || !WIFEXITED(s) || WEXITSTATUS(s) != 0)
			_exit(33);
		_exit(0);
	}
	st = child_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/*
 * A terminal no session has, its path into path: a new pseudo-terminal's
 * slave where there are some (the master stays open in *master), else the
 * screen's /dev/tty1.  -1 if there is none.
 */
static int spare_tty(char *path, size_t size, int *master)
{
	*master = -1;
#if defined(TIOCGPTN) && defined(TIOCSPTLCK)
	{
		int m = open("/dev/ptmx", O_RDWR | O_NOCTTY), n, unlock = 0;

		if (m >= 0 && ioctl(m, TIOCSPTLCK, &unlock) == 0 && ioctl(m, TIOCGPTN, &n) == 0) {
			snprintf(path, size, "/dev/pts/%d", n);
			*master = m;
			return open(path, O_RDWR | O_NOCTTY);
		}
		if (m >= 0)
			close(m);
	}
#endif
	snprintf(path, size, "/dev/tty1");
	return open(path, O_RDWR | O_NOCTTY);
}

/* Run fn(fd, path) in a child; its exit status (0: every check held), or -1. */
static int in_child(int (*fn)(int, const char *), int fd, const char *path)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(fd, path));
	return WEXITSTATUS(child_status(pid));
}

static int eperm(int r)
{
	return r == -1 && errno == EPERM;
}

/* Another session's leader: the terminal is taken, and only root may steal it. */
static int other_session(int fd, const char *path)
{
	(void)path;
	if (setsid() < 0)
		return 2;
	if (!eperm(ioctl(fd, TIOCSCTTY, 0)))
		return 3;
	if (setuid(1000) != 0)
		return 4;
	if (!eperm(ioctl(fd, TIOCSCTTY, 1)))
		return 5; /* an ordinary user reading what is typed on another's terminal */
	return 0;
}

/* Root steals it: then it is this session's, until this leader exits. */
static int root_steals(int fd, const char *path)
{
	(void)path;
	if (setsid() < 0)
		return 2;
	if (ioctl(fd, TIOCSCTTY, 1) != 0)
		return 3;
	return tcgetsid(fd) == getpid() && tcgetpgrp(fd) == getpid() ? 0 : 4;
}

static int not_a_leader(int fd, const char *path)
{
	(void)path;
	return eperm(ioctl(fd, TIOCSCTTY, 0)) && eperm(ioctl(fd, TIOCSCTTY, 1)) ? 0 : 1;
}

/* A session leader takes the terminal, and then others try to. */
static int leader_takes(int fd, const char *path)
{
	int fd2;

	if (setsid() < 0)
		return 10;
	if (ioctl(fd, TIOCSCTTY, 0) != 0 || tcgetsid(fd) != getpid())
		return 11;
	if (ioctl(fd, TIOCSCTTY, 0) != 0)
		return 12; /* its own already: fine */
	if (in_child(not_a_leader, fd, path) != 0)
		return 13; /* a member of the session, not its leader */
	if (in_child(other_session, fd, path) != 0)
		return 14;
	if (tcgetsid(fd) != getpid())
		return 15;
	if (in_child(root_steals, fd, path) != 0)
		return 16;
	/* The steal took it from this session; the thief's exit left it free. */
	if (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO)
		return 17;
	if (ioctl(fd, TIOCSCTTY, 0) != 0 || tcgetsid(fd) != getpid())
		return 18;
	fd2 = open("/dev/tty", O_RDWR);
	if (fd2 < 0)
		return 19;
	close(fd2);
	return 0;
}

/* A leader with the terminal open only for writing may not take it, unless root. */
static int write_only(int fd, const char *path)
{
	int wfd = open(path, O_WRONLY | O_NOCTTY), wfd2;

	if (wfd < 0 || setsid() < 0)
		return 2;
	wfd2 = open(path, O_WRONLY); /* no O_NOCTTY: but no read access either */
	if (wfd2 < 0 || (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO))
		return 3;
	if (setuid(1000) != 0)
		return 4;
	if (!eperm(ioctl(wfd, TIOCSCTTY, 0)))
		return 5;
	if (ioctl(fd, TIOCSCTTY, 0) != 0 || tcgetsid(fd) != getpid())
		return 6; /* a terminal nobody has, open for reading: anyone may */
	return 0;
}

static volatile sig_atomic_t chld_seen;

static void on_chld(int sig)
{
	(void)sig;
	chld_seen = 1;
}

/*
 * A group whose only member has exited but is not reaped yet still
 * exists (as on Linux): the terminal may be given to it.  A shell gives
 * the terminal to a pipeline's group from each member, and the first
 * member (echo) may be gone before the last one does.
 */
static int zombie_group(int fd, const char *path)
{
	struct sigaction sa;
	sigset_t chld, old;
	pid_t a;
	int st;

	(void)path;
	if (setsid() < 0 || ioctl(fd, TIOCSCTTY, 0) != 0)
		return 20;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGTTOU, SIG_IGN); /* to take the terminal back from the background */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	a = fork();
	if (a == 0) {
		setpgid(0, 0);
		_exit(0);
	}
	setpgid(a, a);
	while (!chld_seen)
		sigsuspend(&old);
	if (tcsetpgrp(fd, a) != 0 || tcgetpgrp(fd) != a)
		return 21;
	if (tcsetpgrp(fd, getpgrp()) != 0)
		return 22;
	if (waitpid(a, &st, 0) != a)
		return 23;
	if (tcsetpgrp(fd, a) != -1 || errno != ESRCH)
		return 24; /* reaped: the group is gone (and no process has its id) */
	if (!eperm(tcsetpgrp(fd, 1)))
		return 25; /* init's group: another session's */
	return 0;
}

static int ctty_case(int (*fn)(int, const char *))
{
	char path[32];
	int master, fd = spare_tty(path, sizeof(path), &master), st;

	if (fd < 0)
		return -1;
	st = in_child(fn, fd, path);
	close(fd);
	if (master >= 0)
		close(master);
	return st;
}

TEST(tcsetpgrp_to_an_exited_group)
{
	int st = ctty_case(zombie_group);

	SKIP_IF(st == -1, "no spare terminal");
	CHECK(st == 0);
}

TEST(ctty_steal_needs_root)
{
	int st;

	SKIP_IF(geteuid() != 0, "needs root, to steal and to drop to another user");
	st = ctty_case(leader_takes);
	SKIP_IF(st == -1, "no spare terminal");
	CHECK(st == 0);
}

TEST(ctty_needs_read_access)
{
	int st;

	SKIP_IF(geteuid() != 0, "needs root, to drop to another user");
	st = ctty_case(write_only);
	SKIP_IF(st == -1, "no spare terminal");
	CHECK(st == 0);
}

int main(void)
{
	utest_suite = "tty";
	RUN(ctty_steal_needs_root);
	RUN(ctty_needs_read_access);
	RUN(tcsetpgrp_to_an_exited_group);
	if (!on_breenix() || !isatty(0) || tcgetattr(0, &saved) != 0) {
		printf("SKIP: user/tty/typed: needs Breenix's serial terminal and the test harness\n");
		return utest_failures != 0;
	}
	RUN(canonical_editing);
	RUN(canonical_lines_and_eof);
	RUN(raw_bytes_unchanged);
	RUN(vmin_vtime);
	RUN(fionread_and_poll);
	RUN(icanon_switch_keeps_lines);
	RUN(window_size);
	tcsetattr(0, TCSAFLUSH, &saved);
	RUN(termios_round_trip);
	tcsetattr(0, TCSAFLUSH, &saved);
	RUN(ctrl_c_reaches_foreground);
	RUN(background_read_and_tcsetpgrp);
	return utest_failures != 0;
}
