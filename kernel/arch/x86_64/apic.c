/*
 * apic.c: the local APIC (this CPU's end of every interrupt: EOI, the
 * spurious vector) and the I/O APICs (one redirection entry per global
 * system interrupt, GSI).  intr.c decides what goes where; this file only
 * knows the registers.
 *
 * The local APIC is enabled at the address the MADT gives, with LINT0
 * (where the 8259s' ExtINT would arrive) masked, LINT1 as NMI, its timer
 * and error interrupts masked, and 0xFF as its spurious vector (which
 * needs no EOI).  Every I/O APIC input is masked at start; apic_route()
 * programs one input for this CPU, fixed delivery, physical destination.
 *
 * Locking: called with interrupts off (one CPU); the I/O APIC's select
 * and window registers must not be interleaved.
 */
#include <dev/acpi.h>
#include <kern/kprintf.h>
#include <machine/cpufunc.h>
#include <sys/errno.h>
#include <vm/vmm.h>

#include "trap.h"

#define MSR_APIC_BASE 0x1B
#define APIC_BASE_ENABLE (1u << 11)

/* Local APIC registers (byte offsets). */
#define LAPIC_ID 0x020
#define LAPIC_TPR 0x080
#define LAPIC_EOI 0x0B0
#define LAPIC_SVR 0x0F0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_SVR_ENABLE 0x100
#define LVT_MASKED 0x10000
#define LVT_NMI 0x400

/* I/O APIC: a select register and a data window; registers by index. */
#define IOAPIC_SEL 0x00
#define IOAPIC_WIN 0x10
#define IOAPIC_VER 0x01
#define IOAPIC_REDTBL 0x10
#define RTE_LEVEL (1u << 15)
#define RTE_ACTIVE_LOW (1u << 13)
#define RTE_MASKED (1u << 16)

struct ioapic {
	volatile uint32_t *io_regs;
	uint32_t io_gsi_base;
	unsigned io_npins;
};

static volatile uint32_t *lapic;
static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned nioapics;

static uint32_t lapic_read(unsigned reg)
{
	return lapic[reg / 4];
}

static void lapic_write(unsigned reg, uint32_t v)
{
	lapic[reg / 4] = v;
}

static uint32_t ioapic_read(struct ioapic *io, unsigned reg)
{
	io->io_regs[IOAPIC_SEL / 4] = reg;
	return io->io_regs[IOAPIC_WIN / 4];
}

static void ioapic_write(struct ioapic *io, unsigned reg, uint32_t v)
{
	io->io_regs[IOAPIC_SEL / 4] = reg;
	io->io_regs[IOAPIC_WIN / 4] = v;
}

static int lapic_init(uint64_t pa)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	if (!(r[3] & (1u << 9))) {
		kprintf("apic: the CPU has no local APIC\n");
		return -ENODEV;
	}
	lapic = vmm_map_mmio(pa, 4096);
	if (lapic == NULL)
		return -ENOMEM;
	wrmsr(MSR_APIC_BASE, (rdmsr(MSR_APIC_BASE) & 0xFFF) | APIC_BASE_ENABLE | (pa & ~0xFFFULL));
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_NMI);
	lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
	lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | APIC_SPURIOUS_VECTOR);
	return 0;
}

static void ioapic_add(const struct acpi_ioapic *a)
{
	struct ioapic *io = &ioapics[nioapics];
	unsigned i;

	io->io_regs = vmm_map_mmio(a->ai_addr, 4096);
	if (io->io_regs == NULL)
		return;
	io->io_gsi_base = a->ai_gsi_base;
	io->io_npins = ((ioapic_read(io, IOAPIC_VER) >> 16) & 0xFF) + 1;
	for (i = 0; i < io->io_npins; i++) {
		ioapic_write(io, IOAPIC_REDTBL + 2 * i + 1, 0);
		ioapic_write(io, IOAPIC_REDTBL + 2 * i, RTE_MASKED);
	}
	kprintf("apic: I/O APIC %u: GSIs %u-%u\n", a->ai_id, io->io_gsi_base,
		io->io_gsi_base + io->io_npins - 1);
	nioapics++;
}

static struct ioapic *ioapic_of(uint32_t gsi, unsigned *pin)
{
	unsigned i;

	for (i = 0; i < nioapics; i++) {
		struct ioapic *io = &ioapics[i];

		if (gsi >= io->io_gsi_base && gsi - io->io_gsi_base < io->io_npins) {
			*pin = gsi - io->io_gsi_base;
			return io;
		}
	}
	return NULL;
}

/*
 * The I/O APICs first, all inputs masked: without one, or with an ISA line
 * sent to a GSI no I/O APIC has (the timer's line would be lost), the local
 * APIC is left as the firmware set it (virtual wire: LINT0 passes the
 * 8259s' ExtINT), so the PIC path keeps working.
 */
int apic_init(const struct acpi_madt *m)
{
	unsigned i;
	int err;

	for (i = 0; i < m->am_nioapics; i++)
		ioapic_add(&m->am_ioapics[i]);
	if (nioapics == 0) {
		kprintf("apic: no usable I/O APIC\n");
		return -ENODEV;
	}
	for (i = 0; i < ACPI_ISA_IRQS; i++) {
		unsigned pin;

		if (i != 2 && ioapic_of(m->am_isa_gsi[i], &pin) == NULL) {
			kprintf("apic: the MADT sends ISA IRQ %u to GSI %u, which no I/O APIC has\n",
				i, m->am_isa_gsi[i]);
			return -EINVAL;
		}
	}
	err = lapic_init(m->am_lapic_addr);
	if (err != 0)
		return err;
	kprintf("apic: local APIC %u at %#lx\n", apic_id(), (unsigned long)m->am_lapic_addr);
	return 0;
}

unsigned apic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void apic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

int apic_route(uint32_t gsi, unsigned vector, bool level, bool active_low)
{
	struct ioapic *io;
	uint32_t lo = vector;
	unsigned pin;

	io = ioapic_of(gsi, &pin);
	if (io == NULL)
		return -ENXIO;
	if (level)
		lo |= RTE_LEVEL;
	if (active_low)
		lo |= RTE_ACTIVE_LOW;
	ioapic_write(io, IOAPIC_REDTBL + 2 * pin + 1, apic_id() << 24);
	ioapic_write(io, IOAPIC_REDTBL + 2 * pin, lo);
	return 0;
}
