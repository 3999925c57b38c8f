/*
 * pit.c: the 8254 programmable interval timer.  Channel 0 drives the
 * periodic timer interrupt (IRQ 0) at CLOCK_HZ in rate-generator mode;
 * tsc.c uses channel 2 once at boot to measure the TSC.
 */
#include <kern/clock.h>
#include <stddef.h>

#include <kern/cputime.h>
#include <kern/irq.h>
#include <kern/panic.h>
#include <kern/thread.h>
#include <machine/cpufunc.h>

#include "pit.h"
#include "trap.h"

static void pit_irq(void *arg)
{
	(void)arg;
	clock_tick();
	cputime_tick(trap_irq_from_user());
	sched_tick();
}

void pit_init(void)
{
	unsigned divisor = (PIT_HZ + CLOCK_HZ / 2) / CLOCK_HZ;

	outb(PIT_CMD, 0x34); /* channel 0, low then high byte, mode 2 */
	outb(PIT_CH0, divisor & 0xFF);
	outb(PIT_CH0, divisor >> 8);
	if (irq_register(0, 0, pit_irq, NULL, "timer") != 0)
		panic("pit: timer line taken");
}
