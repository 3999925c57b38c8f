/*
 * t_inet: AF_INET sockets over the loopback interface (127.0.0.1), which
 * Breenix's lwIP has with or without a network card, and the C library's
 * address functions.  TCP: connect/accept, names, a bulk transfer larger
 * than every buffer (flow control), non-blocking connect and accept,
 * refused connections, MSG_PEEK/MSG_DONTWAIT/MSG_WAITALL, shutdown,
 * options, poll, an epoll server; UDP: datagrams with their sources,
 * truncation, connected sockets; ICMP echo ("ping") sockets; /proc/net/tcp
 * and udp; argument errors.  The same cases pass on Linux (the ping case
 * is skipped where net.ipv4.ping_group_range leaves out the caller).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#ifndef POLLRDHUP
#define POLLRDHUP 0x2000
#endif

static struct sockaddr_in loop_addr(uint16_t port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* A listener on 127.0.0.1 and an ephemeral port: its fd; the address in *a. */
static int listener(struct sockaddr_in *a, int backlog)
{
	socklen_t len = sizeof(*a);
	int s = socket(AF_INET, SOCK_STREAM, 0);

	*a = loop_addr(0);
	if (s < 0 || bind(s, (struct sockaddr *)a, sizeof(*a)) != 0 || listen(s, backlog) != 0 ||
	    getsockname(s, (struct sockaddr *)a, &len) != 0)
		return -1;
	return s;
}

/* A connected pair through a listener: c (client) and *srv (accepted). */
static int tcp_pair(int *srv)
{
	struct sockaddr_in a;
	int l = listener(&a, 4), c;

	if (l < 0)
		return -1;
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(l);
		return -1;
	}
	*srv = accept(l, NULL, NULL);
	close(l);
	return *srv < 0 ? -1 : c;
}

TEST(tcp_connect_accept_and_names)
{
	struct sockaddr_in a, peer, me, got;
	socklen_t len = sizeof(peer);
	int l = listener(&a, 4), c, s;
	char buf[16];

	CHECK(l >= 0);
	CHECK(ntohs(a.sin_port) != 0);
	CHECK(a.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0);
	s = accept(l, (struct sockaddr *)&peer, &len);
	CHECK(s >= 0);
	CHECK(len == sizeof(peer) && peer.sin_family == AF_INET);
	len = sizeof(me);
	CHECK(getsockname(c, (struct sockaddr *)&me, &len) == 0);
	CHECK(me.sin_port == peer.sin_port && me.sin_addr.s_addr == peer.sin_addr.s_addr);
	len = sizeof(got);
	CHECK(getpeername(c, (struct sockaddr *)&got, &len) == 0);
	CHECK(got.sin_port == a.sin_port);
	CHECK(write(c, "ping", 4) == 4);
	CHECK(read(s, buf, sizeof(buf)) == 4 && memcmp(buf, "ping", 4) == 0);
	CHECK(send(s, "pong!", 5, 0) == 5);
	CHECK(recv(c, buf, sizeof(buf), 0) == 5 && memcmp(buf, "pong!", 5) == 0);
	CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EISCONN);
	close(s);
	CHECK(read(c, buf, sizeof(buf)) == 0); /* the peer's FIN */
	close(c);
	close(l);
}

