/*
 * frame.h: the trap frame, as isr.asm builds it on the kernel stack for
 * every exception, interrupt and system call.  The CPU pushes ss..rip (and
 * an error code for some exceptions; the stubs push 0 for the others), the
 * stub pushes the vector, the common entry the general registers.
 */
#ifndef MACHINE_FRAME_H
#define MACHINE_FRAME_H

#include <stdint.h>

struct trapframe {
	uint64_t tf_r15, tf_r14, tf_r13, tf_r12, tf_r11, tf_r10, tf_r9, tf_r8;
	uint64_t tf_rbp, tf_rdi, tf_rsi, tf_rdx, tf_rcx, tf_rbx, tf_rax;
	uint64_t tf_vector, tf_err;
	uint64_t tf_rip, tf_cs, tf_rflags, tf_rsp, tf_ss;
};

#define TF_FROM_USER(tf) (((tf)->tf_cs & 3) == 3)

/* RFLAGS bits (tf_rflags; isr.asm keeps its own copies of the few it needs). */
#define RFLAGS_CF 0x1
#define RFLAGS_FIXED 0x2 /* reads as 1 */
#define RFLAGS_PF 0x4
#define RFLAGS_AF 0x10
#define RFLAGS_ZF 0x40
#define RFLAGS_SF 0x80
#define RFLAGS_TF 0x100
#define RFLAGS_IF 0x200
#define RFLAGS_DF 0x400
#define RFLAGS_OF 0x800
#define RFLAGS_IOPL 0x3000
#define RFLAGS_NT 0x4000
#define RFLAGS_RF 0x10000
#define RFLAGS_VM 0x20000
#define RFLAGS_AC 0x40000
#define RFLAGS_VIF 0x80000
#define RFLAGS_VIP 0x100000
#define RFLAGS_ID 0x200000

/* The last look at a frame bound for user mode (trap.c; isr.asm's trap_return calls it). */
void trap_user_exit(struct trapframe *tf);

#endif
