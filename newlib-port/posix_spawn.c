/* posix_spawn and posix_spawnp: fork, then in the child apply the
 * attributes and file actions (spawn_attr.c) and exec.
 *
 * The child reports a failure, including exec's, through a close-on-exec
 * pipe: the parent reads either the child's errno (then reaps the child,
 * which exits 127, and returns that errno, as glibc) or end-of-file, which
 * means exec succeeded.  All signals are blocked around fork so no handler
 * of the parent runs in the child; the child resets caught signals to
 * SIG_DFL (and those in the SETSIGDEF set), then installs the attribute's
 * mask or the caller's own.  The order is glibc's: signals, setsid,
 * setpgid, scheduling, ids, file actions, mask, exec.
 *
 * Breenix has no scheduling policies yet: POSIX_SPAWN_SETSCHEDPARAM and
 * POSIX_SPAWN_SETSCHEDULER make the system calls, which fail with ENOSYS
 * today, and posix_spawn returns that.  This file replaces newlib's
 * posix_spawn.c, which relied on vfork sharing memory with the parent to
 * pass the error back. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "breenix_syscall.h"
#include "spawn_impl.h"

extern char **environ;

static void __attribute__((noreturn))
child_fail(int errfd, int err)
{
	while (write(errfd, &err, sizeof(err)) < 0 && errno == EINTR)
		;
	_exit(127);
}

static int
child_signals(const posix_spawnattr_t *sa)
{
	struct sigaction act;
	int sig, sigdef = sa != NULL && (sa->__flags & POSIX_SPAWN_SETSIGDEF);

	for (sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP || sigaction(sig, NULL, &act) != 0)
			continue;
		if ((sigdef && sigismember(&sa->__sd, sig)) ||
		    (act.sa_handler != SIG_DFL && act.sa_handler != SIG_IGN)) {
			memset(&act, 0, sizeof(act));
			act.sa_handler = SIG_DFL;
			if (sigaction(sig, &act, NULL) != 0)
				return errno;
		}
	}
	return 0;
}

static int
child_attrs(const posix_spawnattr_t *sa)
{
	long rc;

	if (sa == NULL)
		return 0;
	if ((sa->__flags & POSIX_SPAWN_SETSID) && setsid() < 0)
		return errno;
	if ((sa->__flags & POSIX_SPAWN_SETPGROUP) && setpgid(0, sa->__pgrp) != 0)
		return errno;
	if (sa->__flags & POSIX_SPAWN_SETSCHEDULER)
		rc = __syscall3(SYS_sched_setscheduler, 0, sa->__policy, &sa->__sp);
	else if (sa->__flags & POSIX_SPAWN_SETSCHEDPARAM)
		rc = __syscall2(SYS_sched_setparam, 0, &sa->__sp);
	else
		rc = 0;
	if (rc < 0)
		return (int)-rc;
	if ((sa->__flags & POSIX_SPAWN_RESETIDS) &&
	    (setegid(getgid()) != 0 || seteuid(getuid()) != 0))
		return errno;
	return 0;
}

/* Keeps the error pipe clear of a descriptor an action is about to use. */
static int
move_errfd(int *errfd, int fd)
{
	int moved;

	if (fd != *errfd)
		return 0;
	if ((moved = fcntl(*errfd, F_DUPFD_CLOEXEC, 0)) < 0)
		return errno;
	close(*errfd);
	*errfd = moved;
	return 0;
}

