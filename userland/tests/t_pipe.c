/*
 * t_pipe: anonymous pipes, and poll/select on them.  EOF once the writers
 * are gone, EPIPE once the readers are, non-blocking ends, the 64 KiB
 * capacity, packet mode (O_DIRECT), atomic writes of PIPE_BUF bytes from
 * several writers, a 1 MiB transfer between processes that arrives
 * intact, and readiness as poll and select report it.
 */
#define _GNU_SOURCE /* dup3, pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define MIB (1 << 20)

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

TEST(write_then_read)
{
	int p[2];
	char buf[16];
	struct stat st;

	CHECK(pipe(p) == 0);
	CHECK(write(p[1], "hello", 5) == 5);
	CHECK(read(p[0], buf, sizeof(buf)) == 5 && memcmp(buf, "hello", 5) == 0);
	CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK(lseek(p[0], 0, SEEK_SET) == -1 && errno == ESPIPE);
	CHECK(read(p[1], buf, 1) == -1 && errno == EBADF);
	CHECK(write(p[0], buf, 1) == -1 && errno == EBADF);
	close(p[0]);
	close(p[1]);
}

TEST(eof_after_writers_close)
{
	int p[2];
	char buf[8];
	pid_t pid;

	CHECK(pipe(p) == 0);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		nap_ms(50);
		write(p[1], "x", 1);
		_exit(0);
	}
	close(p[1]);
	CHECK(read(p[0], buf, sizeof(buf)) == 1); /* blocked until the child wrote */
	CHECK(read(p[0], buf, sizeof(buf)) == 0);
	CHECK(wait_status(pid) == 0);
	close(p[0]);
}

TEST(epipe_without_readers)
{
	int p[2];

	signal(SIGPIPE, SIG_IGN); /* Linux would kill us; the error is what we test */
	CHECK(pipe(p) == 0);
	close(p[0]);
	CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE);
	close(p[1]);
}

TEST(nonblocking_and_capacity)
{
	static char block[4096];
	int p[2], n, total = 0;
	char c;

	CHECK(pipe2(p, O_NONBLOCK) == 0);
	CHECK(read(p[0], &c, 1) == -1 && errno == EAGAIN);
	memset(block, 'b', sizeof(block));
	while ((n = write(p[1], block, sizeof(block))) > 0)
		total += n;
	CHECK(n == -1 && errno == EAGAIN);
	CHECK(total == 65536);
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 65536);
	CHECK(read(p[0], block, sizeof(block)) == sizeof(block));
	CHECK(write(p[1], block, sizeof(block)) == sizeof(block));
	CHECK(write(p[1], block, 1) == -1 && errno == EAGAIN);
	CHECK(pipe2(p, 0x40000000) == -1 && errno == EINVAL);
	close(p[0]);
	close(p[1]);
}

/*
 * pipe2(O_DIRECT): packet mode, as Linux.  Each write is a packet (one of
 * more than PIPE_BUF bytes is cut into packets of PIPE_BUF), a read takes
 * at most one packet and drops what of it does not fit, and the pipe
 * holds 16 packets however small.
 */
TEST(packet_mode)
{
	static char big[5000];
	struct pollfd pf;
	char buf[8192];
	int p[2], n = 0;

	CHECK(pipe2(p, O_DIRECT | O_NONBLOCK) == 0);
	CHECK((fcntl(p[1], F_GETFL) & O_DIRECT) && !(fcntl(p[0], F_GETFL) & O_DIRECT));
	CHECK(write(p[1], "abc", 3) == 3 && write(p[1], "de", 2) == 2);
	CHECK(read(p[0], buf, sizeof(buf)) == 3 && memcmp(buf, "abc", 3) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 2 && memcmp(buf, "de", 2) == 0);
	CHECK(write(p[1], "hello", 5) == 5 && write(p[1], "xy", 2) == 2);
	CHECK(read(p[0], buf, 2) == 2 && memcmp(buf, "he", 2) == 0); /* "llo" is dropped */
	CHECK(read(p[0], buf, sizeof(buf)) == 2 && memcmp(buf, "xy", 2) == 0);
	CHECK(read(p[0], buf, 1) == -1 && errno == EAGAIN);
	memset(big, 'q', sizeof(big));
	CHECK(write(p[1], big, sizeof(big)) == sizeof(big));
	CHECK(read(p[0], buf, sizeof(buf)) == 4096 && read(p[0], buf, sizeof(buf)) == 904);
	CHECK(write(p[1], buf, 0) == 0 && read(p[0], buf, 1) == -1 && errno == EAGAIN);
	while (write(p[1], "1", 1) == 1)
		n++;
	CHECK(errno == EAGAIN && n == 16);
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 16);
	pf = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CHECK(poll(&pf, 1, 0) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 1 && poll(&pf, 1, 0) == 1);
	close(p[0]);
	close(p[1]);
}