TEST(tcp_bulk_transfer_with_flow_control)
{
	const size_t total = 3u << 20; /* more than every window and buffer */
	unsigned long sent_sum = 0, got_sum = 0;
	size_t got = 0, i;
	static unsigned char buf[20000];
	int s, c = tcp_pair(&s), status;
	pid_t pid;
	ssize_t k;

	CHECK(c >= 0);
	for (i = 0; i < total; i++)
		sent_sum += (unsigned char)(i * 7 + i / 1000);
	pid = fork();
	if (pid == 0) {
		size_t off = 0;

		close(s);
		while (off < total) {
			size_t n = total - off < sizeof(buf) ? total - off : sizeof(buf);

			for (i = 0; i < n; i++)
				buf[i] = (unsigned char)((off + i) * 7 + (off + i) / 1000);
			k = write(c, buf, n);
			if (k <= 0)
				_exit(1);
			off += (size_t)k;
		}
		_exit(0);
	}
	close(c);
	while ((k = read(s, buf, sizeof(buf))) > 0) {
		for (i = 0; i < (size_t)k; i++)
			got_sum += buf[i];
		got += (size_t)k;
	}
	CHECK(k == 0);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(got == total);
	CHECK(got_sum == sent_sum);
	close(s);
}

TEST(nonblocking_connect_and_accept)
{
	struct sockaddr_in a;
	struct pollfd p;
	int l = listener(&a, 4), c, s, err = -1, r;
	socklen_t len = sizeof(err);

	CHECK(l >= 0);
	fcntl(l, F_SETFL, O_NONBLOCK);
	CHECK(accept(l, NULL, NULL) == -1 && errno == EAGAIN);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	r = connect(c, (struct sockaddr *)&a, sizeof(a));
	CHECK(r == 0 || errno == EINPROGRESS);
	p = (struct pollfd){ c, POLLOUT, 0 };
	CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLOUT));
	CHECK(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0);
	p = (struct pollfd){ l, POLLIN, 0 };
	CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLIN));
	s = accept4(l, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	CHECK(s >= 0);
	CHECK((fcntl(s, F_GETFL) & O_NONBLOCK) && (fcntl(s, F_GETFD) & FD_CLOEXEC));
	CHECK(recv(s, &err, 1, 0) == -1 && errno == EAGAIN);
	close(s);
	close(c);
	close(l);
}

TEST(connect_to_closed_port_is_refused)
{
	struct sockaddr_in a;
	int l = listener(&a, 1), c, err = 0;
	socklen_t len = sizeof(err);
	struct pollfd p;

	CHECK(l >= 0);
	close(l); /* the port is free now: nobody listens */
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == ECONNREFUSED);
	close(c);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (connect(c, (struct sockaddr *)&a, sizeof(a)) == -1) {
		CHECK(errno == EINPROGRESS || errno == ECONNREFUSED);
		if (errno == EINPROGRESS) {
			p = (struct pollfd){ c, POLLOUT, 0 };
			CHECK(poll(&p, 1, 5000) == 1);
			CHECK(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len) == 0);
			CHECK(err == ECONNREFUSED);
		}
	}
	close(c);
}

TEST(peek_dontwait_waitall_shutdown)
{
	int s, c = tcp_pair(&s);
	char buf[32];
	pid_t pid;

	CHECK(c >= 0);
	CHECK(recv(s, buf, sizeof(buf), MSG_DONTWAIT) == -1 && errno == EAGAIN);
	CHECK(send(c, "abcdef", 6, 0) == 6);
	CHECK(recv(s, buf, 3, MSG_PEEK | MSG_WAITALL) == 3 && memcmp(buf, "abc", 3) == 0);
	CHECK(recv(s, buf, 2, 0) == 2 && memcmp(buf, "ab", 2) == 0);
	CHECK(recv(s, buf, 4, MSG_WAITALL) == 4 && memcmp(buf, "cdef", 4) == 0);
	pid = fork();
	if (pid == 0) {
		usleep(100000);
		send(c, "12", 2, 0);
		usleep(100000);
		send(c, "34", 2, 0);
		_exit(0);
	}
	CHECK(recv(s, buf, 4, MSG_WAITALL) == 4 && memcmp(buf, "1234", 4) == 0);
	waitpid(pid, NULL, 0);
	CHECK(shutdown(c, SHUT_WR) == 0);
	CHECK(recv(s, buf, sizeof(buf), 0) == 0);
	CHECK(send(s, "back", 4, 0) == 4); /* the other direction still works */
	CHECK(recv(c, buf, sizeof(buf), 0) == 4);
	signal(SIGPIPE, SIG_IGN);
	CHECK(send(c, "x", 1, 0) == -1 && errno == EPIPE);
	signal(SIGPIPE, SIG_DFL);
	CHECK(shutdown(c, 7) == -1 && errno == EINVAL);
	close(s);
	close(c);
}

