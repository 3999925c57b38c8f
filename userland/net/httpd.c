/*
 * httpd: a small HTTP/1.0 file server.
 *
 *   httpd [-p PORT] [-n COUNT] [DIR]
 *
 * Serves GET requests for the files under DIR (default: the current
 * directory) on PORT (default 80), one child process per connection; a
 * path with ".." or a file that cannot be opened is 404.  With -n it
 * exits after COUNT connections have been served (for tests).
 */
#include "../coreutils/common.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void reply(int c, const char *status, const char *body)
{
	char hdr[256];
	int n = snprintf(hdr, sizeof(hdr), "HTTP/1.0 %s\r\nContent-Length: %zu\r\n"
			 "Content-Type: text/plain\r\nConnection: close\r\n\r\n", status, strlen(body));

	if (write_all(c, hdr, (size_t)n) == 0)
		write_all(c, body, strlen(body));
}

static void serve(int c)
{
	char req[4096], path[1024], hdr[256], buf[16384];
	size_t have = 0;
	struct stat st;
	ssize_t k;
	int fd, n;

	while (have < sizeof(req) - 1) {
		k = read(c, req + have, sizeof(req) - 1 - have);
		if (k <= 0)
			return;
		have += (size_t)k;
		req[have] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL || strstr(req, "\n\n") != NULL)
			break;
	}
	if (strncmp(req, "GET /", 5) != 0 || (n = (int)strcspn(req + 5, " \r\n")) >= (int)sizeof(path)) {
		reply(c, "400 Bad Request", "bad request\n");
		return;
	}
	memcpy(path, req + 5, (size_t)n);
	path[n] = '\0';
	if (n == 0)
		snprintf(path, sizeof(path), "index.html");
	if (strstr(path, "..") != NULL || (fd = open(path, O_RDONLY)) < 0) {
		reply(c, "404 Not Found", "not found\n");
		return;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		reply(c, "404 Not Found", "not found\n");
		return;
	}
	n = snprintf(hdr, sizeof(hdr), "HTTP/1.0 200 OK\r\nContent-Length: %lld\r\n"
		     "Connection: close\r\n\r\n", (long long)st.st_size);
	if (write_all(c, hdr, (size_t)n) != 0)
		return;
	while ((k = read(fd, buf, sizeof(buf))) > 0)
		if (write_all(c, buf, (size_t)k) != 0)
			break;
	close(fd);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int c, s, one = 1, port = 80;
	long count = -1, served = 0;
	pid_t pid;

	while ((c = getopt(argc, argv, "p:n:")) != -1) {
		if (c == 'p')
			port = atoi(optarg);
		else if (c == 'n')
			count = atol(optarg);
		else {
			fprintf(stderr, "usage: httpd [-p PORT] [-n COUNT] [DIR]\n");
			return 2;
		}
	}
	if (optind < argc && chdir(argv[optind]) != 0) {
		perror(argv[optind]);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	s = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_port = htons((uint16_t)port);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s, 128) != 0) {
		perror("httpd");
		return 1;
	}
	while (count < 0 || served < count) {
		c = accept(s, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR)
				continue;
			perror("accept");
			return 1;
		}
		served++;
		pid = fork();
		if (pid == 0) {
			close(s);
			serve(c);
			close(c);
			_exit(0);
		}
		close(c);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
	while (wait(NULL) > 0)
		;
	return 0;
}
