/*
 * fetch (also wget): HTTP/1.0 GET of one URL into a file.
 *
 *   fetch [-q] [-o FILE] URL      wget [-q] [-O FILE] URL
 *
 * URL is http://HOST[:PORT]/PATH; HOST is a numeric address or a name in
 * /etc/hosts (getaddrinfo).  The body goes to FILE ("-": standard output;
 * default: the last part of PATH, or index.html).  Exit status 0 only for
 * a 200 answer whose body is complete (as long as Content-Length says,
 * when it says).
 */
#include "../coreutils/common.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define HDR_MAX 16384

static int quiet;

static void die(const char *what)
{
	fprintf(stderr, "fetch: %s\n", what);
	exit(1);
}

/* Split http://host[:port]/path. */
static void parse_url(const char *url, char *host, size_t hsz, char *port, size_t psz,
		      const char **path)
{
	const char *h, *slash, *colon;
	size_t n;

	if (strncmp(url, "http://", 7) != 0)
		die("only http:// URLs are supported");
	h = url + 7;
	slash = strchr(h, '/');
	*path = slash != NULL ? slash : "/";
	n = slash != NULL ? (size_t)(slash - h) : strlen(h);
	colon = memchr(h, ':', n);
	if (colon != NULL) {
		if ((size_t)(colon - h) >= hsz || (size_t)(n - (colon - h) - 1) >= psz)
			die("URL too long");
		memcpy(host, h, (size_t)(colon - h));
		host[colon - h] = '\0';
		memcpy(port, colon + 1, n - (size_t)(colon - h) - 1);
		port[n - (colon - h) - 1] = '\0';
	} else {
		if (n >= hsz)
			die("URL too long");
		memcpy(host, h, n);
		host[n] = '\0';
		snprintf(port, psz, "80");
	}
	if (host[0] == '\0')
		die("no host in URL");
}

static int dial(const char *host, const char *port)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res, *ai;
	int fd = -1, err;

	err = getaddrinfo(host, port, &hints, &res);
	if (err != 0) {
		fprintf(stderr, "fetch: %s: %s\n", host, gai_strerror(err));
		exit(1);
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		err = errno;
		close(fd);
		fd = -1;
		errno = err;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		fprintf(stderr, "fetch: connect to %s:%s: %s\n", host, port, strerror(errno));
		exit(1);
	}
	return fd;
}

/* Read the header into buf: its length (up to the blank line); the bytes after it stay in buf. */
static size_t read_header(int fd, char *buf, size_t *have)
{
	char *end;
	ssize_t k;

	*have = 0;
	for (;;) {
		buf[*have] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")) != NULL)
			return (size_t)(end - buf) + 4;
		if (*have >= HDR_MAX - 1)
			die("response header too long");
		k = read(fd, buf + *have, HDR_MAX - 1 - *have);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			die("connection closed before the response header ended");
		*have += (size_t)k;
	}
}

static long long content_length(const char *hdr)
{
	const char *p = hdr;

	while ((p = strchr(p, '\n')) != NULL) {
		p++;
		if (strncasecmp(p, "Content-Length:", 15) == 0)
			return strtoll(p + 15, NULL, 10);
	}
	return -1;
}

static const char *default_name(const char *path)
{
	static char name[256];
	const char *b = strrchr(path, '/');
	size_t n;

	b = b != NULL ? b + 1 : path;
	n = strcspn(b, "?#");
	if (n == 0 || n >= sizeof(name))
		return "index.html";
	memcpy(name, b, n);
	name[n] = '\0';
	return name;
}

int main(int argc, char **argv)
{
	char host[256], port[16], *buf, req[1024];
	const char *out = NULL, *path;
	long long want, got = 0;
	size_t have, hlen;
	int c, fd, ofd;
	ssize_t k;

	while ((c = getopt(argc, argv, "qo:O:")) != -1) {
		if (c == 'q')
			quiet = 1;
		else if (c == 'o' || c == 'O')
			out = optarg;
		else
			die("usage: fetch [-q] [-o FILE] http://HOST[:PORT]/PATH");
	}
	if (optind != argc - 1)
		die("usage: fetch [-q] [-o FILE] http://HOST[:PORT]/PATH");
	parse_url(argv[optind], host, sizeof(host), port, sizeof(port), &path);
	if (out == NULL)
		out = default_name(path);
	fd = dial(host, port);
	k = snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: breenix-fetch\r\n"
		     "Connection: close\r\n\r\n", path, host);
	if (k < 0 || (size_t)k >= sizeof(req))
		die("URL too long");
	if (write_all(fd, req, (size_t)k) != 0)
		die(strerror(errno));
	buf = malloc(HDR_MAX > 65536 ? HDR_MAX : 65536);
	if (buf == NULL)
		die("out of memory");
	hlen = read_header(fd, buf, &have);
	if (strncmp(buf, "HTTP/1.", 7) != 0 || strncmp(buf + 8, " 200", 4) != 0) {
		buf[strcspn(buf, "\r\n")] = '\0';
		fprintf(stderr, "fetch: %s\n", buf);
		return 1;
	}
	want = content_length(buf);
	ofd = strcmp(out, "-") == 0 ? 1 : open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (ofd < 0) {
		fprintf(stderr, "fetch: %s: %s\n", out, strerror(errno));
		return 1;
	}
	if (write_all(ofd, buf + hlen, have - hlen) != 0)
		die(strerror(errno));
	got = (long long)(have - hlen);
	while ((k = read(fd, buf, 65536)) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			die(strerror(errno));
		if (write_all(ofd, buf, (size_t)k) != 0)
			die(strerror(errno));
		got += k;
	}
	close(fd);
	if (ofd != 1 && close(ofd) != 0)
		die(strerror(errno));
	if (want >= 0 && got != want) {
		fprintf(stderr, "fetch: %s: got %lld bytes of %lld\n", out, got, want);
		return 1;
	}
	if (!quiet)
		fprintf(stderr, "fetch: %s: %lld bytes\n", out, got);
	return 0;
}
