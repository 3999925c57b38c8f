/*
 * tsc.c: the monotonic nanosecond clock from the time-stamp counter.
 *
 * At boot the TSC is counted across 10 ms of PIT channel 2 (mode 0: OUT2
 * goes high when the count runs out), three times, keeping the smallest
 * result (an interrupted measurement only comes out longer).  Nanoseconds
 * are then (tsc - tsc_boot) * tsc_mult >> 32, in 128-bit arithmetic so
 * nothing overflows in the machine's lifetime.  Without a TSC, or when the
 * measurement fails, arch_clock_ns() returns 0 and kern/clock.c counts
 * timer ticks instead.
 */
#include <kern/clock.h>
#include <kern/kprintf.h>
#include <machine/cpufunc.h>

#include "pit.h"
#include "trap.h"

#define CAL_MS 10
#define CAL_ROUNDS 3
#define CAL_MAX_SPINS 100000000UL

static uint64_t tsc_boot, tsc_mult, tsc_hz;

/* TSC ticks in CAL_MS milliseconds of PIT channel 2, or 0 if OUT2 never rose. */
static uint64_t tsc_measure(void)
{
	unsigned count = PIT_HZ * CAL_MS / 1000;
	unsigned long spins;
	uint64_t t0, t1;

	outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01); /* gate on, speaker off */
	outb(PIT_CMD, 0xB0);                            /* channel 2, lo/hi, mode 0 */
	outb(PIT_CH2, count & 0xFF);
	outb(PIT_CH2, count >> 8);
	t0 = rdtsc();
	for (spins = 0; !(inb(PIT_GATE) & 0x20); spins++)
		if (spins == CAL_MAX_SPINS)
			return 0;
	t1 = rdtsc();
	return t1 - t0;
}

void tsc_init(void)
{
	uint32_t r[4];
	uint64_t best = 0;
	int i;

	cpuid(1, 0, r);
	if (!(r[3] & (1 << 4))) {
		kprintf("tsc: CPU has no TSC\n");
		return;
	}
	for (i = 0; i < CAL_ROUNDS; i++) {
		uint64_t t = tsc_measure();

		if (t != 0 && (best == 0 || t < best))
			best = t;
	}
	tsc_hz = best * (1000 / CAL_MS);
	if (tsc_hz < 1000000) {
		kprintf("tsc: calibration failed\n");
		tsc_hz = 0;
		return;
	}
	tsc_mult = (NSEC_PER_SEC << 32) / tsc_hz;
	tsc_boot = rdtsc();
	kprintf("tsc: %lu.%03lu MHz\n", tsc_hz / 1000000, tsc_hz / 1000 % 1000);
}

uint64_t arch_clock_ns(void)
{
	if (tsc_hz == 0)
		return 0;
	/* Never 0 once calibrated: 0 means "no cycle counter". */
	return (uint64_t)(((unsigned __int128)(rdtsc() - tsc_boot) * tsc_mult) >> 32) + 1;
}

uint64_t tsc_frequency(void)
{
	return tsc_hz;
}
