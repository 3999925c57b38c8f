/*
 * irq.h: hardware interrupt lines.  A driver registers one handler per line
 * (ISA numbering: 0 timer, 1 keyboard, 4 COM1, ...); registering unmasks
 * the line.  Handlers run with interrupts off and must not sleep.
 */
#ifndef KERN_IRQ_H
#define KERN_IRQ_H

typedef void (*irq_handler_t)(void *arg);

/* 0, or -EBUSY if the line has a handler, -EINVAL for a bad line. */
int irq_register(unsigned irq, irq_handler_t handler, void *arg);

#endif
