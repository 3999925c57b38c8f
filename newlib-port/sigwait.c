/* Waiting for and queueing signals: sigtimedwait, sigwaitinfo, sigwait
 * (rt_sigtimedwait) and sigqueue (rt_sigqueueinfo), as glibc's. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "breenix_syscall.h"

int
sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout)
{
	/* a cancellation point */
	return CANCEL_SYSCALL(__syscall4(SYS_rt_sigtimedwait, set, info, timeout, sizeof(sigset_t)));
}

int
sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	return sigtimedwait(set, info, NULL);
}

/* POSIX: the error number is returned, and a signal handler does not end the wait. */
int
sigwait(const sigset_t *set, int *sig)
{
	int r;

	do
		r = sigtimedwait(set, NULL, NULL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno;
	*sig = r;
	return 0;
}

int
sigqueue(pid_t pid, int sig, const union sigval value)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_QUEUE;
	info.si_pid = getpid();
	info.si_uid = getuid();
	info.si_value = value;
	return SYSCALL3(SYS_rt_sigqueueinfo, pid, sig, &info);
}
