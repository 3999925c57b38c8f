/*
 * g_pthread_fork.c: fork from a thread of the C library's pthreads: the
 * child has one thread (its tid its pid), can use malloc and stdio, and is
 * the process's child, so the main thread can wait for it.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "g_common.h"

static pid_t child;

static void *forker(void *arg)
{
	(void)arg;
	child = fork();
	if (child == 0) {
		char *p = malloc(100);
		int ok = p != NULL && syscall(SYS_gettid) == getpid();

		if (p != NULL)
			strcpy(p, "child");
		_exit(ok ? 3 : 1);
	}
	return NULL;
}

static void *sleeper(void *arg)
{
	(void)arg;
	usleep(200000);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	int st = 0;

	g_suite = LIBC_NAME "/pthread_fork";
	alarm(60);
	G_CHECK("create", pthread_create(&b, NULL, sleeper, NULL) == 0 &&
				  pthread_create(&a, NULL, forker, NULL) == 0);
	G_CHECK("join", pthread_join(a, NULL) == 0);
	G_CHECK("forked", child > 0);
	G_CHECK("wait_from_main_thread", waitpid(child, &st, 0) == child);
	G_CHECK("child_status", WIFEXITED(st) && WEXITSTATUS(st) == 3);
	G_CHECK("other_thread_lives", pthread_join(b, NULL) == 0);
	G_CHECK("no_more_children", waitpid(-1, NULL, WNOHANG) == -1);
	return g_failures != 0;
}