TEST(udp_datagrams_and_sources)
{
	struct sockaddr_in a = loop_addr(0), b = loop_addr(0), from;
	socklen_t len = sizeof(a);
	int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0), n = 0;
	char buf[64];

	CHECK(u >= 0 && v >= 0);
	CHECK(bind(u, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(getsockname(u, (struct sockaddr *)&a, &len) == 0 && a.sin_port != 0);
	CHECK(bind(v, (struct sockaddr *)&b, sizeof(b)) == 0);
	len = sizeof(b);
	CHECK(getsockname(v, (struct sockaddr *)&b, &len) == 0);
	CHECK(send(v, "x", 1, 0) == -1 && errno == EDESTADDRREQ);
	CHECK(sendto(v, "hello", 5, 0, (struct sockaddr *)&a, sizeof(a)) == 5);
	CHECK(sendto(v, "world!", 6, 0, (struct sockaddr *)&a, sizeof(a)) == 6);
	len = sizeof(from);
	CHECK(recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len) == 5);
	CHECK(memcmp(buf, "hello", 5) == 0 && from.sin_port == b.sin_port);
	CHECK(ioctl(u, FIONREAD, &n) == 0 && n == 6);
	CHECK(recv(u, buf, 3, MSG_TRUNC) == 6); /* the datagram's full length; the rest is gone */
	CHECK(recv(u, buf, sizeof(buf), MSG_DONTWAIT) == -1 && errno == EAGAIN);
	CHECK(connect(v, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(send(v, "conn", 4, 0) == 4);
	CHECK(recv(u, buf, sizeof(buf), 0) == 4 && memcmp(buf, "conn", 4) == 0);
	len = sizeof(from);
	CHECK(getpeername(v, (struct sockaddr *)&from, &len) == 0 && from.sin_port == a.sin_port);
	close(u);
	close(v);
}

TEST(udp_large_datagrams)
{
	static char big[70000], in[70000];
	struct sockaddr_in a = loop_addr(0);
	socklen_t len = sizeof(a);
	int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
	size_t i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 13);
	CHECK(bind(u, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(getsockname(u, (struct sockaddr *)&a, &len) == 0);
	CHECK(sendto(v, big, 65508, 0, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EMSGSIZE);
	CHECK(sendto(v, big, 60000, 0, (struct sockaddr *)&a, sizeof(a)) == 60000);
	CHECK(recv(u, in, sizeof(in), 0) == 60000 && memcmp(in, big, 60000) == 0);
	close(u);
	close(v);
}

TEST(argument_errors)
{
	struct sockaddr_in a = loop_addr(0), b;
	int s = socket(AF_INET, SOCK_STREAM, 0), t, u;
	socklen_t len = sizeof(a);

	CHECK(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP) == -1 && errno == EPROTONOSUPPORT);
	CHECK(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP) == -1 && errno == EPROTONOSUPPORT);
	CHECK(bind(s, (struct sockaddr *)&a, 8) == -1 && errno == EINVAL);
	a.sin_family = AF_UNIX;
	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EAFNOSUPPORT);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = inet_addr("10.255.255.1"); /* not ours */
	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EADDRNOTAVAIL);
	a = loop_addr(0);
	CHECK(getpeername(s, (struct sockaddr *)&b, &len) == -1 && errno == ENOTCONN);
	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EINVAL);
	len = sizeof(a);
	CHECK(getsockname(s, (struct sockaddr *)&a, &len) == 0);
	CHECK(listen(s, 1) == 0);
	t = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(bind(t, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EADDRINUSE);
	CHECK(recv(s, &b, 1, 0) == -1 && errno == ENOTCONN);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(listen(u, 1) == -1 && errno == EOPNOTSUPP);
	CHECK(accept(u, NULL, NULL) == -1 && errno == EOPNOTSUPP);
	close(s);
	close(t);
	close(u);
}

