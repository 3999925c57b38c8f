/*
 * irq.h: hardware interrupts.  A driver registers one handler per ISA line
 * (0 timer, 1 keyboard, 4 COM1, ...; PCI INTx arrives on the line the
 * firmware chose) or asks for a message-signalled interrupt of its own.
 * Registering routes and unmasks the line on whichever controller the
 * machine uses (the I/O APIC, or the 8259 PIC with `noapic`; see
 * docs/interrupts.md).  Handlers run with interrupts off and must not
 * sleep; name shows in /proc/interrupts and must outlive the line.
 */
#ifndef KERN_IRQ_H
#define KERN_IRQ_H

#include <stddef.h>
#include <stdint.h>

typedef void (*irq_handler_t)(void *arg);

/* A PCI INTx line: level-triggered, active low unless the firmware's override says otherwise. */
#define IRQ_PCI 0x1

/* 0, or -EBUSY if the line has a handler, -EINVAL for a bad line, -ENXIO if it cannot be routed. */
int irq_register(unsigned irq, unsigned flags, irq_handler_t handler, void *arg, const char *name);

/*
 * A message-signalled interrupt with a vector of its own: the interrupt
 * number (as /proc/interrupts shows it), with *addr and *data set to what
 * the device must write; -ENODEV when the machine runs on the 8259 (MSI
 * needs the local APIC), -ENOSPC when the vectors are all taken.
 */
int irq_register_msi(irq_handler_t handler, void *arg, const char *name, uint64_t *addr,
		     uint32_t *data);

/* /proc/interrupts: per interrupt its count, controller and owner; the length (at most size - 1). */
long irq_proc_text(char *buf, size_t size);
/* /proc/stat's line: "intr", the total, then each ISA line's count; the length. */
long irq_stat_line(char *buf, size_t size);

#endif
