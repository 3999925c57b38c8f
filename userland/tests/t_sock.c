/*
 * t_sock: Unix-domain sockets.  Stream, datagram and seqpacket pairs;
 * filesystem and abstract names; listen/accept/connect with backlogs,
 * non-blocking calls and signals; shutdown, EOF, EPIPE/SIGPIPE and
 * ECONNRESET; MSG_PEEK/DONTWAIT/WAITALL/TRUNC; SCM_RIGHTS (limits, lying
 * control messages, files in flight released on close, a socket passed
 * over itself collected) and SCM_CREDENTIALS; options; poll/select/FIONREAD;
 * bounded buffers; and no kernel memory lost over many cycles.
 */
#define _GNU_SOURCE /* accept4, struct ucred, POLLRDHUP */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#ifndef POLLRDHUP
#define POLLRDHUP 0x2000
#endif

#define USER_ID 1000

static char dir[64];

static int wait_status(pid_t pid)
{
	int status;

	return waitpid(pid, &status, 0) == pid ? status : -1;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* A filesystem address for name in the scratch directory: its length (with the NUL). */
static socklen_t path_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	snprintf(a->sun_path, sizeof(a->sun_path), "%s/%s", dir, name);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1);
}

/* An abstract address: '\0' then name, length-delimited (no NUL counted). */
static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

static int listener(const struct sockaddr_un *a, socklen_t len, int type, int backlog)
{
	int s = socket(AF_UNIX, type, 0);

	if (s < 0 || bind(s, (const struct sockaddr *)a, len) != 0 || listen(s, backlog) != 0)
		return -1;
	return s;
}

static int connected(const struct sockaddr_un *a, socklen_t len, int type)
{
	int c = socket(AF_UNIX, type, 0);

	if (c < 0 || connect(c, (const struct sockaddr *)a, len) != 0)
		return -1;
	return c;
}

/* Send n descriptors (and one byte) over s. */
static ssize_t send_fds(int s, const int *fds, int n)
{
	char byte = 'F';
	struct iovec v = { &byte, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int) * 300)];
		struct cmsghdr align;
	} u;
	struct msghdr m = { 0 };
	struct cmsghdr *c;

	memset(&u, 0, sizeof(u));
	m.msg_iov = &v;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	return sendmsg(s, &m, 0);
}

/* Receive one message with up to max descriptors into fds: how many came, or -1. */
static int recv_fds(int s, int *fds, int max, int flags, int *mflags)
{
	char byte;
	struct iovec v = { &byte, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int) * 16)];
		struct cmsghdr align;
	} u;
	struct msghdr m = { 0 };
	struct cmsghdr *c;
	int n = 0;

	m.msg_iov = &v;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = max > 0 ? CMSG_SPACE(sizeof(int) * max) : 0;
	if (recvmsg(s, &m, flags) < 0)
		return -1;
	if (mflags != NULL)
		*mflags = m.msg_flags;
	for (c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			memcpy(fds, CMSG_DATA(c), sizeof(int) * n);
		}
	return n;
}

static volatile sig_atomic_t sigs;

static void on_signal(int sig)
{
	(void)sig;
	sigs++;
}

static void handle(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

/* Arm a one-shot real-time timer of ms milliseconds. */
static void timer_ms(long ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

TEST(stream_pair_basics)
{
	int sv[2], v;
	char buf[16];
	struct stat st;
	socklen_t len = sizeof(v);

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(write(sv[0], "hello", 5) == 5);
	CHECK(read(sv[1], buf, sizeof(buf)) == 5 && memcmp(buf, "hello", 5) == 0);
	CHECK(send(sv[1], "back", 4, 0) == 4);
	CHECK(recv(sv[0], buf, sizeof(buf), 0) == 4 && memcmp(buf, "back", 4) == 0);
	CHECK(fstat(sv[0], &st) == 0 && S_ISSOCK(st.st_mode));
	CHECK(lseek(sv[0], 0, SEEK_SET) == -1 && errno == ESPIPE);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len) == 0 && v == SOCK_STREAM &&
	      len == sizeof(int));
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &v, &len) == 0 && v == AF_UNIX);
	CHECK((fcntl(sv[0], F_GETFL) & O_ACCMODE) == O_RDWR);
	close(sv[0]);
	close(sv[1]);
}

TEST(socket_argument_errors)
{
	int p[2], s;

	CHECK(socket(AF_UNIX, 15, 0) == -1 && errno == EINVAL);
	CHECK(socket(AF_UNIX, SOCK_STREAM | 0x10, 0) == -1 && errno == EINVAL);
	CHECK(socket(AF_UNIX, SOCK_RDM, 0) == -1 && errno == ESOCKTNOSUPPORT);
	CHECK(socket(AF_UNIX, SOCK_STREAM, 7) == -1 && errno == EPROTONOSUPPORT);
	CHECK(socket(12345, SOCK_STREAM, 0) == -1 && errno == EAFNOSUPPORT);
	CHECK(pipe(p) == 0);
	CHECK(listen(p[0], 1) == -1 && errno == ENOTSOCK);
	CHECK(send(p[1], "x", 1, 0) == -1 && errno == ENOTSOCK);
	CHECK(shutdown(12345, SHUT_RD) == -1 && errno == EBADF);
	close(p[0]);
	close(p[1]);
	/* As Linux, SOCK_RAW on AF_UNIX is a datagram socket. */
	s = socket(AF_UNIX, SOCK_RAW, 0);
	CHECK(s >= 0);
	{
		int v;
		socklen_t len = sizeof(v);

		CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len) == 0 && v == SOCK_DGRAM);
	}
	CHECK(shutdown(s, 7) == -1 && errno == EINVAL);
	close(s);
}

