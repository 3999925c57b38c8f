/*
 * nc: a TCP or UDP connection between standard input/output and a socket.
 *
 *   nc [-u] HOST PORT          connect, then relay
 *   nc -l [-u] [-k] [-p] PORT  listen on PORT (all addresses), relay with
 *                              the first peer (-k: then the next, for ever)
 *
 * End of standard input shuts the connection's sending side (TCP) and nc
 * goes on until the peer closes; UDP relays datagrams until interrupted
 * (a listening UDP nc answers whoever sent the first datagram).
 */
#include "../coreutils/common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NC_USAGE "[-u] HOST PORT | nc -l [-u] [-k] [-p] PORT"

static int udp;

static void fail(const char *what)
{
	fprintf(stderr, "nc: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Copy both ways until the socket's end; 0, or 1 on an error. */
static int relay(int s)
{
	struct pollfd p[2] = { { 0, POLLIN, 0 }, { s, POLLIN, 0 } };
	char buf[16384];
	int in_open = 1;
	ssize_t k;

	for (;;) {
		p[0].fd = in_open ? 0 : -1;
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			fail("poll");
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			k = recv(s, buf, sizeof(buf), 0);
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				fprintf(stderr, "nc: recv: %s\n", strerror(errno));
				return 1;
			}
			if (k == 0 && !udp)
				return 0;
			if (write_all(1, buf, (size_t)k) != 0)
				return 1;
		}
		if (in_open && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
			k = read(0, buf, sizeof(buf));
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				in_open = 0;
				if (!udp)
					shutdown(s, SHUT_WR);
				continue;
			}
			if (write_all(s, buf, (size_t)k) != 0) {
				fprintf(stderr, "nc: send: %s\n", strerror(errno));
				return 1;
			}
		}
	}
}

static struct addrinfo *lookup(const char *host, const char *port, int passive)
{
	struct addrinfo hints = { .ai_family = AF_INET,
				  .ai_socktype = udp ? SOCK_DGRAM : SOCK_STREAM,
				  .ai_flags = passive ? AI_PASSIVE : 0 }, *res;
	int err = getaddrinfo(host, port, &hints, &res);

	if (err != 0) {
		fprintf(stderr, "nc: %s:%s: %s\n", host ? host : "*", port, gai_strerror(err));
		exit(1);
	}
	return res;
}

static int do_connect(const char *host, const char *port)
{
	struct addrinfo *ai = lookup(host, port, 0);
	int s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);

	if (s < 0)
		fail("socket");
	if (connect(s, ai->ai_addr, ai->ai_addrlen) != 0)
		fail("connect");
	freeaddrinfo(ai);
	return relay(s);
}

static int do_listen(const char *port, int keep)
{
	struct addrinfo *ai = lookup(NULL, port, 1);
	struct sockaddr_in peer;
	socklen_t len;
	int s, c, one = 1, rc = 0;
	char b;

	s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	if (s < 0)
		fail("socket");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, ai->ai_addr, ai->ai_addrlen) != 0)
		fail("bind");
	freeaddrinfo(ai);
	if (udp) {
		len = sizeof(peer);
		if (recvfrom(s, &b, 1, MSG_PEEK, (struct sockaddr *)&peer, &len) < 0)
			fail("recvfrom");
		if (connect(s, (struct sockaddr *)&peer, len) != 0)
			fail("connect");
		return relay(s);
	}
	if (listen(s, 1) != 0)
		fail("listen");
	do {
		c = accept(s, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR)
				continue;
			fail("accept");
		}
		rc = relay(c);
		close(c);
	} while (keep);
	return rc;
}

int main(int argc, char **argv)
{
	int c, listen_mode = 0, keep = 0;
	const char *lport = NULL;

	set_progname(argv[0]);

	while ((c = getopt(argc, argv, "lukp:")) != -1) {
		switch (c) {
		case 'l': listen_mode = 1; break;
		case 'u': udp = 1; break;
		case 'k': keep = 1; break;
		case 'p': lport = optarg; break;
		default: usage(NC_USAGE);
		}
	}
	if (listen_mode) {
		if (lport == NULL && optind == argc - 1)
			lport = argv[optind++];
		if (lport == NULL || optind != argc)
			usage(NC_USAGE);
		return do_listen(lport, keep);
	}
	if (optind != argc - 2)
		usage(NC_USAGE);
	return do_connect(argv[optind], argv[optind + 1]);
}
