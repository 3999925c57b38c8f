/*
 * machine.c: bringing up the x86_64 PC in the order the rest depends on.
 *
 * arch_early_init() runs first in kmain, on boot.asm's early page tables:
 * the serial console (so every later message gets out), the GDT/TSS and
 * IDT (so faults are reported), the PIC with every line masked, and the
 * FPU/SSE control bits user programs need.  arch_late_init() runs once
 * memory is up (and the ACPI tables read): the interrupt controller
 * (intr.c: the I/O APIC, or the PIC kept), the timer, the TSC, serial
 * input and the keyboard, then interrupts go on.
 */
#include <arch/arch.h>
#include <kern/kprintf.h>
#include <machine/cpufunc.h>
#include <machine/segments.h>

#include "cpu.h"
#include "trap.h"

#define DEBUG_EXIT_PORT 0xF4
#define DEBUG_EXIT_PASS 0x10 /* QEMU exits with (0x10 << 1) | 1 = 33 */
#define DEBUG_EXIT_FAIL 0x11 /* 35 */

#define CR0_MP (1ULL << 1)
#define CR0_EM (1ULL << 2)
#define CR0_NE (1ULL << 5)
#define CR4_OSFXSR (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)

/* Read by copy.asm and isr.asm: stac/clac exist only where SMAP does. */
uint8_t smap_enabled;

/* The kernel itself never touches the FPU (-mgeneral-regs-only); user code may. */
static void fpu_init(void)
{
	write_cr0((read_cr0() & ~CR0_EM) | CR0_MP | CR0_NE);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit");
}

void arch_early_init(void)
{
	serial_init();
	gdt_init();
	idt_init();
	pic_init();
	fpu_init();
	cpu_init();
}

/*
 * SMEP: the kernel never runs user pages.  SMAP: it never reads or writes
 * them except inside the user-copy routines (copy.asm), which open the
 * window with stac and close it with clac; every kernel entry closes it
 * too.  UMIP: user mode cannot read descriptor-table registers.  Each only
 * where the CPU has it (QEMU's -cpu max has all three).
 */
static void protections_init(void)
{
	uint32_t r[4];
	uint64_t cr4 = read_cr4();

	cpuid(0, 0, r);
	if (r[0] < 7)
		return;
	cpuid(7, 0, r);
	if (r[1] & (1u << 7))
		cr4 |= CR4_SMEP;
	if (r[1] & (1u << 20)) {
		cr4 |= CR4_SMAP;
		smap_enabled = 1;
	}
	if (r[2] & (1u << 2))
		cr4 |= CR4_UMIP;
	write_cr4(cr4);
	kprintf("cpu: SMEP %s, SMAP %s, UMIP %s\n", (cr4 & CR4_SMEP) ? "on" : "absent",
		(cr4 & CR4_SMAP) ? "on" : "absent", (cr4 & CR4_UMIP) ? "on" : "absent");
}

void arch_late_init(void)
{
	protections_init();
	intr_init();
	pit_init();
	tsc_init();
	serial_enable_irq();
	ps2kbd_init();
	arch_irq_enable();
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void arch_exit_emulator(bool success)
{
	outl(DEBUG_EXIT_PORT, success ? DEBUG_EXIT_PASS : DEBUG_EXIT_FAIL);
	arch_halt();
}

/*
 * Reset through the keyboard controller's reset line (what PCs and QEMU
 * honour); if that does not take, a triple fault resets the CPU anyway.
 */
void arch_reset(void)
{
	static const struct { uint16_t limit; uint64_t base; } __attribute__((packed)) no_idt = { 0, 0 };
	int i;

	for (i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
		;
	outb(0x64, 0xFE);
	__asm__ volatile("lidt %0; int3" : : "m"(no_idt));
	arch_halt();
}
