/*
 * g_pthread_exec.c: execve from a thread that is not the main one ends
 * every other thread (the main one sleeping in pthread_join) and the new
 * program keeps the pid (Linux's de_thread).  Run without arguments it
 * forks a child that does so, running this program again with
 * "after-exec <pid>"; that run checks its pid and that it is alone.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "g_common.h"

static char *self;

/* The second run: the same pid, one thread, and its tid is the pid. */
static int after_exec(const char *pid)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	int threads = -1;

	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "Threads:", 8) == 0)
			threads = atoi(line + 8);
	if (f != NULL)
		fclose(f);
	if (atoi(pid) != getpid() || syscall(SYS_gettid) != getpid())
		return 1;
	return threads == 1 ? 0 : 2;
}

static void *execer(void *arg)
{
	char pid[16];
	char *argv[] = { self, "after-exec", pid, NULL };

	(void)arg;
	usleep(50000);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	execv(self, argv);
	_exit(4);
}

static void *sleeper(void *arg)
{
	(void)arg;
	sleep(30);
	return NULL;
}

int main(int argc, char **argv)
{
	double t0;
	pid_t pid;
	int st = 0;

	if (argc == 3 && strcmp(argv[1], "after-exec") == 0)
		return after_exec(argv[2]);
	g_suite = LIBC_NAME "/pthread_exec";
	self = argv[0];
	alarm(60);
	t0 = g_now();
	pid = fork();
	if (pid == 0) {
		pthread_t a, b;

		if (pthread_create(&b, NULL, sleeper, NULL) != 0 ||
		    pthread_create(&a, NULL, execer, NULL) != 0)
			_exit(5);
		pthread_join(b, NULL); /* ended by the exec long before 30 s */
		_exit(6);
	}
	G_CHECK("fork", pid > 0);
	G_CHECK("wait", waitpid(pid, &st, 0) == pid);
	G_CHECK("new_program_same_pid_alone", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	G_CHECK("others_ended_at_once", g_now() - t0 < 10);
	return g_failures != 0;
}
