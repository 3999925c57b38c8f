/*
 * ping: ICMP echo requests to a host, replies timed, as iputils' ping.
 *
 *   ping [-c COUNT] [-i SECONDS] [-W SECONDS] [-s SIZE] HOST
 *
 * Uses an unprivileged ICMP echo socket (SOCK_DGRAM, IPPROTO_ICMP, as
 * iputils does when it may): the kernel fills in the identifier and the
 * checksum and hands back only the replies to this socket.  Prints a line
 * per reply and iputils' summary; exits 0 if any reply came, 1 if none,
 * 2 on an error.  Without -c it runs until interrupted (SIGINT: summary).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HDR 8
#define MAXDATA 65507

static volatile sig_atomic_t stop;
static long sent, got;
static double tmin = 1e18, tmax, tsum;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void on_int(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: ping [-c count] [-i interval] [-W timeout] [-s size] host\n");
	exit(2);
}

static int resolve(const char *host, struct sockaddr_in *to)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_DGRAM }, *ai;
	int err = getaddrinfo(host, NULL, &hints, &ai);

	if (err != 0) {
		fprintf(stderr, "ping: %s: %s\n", host, gai_strerror(err));
		return -1;
	}
	memcpy(to, ai->ai_addr, sizeof(*to));
	freeaddrinfo(ai);
	return 0;
}

static int send_one(int s, const struct sockaddr_in *to, unsigned char *pkt, size_t size, int seq)
{
	double t = now_ms();

	memset(pkt, 0, HDR);
	pkt[0] = 8; /* echo request; the kernel sets id and checksum */
	pkt[6] = (unsigned char)(seq >> 8);
	pkt[7] = (unsigned char)seq;
	if (size >= sizeof(t))
		memcpy(pkt + HDR, &t, sizeof(t));
	if (sendto(s, pkt, HDR + size, 0, (const struct sockaddr *)to, sizeof(*to)) < 0) {
		fprintf(stderr, "ping: sendto: %s\n", strerror(errno));
		return -1;
	}
	sent++;
	return 0;
}

/* Take the replies that arrive until deadline (ms); last: or until every request has one. */
static void recv_until(int s, unsigned char *buf, size_t size, double deadline, bool last)
{
	struct sockaddr_in from;
	socklen_t fl;
	struct pollfd p = { .fd = s, .events = POLLIN };
	double left, t, sentat;
	ssize_t n;
	char a[INET_ADDRSTRLEN];

	while (!stop && (left = deadline - now_ms()) > 0 && !(last && got >= sent)) {
		if (poll(&p, 1, (int)left + 1) <= 0)
			continue;
		fl = sizeof(from);
		n = recvfrom(s, buf, HDR + size, 0, (struct sockaddr *)&from, &fl);
		if (n < HDR || buf[0] != 0)
			continue;
		t = now_ms();
		got++;
		inet_ntop(AF_INET, &from.sin_addr, a, sizeof(a));
		if (size >= sizeof(sentat) && (size_t)n >= HDR + sizeof(sentat)) {
			memcpy(&sentat, buf + HDR, sizeof(sentat));
			t -= sentat;
			tsum += t;
			tmin = t < tmin ? t : tmin;
			tmax = t > tmax ? t : tmax;
			printf("%zd bytes from %s: icmp_seq=%u time=%.3f ms\n", n, a,
			       (unsigned)(buf[6] << 8 | buf[7]), t);
		} else {
			printf("%zd bytes from %s: icmp_seq=%u\n", n, a, (unsigned)(buf[6] << 8 | buf[7]));
		}
		fflush(stdout);
	}
}

int main(int argc, char **argv)
{
	long count = -1, size = 56;
	double interval = 1.0, wait_s = 10.0, start;
	struct sockaddr_in to;
	unsigned char *pkt, *buf;
	char a[INET_ADDRSTRLEN];
	int c, s, seq;
	bool last;

	while ((c = getopt(argc, argv, "c:i:W:s:")) != -1) {
		switch (c) {
		case 'c': count = atol(optarg); break;
		case 'i': interval = atof(optarg); break;
		case 'W': wait_s = atof(optarg); break;
		case 's': size = atol(optarg); break;
		default: usage();
		}
	}
	if (optind != argc - 1 || count == 0 || size < 0 || size > MAXDATA || interval < 0.001)
		usage();
	if (resolve(argv[optind], &to) != 0)
		return 2;
	s = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	pkt = malloc(HDR + (size_t)size);
	buf = malloc(HDR + (size_t)size);
	if (s < 0 || pkt == NULL || buf == NULL) {
		fprintf(stderr, "ping: socket: %s\n", strerror(errno));
		return 2;
	}
	signal(SIGINT, on_int);
	inet_ntop(AF_INET, &to.sin_addr, a, sizeof(a));
	printf("PING %s (%s) %ld(%ld) bytes of data.\n", argv[optind], a, size, size + 28);
	fflush(stdout);
	start = now_ms();
	for (seq = 1; !stop && (count < 0 || seq <= count); seq++) {
		if (send_one(s, &to, pkt, (size_t)size, seq) != 0)
			break;
		/* Wait an interval between requests; after the last, up to -W for its reply. */
		last = count >= 0 && seq == count;
		recv_until(s, buf, (size_t)size, now_ms() + (last ? wait_s : interval) * 1e3, last);
	}
	printf("\n--- %s ping statistics ---\n", argv[optind]);
	printf("%ld packets transmitted, %ld received, %ld%% packet loss, time %.0fms\n", sent, got,
	       sent ? (sent - got) * 100 / sent : 0, now_ms() - start);
	if (got > 0 && tsum > 0)
		printf("rtt min/avg/max = %.3f/%.3f/%.3f ms\n", tmin, tsum / got, tmax);
	return got > 0 ? 0 : 1;
}
