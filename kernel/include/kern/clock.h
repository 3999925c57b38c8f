/*
 * clock.h: kernel time.
 *
 * The periodic timer interrupt runs at CLOCK_HZ and calls clock_intr(),
 * which kmain registers with arch_timer_set_handler().
 * clock_monotonic_ns() counts nanoseconds since boot from the TSC
 * calibrated at boot (or, without a usable TSC, from timer ticks, at
 * 1/CLOCK_HZ resolution).  Wall-clock time is the CMOS RTC read at boot
 * plus the monotonic clock (docs/boot.md), until clock_settime or
 * settimeofday sets it: that moves the constant between the two clocks.
 */
#ifndef KERN_CLOCK_H
#define KERN_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define CLOCK_HZ 250
#define NSEC_PER_SEC 1000000000ULL

void clock_init(void);
/* The timer interrupt: the tick, the CPU-time charge, the scheduler's slice. */
void clock_intr(bool from_user);
uint64_t clock_ticks(void);
uint64_t clock_monotonic_ns(void);
/* Nanoseconds since 1970-01-01 00:00:00 UTC. */
uint64_t clock_realtime_ns(void);
/* clock_realtime_ns() - clock_monotonic_ns(): changes only when the wall clock is set. */
uint64_t clock_realtime_offset(void);
/* Set the wall clock to ns: 0, or -EINVAL for a time before the boot.  No privilege check. */
int clock_set_realtime(uint64_t ns);

#endif
