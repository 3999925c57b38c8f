/* system(3): the command run by "/bin/sh -c", as POSIX describes it: the
 * caller ignores SIGINT and SIGQUIT and blocks SIGCHLD while it waits, the
 * child gets the caller's own dispositions and mask back.  The result is
 * the shell's wait status, -1 if it could not be started or waited for;
 * system(NULL) says whether a shell is there.
 *
 * Named like newlib's stdlib/system.c so that it replaces that object in
 * libc.a (see Makefile.am): newlib's own only knows ENOSYS here. */
#include <errno.h>
#include <reent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int
run_shell(const char *cmd, const struct sigaction *intr, const struct sigaction *quit,
	  const sigset_t *mask)
{
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		sigaction(SIGINT, intr, NULL);
		sigaction(SIGQUIT, quit, NULL);
		sigprocmask(SIG_SETMASK, mask, NULL);
		execve("/bin/sh", argv, environ);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

int
_system_r(struct _reent *r, const char *cmd)
{
	struct sigaction ign, intr, quit;
	sigset_t chld, mask;
	int status, saved;

	(void)r;
	if (cmd == NULL)
		return access("/bin/sh", X_OK) == 0;
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigaction(SIGINT, &ign, &intr);
	sigaction(SIGQUIT, &ign, &quit);
	sigprocmask(SIG_BLOCK, &chld, &mask);
	status = run_shell(cmd, &intr, &quit, &mask);
	saved = errno;
	sigaction(SIGINT, &intr, NULL);
	sigaction(SIGQUIT, &quit, NULL);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	errno = saved;
	return status;
}

int
system(const char *cmd)
{
	return _system_r(_REENT, cmd);
}