TEST(shutdown_eof_and_epipe)
{
	int sv[2];
	char buf[8];
	void (*old)(int);

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(write(sv[0], "ab", 2) == 2);
	CHECK(shutdown(sv[0], SHUT_WR) == 0);
	CHECK(read(sv[1], buf, sizeof(buf)) == 2);
	CHECK(read(sv[1], buf, sizeof(buf)) == 0);
	/* A write after SHUT_WR is EPIPE and raises SIGPIPE, unless MSG_NOSIGNAL. */
	sigs = 0;
	handle(SIGPIPE, 0);
	CHECK(write(sv[0], "x", 1) == -1 && errno == EPIPE && sigs == 1);
	CHECK(send(sv[0], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE && sigs == 1);
	/* The other way still works. */
	CHECK(write(sv[1], "cd", 2) == 2 && read(sv[0], buf, 2) == 2);
	/* SHUT_RD on one end: its reads see EOF, the peer's writes EPIPE. */
	CHECK(shutdown(sv[0], SHUT_RD) == 0);
	CHECK(read(sv[0], buf, 1) == 0);
	CHECK(send(sv[1], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
	close(sv[0]);
	close(sv[1]);
	/* A closed peer: EOF for reads, EPIPE for writes. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	close(sv[1]);
	CHECK(read(sv[0], buf, 1) == 0);
	CHECK(write(sv[0], "x", 1) == -1 && errno == EPIPE && sigs == 2);
	close(sv[0]);
	old = signal(SIGPIPE, SIG_DFL);
	(void)old;
}

TEST(econnreset_when_peer_closes_with_unread_data)
{
	int sv[2], err;
	char buf[4];
	socklen_t len = sizeof(err);

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(write(sv[0], "x", 1) == 1);
	close(sv[1]); /* it never read the byte */
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == ECONNRESET);
	CHECK(read(sv[0], buf, 1) == 0); /* SO_ERROR took it */
	close(sv[0]);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(write(sv[0], "x", 1) == 1);
	close(sv[1]);
	CHECK(read(sv[0], buf, 1) == -1 && errno == ECONNRESET);
	CHECK(read(sv[0], buf, 1) == 0);
	close(sv[0]);
}

TEST(peek_dontwait_waitall)
{
	int sv[2];
	char buf[16];
	pid_t pid;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(recv(sv[1], buf, 4, MSG_DONTWAIT) == -1 && errno == EAGAIN);
	CHECK(write(sv[0], "abc", 3) == 3 && write(sv[0], "def", 3) == 3);
	CHECK(recv(sv[1], buf, 4, MSG_PEEK) == 4 && memcmp(buf, "abcd", 4) == 0);
	CHECK(recv(sv[1], buf, sizeof(buf), MSG_PEEK) == 6);
	CHECK(recv(sv[1], buf, 2, 0) == 2 && memcmp(buf, "ab", 2) == 0);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 4 && memcmp(buf, "cdef", 4) == 0);
	pid = fork();
	if (pid == 0) {
		int i;

		for (i = 0; i < 4; i++) {
			nap_ms(30);
			if (write(sv[0], "wxyz" + i, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	CHECK(recv(sv[1], buf, 4, MSG_WAITALL) == 4 && memcmp(buf, "wxyz", 4) == 0);
	CHECK(wait_status(pid) == 0);
	close(sv[0]);
	close(sv[1]);
}

TEST(dgram_and_seqpacket_keep_boundaries)
{
	int sv[2], type;
	char buf[16];
	struct iovec v = { buf, 3 };
	struct msghdr m = { 0 };

	for (type = SOCK_DGRAM; type <= SOCK_SEQPACKET; type += SOCK_SEQPACKET - SOCK_DGRAM) {
		CHECK(socketpair(AF_UNIX, type, 0, sv) == 0);
		CHECK(write(sv[0], "one", 3) == 3 && write(sv[0], "three", 5) == 5);
		CHECK(write(sv[0], "", 0) == 0);
		CHECK(read(sv[1], buf, sizeof(buf)) == 3 && memcmp(buf, "one", 3) == 0);
		m.msg_iov = &v;
		m.msg_iovlen = 1;
		CHECK(recvmsg(sv[1], &m, MSG_PEEK) == 3 && (m.msg_flags & MSG_TRUNC));
		CHECK(recv(sv[1], buf, 3, MSG_TRUNC | MSG_PEEK) == 5);
		CHECK(recvmsg(sv[1], &m, 0) == 3 && (m.msg_flags & MSG_TRUNC) &&
		      memcmp(buf, "thr", 3) == 0);
		CHECK(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT) == 0); /* the empty one */
		CHECK(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT) == -1 && errno == EAGAIN);
		close(sv[0]);
		if (type == SOCK_SEQPACKET)
			CHECK(recv(sv[1], buf, sizeof(buf), 0) == 0); /* EOF */
		close(sv[1]);
	}
	/* A datagram larger than the send buffer is EMSGSIZE. */
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	{
		char *big = calloc(1, 300000);

		CHECK(big != NULL);
		CHECK(send(sv[0], big, 300000, 0) == -1 && errno == EMSGSIZE);
		free(big);
	}
	close(sv[0]);
	close(sv[1]);
}

TEST(filesystem_names)
{
	struct sockaddr_un a, b, got;
	socklen_t len, blen, glen;
	int l, c, s, d, f;
	struct stat st;
	char buf[8];

	len = path_addr(&a, "srv");
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(l >= 0);
	CHECK(listen(l, 5) == -1 && errno == EINVAL); /* not bound */
	CHECK(bind(l, (struct sockaddr *)&a, len) == 0);
	CHECK(stat(a.sun_path, &st) == 0 && S_ISSOCK(st.st_mode));
	CHECK(open(a.sun_path, O_RDONLY) == -1 && errno == ENXIO);
	/* Bound already: the name is taken (EADDRINUSE, as Linux tries the node first), another EINVAL. */
	CHECK(bind(l, (struct sockaddr *)&a, len) == -1 && errno == EADDRINUSE);
	blen = path_addr(&b, "other");
	CHECK(bind(l, (struct sockaddr *)&b, blen) == -1 && errno == EINVAL);
	CHECK(stat(b.sun_path, &st) == -1 && errno == ENOENT);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(s, (struct sockaddr *)&a, len) == -1 && errno == EADDRINUSE);
	/* Not listening yet: refused. */
	CHECK(connect(s, (struct sockaddr *)&a, len) == -1 && errno == ECONNREFUSED);
	CHECK(listen(l, 5) == 0);
	glen = sizeof(got);
	CHECK(getsockname(l, (struct sockaddr *)&got, &glen) == 0 && glen == len &&
	      strcmp(got.sun_path, a.sun_path) == 0);
	CHECK(connect(s, (struct sockaddr *)&a, len) == 0);
	CHECK(connect(s, (struct sockaddr *)&a, len) == -1 && errno == EISCONN);
	glen = sizeof(got);
	CHECK(getpeername(s, (struct sockaddr *)&got, &glen) == 0 && glen == len &&
	      strcmp(got.sun_path, a.sun_path) == 0);
	glen = sizeof(got);
	CHECK(getsockname(s, (struct sockaddr *)&got, &glen) == 0 && glen == sizeof(sa_family_t) &&
	      got.sun_family == AF_UNIX);
	glen = sizeof(got);
	c = accept(l, (struct sockaddr *)&got, &glen);
	CHECK(c >= 0 && glen == sizeof(sa_family_t)); /* the client is unbound */
	glen = sizeof(got);
	CHECK(getsockname(c, (struct sockaddr *)&got, &glen) == 0 && glen == len);
	CHECK(write(s, "hi", 2) == 2 && read(c, buf, 2) == 2);
	/* Unlinking the name does not close anything; new connects find nothing. */
	CHECK(unlink(a.sun_path) == 0);
	CHECK(write(c, "yo", 2) == 2 && read(s, buf, 2) == 2);
	d = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(connect(d, (struct sockaddr *)&a, len) == -1 && errno == ENOENT);
	/* The name is free again. */
	CHECK(bind(d, (struct sockaddr *)&a, len) == 0 && listen(d, 1) == 0);
	/* A regular file is not a socket; a closed listener refuses. */
	blen = path_addr(&b, "file");
	f = open(b.sun_path, O_CREAT | O_WRONLY, 0666);
	CHECK(f >= 0);
	close(f);
	close(s);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(connect(s, (struct sockaddr *)&b, blen) == -1 && errno == ECONNREFUSED);
	close(d);
	CHECK(connect(s, (struct sockaddr *)&a, len) == -1 && errno == ECONNREFUSED);
	/* A stream socket connecting to a datagram name: EPROTOTYPE. */
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	blen = path_addr(&b, "dg");
	CHECK(bind(d, (struct sockaddr *)&b, blen) == 0);
	CHECK(connect(s, (struct sockaddr *)&b, blen) == -1 && errno == EPROTOTYPE);
	CHECK(listen(d, 1) == -1 && errno == EOPNOTSUPP);
	close(d);
	close(s);
	close(c);
	close(l);
	unlink(a.sun_path);
	unlink(b.sun_path);
	path_addr(&b, "file");
	unlink(b.sun_path);
}

TEST(connect_needs_write_permission)
{
	struct sockaddr_un a;
	socklen_t len = path_addr(&a, "perm");
	int l = listener(&a, len, SOCK_STREAM, 5), st;
	pid_t pid;

	CHECK(l >= 0);
	CHECK(chmod(a.sun_path, 0755) == 0);
	pid = fork();
	if (pid == 0) {
		int s = socket(AF_UNIX, SOCK_STREAM, 0);

		if (setgroups(0, NULL) != 0 || syscall(SYS_setresgid, USER_ID, USER_ID, USER_ID) != 0 ||
		    syscall(SYS_setresuid, USER_ID, USER_ID, USER_ID) != 0)
			_exit(2);
		if (connect(s, (struct sockaddr *)&a, len) != -1 || errno != EACCES)
			_exit(3);
		_exit(0);
	}
	CHECK(wait_status(pid) == 0);
	CHECK(chmod(a.sun_path, 0777) == 0);
	pid = fork();
	if (pid == 0) {
		int s = socket(AF_UNIX, SOCK_STREAM, 0);

		if (syscall(SYS_setresuid, USER_ID, USER_ID, USER_ID) != 0)
			_exit(2);
		if (connect(s, (struct sockaddr *)&a, len) == 0)
			_exit(0);
		printf("# connect as user %d: %s\n", USER_ID, strerror(errno));
		fflush(stdout);
		_exit(4);
	}
	st = wait_status(pid);
	if (st != 0) /* this failed once in about eight runs: say how */
		printf("# fork gave %d, wait status %#x\n", (int)pid, st);
	CHECK(st == 0);
	close(l);
	unlink(a.sun_path);
}

TEST(abstract_names_and_autobind)
{
	struct sockaddr_un a, b, got;
	socklen_t len = abstract_addr(&a, "t_sock.abs"), blen, glen;
	int l, s, c, t;

	memcpy(b.sun_path, "x", 1);
	l = listener(&a, len, SOCK_STREAM, 5);
	CHECK(l >= 0);
	glen = sizeof(got);
	CHECK(getsockname(l, (struct sockaddr *)&got, &glen) == 0 && glen == len &&
	      memcmp(got.sun_path, a.sun_path, len - 2) == 0);
	t = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(t, (struct sockaddr *)&a, len) == -1 && errno == EADDRINUSE);
	/* Length-delimited: a prefix is another name. */
	CHECK(bind(t, (struct sockaddr *)&a, len - 1) == 0);
	close(t);
	s = connected(&a, len, SOCK_STREAM);
	CHECK(s >= 0);
	c = accept(l, NULL, NULL);
	CHECK(c >= 0);
	/* Autobind: a bind of the family alone gives "\0" and five hex digits. */
	t = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(bind(t, (struct sockaddr *)&a, sizeof(sa_family_t)) == 0);
	glen = sizeof(got);
	CHECK(getsockname(t, (struct sockaddr *)&got, &glen) == 0 &&
	      glen == offsetof(struct sockaddr_un, sun_path) + 6 && got.sun_path[0] == '\0');
	blen = glen;
	b = got;
	close(t);
	(void)blen;
	close(s);
	close(c);
	close(l);
	/* The name is free once its socket is closed. */
	l = listener(&a, len, SOCK_STREAM, 5);
	CHECK(l >= 0);
	close(l);
}

TEST(address_length_checks)
{
	struct sockaddr_un a;
	struct sockaddr_storage ss;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	socklen_t glen;
	char buf[sizeof(struct sockaddr_un) + 8];
	char cwd[256];

	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	CHECK(bind(s, (struct sockaddr *)&a, 1) == -1 && errno == EINVAL);
	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a) + 1) == -1 && errno == EINVAL);
	memset(&ss, 0, sizeof(ss));
	CHECK(bind(s, (struct sockaddr *)&ss, sizeof(ss) + 1) == -1 && errno == EINVAL);
	a.sun_family = AF_INET;
	strcpy(a.sun_path, "x");
	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EINVAL);
	CHECK(connect(s, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EINVAL);
	CHECK(connect(s, (struct sockaddr *)1, sizeof(a)) == -1 && errno == EFAULT);
	/* A sun_path of 108 bytes with no NUL names a 108-character path. */
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL && chdir(dir) == 0);
	a.sun_family = AF_UNIX;
	memset(a.sun_path, 'p', sizeof(a.sun_path));
	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, a.sun_path, sizeof(a.sun_path));
	{
		struct stat st;

		CHECK(stat(buf, &st) == 0 && S_ISSOCK(st.st_mode));
	}
	glen = sizeof(buf);
	CHECK(getsockname(s, (struct sockaddr *)buf, &glen) == 0 &&
	      glen == offsetof(struct sockaddr_un, sun_path) + sizeof(a.sun_path) + 1);
	/* A short buffer gets what fits, and the full length. */
	glen = 4;
	memset(buf, 0x55, sizeof(buf));
	CHECK(getsockname(s, (struct sockaddr *)buf, &glen) == 0 &&
	      glen == offsetof(struct sockaddr_un, sun_path) + sizeof(a.sun_path) + 1 &&
	      buf[2] == 'p' && buf[3] == 'p' && (unsigned char)buf[4] == 0x55);
	memcpy(buf, a.sun_path, sizeof(a.sun_path));
	buf[sizeof(a.sun_path)] = '\0';
	unlink(buf);
	CHECK(chdir(cwd) == 0);
	/* An unconnected socket has no peer. */
	glen = sizeof(a);
	CHECK(getpeername(s, (struct sockaddr *)&a, &glen) == -1 && errno == ENOTCONN);
	close(s);
}

