/*
 * trap.h: interrupt dispatch inside kernel/arch/x86_64.
 */
#ifndef X86_64_TRAP_H
#define X86_64_TRAP_H

#include <arch/arch.h>
#include <machine/frame.h>

#define PIC_VECTOR_BASE 32
/* Vectors 32-47: the ISA lines (either controller); 48-79: MSI; 0xFF: the APIC's spurious. */
#define IRQ_VECTOR_BASE 32
#define IRQ_ISA_LINES 16
#define IRQ_NVECTORS 48
#define APIC_SPURIOUS_VECTOR 0xFF

void trap_dispatch(struct trapframe *tf);
void backtrace_from(uint64_t rbp);

/* Whether the hardware interrupt being handled came from user mode (the tick's accounting). */
bool trap_irq_from_user(void);

struct acpi_madt;

void pic_init(void);
void pic_unmask(unsigned irq);
void pic_disable(void);
bool pic_spurious(unsigned irq);
void pic_eoi(unsigned irq);

int apic_init(const struct acpi_madt *m);
unsigned apic_id(void);
void apic_eoi(void);
/* Route gsi to vector on this CPU: 0, or -ENXIO if no I/O APIC has that input. */
int apic_route(uint32_t gsi, unsigned vector, bool level, bool active_low);

/* Pick the controller (intr.c); before any irq_register. */
void intr_init(void);
void intr_dispatch(unsigned vector);

void pit_init(void);
void tsc_init(void);
/* The TSC's rate in Hz as measured at boot (0: no usable TSC). */
uint64_t tsc_frequency(void);
void serial_init(void);
void serial_enable_irq(void);
void ps2kbd_init(void);

#endif
