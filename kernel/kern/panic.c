/*
 * panic.c: stop on a broken kernel invariant.  Interrupts go off first so
 * nothing else runs; a panic inside a panic (say, the backtrace faults)
 * stops at once.  In test mode the machine exits with the failure code, so
 * a test run never hangs on a panic.
 */
#include <arch/arch.h>
#include <kern/kprintf.h>
#include <kern/ktest.h>
#include <kern/panic.h>

static int panicking;

void panic(const char *fmt, ...)
{
	va_list ap;

	arch_irq_disable();
	if (panicking++)
		arch_halt();
	kprintf("\npanic: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	arch_backtrace();
	if (ktest_mode()) {
		ktest_panicked();
		arch_exit_emulator(false);
	}
	arch_halt();
}

/* -fstack-protector: the canary is set per boot by boot.asm. */
unsigned long __stack_chk_guard;

__attribute__((noreturn)) void __stack_chk_fail(void)
{
	panic("stack smashing detected");
}