TEST(options)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), v = -1, one = 1;
	socklen_t len = sizeof(v);
	struct timeval tv = { 0, 100000 }, got;
	int srv, c;
	char b;

	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len) == 0 && v == SOCK_STREAM);
	CHECK(getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &v, &len) == 0 && v == IPPROTO_TCP);
	CHECK(getsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, &len) == 0 && v == AF_INET);
	CHECK(getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &len) == 0 && v == 0);
	CHECK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
	CHECK(getsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, &len) == 0 && v == 1);
	CHECK(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0);
	CHECK(getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, &len) == 0 && v == 1);
	v = 10000;
	CHECK(setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)) == 0);
	CHECK(getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &len) == 0 && v == 20000);
	CHECK(setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, 2) == -1 && errno == EINVAL);
	CHECK(getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0 && v == 0);
	close(s);
	c = tcp_pair(&srv);
	CHECK(c >= 0);
	CHECK(setsockopt(srv, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
	len = sizeof(got);
	CHECK(getsockopt(srv, SOL_SOCKET, SO_RCVTIMEO, &got, &len) == 0);
	CHECK(got.tv_sec == 0 && got.tv_usec == 100000);
	tv.tv_usec = 1000000;
	CHECK(setsockopt(srv, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1 && errno == EDOM);
	CHECK(recv(srv, &b, 1, 0) == -1 && errno == EAGAIN); /* after 100 ms */
	close(srv);
	close(c);
}

TEST(poll_readiness)
{
	int s, c = tcp_pair(&s), n = -1;
	struct pollfd p[2];

	CHECK(c >= 0);
	p[0] = (struct pollfd){ s, POLLIN | POLLOUT, 0 };
	CHECK(poll(p, 1, 0) == 1 && p[0].revents == POLLOUT);
	CHECK(send(c, "abc", 3, 0) == 3);
	p[0].revents = 0;
	CHECK(poll(p, 1, 5000) == 1 && (p[0].revents & POLLIN));
	CHECK(ioctl(s, FIONREAD, &n) == 0 && n == 3);
	close(c);
	p[0] = (struct pollfd){ s, POLLIN | POLLRDHUP, 0 };
	usleep(50000);
	CHECK(poll(p, 1, 5000) == 1 && (p[0].revents & POLLIN));
	close(s);
}

TEST(libc_address_functions)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
	struct in_addr a;
	char buf[INET_ADDRSTRLEN];

	CHECK(inet_pton(AF_INET, "10.0.2.15", &a) == 1 && a.s_addr == htonl(0x0a00020f));
	CHECK(inet_pton(AF_INET, "10.0.2", &a) == 0);
	CHECK(inet_pton(AF_INET, "256.1.1.1", &a) == 0);
	CHECK(inet_pton(AF_INET, "1.2.3.4x", &a) == 0);
	CHECK(inet_ntop(AF_INET, &a, buf, sizeof(buf)) == buf);
	a.s_addr = htonl(0xc0a80001);
	CHECK(strcmp(inet_ntop(AF_INET, &a, buf, sizeof(buf)), "192.168.0.1") == 0);
	CHECK(inet_ntop(AF_INET, &a, buf, 5) == NULL && errno == ENOSPC);
	CHECK(inet_addr("127.1") == htonl(0x7f000001));
	CHECK(htons(0x1234) == 0x3412 || htons(0x1234) == 0x1234);
	CHECK(ntohl(htonl(0xdeadbeef)) == 0xdeadbeef);
	CHECK(getaddrinfo("127.0.0.1", "8080", &hints, &res) == 0);
	CHECK(res->ai_family == AF_INET && res->ai_socktype == SOCK_STREAM);
	CHECK(((struct sockaddr_in *)res->ai_addr)->sin_port == htons(8080));
	freeaddrinfo(res);
	CHECK(getaddrinfo("localhost", NULL, &hints, &res) == 0);
	CHECK(((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	freeaddrinfo(res);
	hints.ai_flags = AI_NUMERICHOST;
	CHECK(getaddrinfo("localhost", NULL, &hints, &res) == EAI_NONAME);
	CHECK(getaddrinfo("127.0.0.1", "http-not-a-port", &hints, &res) != 0);
}


/* A non-blocking server driven by epoll: accepts several clients and echoes, edge-triggered. */
TEST(epoll_nonblocking_server)
{
	enum { NCLI = 4 };
	struct sockaddr_in a;
	struct epoll_event ev, evs[8];
	int l = listener(&a, 8), ep = epoll_create1(EPOLL_CLOEXEC), cli[NCLI], i, n, k;
	int accepted = 0, echoed = 0, rounds;
	char buf[64];

	CHECK(l >= 0 && ep >= 0);
	CHECK(fcntl(l, F_SETFL, O_NONBLOCK) == 0);
	ev = (struct epoll_event){ .events = EPOLLIN, .data.fd = l };
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev) == 0);
	CHECK(epoll_wait(ep, evs, 8, 0) == 0); /* nothing yet */
	for (i = 0; i < NCLI; i++) {
		cli[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		CHECK(cli[i] >= 0);
		CHECK(connect(cli[i], (struct sockaddr *)&a, sizeof(a)) == 0 || errno == EINPROGRESS);
	}
	for (rounds = 0; rounds < 200 && echoed < NCLI; rounds++) {
		n = epoll_wait(ep, evs, 8, 2000);
		CHECK(n > 0);
		for (k = 0; k < n; k++) {
			int fd = evs[k].data.fd, c;
			ssize_t r;

			if (fd == l) {
				while ((c = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
					ev = (struct epoll_event){ .events = EPOLLIN | EPOLLRDHUP | EPOLLET,
								   .data.fd = c };
					CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev) == 0);
					accepted++;
				}
				CHECK(errno == EAGAIN || errno == EWOULDBLOCK);
				/* Once all are accepted, the clients speak. */
				for (i = 0; accepted == NCLI && i < NCLI; i++)
					CHECK(send(cli[i], "hello", 5, 0) == 5);
				continue;
			}
			while ((r = recv(fd, buf, sizeof(buf), 0)) > 0) {
				CHECK(send(fd, buf, (size_t)r, 0) == r);
				echoed++;
			}
			CHECK(r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
		}
	}
	CHECK(accepted == NCLI && echoed == NCLI);
	for (i = 0; i < NCLI; i++) {
		struct pollfd p = { .fd = cli[i], .events = POLLIN };

		CHECK(poll(&p, 1, 2000) == 1);
		CHECK(recv(cli[i], buf, sizeof(buf), 0) == 5 && memcmp(buf, "hello", 5) == 0);
	}
	/* A client's close: its connection reports EPOLLRDHUP (edge) and reads end of file. */
	close(cli[0]);
	n = epoll_wait(ep, evs, 8, 2000);
	CHECK(n >= 1);
	for (k = 0; k < n && !(evs[k].events & EPOLLRDHUP); k++)
		;
	CHECK(k < n && (evs[k].events & EPOLLIN));
	CHECK(recv(evs[k].data.fd, buf, sizeof(buf), 0) == 0);
	for (i = 1; i < NCLI; i++)
		close(cli[i]);
	close(ep);
	close(l);
}

/* Echo requests to 127.0.0.1 on an ICMP echo socket; its identifier and the argument checks. */
TEST(ping_socket_loopback)
{
	struct sockaddr_in to = loop_addr(0), from, me;
	socklen_t fl = sizeof(from), ml = sizeof(me);
	unsigned char req[8 + 16], rep[64];
	struct pollfd p;
	int s = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), v = 0;
	socklen_t vl = sizeof(v);
	ssize_t n;

	SKIP_IF(s < 0 && errno == EACCES && !on_breenix(),
		"net.ipv4.ping_group_range leaves this user out");
	CHECK(s >= 0);
	CHECK(getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &v, &vl) == 0 && v == IPPROTO_ICMP);
	memset(req, 0, sizeof(req));
	req[0] = 8;
	req[7] = 7; /* sequence 7 */
	memcpy(req + 8, "breenix-ping-abc", 16);
	CHECK(sendto(s, req, sizeof(req), 0, (struct sockaddr *)&to, sizeof(to)) == sizeof(req));
	p = (struct pollfd){ .fd = s, .events = POLLIN };
	CHECK(poll(&p, 1, 3000) == 1);
	n = recvfrom(s, rep, sizeof(rep), 0, (struct sockaddr *)&from, &fl);
	CHECK(n == (ssize_t)sizeof(req));
	CHECK(rep[0] == 0 && rep[1] == 0 && rep[6] == 0 && rep[7] == 7);
	CHECK(memcmp(rep + 8, "breenix-ping-abc", 16) == 0);
	CHECK(from.sin_family == AF_INET && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	CHECK(from.sin_port == 0);
	/* The identifier the kernel chose is the socket's port. */
	CHECK(getsockname(s, (struct sockaddr *)&me, &ml) == 0);
	CHECK(me.sin_port != 0 && memcmp(&me.sin_port, rep + 4, 2) == 0);
	/* Short, not an echo request: EINVAL; too large: EMSGSIZE. */
	CHECK(sendto(s, req, 4, 0, (struct sockaddr *)&to, sizeof(to)) < 0 && errno == EINVAL);
	req[0] = 13;
	CHECK(sendto(s, req, sizeof(req), 0, (struct sockaddr *)&to, sizeof(to)) < 0 &&
	      errno == EINVAL);
	req[0] = 8;
	CHECK(send(s, req, sizeof(req), 0) < 0 && errno == EDESTADDRREQ);
	CHECK(sendto(s, req, sizeof(req), 0, (struct sockaddr *)0x10, sizeof(to)) < 0 &&
	      errno == EFAULT);
	close(s);
}

/* Find a line of a /proc/net table that holds text; 1 if found. */
static int proc_net_has(const char *file, const char *text, char *head, size_t headlen)
{
	static char buf[65536];
	int fd = open(file, O_RDONLY);
	ssize_t n, total = 0;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + total, sizeof(buf) - 1 - (size_t)total)) > 0)
		total += n;
	close(fd);
	buf[total] = '\0';
	if (head != NULL) {
		snprintf(head, headlen, "%.*s", (int)(strchr(buf, '\n') ? strchr(buf, '\n') - buf : 0),
			 buf);
	}
	return strstr(buf, text) != NULL;
}

