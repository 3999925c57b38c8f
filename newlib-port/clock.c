/* clock (replaces newlib's time/clock.c, which added times() ticks of
 * 1/100 s and called them CLOCKS_PER_SEC, 1/1000 s): the process's CPU
 * time in microseconds, CLOCKS_PER_SEC being 1000000 as XSI and glibc
 * have it; and clock_getcpuclockid, Linux's encoding of another process's
 * CPU clock (pid 0: the caller's, encoded too, as glibc gives it), checked
 * with clock_getres as glibc does. */
#include <errno.h>
#include <time.h>
#include "breenix_syscall.h"

#define CPUCLOCK_SCHED 2

clock_t
clock(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return (clock_t)-1;
	return (clock_t)(ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

int
clock_getcpuclockid(pid_t pid, clockid_t *id)
{
	clockid_t c = (clockid_t)((~(unsigned int)pid) << 3) | CPUCLOCK_SCHED;
	long r;

	r = __syscall2(SYS_clock_getres, c, 0);
	if (r == -EINVAL)
		return ESRCH;
	if (r < 0)
		return (int)-r;
	*id = c;
	return 0;
}