TEST(accept4_flags_and_nonblocking)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, "t_sock.acc4");
	int l = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), c, s, n;

	CHECK(l >= 0 && (fcntl(l, F_GETFL) & O_NONBLOCK));
	CHECK(accept(l, NULL, NULL) == -1 && errno == EINVAL); /* not listening */
	CHECK(bind(l, (struct sockaddr *)&a, len) == 0 && listen(l, 5) == 0);
	CHECK(accept(l, NULL, NULL) == -1 && errno == EAGAIN);
	CHECK(accept4(l, NULL, NULL, 0x1234) == -1 && errno == EINVAL);
	s = connected(&a, len, SOCK_STREAM);
	CHECK(s >= 0);
	c = accept4(l, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	CHECK(c >= 0);
	CHECK((fcntl(c, F_GETFD) & FD_CLOEXEC) && (fcntl(c, F_GETFL) & O_NONBLOCK));
	CHECK(read(c, &n, 1) == -1 && errno == EAGAIN);
	close(c);
	close(s);
	s = connected(&a, len, SOCK_STREAM);
	c = accept4(l, NULL, NULL, 0);
	CHECK(c >= 0 && !(fcntl(c, F_GETFD) & FD_CLOEXEC) && !(fcntl(c, F_GETFL) & O_NONBLOCK));
	n = 1;
	CHECK(getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &n, &(socklen_t){ sizeof(n) }) == 0 && n == 1);
	close(c);
	close(s);
	close(l);
}

