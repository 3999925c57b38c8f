/*
 * t_repeat.c: the statically linked glibc and musl thread programs
 * (userland/glibc: 8 threads contending a mutex and a condition variable,
 * fork from a thread, execve from a thread) run N times in a row in one
 * boot, every one of them each round; one PASS/FAIL line with the count.
 * A flaky futex, clone or exit path shows up here long before it shows in
 * a single run.  N is argv[1], else REPEAT_N (the test boot runs it
 * without arguments).  The programs are the g_* and m_* files next to
 * this one (/tests on Breenix); where there are none (the host's build
 * directory) the case is skipped.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef REPEAT_N
#define REPEAT_N 10
#endif
#define MAXPROGS 16

static char progs[MAXPROGS][64];
static int nprogs;

/* The thread programs in dir: g_pthread_* (glibc) and m_pthread_* (musl). */
static void find_programs(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL && nprogs < MAXPROGS)
		if ((strncmp(e->d_name, "g_pthread_", 10) == 0 || strncmp(e->d_name, "m_pthread_", 10) == 0) &&
		    strlen(e->d_name) < sizeof(progs[0]))
			strcpy(progs[nprogs++], e->d_name);
	if (d != NULL)
		closedir(d);
}

/* Run dir/name once, its output thrown away: its wait status. */
static int run_quiet(const char *dir, const char *name)
{
	char path[384];
	pid_t pid;
	int st = -1;

	snprintf(path, sizeof(path), "%.250s/%.60s", dir, name);
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : REPEAT_N, i, j, st, failed = 0;
	char dir[256], first[128] = "", *slash;
	time_t t0 = time(NULL);

	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(dir, sizeof(dir), "%s", argv[0]);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else
		strcpy(dir, ".");
	find_programs(dir);
	if (nprogs == 0) {
		printf("SKIP: user/repeat/libc_threads_x%d: no g_pthread_* or m_pthread_* programs in %s\n",
		       rounds, dir);
		return 0;
	}
	for (i = 1; i <= rounds; i++) {
		for (j = 0; j < nprogs; j++) {
			if ((st = run_quiet(dir, progs[j])) == 0)
				continue;
			if (failed++ == 0)
				snprintf(first, sizeof(first), "%.60s run %d: status %#x", progs[j], i, st);
		}
	}
	if (failed == 0)
		printf("PASS: user/repeat/libc_threads_x%d: %d rounds of %d programs in %ld s\n",
		       rounds, rounds, nprogs, (long)(time(NULL) - t0));
	else
		printf("FAIL: user/repeat/libc_threads_x%d: %d of %d runs failed; first: %s\n", rounds,
		       failed, rounds * nprogs, first);
	return failed != 0;
}
