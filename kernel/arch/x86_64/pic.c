/*
 * pic.c: the legacy 8259A interrupt controllers, remapped to vectors
 * 32-47 with every line masked until intr.c unmasks one for a handler.
 *
 * intr.c decides whether the 8259s or the I/O APIC deliver interrupts
 * (docs/interrupts.md); with the APIC, pic_disable() masks the 8259s for
 * good (they still exist, so they must not be left unmasked).  Spurious
 * interrupts on lines 7 and 15 (the in-service bit is clear) are dropped
 * without an EOI to the line's own PIC, as the 8259 requires.
 */
#include <machine/cpufunc.h>

#include "trap.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI 0x20
#define PIC_READ_ISR 0x0B

static uint16_t mask = 0xFFFF & ~(1 << 2); /* line 2 cascades PIC2 */

static void pic_write_mask(void)
{
	outb(PIC1_DATA, mask & 0xFF);
	outb(PIC2_DATA, mask >> 8);
}

void pic_init(void)
{
	/* ICW1: init + ICW4; ICW2: vector base; ICW3: cascade; ICW4: 8086 mode. */
	outb(PIC1_CMD, 0x11);
	io_wait();
	outb(PIC2_CMD, 0x11);
	io_wait();
	outb(PIC1_DATA, PIC_VECTOR_BASE);
	io_wait();
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	io_wait();
	outb(PIC1_DATA, 4);
	io_wait();
	outb(PIC2_DATA, 2);
	io_wait();
	outb(PIC1_DATA, 1);
	io_wait();
	outb(PIC2_DATA, 1);
	io_wait();
	pic_write_mask();
}

/* Interrupts off. */
void pic_unmask(unsigned irq)
{
	mask &= (uint16_t)~(1u << irq);
	pic_write_mask();
}

void pic_disable(void)
{
	mask = 0xFFFF;
	pic_write_mask();
}

bool pic_spurious(unsigned irq)
{
	uint16_t cmd = irq < 8 ? PIC1_CMD : PIC2_CMD;

	if ((irq & 7) != 7)
		return false;
	outb(cmd, PIC_READ_ISR);
	if (inb(cmd) & 0x80)
		return false;
	if (irq == 15)
		outb(PIC1_CMD, PIC_EOI); /* PIC1 did see the cascade line */
	return true;
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}
