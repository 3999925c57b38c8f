/*
 * pit.c: the 8254 programmable interval timer.  Channel 0 drives the
 * periodic timer interrupt (IRQ 0) at CLOCK_HZ in rate-generator mode;
 * tsc.c uses channel 2 once at boot to measure the TSC.  Each tick calls
 * the handler the kernel registered (arch_timer_set_handler); the machine
 * code never names the clock or the scheduler.
 */
#include <kern/clock.h>
#include <stddef.h>

#include <arch/arch.h>
#include <kern/irq.h>
#include <kern/panic.h>
#include <machine/cpufunc.h>

#include "pit.h"
#include "trap.h"

static void (*timer_handler)(bool from_user);

void arch_timer_set_handler(void (*fn)(bool from_user))
{
	timer_handler = fn;
}

static void pit_irq(void *arg)
{
	(void)arg;
	if (timer_handler != NULL)
		timer_handler(trap_irq_from_user());
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
