/*
 * arch/thread.h: the machine side of threads (kernel/arch/x86_64/cpu.c and
 * switch.asm), used only by the scheduler and the process code.  A
 * thread's machine state is its struct arch_thread (t_arch), which only
 * these functions read or write.
 */
#ifndef ARCH_THREAD_H
#define ARCH_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include <machine/arch_thread.h>
#include <machine/frame.h>

struct thread;

/* A user context that starts at entry with user stack pointer sp, interrupts on. */
void arch_user_frame(struct trapframe *tf, uint64_t entry, uint64_t sp);

/*
 * Switch kernel stacks: save the callee-saved state of the running thread
 * in old and resume the thread whose state new holds.
 */
void arch_switch(struct arch_thread *old, struct arch_thread *new);

/*
 * Prepare t's kernel stack so that the first switch to it calls fn(arg)
 * (kernel thread), or returns to user mode through t->t_tf (fn NULL).
 */
void arch_thread_setup(struct thread *t, void (*fn)(void *), void *arg);

/* Before switching from prev to next: save prev's user state, load next's. */
void arch_thread_switch_state(struct thread *prev, struct thread *next);

/* A new thread's machine state: the FPU/SSE state a new program starts with, bases 0. */
void arch_thread_init(struct arch_thread *at);
/* A thread made by fork or clone starts with from's FPU state and TLS bases. */
void arch_thread_copy(struct arch_thread *at, const struct arch_thread *from);
/* The thread-local storage pointer of a thread not yet running (CLONE_SETTLS). */
void arch_thread_set_tls(struct arch_thread *at, uint64_t tls);

/* The FPU/SSE state a new program starts with. */
void arch_fpu_init_state(uint8_t fpu[512]);

void arch_set_fsbase(uint64_t base);
/* The current thread's user GS base (the kernel's own GS is not touched). */
void arch_set_gsbase(uint64_t base);

/* A new program in the running thread: clean FPU state, FS and GS bases 0. */
void arch_thread_exec_reset(struct thread *t);

/*
 * The context of a new thread (fork, clone) from a copy of its parent's
 * frame: the system call returns 0 in it, on user stack sp if sp is not 0.
 */
void arch_fork_child_return(struct trapframe *tf, uint64_t sp);

/* Whether tf is a context interrupted in user mode. */
bool arch_frame_from_user(const struct trapframe *tf);
/* The user stack pointer of the context in tf. */
uint64_t arch_frame_user_sp(const struct trapframe *tf);

#endif
