/*
 * bench_net.c: the network rows of bench (`bench net PORT`), the same source
 * for Breenix and Linux (tests/harness/bench.py --net).
 *
 * A TCP server on PORT for the host, which reaches it through QEMU's user
 * network and a forwarded port, and which does all the timing (so both
 * guests are measured by the same clock, outside them).  One connection at
 * a time; its first byte says what it is for:
 *
 *   'c'  connection setup: answer one byte, then read to end of file and
 *        close.  The host closes first, so TIME_WAIT is the host's and a
 *        burst of connections holds nothing in the guest.
 *   's'  sink (host to guest): read to end of file, then answer the byte
 *        count (8 bytes, little endian) and close.
 *   'r'  source (guest to host): 8 bytes N (little endian) follow; write N
 *        bytes, shut the sending side, read to end of file and close.
 *   'q'  quit: print "BENCH: done" and exit.
 *
 * Prints "BENCH: net listening PORT" when it accepts connections; an error
 * prints "BENCH: error ..." and exits 1.  A connection that misbehaves (the
 * host gave up on it) is closed and the server goes on.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench.h"

#define NET_BUF (64 << 10)

static char net_buf[NET_BUF];

static void net_fail(const char *what)
{
	printf("BENCH: error %s: %s\n", what, strerror(errno));
	fflush(stdout);
	exit(1);
}

/* Read until end of file: the byte count, or -1 on an error. */
static long long net_drain(int fd)
{
	long long total = 0;
	ssize_t n;

	while ((n = read(fd, net_buf, sizeof(net_buf))) > 0)
		total += n;
	return n < 0 ? -1 : total;
}

static int net_write_all(int fd, const void *p, size_t len)
{
	const char *c = p;
	ssize_t n;

	while (len > 0) {
		n = write(fd, c, len);
		if (n <= 0)
			return -1;
		c += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read exactly len bytes: 0, or -1 on an error or an early end of file. */
static int net_read_all(int fd, void *p, size_t len)
{
	char *c = p;
	ssize_t n;

	while (len > 0) {
		n = read(fd, c, len);
		if (n <= 0)
			return -1;
		c += n;
		len -= (size_t)n;
	}
	return 0;
}

static uint64_t net_le64_get(const unsigned char *b)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

static void net_le64_put(unsigned char *b, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++, v >>= 8)
		b[i] = (unsigned char)v;
}

static void net_source(int fd)
{
	unsigned char len[8];
	uint64_t left;
	size_t n;

	if (net_read_all(fd, len, sizeof(len)) != 0)
		return;
	memset(net_buf, 0x5a, sizeof(net_buf));
	for (left = net_le64_get(len); left > 0; left -= n) {
		n = left < sizeof(net_buf) ? (size_t)left : sizeof(net_buf);
		if (net_write_all(fd, net_buf, n) != 0)
			return;
	}
	shutdown(fd, SHUT_WR);
	net_drain(fd);
}

/* Serve one connection: 1 to go on, 0 after 'q'. */
static int net_serve(int fd)
{
	unsigned char cmd, count[8];
	long long got;

	if (read(fd, &cmd, 1) != 1)
		return 1;
	switch (cmd) {
	case 'c':
		if (write(fd, &cmd, 1) == 1)
			net_drain(fd);
		break;
	case 's':
		got = net_drain(fd);
		if (got >= 0) {
			net_le64_put(count, (uint64_t)got);
			net_write_all(fd, count, sizeof(count));
		}
		break;
	case 'r':
		net_source(fd);
		break;
	case 'q':
		return 0;
	}
	return 1;
}

int bench_net(int argc, char **argv)
{
	struct sockaddr_in sin;
	int lfd, fd, on = 1, go = 1;

	if (argc != 3) {
		printf("BENCH: error usage: bench net PORT\n");
		return 1;
	}
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		net_fail("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)atoi(argv[2]));
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		net_fail("bind");
	if (listen(lfd, 16) != 0)
		net_fail("listen");
	printf("BENCH: net listening %s\n", argv[2]);
	fflush(stdout);
	while (go) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			net_fail("accept");
		}
		go = net_serve(fd);
		close(fd);
	}
	close(lfd);
	printf("BENCH: done\n");
	fflush(stdout);
	return 0;
}
