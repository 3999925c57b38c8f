/*
 * panic.c: stop on a broken kernel invariant.  Interrupts go off first so
 * nothing else runs; a panic inside a panic (say, the backtrace faults)
 * stops at once.  In test mode the machine exits with the failure code, so
 * a test run never hangs on a panic.  A failed KASSERT panics too, except
 * inside a kernel test's kassert_catch_begin/end.
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

static bool kassert_catching;
static unsigned kassert_caught;

void kassert_fail(const char *cond, const char *file, int line)
{
	if (kassert_catching) {
		kassert_caught++;
		return;
	}
	panic("assertion failed: %s at %s:%d", cond, file, line);
}

void kassert_catch_begin(void)
{
	kassert_caught = 0;
	kassert_catching = true;
}

unsigned kassert_catch_end(void)
{
	kassert_catching = false;
	return kassert_caught;
}

/* -fstack-protector: the canary is set per boot by boot.asm. */
unsigned long __stack_chk_guard;

__attribute__((noreturn)) void __stack_chk_fail(void)
{
	panic("stack smashing detected");
}
