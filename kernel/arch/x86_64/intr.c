/*
 * intr.c: which controller delivers hardware interrupts, the table of
 * handlers by vector, and /proc/interrupts (kern/irq.h).
 *
 * At boot intr_init() takes the I/O APIC when the MADT names one and the
 * command line does not say `noapic`; otherwise, or if the APIC cannot be
 * brought up, the 8259 PIC stays (docs/interrupts.md).  Either way ISA
 * line n arrives on vector 32 + n, so drivers and the vector layout do
 * not change with the controller; MSI takes vectors 48-79 (APIC only).
 *
 * With the APIC an ISA line goes to the GSI the MADT's override names
 * (the PIT's line 0 is GSI 2 on PCs), with the override's polarity and
 * trigger, or else ISA's (edge, active high) or PCI's (level, active low)
 * as the registering driver says.  The EOI goes to the local APIC after
 * the handler, so a level-triggered line, which the handler has quietened,
 * is not taken again.  With the PIC the EOI goes first, as before.
 *
 * Locking: the table changes with interrupts off (one CPU) and is read by
 * the interrupt path; counts are only written there.
 */
#include <dev/acpi.h>
#include <kern/cmdline.h>
#include <kern/irq.h>
#include <kern/kprintf.h>
#include <lib/printf.h>
#include <sys/errno.h>

#include "trap.h"

#define MSI_ADDR_BASE 0xFEE00000u

struct irq_slot {
	irq_handler_t is_handler;
	void *is_arg;
	const char *is_name;
	uint64_t is_count;
	uint32_t is_gsi;   /* APIC, ISA line: the input it is routed from */
	bool is_level;
	bool is_msi;
};

static struct irq_slot slots[IRQ_NVECTORS]; /* by vector - IRQ_VECTOR_BASE */
static bool use_apic;
static uint64_t spurious;

void intr_init(void)
{
	const struct acpi_madt *m = acpi_madt();

	if (cmdline_has("noapic")) {
		kprintf("intr: 8259 PIC (noapic)\n");
		return;
	}
	if (m == NULL || m->am_nioapics == 0) {
		kprintf("intr: 8259 PIC (no MADT with an I/O APIC)\n");
		return;
	}
	if (apic_init(m) != 0) {
		kprintf("intr: 8259 PIC (the APIC did not come up)\n");
		return;
	}
	pic_disable();
	use_apic = true;
	kprintf("intr: I/O APIC, 8259s masked\n");
}

/* Route ISA line irq through the I/O APIC per the MADT (interrupts off). */
static int intr_route(unsigned irq, unsigned flags, struct irq_slot *s)
{
	const struct acpi_madt *m = acpi_madt();
	unsigned ov = m->am_isa_flags[irq];
	bool pci = (flags & IRQ_PCI) != 0;
	bool level, low;

	level = (ov & ACPI_TRIG_MASK) != ACPI_TRIG_BUS ? (ov & ACPI_TRIG_MASK) == ACPI_TRIG_LEVEL : pci;
	low = (ov & ACPI_POL_MASK) != ACPI_POL_BUS ? (ov & ACPI_POL_MASK) == ACPI_POL_LOW : pci;
	s->is_gsi = m->am_isa_gsi[irq];
	s->is_level = level;
	return apic_route(s->is_gsi, IRQ_VECTOR_BASE + irq, level, low);
}

int irq_register(unsigned irq, unsigned flags, irq_handler_t handler, void *arg, const char *name)
{
	struct irq_slot *s;
	unsigned long fl;
	int err = 0;

	if (irq >= IRQ_ISA_LINES || irq == 2 || handler == NULL)
		return -EINVAL;
	s = &slots[irq];
	fl = arch_irq_save();
	if (s->is_handler != NULL) {
		err = -EBUSY;
		goto out;
	}
	if (use_apic)
		err = intr_route(irq, flags, s);
	else
		pic_unmask(irq);
	if (err == 0) {
		s->is_handler = handler;
		s->is_arg = arg;
		s->is_name = name;
	}
out:
	arch_irq_restore(fl);
	return err;
}

