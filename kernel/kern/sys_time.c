/*
 * sys_time.c: clocks and sleeping.  Linux's struct timespec and timeval
 * are two 64-bit fields on x86_64.  Durations from user space become
 * nanoseconds and deadlines only through lib/time.h, which saturates.
 *
 * Setting the wall clock (clock_settime, settimeofday: root only) moves
 * CLOCK_REALTIME against the monotonic clock.  As on Linux, what waits
 * for an absolute wall-clock time follows: an absolute CLOCK_REALTIME
 * clock_nanosleep sleeps on realtime_set as well, and the clock change
 * wakes it to recompute its deadline; absolute CLOCK_REALTIME timers
 * shift their deadlines (kern/ptimer.c).  Relative sleeps and timers and
 * futex timeouts (converted to monotonic when the wait starts) do not.
 */
#include <kern/clock.h>
#include <kern/cputime.h>
#include <kern/cred.h>
#include <kern/signal.h>
#include <kern/sysargs.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <kern/uaccess.h>
#include <lib/time.h>
#include <sys/errno.h>

enum { CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_MONOTONIC_RAW = 4,
       CLOCK_REALTIME_COARSE = 5, CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7 };

struct k_timespec {
	int64_t tv_sec, tv_nsec;
};

/* id: a clockid_t, an int in Linux's ABI (the upper half of the register is ignored). */
static int clock_read(int32_t id, uint64_t *ns)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = clock_realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = clock_monotonic_ns();
		return 0;
	default:
		return cputime_clock(id, ns);
	}
}

long sys_clock_gettime(const struct sys_clock_gettime_args *uap)
{
	struct k_timespec ts;
	uint64_t ns;
	int err = clock_read(uap->clock_id, &ns);

	if (err != 0)
		return err;
	ts.tv_sec = ns / NSEC_PER_SEC;
	ts.tv_nsec = ns % NSEC_PER_SEC;
	return copy_to_user(uap->tp, &ts, sizeof(ts));
}

long sys_clock_getres(const struct sys_clock_getres_args *uap)
{
	struct k_timespec ts = { 0, 1 };
	uint64_t ns;
	int err = clock_read(uap->clock_id, &ns); /* only to validate the clock id */

	if (err != 0)
		return err;
	/* The CPU-time clocks move a tick at a time (kern/cputime.h); Linux's by 1 ns. */
	if (uap->clock_id == CLOCK_PROCESS_CPUTIME_ID || uap->clock_id == CLOCK_THREAD_CPUTIME_ID ||
	    uap->clock_id < 0)
		ts.tv_nsec = CPUTIME_TICK_NS;
	return !uptr_null(uap->res) ? copy_to_user(uap->res, &ts, sizeof(ts)) : 0;
}

/* Linux's struct timezone: all zero, as Linux's until settimeofday sets one. */
struct k_timezone {
	int32_t tz_minuteswest, tz_dsttime;
};

static struct k_timezone tz;

/* Absolute CLOCK_REALTIME sleepers wait on this too: a clock change wakes them. */
static char realtime_set;

/* Linux's TIME_SETTOD_SEC_MAX: KTIME_SEC_MAX less 30 years of uptime. */
#define SETTOD_SEC_MAX (9223372036LL - 946728000LL)

/*
 * Linux's do_sys_settimeofday64: the time (if any) must be valid and
 * below SETTOD_SEC_MAX (EINVAL) before the privilege check (EPERM), then
 * the zone's minutes west within +-15 hours (EINVAL); a time before the
 * boot is EINVAL.
 */
static long settime(const struct k_timespec *ts, const struct k_timezone *newtz)
{
	int err;

	if (ts != NULL && (ts->tv_sec < 0 || ts->tv_sec >= SETTOD_SEC_MAX || ts->tv_nsec < 0 ||
			   ts->tv_nsec >= (int64_t)NSEC_PER_SEC))
		return -EINVAL;
	if (!cred_root(cred_cur()))
		return -EPERM;
	if (newtz != NULL) {
		if (newtz->tz_minuteswest > 15 * 60 || newtz->tz_minuteswest < -15 * 60)
			return -EINVAL;
		tz = *newtz;
	}
	if (ts == NULL)
		return 0;
	err = clock_set_realtime((uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec);
	if (err == 0)
		wakeup(&realtime_set);
	return err;
}

/*
 * clock_settime(clock, ts): only CLOCK_REALTIME is settable.  Linux's
 * order: a clock without a set operation is EINVAL at once; then the
 * copy (EFAULT); a CPU-time clock is EINVAL if it does not exist, else
 * EPERM (never settable); the wall clock as settime above.
 */
long sys_clock_settime(const struct sys_clock_settime_args *uap)
{
	int32_t id = uap->clock_id;
	struct k_timespec ts;
	uint64_t ns;

	if (id != CLOCK_REALTIME && id >= 0)
		return -EINVAL;
	if (copy_from_user(&ts, uap->tp, sizeof(ts)) != 0)
		return -EFAULT;
	if (id < 0)
		return cputime_clock(id, &ns) == 0 ? -EPERM : -EINVAL;
	return settime(&ts, NULL);
}

/* settimeofday(tv, tz): either may be NULL; tv_usec outside [0, 1e6] is EINVAL (Linux's check). */
long sys_settimeofday(const struct sys_settimeofday_args *uap)
{
	struct k_timespec tv;
	struct k_timezone newtz;

	if (!uptr_null(uap->tv)) {
		if (copy_from_user(&tv, uap->tv, sizeof(tv)) != 0)
			return -EFAULT;
		if (tv.tv_nsec < 0 || tv.tv_nsec > 1000000)
			return -EINVAL;
		tv.tv_nsec *= 1000;
	}
	if (!uptr_null(uap->tz) && copy_from_user(&newtz, uap->tz, sizeof(newtz)) != 0)
		return -EFAULT;
	return settime(uptr_null(uap->tv) ? NULL : &tv, uptr_null(uap->tz) ? NULL : &newtz);
}

long sys_gettimeofday(const struct sys_gettimeofday_args *uap)
{
	uint64_t ns = clock_realtime_ns();
	struct k_timespec tv = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC / 1000 };

	if (!uptr_null(uap->tv) && copy_to_user(uap->tv, &tv, sizeof(tv)) != 0)
		return -EFAULT;
	if (!uptr_null(uap->tz) && copy_to_user(uap->tz, &tz, sizeof(tz)) != 0)
		return -EFAULT;
	return 0;
}

