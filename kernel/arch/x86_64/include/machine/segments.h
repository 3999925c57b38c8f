/*
 * segments.h: the GDT layout.  The order is the one SYSCALL/SYSRET need:
 * SYSRET loads SS from STAR[63:48] + 8 and CS from STAR[63:48] + 16, so the
 * user data segment sits right below the 64-bit user code segment, with
 * an unused 32-bit user code slot at STAR[63:48].
 */
#ifndef MACHINE_SEGMENTS_H
#define MACHINE_SEGMENTS_H

#include <stdint.h>

#define GDT_KCODE 0x08
#define GDT_KDATA 0x10
#define GDT_UCODE32 0x18
#define GDT_UDATA 0x20
#define GDT_UCODE 0x28
#define GDT_TSS 0x30 /* 16 bytes */

#define SEL_UCODE (GDT_UCODE | 3)
#define SEL_UDATA (GDT_UDATA | 3)

/* Interrupt stacks (TSS IST slots) for faults that may hit a bad stack. */
#define IST_DOUBLE_FAULT 1
#define IST_NMI 2
#define IST_MACHINE_CHECK 3

void gdt_init(void);
/* The stack the CPU switches to on an interrupt from user mode. */
void tss_set_rsp0(uint64_t rsp0);

void idt_init(void);
void idt_set_gate(unsigned vector, unsigned ist, unsigned dpl);

#endif