int irq_register_msi(irq_handler_t handler, void *arg, const char *name, uint64_t *addr,
		     uint32_t *data)
{
	unsigned long fl;
	unsigned i;

	if (!use_apic)
		return -ENODEV;
	fl = arch_irq_save();
	for (i = IRQ_ISA_LINES; i < IRQ_NVECTORS; i++) {
		struct irq_slot *s = &slots[i];

		if (s->is_handler != NULL)
			continue;
		s->is_handler = handler;
		s->is_arg = arg;
		s->is_name = name;
		s->is_msi = true;
		arch_irq_restore(fl);
		/* Fixed delivery, edge, physical destination: this CPU. */
		*addr = MSI_ADDR_BASE | (uint64_t)apic_id() << 12;
		*data = IRQ_VECTOR_BASE + i;
		return (int)(IRQ_VECTOR_BASE + i);
	}
	arch_irq_restore(fl);
	return -ENOSPC;
}

void intr_dispatch(unsigned vector)
{
	struct irq_slot *s;
	unsigned n;

	if (vector == APIC_SPURIOUS_VECTOR) {
		spurious++; /* no EOI for the spurious vector */
		return;
	}
	n = vector - IRQ_VECTOR_BASE;
	s = &slots[n];
	if (!use_apic) {
		if (n >= IRQ_ISA_LINES) {
			kprintf("intr: stray vector %u\n", vector);
			return;
		}
		if (pic_spurious(n)) {
			spurious++;
			return;
		}
		pic_eoi(n); /* first, as the 8259 path always did */
	}
	s->is_count++;
	if (s->is_handler != NULL)
		s->is_handler(s->is_arg);
	else
		kprintf("intr: interrupt on unclaimed vector %u\n", vector);
	if (use_apic)
		apic_eoi();
}

static long intr_line(char *buf, size_t size, unsigned n, const struct irq_slot *s)
{
	unsigned num = n < IRQ_ISA_LINES ? n : IRQ_VECTOR_BASE + n;

	if (s->is_msi)
		return snprintf(buf, size, "%3u: %10lu   PCI-MSI   %-14s %s\n", num,
				(unsigned long)s->is_count, "edge", s->is_name);
	if (!use_apic)
		return snprintf(buf, size, "%3u: %10lu   XT-PIC    %-14s %s\n", num,
				(unsigned long)s->is_count, "-", s->is_name);
	return snprintf(buf, size, "%3u: %10lu   IO-APIC   %3u-%-10s %s\n", num,
			(unsigned long)s->is_count, s->is_gsi, s->is_level ? "fasteoi" : "edge",
			s->is_name);
}

long irq_stat_line(char *buf, size_t size)
{
	uint64_t total = spurious;
	unsigned i;
	long n;

	for (i = 0; i < IRQ_NVECTORS; i++)
		total += slots[i].is_count;
	n = snprintf(buf, size, "intr %lu", (unsigned long)total);
	for (i = 0; i < IRQ_ISA_LINES && (size_t)n < size; i++)
		n += snprintf(buf + n, size - (size_t)n, " %lu", (unsigned long)slots[i].is_count);
	if ((size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, "\n");
	return (size_t)n < size ? n : (long)size - 1;
}

long irq_proc_text(char *buf, size_t size)
{
	long n;
	unsigned i;

	n = snprintf(buf, size, "            CPU0\n");
	for (i = 0; i < IRQ_NVECTORS && (size_t)n < size; i++)
		if (slots[i].is_handler != NULL)
			n += intr_line(buf + n, size - (size_t)n, i, &slots[i]);
	if ((size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, "SPU: %10lu   Spurious interrupts\n",
			      (unsigned long)spurious);
	return (size_t)n < size ? n : (long)size - 1;
}