static int
child_action(const struct __spawn_action *a, int *errfd)
{
	int fd, err, flags;

	if ((a->op == SPAWN_OPEN || a->op == SPAWN_CLOSE) && (err = move_errfd(errfd, a->fd)))
		return err;
	if (a->op == SPAWN_DUP2 && (err = move_errfd(errfd, a->newfd)))
		return err;
	switch (a->op) {
	case SPAWN_OPEN:
		if ((fd = open(a->path, a->oflag, a->mode)) < 0)
			return errno;
		if (fd != a->fd) {
			if (dup2(fd, a->fd) < 0)
				return errno;
			close(fd);
		}
		return 0;
	case SPAWN_CLOSE:
		/* Closing what is not open is no failure (POSIX 2008 TC2). */
		return close(a->fd) != 0 && errno != EBADF ? errno : 0;
	case SPAWN_DUP2:
		if (a->fd == a->newfd) {	/* the descriptor is to survive exec */
			if ((flags = fcntl(a->fd, F_GETFD)) < 0 ||
			    fcntl(a->fd, F_SETFD, flags & ~FD_CLOEXEC) < 0)
				return errno;
			return 0;
		}
		return dup2(a->fd, a->newfd) < 0 ? errno : 0;
	case SPAWN_CHDIR:
		return chdir(a->path) != 0 ? errno : 0;
	case SPAWN_FCHDIR:
		return fchdir(a->fd) != 0 ? errno : 0;
	}
	return EINVAL;
}

/* posix_spawnp's search: the caller's PATH (or glibc's default), trying each
 * directory; returns the error to report if none could be run. */
static int
exec_search(const char *file, char *const argv[], char *const envp[])
{
	const char *path = getenv("PATH"), *p, *end;
	char buf[4096];
	size_t dlen, flen = strlen(file);
	int err = ENOENT;

	if (path == NULL)
		path = "/bin:/usr/bin";
	for (p = path;; p = end + 1) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		dlen = (size_t)(end - p);
		if (dlen + flen + 2 <= sizeof(buf)) {
			memcpy(buf, p, dlen);
			if (dlen > 0)
				buf[dlen++] = '/';	/* an empty entry is "." */
			memcpy(buf + dlen, file, flen + 1);
			execve(buf, argv, envp);
			if (errno == EACCES)
				err = EACCES;
			else if (errno != ENOENT && errno != ENOTDIR)
				return errno;
		}
		if (*end == '\0')
			return err;
	}
}

static void __attribute__((noreturn))
child(const char *path, const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *sa,
      char *const argv[], char *const envp[], int search, int errfd, const sigset_t *oldmask)
{
	int i, err;

	if ((err = child_signals(sa)) != 0 || (err = child_attrs(sa)) != 0)
		child_fail(errfd, err);
	for (i = 0; fa != NULL && i < fa->__nused; i++)
		if ((err = child_action(&fa->__actions[i], &errfd)) != 0)
			child_fail(errfd, err);
	if (sa != NULL && (sa->__flags & POSIX_SPAWN_SETSIGMASK))
		oldmask = &sa->__ss;
	sigprocmask(SIG_SETMASK, oldmask, NULL);
	if (search && strchr(path, '/') == NULL) {
		err = exec_search(path, argv, envp);
	} else {
		execve(path, argv, envp);
		err = errno;
	}
	child_fail(errfd, err);
}

static int
spawn(pid_t *pidp, const char *path, const posix_spawn_file_actions_t *fa,
      const posix_spawnattr_t *sa, char *const argv[], char *const envp[], int search)
{
	sigset_t all, old;
	int pipefd[2], err = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) != 0)
		return errno;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		child(path, fa, sa, argv, envp, search, pipefd[1], &old);
	}
	if (pid < 0)
		err = errno;
	close(pipefd[1]);
	if (pid > 0) {
		while ((n = read(pipefd[0], &err, sizeof(err))) < 0 && errno == EINTR)
			;
		if (n != sizeof(err))
			err = 0;		/* end of file: exec succeeded */
		else
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
	}
	close(pipefd[0]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (err == 0 && pidp != NULL)
		*pidp = pid;
	return err;
}

int
posix_spawn(pid_t *__restrict pid, const char *__restrict path,
	    const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *__restrict sa,
	    char *const argv[], char *const envp[])
{
	return spawn(pid, path, fa, sa, argv, envp, 0);
}

int
posix_spawnp(pid_t *__restrict pid, const char *__restrict file,
	     const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *__restrict sa,
	     char *const argv[], char *const envp[])
{
	return spawn(pid, file, fa, sa, argv, envp, 1);
}
