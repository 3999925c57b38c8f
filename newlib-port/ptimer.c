/* POSIX timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete.  The kernel's timer id is an int; timer_t
 * (unsigned long) holds it.  SIGEV_THREAD (a function run on a new thread
 * at each expiry, which glibc builds in user space) is not supported:
 * EINVAL. */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include "breenix_syscall.h"

#define SIGEV_THREAD_VALUE 2 /* Linux's SIGEV_THREAD, which <signal.h> does not offer */

int
timer_create(clockid_t clock_id, struct sigevent *__restrict evp, timer_t *__restrict timerid)
{
	int id, r;

	if (evp != NULL && evp->sigev_notify == SIGEV_THREAD_VALUE) {
		errno = EINVAL;
		return -1;
	}
	r = SYSCALL3(SYS_timer_create, clock_id, evp, &id);
	if (r == 0)
		*timerid = (timer_t)id;
	return r;
}

int
timer_settime(timer_t timerid, int flags, const struct itimerspec *__restrict value,
	      struct itimerspec *__restrict ovalue)
{
	return SYSCALL4(SYS_timer_settime, (int)timerid, flags, value, ovalue);
}

int
timer_gettime(timer_t timerid, struct itimerspec *value)
{
	return SYSCALL2(SYS_timer_gettime, (int)timerid, value);
}

int
timer_getoverrun(timer_t timerid)
{
	return SYSCALL1(SYS_timer_getoverrun, (int)timerid);
}

int
timer_delete(timer_t timerid)
{
	return SYSCALL1(SYS_timer_delete, (int)timerid);
}