TEST(pipe2_cloexec_and_efault)
{
	int p[2];

	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC);
	close(p[0]);
	close(p[1]);
	CHECK(syscall(SYS_pipe, 8) == -1 && errno == EFAULT);
}

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 11));
}

TEST(one_mib_arrives_intact)
{
	static uint8_t buf[8192];
	size_t got = 0, bad = 0, i;
	int p[2];
	pid_t pid;
	ssize_t n;

	CHECK(pipe(p) == 0);
	pid = fork();
	if (pid == 0) {
		static uint8_t out[MIB];
		size_t off = 0, chunk = 1;

		close(p[0]);
		for (i = 0; i < MIB; i++)
			out[i] = pattern(i);
		while (off < MIB) { /* chunks of every size from 1 byte to 64 KiB */
			size_t len = chunk < MIB - off ? chunk : MIB - off;

			if (write(p[1], out + off, len) != (ssize_t)len)
				_exit(1);
			off += len;
			chunk = chunk * 3 % 65537;
		}
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], buf, sizeof(buf))) > 0) {
		for (i = 0; i < (size_t)n; i++)
			bad += buf[i] != pattern(got + i);
		got += (size_t)n;
	}
	CHECK(n == 0);
	CHECK(got == MIB);
	CHECK(bad == 0);
	CHECK(wait_status(pid) == 0);
	close(p[0]);
}

TEST(atomic_writes_from_many_writers)
{
	static char rec[4096], buf[4096];
	int p[2], w, i, mixed = 0, records = 0;
	pid_t pids[4];

	CHECK(pipe(p) == 0);
	for (w = 0; w < 4; w++) {
		pids[w] = fork();
		if (pids[w] == 0) {
			close(p[0]);
			memset(rec, 'A' + w, sizeof(rec));
			for (i = 0; i < 32; i++)
				if (write(p[1], rec, sizeof(rec)) != sizeof(rec))
					_exit(1);
			_exit(0);
		}
	}
	close(p[1]);
	for (;;) {
		size_t got = 0;
		ssize_t n = 1;

		while (got < sizeof(buf) && (n = read(p[0], buf + got, sizeof(buf) - got)) > 0)
			got += (size_t)n;
		if (got == 0)
			break;
		records++;
		for (i = 1; i < (int)got; i++)
			mixed += buf[i] != buf[0];
		if (n <= 0)
			break;
	}
	for (w = 0; w < 4; w++)
		CHECK(wait_status(pids[w]) == 0);
	CHECK(records == 4 * 32);
	CHECK(mixed == 0);
	close(p[0]);
}