TEST(listen_backlog_limits_connects)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, "t_sock.backlog");
	int l = listener(&a, len, SOCK_STREAM, 1), s[8], n, i, c;
	char buf[2];

	CHECK(l >= 0);
	for (n = 0; n < 8; n++) {
		s[n] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (connect(s[n], (struct sockaddr *)&a, len) != 0)
			break;
	}
	/* As Linux, a backlog of 1 takes 2 before a non-blocking connect is EAGAIN. */
	CHECK(n == 2 && errno == EAGAIN);
	c = accept(l, NULL, NULL);
	CHECK(c >= 0);
	CHECK(connect(s[n], (struct sockaddr *)&a, len) == 0);
	/* The listener polls readable while a connection waits. */
	{
		struct pollfd p = { l, POLLIN, 0 };

		CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLIN));
	}
	/* Closing the listener resets the connections it had not accepted. */
	close(l);
	CHECK(read(s[1], buf, 1) == -1 && errno == ECONNRESET);
	CHECK(read(s[1], buf, 1) == 0);
	for (i = 0; i <= n; i++)
		close(s[i]);
	close(c);
}

TEST(blocking_calls_and_signals)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, "t_sock.sig");
	int l = listener(&a, len, SOCK_STREAM, 5), c, sv[2];
	char buf[4];
	pid_t pid;

	CHECK(l >= 0);
	/* Without SA_RESTART a signal ends a blocked accept and recv with EINTR. */
	sigs = 0;
	handle(SIGALRM, 0);
	timer_ms(100);
	CHECK(accept(l, NULL, NULL) == -1 && errno == EINTR && sigs == 1);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	timer_ms(100);
	CHECK(recv(sv[0], buf, 1, 0) == -1 && errno == EINTR && sigs == 2);
	/* With SA_RESTART the accept goes on and takes the connection that comes later. */
	handle(SIGALRM, SA_RESTART);
	pid = fork();
	if (pid == 0) {
		nap_ms(400);
		_exit(connected(&a, len, SOCK_STREAM) >= 0 ? 0 : 1);
	}
	timer_ms(100);
	c = accept(l, NULL, NULL);
	CHECK(c >= 0 && sigs == 3);
	CHECK(wait_status(pid) == 0);
	/* The client died while queued (and after): the server reads EOF. */
	CHECK(read(c, buf, 1) == 0);
	close(c);
	close(sv[0]);
	close(sv[1]);
	close(l);
	signal(SIGALRM, SIG_DFL);
}