long sys_time(const struct sys_time_args *uap)
{
	int64_t secs = clock_realtime_ns() / NSEC_PER_SEC;

	if (!uptr_null(uap->tloc) && copy_to_user(uap->tloc, &secs, sizeof(secs)) != 0)
		return -EFAULT;
	return secs;
}

static long nanosleep_restart(const struct restart_block *rb);

/*
 * Sleep until the monotonic deadline.  A signal writes the time left to
 * urem (if not 0) and, as Linux, leaves the deadline for restart_syscall:
 * a sleep interrupted by a stop goes on after SIGCONT with what was left,
 * not with the whole request again.
 */
static long nanosleep_until(uint64_t until, uaddr_t urem)
{
	/* Nothing wakes this channel: only the timeout or a signal ends the sleep. */
	while (clock_monotonic_ns() < until) {
		if (sleep_on_intr(&until, until) == -EINTR) {
			uint64_t left = time_left(until, clock_monotonic_ns());
			struct k_timespec rem = { (int64_t)(left / NSEC_PER_SEC),
						  (int64_t)(left % NSEC_PER_SEC) };

			if (urem != 0 && copy_to_user(urem, &rem, sizeof(rem)) != 0)
				return -EFAULT;
			curthread->t_restart = (struct restart_block){ nanosleep_restart, until, urem, 0, 0 };
			return -ERESTART_RESTARTBLOCK;
		}
	}
	return 0;
}

static long nanosleep_restart(const struct restart_block *rb)
{
	return nanosleep_until(rb->deadline, rb->uaddr);
}

long sys_nanosleep(const struct sys_nanosleep_args *uap)
{
	struct k_timespec req;
	uint64_t dur;
	int err;

	if (copy_from_user(&req, uap->req, sizeof(req)) != 0)
		return -EFAULT;
	if ((err = time_ts_to_ns(req.tv_sec, req.tv_nsec, &dur)) != 0)
		return err;
	/* TIME_NS_MAX: never */
	return nanosleep_until(time_deadline(clock_monotonic_ns(), dur), uptr_addr(uap->rem));
}

#define TIMER_ABSTIME 1
#define CLOCK_TAI 11

/* An absolute sleep: EINTR with a handler, restarted whole without one; no time left to write. */
static long sleep_until_abs(uint64_t until)
{
	while (clock_monotonic_ns() < until)
		if (sleep_on_intr(&until, until) == -EINTR)
			return -ERESTARTNOHAND;
	return 0;
}

/*
 * An absolute sleep on the wall clock: until it reads target, the
 * monotonic deadline recomputed each time clock_settime wakes realtime_set.
 */
static long sleep_until_real(uint64_t target)
{
	uint64_t real;

	while ((real = clock_realtime_ns()) < target)
		if (sleep_on_intr(&realtime_set, time_deadline(clock_monotonic_ns(), target - real)) ==
		    -EINTR)
			return -ERESTARTNOHAND;
	return 0;
}

/*
 * clock_nanosleep(clock, flags, req, rem): relative sleeps are
 * nanosleep's (rem written on a signal); TIMER_ABSTIME sleeps until the
 * clock reads req: a monotonic deadline, or on the wall clock (REALTIME,
 * TAI, the same here) one that follows clock_settime.  Other clocks that
 * exist (CPU time, raw, coarse) are EOPNOTSUPP, as Linux's that cannot
 * sleep (Linux also sleeps on a process's CPU clock; Breenix does not).
 */
long sys_clock_nanosleep(const struct sys_clock_nanosleep_args *uap)
{
	int32_t id = uap->clock_id;
	struct k_timespec req;
	uint64_t t, now;
	int err;

	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC && id != CLOCK_BOOTTIME && id != CLOCK_TAI) {
		uint64_t ns;

		return clock_read(id, &ns) != 0 ? -EINVAL : -EOPNOTSUPP;
	}
	if (copy_from_user(&req, uap->req, sizeof(req)) != 0)
		return -EFAULT;
	if ((err = time_ts_to_ns(req.tv_sec, req.tv_nsec, &t)) != 0)
		return err;
	now = clock_monotonic_ns();
	if (!(uap->flags & TIMER_ABSTIME))
		return nanosleep_until(time_deadline(now, t), uptr_addr(uap->rem));
	if (id == CLOCK_REALTIME || id == CLOCK_TAI)
		return sleep_until_real(t);
	return sleep_until_abs(t);
}
