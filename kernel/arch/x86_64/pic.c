/*
 * pic.c: the legacy 8259A interrupt controllers, remapped to vectors
 * 32-47 and with every line masked until a driver registers a handler.
 *
 * Why the PIC and not the I/O APIC: Breenix runs on one CPU, every PC and
 * QEMU machine has the 8259 pair, and it needs no ACPI table parsing.  The
 * APIC comes with SMP (docs/boot.md).  Spurious interrupts on lines 7 and
 * 15 (the in-service bit is clear) are dropped without an EOI to the
 * line's own PIC, as the 8259 requires.
 */
#include <stddef.h>

#include <kern/irq.h>
#include <kern/kprintf.h>
#include <machine/cpufunc.h>
#include <sys/errno.h>

#include "trap.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI 0x20
#define PIC_READ_ISR 0x0B

struct irq_slot {
	irq_handler_t handler;
	void *arg;
};

static struct irq_slot irqs[16];
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

int irq_register(unsigned irq, irq_handler_t handler, void *arg)
{
	unsigned long flags;

	if (irq >= 16 || irq == 2 || handler == NULL)
		return -EINVAL;
	flags = arch_irq_save();
	if (irqs[irq].handler != NULL) {
		arch_irq_restore(flags);
		return -EBUSY;
	}
	irqs[irq].handler = handler;
	irqs[irq].arg = arg;
	mask &= ~(1 << irq);
	pic_write_mask();
	arch_irq_restore(flags);
	return 0;
}

static int pic_spurious(unsigned irq)
{
	uint16_t cmd = irq < 8 ? PIC1_CMD : PIC2_CMD;

	if ((irq & 7) != 7)
		return 0;
	outb(cmd, PIC_READ_ISR);
	if (inb(cmd) & 0x80)
		return 0;
	if (irq == 15)
		outb(PIC1_CMD, PIC_EOI); /* PIC1 did see the cascade line */
	return 1;
}

void pic_dispatch(unsigned irq)
{
	if (pic_spurious(irq))
		return;
	/* EOI first: a handler may switch threads and not come back soon. */
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
	if (irqs[irq].handler != NULL)
		irqs[irq].handler(irqs[irq].arg);
	else
		kprintf("pic: interrupt on unclaimed line %u\n", irq);
}