TEST(blocking_connect_waits_for_room)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, "t_sock.full");
	int l = listener(&a, len, SOCK_STREAM, 0), s1, s2, c;
	pid_t pid;

	CHECK(l >= 0);
	s1 = connected(&a, len, SOCK_STREAM); /* a backlog of 0 takes one */
	CHECK(s1 >= 0);
	s2 = socket(AF_UNIX, SOCK_STREAM, 0);
	/* Full: a blocking connect waits, and a signal ends the wait with EINTR. */
	sigs = 0;
	handle(SIGALRM, 0);
	timer_ms(100);
	CHECK(connect(s2, (struct sockaddr *)&a, len) == -1 && errno == EINTR && sigs == 1);
	/* Room made by an accept lets a waiting connect through. */
	pid = fork();
	if (pid == 0) {
		nap_ms(200);
		_exit(accept(l, NULL, NULL) >= 0 ? 0 : 1);
	}
	CHECK(connect(s2, (struct sockaddr *)&a, len) == 0);
	CHECK(wait_status(pid) == 0);
	c = accept(l, NULL, NULL);
	CHECK(c >= 0);
	close(c);
	close(s1);
	close(s2);
	close(l);
	signal(SIGALRM, SIG_DFL);
}

TEST(clients_that_die_while_queued)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, "t_sock.race");
	int l = listener(&a, len, SOCK_STREAM, 5), c, i;
	char buf[4];
	pid_t pid;

	CHECK(l >= 0);
	/* Each child closes its copy of the listener, connects, writes and dies unaccepted. */
	for (i = 0; i < 3; i++) {
		pid = fork();
		if (pid == 0) {
			int s;

			close(l);
			s = connected(&a, len, SOCK_STREAM);
			_exit(s >= 0 && write(s, "x", 1) == 1 ? 0 : 1);
		}
		CHECK(wait_status(pid) == 0);
	}
	for (i = 0; i < 3; i++) {
		c = accept(l, NULL, NULL);
		CHECK(c >= 0);
		CHECK(read(c, buf, sizeof(buf)) == 1 && buf[0] == 'x');
		CHECK(read(c, buf, sizeof(buf)) == 0);
		CHECK(send(c, "y", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
		close(c);
	}
	close(l);
}

TEST(scm_rights_passes_descriptors)
{
	int sv[2], p[2], fds[4], got[16], n, flags;
	char buf[8];

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 && pipe(p) == 0);
	fds[0] = p[1];
	CHECK(send_fds(sv[0], fds, 1) == 1);
	n = recv_fds(sv[1], got, 4, 0, &flags);
	CHECK(n == 1 && got[0] != p[1] && !(flags & MSG_CTRUNC));
	CHECK(write(got[0], "via", 3) == 3 && read(p[0], buf, 3) == 3 && memcmp(buf, "via", 3) == 0);
	CHECK(!(fcntl(got[0], F_GETFD) & FD_CLOEXEC));
	close(got[0]);
	/* MSG_CMSG_CLOEXEC; several at once; one the same file twice. */
	fds[0] = p[0];
	fds[1] = p[1];
	fds[2] = p[1];
	CHECK(send_fds(sv[0], fds, 3) == 1);
	n = recv_fds(sv[1], got, 4, MSG_CMSG_CLOEXEC, NULL);
	CHECK(n == 3 && (fcntl(got[0], F_GETFD) & FD_CLOEXEC));
	CHECK(write(got[2], "z", 1) == 1 && read(got[0], buf, 1) == 1 && buf[0] == 'z');
	close(got[0]);
	close(got[1]);
	close(got[2]);
	/* Peeking gives copies; the real read gives them again. */
	fds[0] = p[1];
	CHECK(send_fds(sv[0], fds, 1) == 1);
	n = recv_fds(sv[1], got, 4, MSG_PEEK, NULL);
	CHECK(n == 1);
	close(got[0]);
	n = recv_fds(sv[1], got, 4, 0, NULL);
	CHECK(n == 1);
	close(got[0]);
	/* No room for them: MSG_CTRUNC, and they are closed (the pipe sees EOF). */
	close(p[1]);
	CHECK(pipe(p) == 0);
	fds[0] = p[1];
	CHECK(send_fds(sv[0], fds, 1) == 1);
	close(p[1]);
	n = recv_fds(sv[1], got, 0, 0, &flags);
	CHECK(n == 0 && (flags & MSG_CTRUNC));
	CHECK(read(p[0], buf, 1) == 0);
	close(p[0]);
	/* Datagrams too. */
	close(sv[0]);
	close(sv[1]);
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0 && pipe(p) == 0);
	fds[0] = p[0];
	CHECK(send_fds(sv[1], fds, 1) == 1);
	n = recv_fds(sv[0], got, 1, 0, NULL);
	CHECK(n == 1);
	close(got[0]);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

