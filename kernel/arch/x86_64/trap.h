/*
 * trap.h: interrupt dispatch inside kernel/arch/x86_64.
 */
#ifndef X86_64_TRAP_H
#define X86_64_TRAP_H

#include <arch/arch.h>
#include <machine/frame.h>

#define PIC_VECTOR_BASE 32

void trap_dispatch(struct trapframe *tf);
void backtrace_from(uint64_t rbp);

/* Whether the hardware interrupt being handled came from user mode (the tick's accounting). */
bool trap_irq_from_user(void);

void pic_init(void);
void pic_dispatch(unsigned irq);

void pit_init(void);
void tsc_init(void);
/* The TSC's rate in Hz as measured at boot (0: no usable TSC). */
uint64_t tsc_frequency(void);
void serial_init(void);
void serial_enable_irq(void);
void ps2kbd_init(void);

#endif
