/*
 * arch.h: the machine interface generic kernel code may use.  Everything
 * here is implemented under kernel/arch/<machine>/; generic code never uses
 * privileged instructions or I/O ports itself.
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Interrupt flag.  arch_irq_save() disables and returns the old state. */
static inline unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void arch_irq_restore(unsigned long flags)
{
	if (flags & 0x200)
		__asm__ volatile("sti" : : : "memory");
}

static inline void arch_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

static inline void arch_irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline bool arch_irq_enabled(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0" : "=r"(flags));
	return flags & 0x200;
}

/* Wait for the next interrupt (enables interrupts first). */
static inline void arch_wait_irq(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

static inline void arch_cpu_relax(void)
{
	__asm__ volatile("pause");
}

/* Early machine setup (CPU tables, interrupt controllers, timer, consoles). */
void arch_early_init(void);
void arch_late_init(void);

/* The machine's own text console (VGA text mode on a PC). */
void arch_text_console_init(void);

/* Stop this CPU for good, interrupts off. */
__attribute__((noreturn)) void arch_halt(void);

/*
 * End the machine: under QEMU with isa-debug-exit, QEMU exits with status
 * 33 for success and 35 for failure; elsewhere the CPU halts.
 */
__attribute__((noreturn)) void arch_exit_emulator(bool success);
/* Restart the machine (under QEMU with -no-reboot, QEMU exits). */
__attribute__((noreturn)) void arch_reset(void);

/*
 * Read the word at addr without dying of a fault: 0 and *val, or -EFAULT.
 * The fault goes through the exception fix-up table that copyin() uses too.
 */
int arch_probe_read(const void *addr, uint64_t *val);

/*
 * Time: nanoseconds since an arbitrary point at boot from the CPU's cycle
 * counter, or 0 if the machine has no usable one (kern/clock.c then counts
 * timer ticks); and the battery-backed clock in seconds since the epoch
 * (-1 if unreadable).
 */
uint64_t arch_clock_ns(void);
int64_t arch_rtc_seconds(void);

/*
 * The periodic timer (CLOCK_HZ) calls fn on every tick, in interrupt
 * context, with whether the tick interrupted user mode (lk's
 * platform_set_periodic_timer).  Set before interrupts go on.
 */
void arch_timer_set_handler(void (*fn)(bool from_user));

/* 64 random bits from the CPU (RDRAND), or the cycle counter without one. */
uint64_t arch_random_u64(void);

/*
 * PCI configuration space: the aligned dword at off (0-255) of function
 * bus:slot.fn.  A function that is not there reads as all ones.
 */
uint32_t arch_pci_conf_read(unsigned bus, unsigned slot, unsigned fn, unsigned off);
void arch_pci_conf_write(unsigned bus, unsigned slot, unsigned fn, unsigned off, uint32_t v);

/*
 * The CPU as Linux's /proc/cpuinfo describes it (vendor, family, model
 * name, flags, ...), written into buf of size bytes: the length it has
 * (as snprintf: it may exceed size - 1 when cut).
 */
long arch_cpuinfo(char *buf, size_t size);

/* Print a backtrace of the caller's stack (frame pointers). */
void arch_backtrace(void);

#endif
