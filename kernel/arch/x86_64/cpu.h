/*
 * cpu.h: the per-CPU block GS points at in the kernel.  The field offsets
 * are used by isr.asm's SYSCALL entry: keep CPU_* in step.
 */
#ifndef X86_64_CPU_H
#define X86_64_CPU_H

#include <stdint.h>

struct cpu {
	struct cpu *self;     /* 0 */
	uint64_t kstack_top;  /* 8: the running thread's kernel stack top */
	uint64_t user_rsp;    /* 16: scratch for the SYSCALL entry */
};

#define CPU_KSTACK_TOP 8
#define CPU_USER_RSP 16

extern struct cpu cpu0;

void cpu_init(void);

#endif
