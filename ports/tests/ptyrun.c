/*
 * ptyrun: run a program on a pseudo-terminal and type keys at it, for the
 * ports' tests of full-screen programs (less, nano, vim) on Breenix.
 *
 *   ptyrun [-k KEYS]... PROGRAM [ARG...]
 *
 * The program runs in a new session whose controlling terminal is the slave
 * of a new pty (forkpty, 24x80, TERM=vt100).  Each KEYS is written to the
 * master once the program has been quiet (no output) for half a second, in
 * order; "\r", "\n", "\e" and "^X" (control-X) are understood.  All the
 * program's output goes to ptyrun's standard output, as the terminal got it.
 * Exits with the program's status, or 124 if it was still running 30 s
 * after the last keys (it is then killed).
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_KEYS 16

/* Decode KEYS's escapes into out (at least strlen(keys) + 1 bytes): its length. */
static size_t decode(const char *keys, char *out)
{
	size_t n = 0;

	while (*keys) {
		if (keys[0] == '\\' && keys[1]) {
			char c = keys[1];
			out[n++] = c == 'r' ? '\r' : c == 'n' ? '\n' : c == 'e' ? 033 : c;
			keys += 2;
		} else if (keys[0] == '^' && keys[1] >= '@' && keys[1] <= '_') {
			out[n++] = keys[1] - '@';
			keys += 2;
		} else {
			out[n++] = *keys++;
		}
	}
	return n;
}

/* Copy what the master has to stdout, waiting up to ms: 1 if there was output,
 * 0 if none came, -1 at end (the slave side closed). */
static int pump(int master, int ms)
{
	struct pollfd p = { .fd = master, .events = POLLIN };
	char buf[4096];
	ssize_t n;
	int r = poll(&p, 1, ms);

	if (r < 0)
		return errno == EINTR ? 1 : -1;
	if (r == 0)
		return 0;
	n = read(master, buf, sizeof(buf));
	if (n <= 0)
		return -1;
	fwrite(buf, 1, (size_t)n, stdout);
	fflush(stdout);
	return 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: ptyrun [-k KEYS]... PROGRAM [ARG...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *keys[MAX_KEYS];
	int nkeys = 0, i = 1, master, status, r;
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	pid_t pid;
	time_t deadline;

	while (i + 1 < argc && strcmp(argv[i], "-k") == 0 && nkeys < MAX_KEYS) {
		keys[nkeys++] = argv[i + 1];
		i += 2;
	}
	if (i >= argc || argv[i][0] == '-')
		return usage();
	pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		perror("ptyrun: forkpty");
		return 1;
	}
	if (pid == 0) {
		setenv("TERM", "vt100", 1);
		execvp(argv[i], argv + i);
		perror(argv[i]);
		_exit(127);
	}
	for (int k = 0; k < nkeys; k++) {
		char buf[256];
		size_t n;

		/* wait until the program has said what it had to and is waiting */
		while ((r = pump(master, 500)) > 0)
			;
		if (r < 0)
			break;
		if (strlen(keys[k]) >= sizeof(buf))
			return usage();
		n = decode(keys[k], buf);
		if (write(master, buf, n) != (ssize_t)n) {
			perror("ptyrun: write");
			break;
		}
	}
	deadline = time(NULL) + 30;
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (time(NULL) > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fprintf(stderr, "ptyrun: %s still running 30 s after the keys\n", argv[i]);
			return 124;
		}
		if (pump(master, 200) < 0)
			usleep(20000);	/* the slave is closed: only the exit is left to wait for */
	}
	while (pump(master, 100) > 0)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
