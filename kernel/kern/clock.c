/*
 * clock.c: the tick counter, the monotonic clock and wall-clock time
 * (see kern/clock.h).  ticks is written only by the timer interrupt and
 * read whole (one 64-bit load), so readers need no lock.
 */
#include <arch/arch.h>
#include <kern/clock.h>
#include <kern/cputime.h>
#include <kern/kprintf.h>
#include <kern/thread.h>

static volatile uint64_t ticks;
static uint64_t boot_realtime_ns;
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