/* /proc/net/tcp and udp list sockets as Linux prints them. */
TEST(proc_net_tcp_and_udp)
{
	struct sockaddr_in a, ca, u = loop_addr(0);
	socklen_t len = sizeof(ca);
	char want[96], head[200];
	int srv, c = tcp_pair(&srv), us = socket(AF_INET, SOCK_DGRAM, 0), l = listener(&a, 1);

	CHECK(c >= 0 && srv >= 0 && us >= 0 && l >= 0);
	CHECK(getsockname(c, (struct sockaddr *)&ca, &len) == 0);
	snprintf(want, sizeof(want), ": 0100007F:%04X 00000000:0000 0A ", ntohs(a.sin_port));
	CHECK(proc_net_has("/proc/net/tcp", want, head, sizeof(head)) == 1);
	CHECK(strncmp(head, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
		      "retrnsmt   uid  timeout inode", 91) == 0);
	CHECK(strlen(head) == 149); /* padded to Linux's width */
	snprintf(want, sizeof(want), ": 0100007F:%04X 0100007F:", ntohs(ca.sin_port));
	CHECK(proc_net_has("/proc/net/tcp", want, NULL, 0) == 1);
	CHECK(bind(us, (struct sockaddr *)&u, sizeof(u)) == 0);
	len = sizeof(u);
	CHECK(getsockname(us, (struct sockaddr *)&u, &len) == 0);
	snprintf(want, sizeof(want), ": 0100007F:%04X 00000000:0000 07 ", ntohs(u.sin_port));
	CHECK(proc_net_has("/proc/net/udp", want, head, sizeof(head)) == 1);
	CHECK(strncmp(head, "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
		      "retrnsmt   uid  timeout inode ref pointer drops", 109) == 0);
	close(us);
	close(c);
	close(srv);
	close(l);
	snprintf(want, sizeof(want), ": 0100007F:%04X 00000000:0000 0A ", ntohs(a.sin_port));
	CHECK(proc_net_has("/proc/net/tcp", want, NULL, 0) == 0); /* the listener is gone */
}