TEST(scm_rights_bad_input)
{
	int sv[2], fds[300], i, p[2];
	char byte = 'x', cbuf[64];
	struct iovec v = { &byte, 1 };
	struct msghdr m = { 0 };
	struct cmsghdr *c;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 && pipe(p) == 0);
	for (i = 0; i < 300; i++)
		fds[i] = p[0];
	/* At most 253 descriptors in a message. */
	CHECK(send_fds(sv[0], fds, 254) == -1 && errno == EINVAL);
	CHECK(send_fds(sv[0], fds, 253) == 1);
	/* A closed descriptor is EBADF. */
	fds[0] = 1000;
	CHECK(send_fds(sv[0], fds, 1) == -1 && errno == EBADF);
	/* Lying control messages. */
	m.msg_iov = &v;
	m.msg_iovlen = 1;
	m.msg_control = cbuf;
	m.msg_controllen = sizeof(cbuf);
	memset(cbuf, 0, sizeof(cbuf));
	c = (struct cmsghdr *)cbuf;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = sizeof(cbuf) + 1; /* past the buffer */
	CHECK(sendmsg(sv[0], &m, 0) == -1 && errno == EINVAL);
	c->cmsg_len = sizeof(struct cmsghdr) - 1; /* shorter than its header */
	CHECK(sendmsg(sv[0], &m, 0) == -1 && errno == EINVAL);
	c->cmsg_len = CMSG_LEN(0);
	c->cmsg_type = 77; /* no such SOL_SOCKET type */
	CHECK(sendmsg(sv[0], &m, 0) == -1 && errno == EINVAL);
	c->cmsg_level = 1234; /* other levels are not Unix sockets' business */
	m.msg_controllen = CMSG_LEN(0);
	CHECK(sendmsg(sv[0], &m, 0) == 1);
	m.msg_controllen = (size_t)1 << 40;
	CHECK(sendmsg(sv[0], &m, 0) == -1 && errno == ENOBUFS);
	m.msg_controllen = 0;
	m.msg_iovlen = 1025;
	CHECK(sendmsg(sv[0], &m, 0) == -1 && errno == EMSGSIZE);
	m.msg_iovlen = 1;
	m.msg_iov = (struct iovec *)8;
	CHECK(sendmsg(sv[0], &m, 0) == -1 && errno == EFAULT);
	CHECK(sendmsg(sv[0], (struct msghdr *)8, 0) == -1 && errno == EFAULT);
	/* Closing with descriptors queued releases them: the pipe's reader sees EOF. */
	close(p[0]);
	CHECK(pipe(p) == 0);
	fds[0] = p[1];
	CHECK(send_fds(sv[0], fds, 1) == 1);
	close(p[1]);
	close(sv[1]);
	close(sv[0]);
	CHECK(read(p[0], &byte, 1) == 0);
	close(p[0]);
}

TEST(socket_passed_over_itself_is_collected)
{
	int sv[2], p[2], fds[2];
	struct pollfd pf;

	/* sv[1]'s own queue holds sv[1] and a pipe's write end: a cycle. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 && pipe(p) == 0);
	fds[0] = p[1];
	fds[1] = sv[1];
	CHECK(send_fds(sv[0], fds, 2) == 1);
	close(p[1]);
	close(sv[1]);
	close(sv[0]); /* the last unix socket closed: the collector runs */
	pf.fd = p[0];
	pf.events = POLLIN;
	CHECK(poll(&pf, 1, 2000) == 1 && (pf.revents & (POLLHUP | POLLIN)));
	CHECK(read(p[0], fds, 1) == 0);
	close(p[0]);
}

TEST(scm_credentials_and_peercred)
{
	int sv[2], on = 1, v;
	struct ucred uc;
	socklen_t len = sizeof(uc);
	char byte = 'c';
	struct iovec iv = { &byte, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} u;
	struct msghdr m = { 0 };
	struct cmsghdr *c;
	pid_t pid;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &uc, &len) == 0 && len == sizeof(uc) &&
	      uc.pid == getpid() && uc.uid == geteuid() && uc.gid == getegid());
	CHECK(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) == 0);
	len = sizeof(v);
	CHECK(getsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &v, &len) == 0 && v == 1);
	CHECK(write(sv[0], "x", 1) == 1);
	m.msg_iov = &iv;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof(u.buf);
	CHECK(recvmsg(sv[1], &m, 0) == 1);
	c = CMSG_FIRSTHDR(&m);
	CHECK(c != NULL && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS);
	memcpy(&uc, CMSG_DATA(c), sizeof(uc));
	CHECK(uc.pid == getpid() && uc.uid == getuid() && uc.gid == getgid());
	/* Another process's pid is EPERM for an unprivileged sender. */
	pid = fork();
	if (pid == 0) {
		struct ucred fake = { getppid(), USER_ID, USER_ID };

		if (syscall(SYS_setresgid, USER_ID, USER_ID, USER_ID) != 0 ||
		    syscall(SYS_setresuid, USER_ID, USER_ID, USER_ID) != 0)
			_exit(2);
		m.msg_controllen = sizeof(u.buf);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_CREDENTIALS;
		c->cmsg_len = CMSG_LEN(sizeof(fake));
		memcpy(CMSG_DATA(c), &fake, sizeof(fake));
		if (sendmsg(sv[0], &m, 0) != -1 || errno != EPERM)
			_exit(3);
		fake.pid = getpid();
		memcpy(CMSG_DATA(c), &fake, sizeof(fake));
		_exit(sendmsg(sv[0], &m, 0) == 1 ? 0 : 4);
	}
	CHECK(wait_status(pid) == 0);
	m.msg_controllen = sizeof(u.buf);
	CHECK(recvmsg(sv[1], &m, 0) == 1);
	c = CMSG_FIRSTHDR(&m);
	CHECK(c != NULL && c->cmsg_type == SCM_CREDENTIALS);
	memcpy(&uc, CMSG_DATA(c), sizeof(uc));
	CHECK(uc.pid == pid && uc.uid == USER_ID);
	close(sv[0]);
	close(sv[1]);
	/* No peer: pid 0 and ids -1, as Linux. */
	sv[0] = socket(AF_UNIX, SOCK_STREAM, 0);
	len = sizeof(uc);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &uc, &len) == 0 && uc.pid == 0 &&
	      uc.uid == (uid_t)-1);
	close(sv[0]);
}

