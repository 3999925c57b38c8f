/*
 * clock.c: the tick counter, the monotonic clock and wall-clock time
 * (see kern/clock.h).  ticks is written only by the timer interrupt and
 * read whole (one 64-bit load), so readers need no lock; so is
 * boot_realtime_ns, written by clock_settime.
 */
#include <arch/arch.h>
#include <kern/clock.h>
#include <kern/cputime.h>
#include <kern/kstat.h>
#include <kern/kprintf.h>
#include <kern/thread.h>
#include <sys/errno.h>

static volatile uint64_t ticks;
static volatile uint64_t boot_realtime_ns; /* the wall clock minus the monotonic one */
static int use_ticks; /* no usable cycle counter */

void clock_init(void)
{
	int64_t rtc = arch_rtc_seconds();

	use_ticks = arch_clock_ns() == 0;
	if (use_ticks)
		kprintf("clock: no usable TSC, counting timer ticks (%u Hz)\n", CLOCK_HZ);
	if (rtc < 0) {
		kprintf("clock: RTC unreadable, wall clock starts at the epoch\n");
		rtc = 0;
	}
	boot_realtime_ns = (uint64_t)rtc * NSEC_PER_SEC - clock_monotonic_ns();
}

static void clock_tick(void)
{
	ticks++;
}

void clock_intr(bool from_user)
{
	clock_tick();
	cputime_tick(from_user);
	kstat_tick(from_user);
	sched_tick();
}

uint64_t clock_ticks(void)
{
	return ticks;
}

uint64_t clock_monotonic_ns(void)
{
	if (use_ticks)
		return ticks * (NSEC_PER_SEC / CLOCK_HZ);
	return arch_clock_ns();
}

uint64_t clock_realtime_ns(void)
{
	return boot_realtime_ns + clock_monotonic_ns();
}

uint64_t clock_realtime_offset(void)
{
	return boot_realtime_ns;
}

int clock_set_realtime(uint64_t ns)
{
	uint64_t mono = clock_monotonic_ns();

	if (ns < mono)
		return -EINVAL; /* before the boot, as Linux's do_settimeofday64 */
	boot_realtime_ns = ns - mono;
	return 0;
}