/* getaddrinfo's paths that ask no server: numeric, /etc/hosts, errors. */
TEST(getaddrinfo_numeric_and_hosts)
{
	struct addrinfo hints = { .ai_family = AF_INET }, *res, *ai;
	struct hostent *h;
	int n = 0;

	CHECK(getaddrinfo("10.1.2.3", "53", &hints, &res) == 0);
	for (ai = res; ai != NULL; ai = ai->ai_next, n++)
		CHECK(((struct sockaddr_in *)ai->ai_addr)->sin_addr.s_addr == htonl(0x0a010203));
	CHECK(n == 3); /* TCP, UDP and raw, as glibc */
	freeaddrinfo(res);
	/* /etc/hosts: this system's own name (Breenix's and the host's have a line for it). */
	h = gethostbyname("localhost");
	CHECK(h != NULL && h->h_addrtype == AF_INET && h->h_length == 4);
	CHECK(((struct in_addr *)h->h_addr_list[0])->s_addr == htonl(INADDR_LOOPBACK));
	hints.ai_flags = AI_PASSIVE;
	CHECK(getaddrinfo(NULL, "80", &hints, &res) == 0);
	CHECK(((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == htonl(INADDR_ANY));
	freeaddrinfo(res);
	hints.ai_flags = AI_NUMERICHOST;
	CHECK(getaddrinfo("not.numeric.invalid", NULL, &hints, &res) == EAI_NONAME);
	hints.ai_flags = 0;
	hints.ai_family = AF_INET6 + 100;
	CHECK(getaddrinfo("127.0.0.1", NULL, &hints, &res) == EAI_FAMILY);
	CHECK(strcmp(gai_strerror(EAI_NONAME), "Name or service not known") == 0);
	CHECK(strcmp(gai_strerror(EAI_AGAIN), "Temporary failure in name resolution") == 0);
}

int main(void)
{
	utest_suite = "inet";
	RUN(tcp_connect_accept_and_names);
	RUN(tcp_bulk_transfer_with_flow_control);
	RUN(nonblocking_connect_and_accept);
	RUN(connect_to_closed_port_is_refused);
	RUN(peek_dontwait_waitall_shutdown);
	RUN(udp_datagrams_and_sources);
	RUN(udp_large_datagrams);
	RUN(argument_errors);
	RUN(options);
	RUN(poll_readiness);
	RUN(libc_address_functions);
	RUN(getaddrinfo_numeric_and_hosts);
	RUN(epoll_nonblocking_server);
	RUN(ping_socket_loopback);
	RUN(proc_net_tcp_and_udp);
	return utest_failures != 0;
}
