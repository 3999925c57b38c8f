/*
 * arch_thread.h: the machine state of a thread, embedded in struct thread
 * (kern/thread.h) as t_arch and touched only by kernel/arch/x86_64/ (as
 * lk's struct arch_thread).  Generic code copies or initialises it only
 * through the arch_thread_* calls of arch/thread.h.
 */
#ifndef MACHINE_ARCH_THREAD_H
#define MACHINE_ARCH_THREAD_H

#include <stdint.h>

struct arch_thread {
	uint64_t at_sp;     /* saved kernel stack pointer while switched out; first (switch.asm) */
	uint64_t at_fsbase; /* user FS base (arch_prctl, CLONE_SETTLS) */
	uint64_t at_gsbase; /* user GS base (arch_prctl) */
	uint8_t at_fpu[512] __attribute__((aligned(16))); /* user FPU/SSE state (fxsave) */
};

#endif
