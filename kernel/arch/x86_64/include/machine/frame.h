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

#endif
