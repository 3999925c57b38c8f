/* Clocks, sleeping and interval timers. */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/times.h>
#include "breenix_syscall.h"

int nanosleep(const struct timespec *req, struct timespec *rem)	/* a cancellation point */
{ return CANCEL_SYSCALL(__syscall2(SYS_nanosleep, req, rem)); }
int clock_gettime(clockid_t id, struct timespec *ts) { return SYSCALL2(SYS_clock_gettime, id, ts); }
int clock_getres(clockid_t id, struct timespec *ts) { return SYSCALL2(SYS_clock_getres, id, ts); }
int clock_settime(clockid_t id, const struct timespec *ts) { return SYSCALL2(SYS_clock_settime, id, ts); }
int gettimeofday(struct timeval *tv, void *tz) { return SYSCALL2(SYS_gettimeofday, tv, tz); }
int settimeofday(const struct timeval *tv, const struct timezone *tz)
{ return SYSCALL2(SYS_settimeofday, tv, tz); }
clock_t times(struct tms *t) { return SYSCALL1(SYS_times, t); }
int getitimer(int which, struct itimerval *v) { return SYSCALL2(SYS_getitimer, which, v); }
int setitimer(int which, const struct itimerval *v, struct itimerval *old)
{ return SYSCALL3(SYS_setitimer, which, v, old); }
unsigned alarm(unsigned seconds) { return __syscall1(SYS_alarm, seconds); }
int pause(void) { return CANCEL_SYSCALL(__syscall0(SYS_pause)); }
