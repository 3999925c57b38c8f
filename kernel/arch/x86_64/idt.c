/*
 * idt.c: the interrupt descriptor table.  Every vector gets an interrupt
 * gate (interrupts off on entry) to its stub in isr.asm, kernel-only by
 * default; the system-call layer opens its vector to user mode with
 * idt_set_gate(vector, 0, 3).
 */
#include <stdint.h>

#include <machine/segments.h>

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern const uint64_t isr_stubs[256];

static struct idt_gate idt[256];

void idt_set_gate(unsigned vector, unsigned ist, unsigned dpl)
{
	uint64_t off = isr_stubs[vector];
	struct idt_gate *g = &idt[vector];

	g->off_lo = off & 0xFFFF;
	g->sel = GDT_KCODE;
	g->ist = ist;
	g->type = 0x8E | (dpl << 5); /* present, 64-bit interrupt gate */
	g->off_mid = (off >> 16) & 0xFFFF;
	g->off_hi = off >> 32;
	g->zero = 0;
}

void idt_init(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (uint64_t)idt };
	unsigned v;

	for (v = 0; v < 256; v++)
		idt_set_gate(v, 0, 0);
	idt_set_gate(2, IST_NMI, 0);
	idt_set_gate(8, IST_DOUBLE_FAULT, 0);
	idt_set_gate(18, IST_MACHINE_CHECK, 0);
	/* Breakpoints (int3) and system calls (int 0x80) may come from user mode. */
	idt_set_gate(3, 0, 3);
	idt_set_gate(0x80, 0, 3);
	__asm__ volatile("lidt %0" : : "m"(p));
}