TEST(poll_readiness)
{
	struct pollfd pf[2];
	int p[2];
	char c;

	CHECK(pipe(p) == 0);
	pf[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	pf[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CHECK(poll(pf, 1, 0) == 0 && pf[0].revents == 0);
	CHECK(poll(pf + 1, 1, 0) == 1 && pf[1].revents == POLLOUT);
	CHECK(poll(pf, 1, 30) == 0); /* times out */
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(poll(pf, 2, -1) == 2 && (pf[0].revents & POLLIN));
	close(p[1]);
	CHECK(read(p[0], &c, 1) == 1);
	CHECK(poll(pf, 1, -1) == 1 && (pf[0].revents & POLLHUP));
	pf[0].fd = 999;
	CHECK(poll(pf, 1, 0) == 1 && pf[0].revents == POLLNVAL);
	pf[0].fd = -1;
	CHECK(poll(pf, 1, 0) == 0 && pf[0].revents == 0);
	CHECK(syscall(SYS_poll, 8, 1, 0) == -1 && errno == EFAULT);
	close(p[0]);
}

TEST(poll_wakes_on_write_from_child)
{
	struct pollfd pf;
	int p[2];
	pid_t pid;

	CHECK(pipe(p) == 0);
	pid = fork();
	if (pid == 0) {
		nap_ms(50);
		write(p[1], "y", 1);
		_exit(0);
	}
	pf = (struct pollfd){ .fd = p[0], .events = POLLIN };
	CHECK(poll(&pf, 1, 5000) == 1 && (pf.revents & POLLIN));
	CHECK(wait_status(pid) == 0);
	close(p[0]);
	close(p[1]);
}

TEST(select_readiness)
{
	struct timeval tv = { 0, 20000 };
	fd_set rd, wr;
	int p[2];

	CHECK(pipe(p) == 0);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	CHECK(select(p[0] + 1, &rd, NULL, NULL, &tv) == 0 && !FD_ISSET(p[0], &rd));
	CHECK(write(p[1], "z", 1) == 1);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	tv = (struct timeval){ 1, 0 };
	CHECK(select((p[0] > p[1] ? p[0] : p[1]) + 1, &rd, &wr, NULL, &tv) == 2);
	CHECK(FD_ISSET(p[0], &rd) && FD_ISSET(p[1], &wr));
	/* A descriptor we just closed is certainly not open: the environment
	 * (a CI runner, say) may hold any fixed number such as 100. */
	int closed = dup(p[0]);

	CHECK(closed >= 0 && close(closed) == 0);
	FD_ZERO(&rd);
	FD_SET(closed, &rd);
	tv = (struct timeval){ 0, 0 };
	CHECK(select(closed + 1, &rd, NULL, NULL, &tv) == -1 && errno == EBADF);
	close(p[0]);
	close(p[1]);
}

/* nfds above the descriptor table is clamped to it (Linux's max_fds), not
 * EINVAL: select(FD_SETSIZE, ...) is the common idiom. */
TEST(select_nfds_fd_setsize)
{
	struct timeval tv = { 1, 0 };
	fd_set rd, wr;
	int p[2];

	CHECK(pipe(p) == 0);
	CHECK(write(p[1], "z", 1) == 1);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	CHECK(select(FD_SETSIZE, &rd, &wr, NULL, &tv) == 2);
	CHECK(FD_ISSET(p[0], &rd) && FD_ISSET(p[1], &wr));
	close(p[0]);
	close(p[1]);
}

/* poll's nfds is limited by RLIMIT_NOFILE's soft limit as it is now, as Linux. */
TEST(poll_nfds_follows_rlimit)
{
	struct pollfd fds[9];
	struct rlimit old, low;
	int i, r8, r9;

	for (i = 0; i < 9; i++)
		fds[i] = (struct pollfd){ .fd = -1 };
	CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0);
	low = (struct rlimit){ 8, old.rlim_max };
	CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0);
	r8 = poll(fds, 8, 0);
	r9 = poll(fds, 9, 0);
	i = errno;
	CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0);
	CHECK(r8 == 0);
	CHECK(r9 == -1 && i == EINVAL);
}

int main(void)
{
	utest_suite = "pipe";
	RUN(write_then_read);
	RUN(eof_after_writers_close);
	RUN(epipe_without_readers);
	RUN(nonblocking_and_capacity);
	RUN(packet_mode);
	RUN(pipe2_cloexec_and_efault);
	RUN(one_mib_arrives_intact);
	RUN(atomic_writes_from_many_writers);
	RUN(poll_readiness);
	RUN(poll_wakes_on_write_from_child);
	RUN(select_readiness);
	RUN(select_nfds_fd_setsize);
	RUN(poll_nfds_follows_rlimit);
	return utest_failures != 0;
}
