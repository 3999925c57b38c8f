/* waitid, sendfile, copy_file_range, chroot and the nice values. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/wait.h>
#include "breenix_syscall.h"

int waitid(idtype_t type, id_t id, siginfo_t *info, int options)
{
	return __syscall_ret(__syscall6(SYS_waitid, type, id, (long)info, options, 0, 0));
}

ssize_t sendfile(int out, int in, off_t *off, size_t count)
{ return SYSCALL4(SYS_sendfile, out, in, off, count); }

ssize_t copy_file_range(int in, off_t *inoff, int out, off_t *outoff, size_t len,
			unsigned int flags)
{
	return __syscall_ret(__syscall6(SYS_copy_file_range, in, (long)inoff, out,
					(long)outoff, (long)len, flags));
}

int chroot(const char *path) { return SYSCALL1(SYS_chroot, path); }

/* The kernel answers 20 - nice (1..40), so that no success is negative. */
int getpriority(int which, id_t who)
{
	long r = SYSCALL2(SYS_getpriority, which, who);

	return r < 0 ? -1 : 20 - (int)r;
}

int setpriority(int which, id_t who, int prio)
{ return SYSCALL3(SYS_setpriority, which, who, prio); }

/* As glibc: the new nice value; -1 with errno set only on failure (EPERM). */
int nice(int incr)
{
	int saved = errno, prio;

	errno = 0;
	prio = getpriority(PRIO_PROCESS, 0);
	if (prio == -1 && errno != 0)
		return -1;
	if (setpriority(PRIO_PROCESS, 0, prio + incr) == -1) {
		if (errno == EACCES)
			errno = EPERM;
		return -1;
	}
	errno = saved;
	return getpriority(PRIO_PROCESS, 0);
}