TEST(peercred_across_connect)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, "t_sock.cred"), clen;
	int l = listener(&a, len, SOCK_STREAM, 5), c;
	struct ucred uc;
	pid_t pid;

	CHECK(l >= 0);
	pid = fork();
	if (pid == 0) {
		int s = connected(&a, len, SOCK_STREAM);
		struct ucred pc;
		socklen_t plen = sizeof(pc);
		char b;

		if (s < 0 || getsockopt(s, SOL_SOCKET, SO_PEERCRED, &pc, &plen) != 0 ||
		    pc.pid != getppid())
			_exit(1);
		_exit(read(s, &b, 1) == 0 ? 0 : 2);
	}
	c = accept(l, NULL, NULL);
	CHECK(c >= 0);
	clen = sizeof(uc);
	CHECK(getsockopt(c, SOL_SOCKET, SO_PEERCRED, &uc, &clen) == 0 && uc.pid == pid);
	close(c);
	CHECK(wait_status(pid) == 0);
	close(l);
}

TEST(options)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), v;
	socklen_t len = sizeof(v);

	CHECK(getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &len) == 0 && v == 0);
	v = 10000;
	CHECK(setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)) == 0);
	len = sizeof(v);
	CHECK(getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &len) == 0 && v == 20000);
	v = 20000;
	CHECK(setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)) == 0);
	len = sizeof(v);
	CHECK(getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &len) == 0 && v == 40000);
	CHECK(setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, 2) == -1 && errno == EINVAL);
	CHECK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, sizeof(v)) == 0);
	CHECK(getsockopt(s, SOL_SOCKET, 9999, &v, &len) == -1 && errno == ENOPROTOOPT);
	len = (socklen_t)-1;
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len) == -1 && errno == EINVAL);
	/* A short buffer gets part of the value. */
	len = 1;
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len) == 0 && len == 1);
	close(s);
}

TEST(fionread_poll_select)
{
	int sv[2], n;
	struct pollfd p[2];
	fd_set r;
	struct timeval tv = { 0, 0 };

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	p[0].fd = sv[0];
	p[1].fd = sv[1];
	p[0].events = p[1].events = POLLIN | POLLOUT | POLLRDHUP;
	CHECK(poll(p, 2, 0) == 2 && p[0].revents == POLLOUT && p[1].revents == POLLOUT);
	CHECK(write(sv[0], "abc", 3) == 3 && write(sv[0], "defg", 4) == 4);
	CHECK(ioctl(sv[1], FIONREAD, &n) == 0 && n == 7);
	CHECK(poll(p, 2, 0) == 2 && p[1].revents == (POLLIN | POLLOUT));
	FD_ZERO(&r);
	FD_SET(sv[1], &r);
	CHECK(select(sv[1] + 1, &r, NULL, NULL, &tv) == 1 && FD_ISSET(sv[1], &r));
	CHECK(shutdown(sv[0], SHUT_WR) == 0);
	CHECK(poll(p, 2, 0) == 2 && p[1].revents == (POLLIN | POLLOUT | POLLRDHUP));
	close(sv[0]);
	CHECK(poll(&p[1], 1, 0) == 1 && (p[1].revents & (POLLHUP | POLLIN | POLLRDHUP)) ==
					       (POLLHUP | POLLIN | POLLRDHUP));
	close(sv[1]);
	/* Datagrams: FIONREAD is the next message's size. */
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CHECK(write(sv[0], "abc", 3) == 3 && write(sv[0], "defg", 4) == 4);
	CHECK(ioctl(sv[1], FIONREAD, &n) == 0 && n == 3);
	close(sv[0]);
	close(sv[1]);
}

TEST(buffers_are_bounded)
{
	int sv[2];
	static char chunk[4096];
	long total = 0;
	ssize_t n;
	struct pollfd p;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0);
	while ((n = write(sv[0], chunk, sizeof(chunk))) > 0)
		total += n;
	CHECK(n == -1 && errno == EAGAIN);
	CHECK(total >= 64 * 1024 && total <= 1024 * 1024);
	p.fd = sv[0];
	p.events = POLLOUT;
	CHECK(poll(&p, 1, 0) == 0);
	while ((n = read(sv[1], chunk, sizeof(chunk))) > 0)
		total -= n;
	CHECK(total == 0);
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLOUT));
	close(sv[0]);
	close(sv[1]);
	/* Datagrams to an unconnected receiver stop too. */
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv) == 0);
	total = 0;
	while ((n = write(sv[0], chunk, sizeof(chunk))) > 0)
		total += n;
	CHECK(n == -1 && errno == EAGAIN && total > 0 && total <= 1024 * 1024);
	close(sv[0]);
	close(sv[1]);
}

