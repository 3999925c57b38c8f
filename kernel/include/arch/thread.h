/*
 * arch/thread.h: the machine side of threads (kernel/arch/x86_64/cpu.c and
 * switch.asm), used only by the scheduler and the process code.
 */
#ifndef ARCH_THREAD_H
#define ARCH_THREAD_H

#include <stdint.h>

#include <machine/frame.h>

struct thread;

/* A user context that starts at entry with stack pointer rsp, interrupts on. */
void arch_user_frame(struct trapframe *tf, uint64_t entry, uint64_t rsp);

/* Switch kernel stacks: save callee-saved registers and rsp into *old_rsp. */
void arch_switch(uint64_t *old_rsp, uint64_t new_rsp);

/*
 * Prepare t's kernel stack so that the first switch to it calls fn(arg)
 * (kernel thread), or returns to user mode through t->t_tf (fn NULL).
 */
void arch_thread_setup(struct thread *t, void (*fn)(void *), void *arg);

/* Before switching from prev to next: save prev's user state, load next's. */
void arch_thread_switch_state(struct thread *prev, struct thread *next);

/* The FPU/SSE state a new program starts with. */
void arch_fpu_init_state(uint8_t fpu[512]);

void arch_set_fsbase(uint64_t base);
/* The current thread's user GS base (the kernel's own GS is not touched). */
void arch_set_gsbase(uint64_t base);

/* A new program in the running thread: clean FPU state, FS and GS bases 0. */
void arch_thread_exec_reset(struct thread *t);

#endif