TEST(dgram_names_and_peers)
{
	struct sockaddr_un a, b, got;
	socklen_t alen = path_addr(&a, "dga"), blen = path_addr(&b, "dgb"), glen;
	int x = socket(AF_UNIX, SOCK_DGRAM, 0), y = socket(AF_UNIX, SOCK_DGRAM, 0);
	int z = socket(AF_UNIX, SOCK_DGRAM, 0);
	char buf[8];

	CHECK(bind(x, (struct sockaddr *)&a, alen) == 0 && bind(y, (struct sockaddr *)&b, blen) == 0);
	CHECK(send(z, "q", 1, 0) == -1 && errno == ENOTCONN);
	CHECK(sendto(y, "hi", 2, 0, (struct sockaddr *)&a, alen) == 2);
	glen = sizeof(got);
	CHECK(recvfrom(x, buf, sizeof(buf), 0, (struct sockaddr *)&got, &glen) == 2 &&
	      glen == blen && strcmp(got.sun_path, b.sun_path) == 0);
	/* An unbound sender has no address. */
	CHECK(sendto(z, "u", 1, 0, (struct sockaddr *)&a, alen) == 1);
	glen = sizeof(got);
	CHECK(recvfrom(x, buf, sizeof(buf), 0, (struct sockaddr *)&got, &glen) == 1 && glen == 0);
	/* x connected to y takes datagrams from y only. */
	CHECK(connect(x, (struct sockaddr *)&b, blen) == 0);
	CHECK(sendto(z, "u", 1, 0, (struct sockaddr *)&a, alen) == -1 && errno == EPERM);
	CHECK(sendto(y, "ok", 2, 0, (struct sockaddr *)&a, alen) == 2);
	CHECK(send(x, "to-y", 4, 0) == 4 && recv(y, buf, sizeof(buf), 0) == 4);
	/* A closed peer: refused once, then not connected. */
	close(y);
	CHECK(send(x, "z", 1, 0) == -1 && errno == ECONNREFUSED);
	CHECK(send(x, "z", 1, 0) == -1 && errno == ENOTCONN);
	/* A stream socket given an address: EISCONN or EOPNOTSUPP. */
	{
		int sv[2], s = socket(AF_UNIX, SOCK_STREAM, 0);

		CHECK(sendto(s, "a", 1, 0, (struct sockaddr *)&a, alen) == -1 && errno == EOPNOTSUPP);
		CHECK(send(s, "a", 1, 0) == -1 && errno == ENOTCONN);
		CHECK(read(s, buf, 1) == -1 && errno == EINVAL);
		CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
		CHECK(sendto(sv[0], "a", 1, 0, (struct sockaddr *)&a, alen) == -1 && errno == EISCONN);
		close(sv[0]);
		close(sv[1]);
		close(s);
	}
	close(x);
	close(z);
	unlink(a.sun_path);
	unlink(b.sun_path);
}

TEST(files_in_flight_are_limited_per_user)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct rlimit rl = { 16, 16 };
		int sv[2], p[2], n;

		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0 || pipe(p) != 0 ||
		    setrlimit(RLIMIT_NOFILE, &rl) != 0 || setgroups(0, NULL) != 0 ||
		    syscall(SYS_setresgid, USER_ID, USER_ID, USER_ID) != 0 ||
		    syscall(SYS_setresuid, USER_ID, USER_ID, USER_ID) != 0)
			_exit(100);
		for (n = 0; n < 64; n++)
			if (send_fds(sv[0], &p[0], 1) != 1)
				break;
		/* As Linux: more than RLIMIT_NOFILE already in flight is ETOOMANYREFS. */
		_exit(errno == ETOOMANYREFS ? n : 101);
	}
	CHECK(wait_status(pid) == (17 << 8));
}

TEST(datagrams_from_strangers_queue_ten)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, "t_sock.qlen");
	int r = socket(AF_UNIX, SOCK_DGRAM, 0), s = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	int n;

	CHECK(bind(r, (struct sockaddr *)&a, len) == 0);
	for (n = 0; n < 64; n++)
		if (sendto(s, "d", 1, 0, (struct sockaddr *)&a, len) != 1)
			break;
	/* net.unix.max_dgram_qlen is 10; the queue is full past it. */
	CHECK(n == 11 && errno == EAGAIN);
	close(s);
	close(r);
}

static void pair_cycles(int n)
{
	int i, sv[2], p[2], fds[2];

	for (i = 0; i < n; i++) {
		if (socketpair(AF_UNIX, i % 2 ? SOCK_STREAM : SOCK_DGRAM, 0, sv) != 0)
			return;
		if (write(sv[0], "data", 4) != 4)
			return;
		close(sv[0]);
		close(sv[1]);
		/* A pipe end and a socket passed over itself, then everything closed. */
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 || pipe(p) != 0)
			return;
		fds[0] = p[1];
		fds[1] = sv[1];
		if (send_fds(sv[0], fds, 2) != 1)
			return;
		close(p[0]);
		close(p[1]);
		close(sv[1]);
		close(sv[0]);
	}
}

TEST(no_memory_lost_over_cycles)
{
	long before, after;
	int sv[2], low = dup(0);

	close(low);
	pair_cycles(20); /* warm the kernel's caches first */
	before = free_kib();
	pair_cycles(1000);
	after = free_kib();
	CHECK(before > 0);
	/* Every socket is gone: a new pair takes the lowest descriptors again. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 && sv[0] == low && sv[1] == low + 1);
	close(sv[0]);
	close(sv[1]);
	/* Only where nothing else runs does free memory mean anything (see t_proc). */
	if (on_breenix())
		CHECK(after == before);
}

int main(void)
{
	utest_suite = "sock";
	if (utest_scratch_dir(dir, sizeof(dir)) != 0)
		return 1;
	RUN(stream_pair_basics);
	RUN(socket_argument_errors);
	RUN(shutdown_eof_and_epipe);
	RUN(econnreset_when_peer_closes_with_unread_data);
	RUN(peek_dontwait_waitall);
	RUN(dgram_and_seqpacket_keep_boundaries);
	RUN(filesystem_names);
	RUN(connect_needs_write_permission);
	RUN(abstract_names_and_autobind);
	RUN(address_length_checks);
	RUN(accept4_flags_and_nonblocking);
	RUN(listen_backlog_limits_connects);
	RUN(blocking_calls_and_signals);
	RUN(blocking_connect_waits_for_room);
	RUN(clients_that_die_while_queued);
	RUN(scm_rights_passes_descriptors);
	RUN(scm_rights_bad_input);
	RUN(socket_passed_over_itself_is_collected);
	RUN(scm_credentials_and_peercred);
	RUN(peercred_across_connect);
	RUN(options);
	RUN(fionread_poll_select);
	RUN(buffers_are_bounded);
	RUN(dgram_names_and_peers);
	RUN(files_in_flight_are_limited_per_user);
	RUN(datagrams_from_strangers_queue_ten);
	RUN(no_memory_lost_over_cycles);
	rmdir(dir);
	return utest_failures != 0;
}
